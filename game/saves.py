"""Saved games: (scenario id and hash, seed, human sides, choices, format version) as JSON.

Written atomically (temporary file, flush, fsync, rename) into the user's data folder.
Saves are untrusted input: reading one never raises anything but SaveError.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from game.engine.game import Game, IllegalChoice
from game.files import NotRegular, TooLarge, read_limited, reason, shown
from game.scenario.tables import Compiled

SAVE_FORMAT = "brink-save"
SAVE_VERSION = 1
MAX_SAVE_BYTES = 1_000_000
MAX_CHOICES = 5_000


class SaveError(ValueError):
    """A save that cannot be used; the message says why."""


@dataclass(frozen=True)
class SaveData:
    """Everything needed to rebuild a game exactly."""

    scenario_id: str
    scenario_sha256: str
    scenario_path: str
    seed: int
    humans: tuple[str, ...]
    choices: tuple[tuple[str, str], ...]
    lang: str = "en"
    saved_at: str = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc)
                          .isoformat(timespec="seconds"))
    player: str | None = None

    @classmethod
    def of(cls, game: Game, lang: str = "en", player: str | None = None) -> SaveData:
        """The save of a game in progress (or finished), with the player's name if given."""
        c = game.scenario
        return cls(c.id, c.sha256, str(Path(c.path).resolve()), game.seed, game.humans,
                   tuple(game.choices), lang, player=player)

    def to_json(self) -> str:
        """The save as JSON text (no `player` key for a game without a name, as before)."""
        data: dict[str, Any] = {"format": SAVE_FORMAT, "version": SAVE_VERSION, **asdict(self)}
        data["humans"] = list(self.humans)
        data["choices"] = [list(c) for c in self.choices]
        if self.player is None:
            del data["player"]
        return json.dumps(data, ensure_ascii=False, indent=1)


def save_dir() -> Path:
    """Where saves go: $BRINK_DATA_DIR/saves, or the user's data folder."""
    base = os.environ.get("BRINK_DATA_DIR")
    root = Path(base) if base else Path(platformdirs.user_data_dir("brink", appauthor=False))
    return root / "saves"


def write_save(data: SaveData, path: Path) -> None:
    """Write atomically: a crash leaves either the old save or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(data.to_json())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        dfd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def save_problem() -> str | None:
    """Why games cannot be saved in the save folder (in English: translate it), or None
    when a file can be written there. A full disk shows only when a save is written."""
    folder = save_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=folder)
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        return reason(exc)
    return None


def new_save_path(scenario_id: str) -> Path:
    """A fresh file name in the save folder for a new game."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    safe = scenario_id if _ID.fullmatch(scenario_id) else "game"  # never a path of its own
    return save_dir() / f"{safe}-{stamp}.json"


_ID = re.compile(r"[a-z][a-z0-9_]{0,47}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_LANG = re.compile(r"[a-z]{2}")
_MAX_TEXT = 4096
#: The longest player's name, in characters.
MAX_NAME = 60
_FIELDS = {"format", "version", "scenario_id", "scenario_sha256", "scenario_path", "seed",
           "humans", "choices", "lang", "saved_at", "player"}
# Characters no text of a save may hold: C0 and C1 controls, DEL, lone surrogates, line and
# paragraph separators, and the bidirectional overrides that reorder what follows them.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e"
                      "\u2066-\u2069]")


def _want(cond: bool, message: str) -> None:
    if not cond:
        raise SaveError(message)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object that names no key twice (a hand-edited save could hide a value)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise SaveError(f"the key '{key[:40]}' appears twice")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise SaveError(f"{name} is not a number a save can hold")


def _short_int(text: str) -> int:
    """A JSON integer, refused before conversion when it is absurdly long."""
    if len(text) > 40:
        raise SaveError(f"the number {text[:20]}... is too long")
    return int(text)


def _text(value: Any, limit: int = _MAX_TEXT) -> bool:
    """Whether `value` is text of a sane length with no control characters."""
    return isinstance(value, str) and len(value) < limit and not _CONTROL.search(value)


def player_name(typed: str) -> str | None:
    """A player's name as typed, spaces trimmed (None when empty); ValueError when it is
    longer than MAX_NAME characters or holds a control character."""
    name = " ".join(typed.split())
    if _CONTROL.search(name) or len(name) > MAX_NAME:
        raise ValueError(f"not a name: {name[:20]!r}")
    return name or None


def _is_name(text: str) -> bool:
    try:
        return player_name(text) == text
    except ValueError:
        return False


