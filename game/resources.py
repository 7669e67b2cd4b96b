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


def shipped_scenario(scenario_id: str) -> Path | None:
    """The shipped scenario file of an id (shipped files are named after their ids)."""
    for path in shipped_scenarios():
        if path.stem == scenario_id:
            return path
    return None


def scenario_file(name: str | Path) -> Path:
    """A scenario named on the command line: a file, else the shipped scenario of that id
    (`brink simulate cuban_missile_crisis_1962` from any folder), else the name as a path."""
    path = Path(name)
    if path.is_file() or path.suffix or len(path.parts) != 1:
        return path
    return shipped_scenario(str(name)) or path
