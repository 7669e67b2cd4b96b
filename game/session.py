"""A game as a person plays it: its scenario file, the game, the language, autosave, reload.

Shared by text mode and the map interface; no pygame here.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from game.engine.game import Game
from game.engine.records import Record
from game.files import is_regular_file, reason, shown
from game.i18n import Translator
from game.narrate import Narrator
from game.resources import shipped_scenarios
from game.saves import (
    SaveData,
    SaveError,
    clean_leftovers,
    list_saves,
    new_save_path,
    read_save,
    restore,
    save_dir,
    write_save,
)
from game.scenario import Problem, ScenarioError, check_file, load_scenario
from game.scenario.problems import shorten
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
    """One person's game, saved after every decision (from the first one on: looking at a
    briefing writes nothing). When the save folder cannot be written, the game goes on and
    `unsaved` says why (in English: translate it)."""

    def __init__(self, scenario: Compiled, game: Game, save_path: Path | None, lang: str,
                 player: str | None = None) -> None:
        self.scenario = scenario
        self.game = game
        self.save_path = save_path
        self.lang = lang
        self.player = player
        self.unsaved: str | None = None
        self._told = False

    @classmethod
    def new(cls, scenario: Compiled, side: str, lang: str, seed: int | None = None, *,
            autosave: bool = True, player: str | None = None) -> Session:
        """Start a game leading `side`; with autosave it is saved from its first decision."""
        game = Game.new(scenario, seed if seed is not None else secrets.randbits(48), [side])
        if autosave:
            clean_leftovers()
        return cls(scenario, game, new_save_path(scenario.id) if autosave else None, lang,
                   player)

    @property
    def side(self) -> str:
        """The side the person leads."""
        return self.game.humans[0] if self.game.humans else self.scenario.sides[0]

    @property
    def saved(self) -> bool:
        """Whether the game as it stands is in its save file."""
        return self.save_path is not None and self.unsaved is None and bool(self.game.choices)

    def save(self) -> None:
        """Write the save atomically (nothing for a session without a save file, or before
        the first decision). A folder that cannot be written is noted in `unsaved`."""
        if self.save_path is None or not self.game.choices:
            return
        try:
            write_save(SaveData.of(self.game, self.lang, self.player), self.save_path)
        except OSError as exc:
            self.unsaved = reason(exc)
        else:
            self.unsaved = None
            self._told = False

    @property
    def save_folder(self) -> str:
        """The folder saves go to, as a message shows it."""
        return shown(self.save_path.parent if self.save_path is not None else save_dir())

    def save_warning(self) -> str | None:
        """Why the game is not being saved (English), the first time it fails (then None
        until a save works again and fails anew): for a notice to the player."""
        if self.unsaved is None or self._told:
            return None
        self._told = True
        return self.unsaved

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


SCENARIO_SUFFIXES = (".yaml", ".yml")


def find_scenario_file(data: SaveData) -> Path | None:
    """The scenario file of a save: the file at its recorded path if that is a regular
    .yaml/.yml file (never a folder, pipe, device or system file, whatever the save says),
    else the shipped scenario with its id, else None."""
    path = Path(data.scenario_path)
    if path.suffix.lower() in SCENARIO_SUFFIXES and is_regular_file(path):
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


def check_save(path: Path) -> SavedGame:
    """Read one save and find its scenario file (not compiled yet)."""
    try:
        data = read_save(path)
    except SaveError as exc:
        return SavedGame(path, None, str(exc))
    problem = None if find_scenario_file(data) else (
        f"the scenario '{data.scenario_id}' of this save is missing: "
        f"{shown(data.scenario_path)} {_unusable(Path(data.scenario_path))}")
    return SavedGame(path, data, problem)


def _unusable(path: Path) -> str:
    """Why a save's recorded scenario file cannot be read, in a few words."""
    if path.suffix.lower() not in SCENARIO_SUFFIXES:
        return "is not a .yaml file"
    try:
        path.stat()
    except OSError as exc:
        return f"cannot be read ({reason(exc)})"
    except ValueError:
        return "is not a file name"
    return "is not a regular file"


def scan_saves() -> list[SavedGame]:
    """The saves of the save folder (the newest MAX_LISTED), newest first, each checked."""
    return [check_save(path) for path in list_saves()]


@dataclass(frozen=True)
class Resumed:
    """A session rebuilt from a save, and whether its scenario changed since."""

    session: Session
    applied: int
    total: int
    scenario_changed: bool


def resume(saved: SavedGame, scenario: Compiled | None = None) -> Resumed:
    """Rebuild the session of a save (with its scenario, compiled, if the caller has it);
    SaveError (or ScenarioError) if it cannot be used."""
    if saved.data is None:
        raise SaveError(saved.problem or "unreadable save")
    if scenario is None:
        path = find_scenario_file(saved.data)
        if path is None:
            raise SaveError(saved.problem or "the scenario file is missing")
        scenario = load_scenario(path)
    r = restore(saved.data, scenario)
    return Resumed(Session(scenario, r.game, saved.path, saved.data.lang, saved.data.player),
                   r.applied, r.total, r.scenario_changed)


