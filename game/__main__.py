"""`python -m game` runs the `brink` command."""

import sys

try:
    from game.cli import main
except ModuleNotFoundError as exc:
    from game.missing import explain

    sys.exit(explain(exc))

sys.exit(main())
