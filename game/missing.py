"""A clear message, not a traceback, when the game runs without its dependencies installed."""

from __future__ import annotations

import sys


def explain(exc: ModuleNotFoundError) -> int:
    """Print what is missing and how to install it; re-raise for the game's own modules."""
    if (exc.name or "").split(".")[0] == "game":
        raise exc
    print(f"Brink cannot run this command: the package '{exc.name}' is not installed.\n"
          "Install the game with its dependencies first (see README.md):\n"
          "  python3 -m venv .venv && .venv/bin/pip install -e .", file=sys.stderr)
    return 1
