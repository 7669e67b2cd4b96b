"""Where the shipped assets and scenarios are, in a source checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_HERE / "_data" / name, _HERE.parent / name):
        if candidate.is_dir():
            return candidate
    return _HERE.parent / name


def assets_dir() -> Path:
    """The assets folder (fonts, maps, locale files)."""
    return _find("assets")


def scenarios_dir() -> Path:
    """The folder of shipped scenarios."""
    return _find("scenarios")


def shipped_scenarios() -> list[Path]:
    """Every shipped scenario file, sorted by name (templates excluded)."""
    return sorted(p for p in scenarios_dir().glob("*.yaml") if not p.name.startswith("_"))
