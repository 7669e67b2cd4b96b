"""A game as a person plays it: its scenario file, the game, the language, autosave, reload.

Shared by text mode and the map interface; no pygame here.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from game.engine.game import Game
from game.engine.records import Record
from game.resources import shipped_scenarios
from game.saves import (
    SaveData,
    SaveError,
    list_saves,
    new_save_path,
    read_save,
    restore,
    write_save,
)
from game.scenario import Problem, check_file, load_scenario
from game.scenario.tables import Compiled


@dataclass
class Reload:
    """What a reload did: problems found (the old scenario is kept if any is an error), and
    how many of the game's choices still apply to the new version."""

    problems: list[Problem]
    applied: int
    total: int

    @property
    def ok(self) -> bool:
        """Whether the new version was taken."""
        return not any(p.is_error for p in self.problems)


class Session:
    """One person's game, saved after every decision."""

    def __init__(self, scenario: Compiled, game: Game, save_path: Path | None, lang: str,
                 player: str | None = None) -> None:
        self.scenario = scenario
        self.game = game
        self.save_path = save_path
        self.lang = lang
        self.player = player

    @classmethod
    def new(cls, scenario: Compiled, side: str, lang: str, seed: int | None = None, *,
            autosave: bool = True, player: str | None = None) -> Session:
        """Start a game leading `side`; with autosave the first save is written at once."""
        game = Game.new(scenario, seed if seed is not None else secrets.randbits(48), [side])
        s = cls(scenario, game, new_save_path(scenario.id) if autosave else None, lang, player)
        s.save()
        return s

    @property
    def side(self) -> str:
        """The side the person leads."""
        return self.game.humans[0] if self.game.humans else self.scenario.sides[0]

    def save(self) -> None:
        """Write the save atomically (nothing for a session without a save file)."""
        if self.save_path is not None:
            write_save(SaveData.of(self.game, self.lang, self.player), self.save_path)

    def choose(self, option: str) -> list[Record]:
        """Apply a choice for the pending decision, save, and return what happened."""
        records = self.game.apply(option)
        self.save()
        return records

    def reload(self) -> Reload:
        """Re-read the scenario file; on success replay the choices that still apply."""
        compiled, problems = check_file(self.scenario.path)
        if compiled is None:
            return Reload(problems, 0, len(self.game.choices))
        data = SaveData.of(self.game, self.lang, self.player)
        try:
            restored = restore(data, compiled)
        except SaveError as exc:
            return Reload([*problems, Problem(self.scenario.path, 1, 1, "error", str(exc))], 0,
                          len(self.game.choices))
        self.scenario = compiled
        self.game = restored.game
        self.save()
        return Reload(problems, restored.applied, restored.total)


def find_scenario_file(data: SaveData) -> Path | None:
    """The scenario file of a save: its recorded path, else a shipped file with its id."""
    path = Path(data.scenario_path)
    if path.is_file():
        return path
    for p in shipped_scenarios():
        if p.stem == data.scenario_id:
            return p
    return None


@dataclass(frozen=True)
class SavedGame:
    """A save found on disk, usable or not (`problem` says why not)."""

    path: Path
    data: SaveData | None
    problem: str | None


def scan_saves() -> list[SavedGame]:
    """Every save in the save folder, newest first, each checked."""
    out = []
    for path in list_saves():
        try:
            data = read_save(path)
        except SaveError as exc:
            out.append(SavedGame(path, None, str(exc)))
            continue
        problem = None if find_scenario_file(data) else (
            f"the scenario '{data.scenario_id}' of this save is missing")
        out.append(SavedGame(path, data, problem))
    return out


@dataclass(frozen=True)
class Resumed:
    """A session rebuilt from a save, and whether its scenario changed since."""

    session: Session
    applied: int
    total: int
    scenario_changed: bool


def resume(saved: SavedGame) -> Resumed:
    """Rebuild the session of a save; SaveError (or ScenarioError) if it cannot be used."""
    if saved.data is None:
        raise SaveError(saved.problem or "unreadable save")
    path = find_scenario_file(saved.data)
    if path is None:
        raise SaveError(saved.problem or "the scenario file is missing")
    compiled = load_scenario(path)
    r = restore(saved.data, compiled)
    return Resumed(Session(compiled, r.game, saved.path, saved.data.lang, saved.data.player),
                   r.applied, r.total, r.scenario_changed)
