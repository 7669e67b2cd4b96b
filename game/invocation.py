"""How the person at the terminal can run Brink again, written as they can type it."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def _typed(path: str) -> str:
    """A path as short as it can be typed from here (relative below the current folder)."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else (rel if os.sep in rel else f".{os.sep}{rel}")


def command() -> str:
    """'brink' when that is on the PATH and is this program; else the path that was used
    ('.venv/bin/brink'); else this Python with '-m game' ('.venv/bin/python -m game')."""
    argv0 = sys.argv[0] if sys.argv and sys.argv[0] else ""
    if Path(argv0).stem == "brink":
        found = shutil.which("brink")
        if found and Path(found).resolve() == Path(argv0).resolve():
            return "brink"
        return _typed(argv0)
    return f"{_typed(sys.executable)} -m game"