#: How long a search for games to continue may take in all (seconds), how many saves it looks
#: at (the newest), and how many games it lists.
SCAN_SECONDS = 15.0
SCAN_FILES = 200
SCAN_GAMES = 20
#: A file as a search knows it: path, size, time of last change (ns).
FileKey = tuple[str, int, int]


def _key(path: Path) -> FileKey | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return str(path), info.st_size, info.st_mtime_ns


@dataclass
class ScanMemory:
    """What a search learnt that the next one may reuse while the files are unchanged: the
    compiled scenarios (or why one cannot be used), and why a save cannot be continued (None
    for a finished game)."""

    scenarios: dict[FileKey, Compiled | str]
    skipped: dict[FileKey, str | None]


class SaveScan:
    """The unfinished games of the save folder that can be continued, newest first: looked
    for a bounded amount at a time (`step`), or on a thread of its own (`start`) so that no
    save, and no file a save names, can hold up the title screen. Damaged saves, saves of a
    missing or broken scenario, and finished games are skipped; `notices` say why (short)."""

    def __init__(self, games: int = SCAN_GAMES, seconds: float = SCAN_SECONDS,
                 memory: ScanMemory | None = None, files: int = SCAN_FILES) -> None:
        self.paths: list[Path] | None = None  # listed when the search starts
        self.games = games
        self.seconds = seconds
        self.files = files
        self.found: list[Resumed] = []
        self.notices: list[str] = []
        self.looked = 0
        self.memory = memory or ScanMemory({}, {})
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._spent = 0.0

    @property
    def done(self) -> bool:
        """Whether the search is over (everything looked at, or a bound reached)."""
        if self.paths is None:
            return self._stop.is_set()
        return (self.looked >= len(self.paths) or len(self.found) >= self.games
                or (self.looked > 0 and self._spent >= self.seconds) or self._stop.is_set())

    def step(self, budget: float = 0.05) -> bool:
        """Look at saves for about `budget` seconds (at least one); whether more is left."""
        start = time.monotonic()
        if self.paths is None:
            clean_leftovers()  # of a game killed while saving
            self.paths = list_saves(self.files)
        while not self.done:
            self._look(self.paths[self.looked])
            self.looked += 1
            now = time.monotonic()
            self._spent += now - start
            if now - start >= budget:
                break
            start = now
        return not self.done

    def run(self) -> SaveScan:
        """Look at every save there is time for."""
        while self.step(self.seconds):
            pass
        return self

    @property
    def started(self) -> bool:
        """Whether `start` was called."""
        return self._thread is not None

    def start(self) -> SaveScan:
        """Search on a thread of its own; `found` grows as games are found."""
        if self._thread is None:
            self._thread = threading.Thread(target=self.run, name="brink-save-scan",
                                            daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop searching (the thread ends after the save it is looking at)."""
        self._stop.set()

    def wait(self, timeout: float | None = None) -> None:
        """Finish the search: wait for its thread, or search here if it was not started."""
        if self._thread is not None:
            self._thread.join(timeout)
        else:
            self.run()

    def _scenario(self, path: Path) -> Compiled | str:
        """The compiled scenario at `path`, or the short reason it cannot be used; each file
        is read once (while unchanged) by this search and those that share its memory."""
        key = _key(path)
        if key is None:
            return f"{shown(path)}: the scenario file is gone"
        known = self.memory.scenarios
        if key not in known:
            try:
                known[key] = load_scenario(path)
            except ScenarioError as exc:
                known[key] = exc.brief()
        return known[key]

    def _look(self, path: Path) -> None:
        key = _key(path)
        if key is not None and key in self.memory.skipped:
            notice = self.memory.skipped[key]
            if notice is not None:
                self.notices.append(notice)
            return
        verdict, lasting = self._verdict(path)
        if isinstance(verdict, Resumed):
            self.found.append(verdict)
            return
        if lasting and key is not None:
            self.memory.skipped[key] = verdict
        if verdict is not None:
            self.notices.append(verdict)

    def _verdict(self, path: Path) -> tuple[Resumed | str | None, bool]:
        """The game of a save, or why it cannot be continued (None: it is finished); and
        whether that holds while the save is unchanged (not so for a scenario that is
        missing or broken: it may be mended meanwhile)."""
        saved = check_save(path)
        if saved.data is None:
            return saved.problem or "unreadable save", True
        if saved.problem is not None:
            return saved.problem, False
        file = find_scenario_file(saved.data)
        scenario = self._scenario(file) if file is not None else "missing"
        if isinstance(scenario, str):
            return scenario, False
        try:
            r = resume(saved, scenario)
        except SaveError as exc:
            return str(exc), scenario.sha256 == saved.data.scenario_sha256
        return (None, True) if r.session.game.is_over() else (r, False)


def game_label(r: Resumed, t: Translator) -> str:
    """A saved game as its player recognises it: scenario, side, turn and date, name."""
    c = r.session.scenario
    n = Narrator(c, t)
    game = r.session.game
    parts = [shorten(n.text(c.model.title), 80), shorten(n.side_name(r.session.side), 40),
             t("turn {n}, {date}", n=game.turn, date=t.date(game.date))]
    if r.session.player:
        parts.append(r.session.player)
    return " · ".join(parts)
