"""`python -m game` runs the `brink` command."""

import sys

from game.cli import main

sys.exit(main())
