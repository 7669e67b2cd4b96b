"""Brink: a turn-based strategy game about the Cold War crises of 1958-1962."""

__version__ = "0.1.0"