def parse_save(raw: bytes, name: str = "save") -> SaveData:
    """Check and read a save's bytes; SaveError with a clear message for anything wrong."""
    _want(len(raw) <= MAX_SAVE_BYTES, f"{name}: the file is too large to be a save")
    damaged = f"{name}: not a readable save (damaged or not a Brink save)"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SaveError(f"{damaged}: it is not UTF-8 text") from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant,
                          parse_int=_short_int)
    except SaveError as exc:
        raise SaveError(f"{damaged}: {exc}") from None
    except (RecursionError, MemoryError):
        raise SaveError(f"{damaged}: it is nested too deeply") from None
    except ValueError as exc:  # JSON syntax errors
        raise SaveError(f"{damaged}: {str(exc)[:200]}") from None
    _want(isinstance(data, dict) and data.get("format") == SAVE_FORMAT,
          f"{name}: not a Brink save")
    version = data.get("version")
    shown = repr(version) if len(repr(version)) <= 40 else repr(version)[:40] + "..."
    _want(type(version) is int and version == SAVE_VERSION,
          f"{name}: save version {shown} is not supported (this game reads version "
          f"{SAVE_VERSION})")
    extra = set(data) - _FIELDS
    _want(not extra, f"{name}: unknown fields {', '.join(sorted(k[:40] for k in extra))}")
    for key in ("scenario_id", "scenario_sha256", "scenario_path", "lang", "saved_at"):
        _want(_text(data.get(key)), f"{name}: the field '{key}' is missing or not text")
    _want(bool(_ID.fullmatch(data["scenario_id"])),
          f"{name}: the scenario id {data['scenario_id'][:60]!r} is not a scenario id")
    _want(bool(_SHA256.fullmatch(data["scenario_sha256"])),
          f"{name}: the scenario hash is not a SHA-256 in hexadecimal")
    _want(bool(_LANG.fullmatch(data["lang"])), f"{name}: the language is not a two-letter code")
    player = data.get("player")
    _want(player is None or (isinstance(player, str) and _is_name(player)),
          f"{name}: the player's name must be text of 1 to {MAX_NAME} characters, without "
          "control characters")
    _want(type(data.get("seed")) is int and 0 <= data["seed"] < 2**63,
          f"{name}: the seed is missing or not a whole number from 0 to 2^63 - 1")
    humans = data.get("humans")
    _want(isinstance(humans, list) and len(humans) <= 8
          and all(isinstance(h, str) and bool(_ID.fullmatch(h)) for h in humans),
          f"{name}: 'humans' must be a list of side ids")
    choices = data.get("choices")
    _want(isinstance(choices, list), f"{name}: 'choices' must be a list")
    _want(len(choices) <= MAX_CHOICES,
          f"{name}: {len(choices)} choices; a save holds at most {MAX_CHOICES}")
    for ch in choices:
        _want(isinstance(ch, list) and len(ch) == 2
              and all(isinstance(x, str) and bool(_ID.fullmatch(x)) for x in ch),
              f"{name}: each choice must be [event id, option id]")
    return SaveData(data["scenario_id"], data["scenario_sha256"], data["scenario_path"],
                    data["seed"], tuple(humans), tuple((a, b) for a, b in choices), data["lang"],
                    data["saved_at"], player)


def read_save(path: Path) -> SaveData:
    """Read a save file; SaveError if it cannot be used (never blocks on a pipe or device,
    never reads a system file)."""
    try:
        raw = read_limited(path, MAX_SAVE_BYTES)
    except TooLarge:
        raise SaveError(f"{shown(path)}: the file is too large to be a save") from None
    except NotRegular:
        raise SaveError(f"{shown(path)}: not a regular file") from None
    except OSError as exc:
        raise SaveError(f"{shown(path)}: cannot read the save: {reason(exc)}") from None
    return parse_save(raw, shown(path))


#: The most saves listed (the newest), and the most entries of the save folder looked at to
#: find them, so a folder of thousands of files cannot slow a start down.
MAX_LISTED = 500
MAX_ENTRIES = 20_000
#: Temporary files of a save older than this (seconds) were left by a killed game.
LEFTOVER_AGE = 60.0


def list_saves(limit: int = MAX_LISTED) -> list[Path]:
    """Save files, newest first (at most `limit`; hidden and temporary files are not saves)."""
    found = []
    try:
        with os.scandir(save_dir()) as entries:
            for n, entry in enumerate(entries):
                if n >= MAX_ENTRIES:
                    break
                if entry.name.startswith(".") or not entry.name.endswith(".json"):
                    continue
                try:  # a file may vanish meanwhile (another game, a student tidying up)
                    if entry.is_file():
                        found.append((entry.stat().st_mtime, entry.name))
                except OSError:
                    continue
    except OSError:  # no save folder yet, or one that cannot be read
        return []
    found.sort(reverse=True)
    return [save_dir() / name for _, name in found[:limit]]


def clean_leftovers(age: float = LEFTOVER_AGE) -> int:
    """Remove the temporary files a killed save left in the save folder (those older than
    `age` seconds: a younger one may be another game's write in progress); how many."""
    removed = 0
    now = dt.datetime.now().timestamp()
    try:
        with os.scandir(save_dir()) as entries:
            for n, entry in enumerate(entries):
                if n >= MAX_ENTRIES:
                    break
                if not (entry.name.startswith(".tmp-") and entry.name.endswith(".part")):
                    continue
                try:
                    if entry.is_file(follow_symlinks=False) and \
                            now - entry.stat(follow_symlinks=False).st_mtime >= age:
                        os.unlink(entry.path)
                        removed += 1
                except OSError:
                    continue
    except OSError:
        return removed
    return removed


@dataclass(frozen=True)
class Restored:
    """A game rebuilt from a save; `applied` < len(choices) when the scenario changed."""

    game: Game
    applied: int
    total: int
    scenario_changed: bool


def restore(data: SaveData, scenario: Compiled) -> Restored:
    """Rebuild the game; if the scenario changed, replay the choices that still apply."""
    if data.scenario_id != scenario.id:
        raise SaveError(f"the save is for scenario '{data.scenario_id}', not '{scenario.id}'")
    try:
        game = Game.new(scenario, data.seed, data.humans)
    except ValueError as exc:
        raise SaveError(f"the save does not fit the scenario: {exc}") from None
    applied = 0
    for event, option in data.choices:
        p = game.pending
        if p is None or p.event != event or option not in p.legal:
            break
        try:
            game.apply(option)
        except IllegalChoice:
            break
        applied += 1
    changed = data.scenario_sha256 != scenario.sha256
    if applied < len(data.choices) and not changed:
        raise SaveError(f"the save's choice {applied + 1} ({'/'.join(data.choices[applied])}) "
                        "does not fit the game: the save was edited or damaged")
    return Restored(game, applied, len(data.choices), changed)
