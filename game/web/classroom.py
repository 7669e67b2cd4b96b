"""The class: its settings, students, games (alone or in pairs), decisions, AI takeover, export.

Pure logic over the store and the engine, no web framework: the ASGI app calls it. Every
decision is committed to the database before the method returns. Games are kept in memory
once rebuilt (from scenario, seed, humans and choices, like a save).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from game.engine.game import Game, IllegalChoice
from game.engine.records import Record
from game.i18n import N_
from game.saves import MAX_NAME as MAX_SAVE_NAME
from game.saves import SaveData, SaveError, restore, write_save
from game.scenario.tables import Compiled
from game.web.store import GameRow, Store, StudentRow

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed on tablets
MAX_NAME = 40
DEFAULT_MAX_STUDENTS = 60


class ClassError(ValueError):
    """Something a person asked for that cannot be done: `message` (an English UI string,
    translated where it is shown) with its `{field}` values."""

    def __init__(self, message: str, **values: str) -> None:
        super().__init__(message.format(**values) if values else message)
        self.message = message
        self.values = values


def short_code(n: int) -> str:
    """A random code of `n` characters from an alphabet without look-alikes."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(n))


def token_hash(token: str) -> str:
    """What the database keeps of a student's token."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


_NAME_OK = re.compile(r"[^\W\d_]+(?:[ '\-.’][^\W\d_]+)*\.?")


def clean_name(raw: str) -> str:
    """A first name as typed, checked: letters with spaces, hyphens or apostrophes between,
    1 to 40 characters; ClassError otherwise."""
    name = unicodedata.normalize("NFC", " ".join(raw.split()))
    if not name:
        raise ClassError(N_("Please type your first name."))
    if len(name) > MAX_NAME or not _NAME_OK.fullmatch(name):
        raise ClassError(N_("A first name is made of letters (with spaces, hyphens or apostrophes "
                         "between them), 40 at most."))
    return name


def clean_code(raw: str) -> str:
    """A code as typed: capitals, no spaces or dashes."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())[:16]


@dataclass(frozen=True)
class Settings:
    """What the teacher controls."""

    started: bool
    reveal: bool
    takeover: int
    allowed: tuple[str, ...]


class Classroom:
    """One class: a store, the scenarios on offer, the games in memory, and a clock."""

    def __init__(self, store: Store, scenarios: dict[str, Compiled], *,
                 clock: Callable[[], float] = time.time,
                 max_students: int = DEFAULT_MAX_STUDENTS) -> None:
        self.store = store
        self.scenarios = scenarios
        self.clock = clock
        self.max_students = max_students
        self._games: dict[int, Game] = {}
        self.presence: dict[int, float] = {}  # student id: when last seen (memory only)
        self.opened = clock()
        self.listeners: list[Callable[[], None]] = []
        self.version = 0
        if store.get("code") is None:
            store.put("code", short_code(5))
            store.put("teacher_token", secrets.token_urlsafe(24))
            store.put("secret", secrets.token_hex(32))
            store.put("settings", {"started": False, "reveal": True, "takeover": 0,
                                   "allowed": sorted(scenarios)})
        self.code: str = store.get("code")
        self.teacher_token: str = store.get("teacher_token")
        self.secret: bytes = bytes.fromhex(store.get("secret"))

    # -- changes -------------------------------------------------------------------------
    def changed(self) -> None:
        """Tell the listeners (the live pages) that something changed."""
        self.version += 1
        for listener in list(self.listeners):
            listener()

    # -- settings ------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        """The teacher's current settings."""
        s = self.store.get("settings", {})
        allowed = tuple(x for x in s.get("allowed", []) if x in self.scenarios)
        return Settings(bool(s.get("started")), bool(s.get("reveal", True)),
                        int(s.get("takeover", 0)), allowed)

    def set(self, *, started: bool | None = None, reveal: bool | None = None,
            takeover: int | None = None, allowed: list[str] | None = None) -> None:
        """Change some settings."""
        s = dict(self.store.get("settings", {}))
        if started is not None:
            s["started"] = started
        if reveal is not None:
            s["reveal"] = reveal
        if takeover is not None:
            s["takeover"] = max(0, min(3600, takeover))
        if allowed is not None:
            s["allowed"] = [x for x in allowed if x in self.scenarios]
        self.store.put("settings", s)
        self.changed()

    def is_teacher(self, token: str) -> bool:
        """Whether `token` is the teacher's (compared in constant time)."""
        return hmac.compare_digest(token.encode("utf-8", "replace"),
                                   self.teacher_token.encode())

    def csrf_for(self, token: str) -> str:
        """The anti-forgery value the forms of the holder of `token` carry."""
        return hmac.new(self.secret, b"csrf:" + token.encode("utf-8", "replace"),
                        hashlib.sha256).hexdigest()[:32]

    # -- students ------------------------------------------------------------------------
    def join(self, code: str, name: str, lang: str) -> tuple[StudentRow, str]:
        """A student joins with the class code; returns them and their secret token."""
        if not hmac.compare_digest(clean_code(code).encode(), self.code.encode()):
            raise ClassError(N_("This is not the class code. Ask your teacher for it."))
        name = clean_name(name)
        if self.store.count_students() >= self.max_students:
            raise ClassError(N_("The class is full. Ask your teacher."))
        token = secrets.token_urlsafe(32)
        while True:
            resume = short_code(8)
            if self.store.student_by_code(resume) is None:
                break
        student = self.store.add_student(token_hash(token), resume, name, lang, self.clock())
        self.changed()
        return student, token

    def rejoin(self, code: str, resume: str) -> tuple[StudentRow, str]:
        """A student continues on another device with the class code and their own code."""
        if not hmac.compare_digest(clean_code(code).encode(), self.code.encode()):
            raise ClassError(N_("This is not the class code. Ask your teacher for it."))
        student = self.store.student_by_code(clean_code(resume))
        if student is None:
            raise ClassError(N_("No student has this code. Check it, or join as a new student."))
        token = secrets.token_urlsafe(32)
        self.store.update_student(student.id, token_hash=token_hash(token),
                                  last_seen=self.clock())
        return student, token

    def student_for(self, token: str | None) -> StudentRow | None:
        """The student holding `token` (None for no token, or a forged one)."""
        if not token or len(token) > 100:
            return None
        return self.store.student_by_token(token_hash(token))

    def seen(self, student: StudentRow) -> None:
        """Note that the student is here (for the AI takeover and the dashboard)."""
        self.presence[student.id] = self.clock()

    def last_seen(self, student: StudentRow) -> float:
        """When the student was last seen since the server started (its start if never)."""
        return self.presence.get(student.id, self.opened)

    def set_lang(self, student: StudentRow, lang: str) -> None:
        """The student's language."""
        self.store.update_student(student.id, lang=lang)

    # -- games ---------------------------------------------------------------------------
    def playable_sides(self, scenario_id: str) -> list[str]:
        """The sides a person may lead in a scenario."""
        c = self.scenarios[scenario_id]
        return [s.id for s in c.model.sides if s.playable]

    def _new_game(self, scenario_id: str, humans: tuple[str, ...], lang: str,
                  seats: list[tuple[int, str]]) -> int:
        c = self.scenarios[scenario_id]
        seed = secrets.randbits(48)
        game = Game.new(c, seed, humans)
        with self.store.transaction() as db:
            names = [st.name for sid, _ in seats if (st := self.store.student(sid))]
            gid = self.store.add_game(db, c.id, c.sha256, str(Path(c.path).resolve()), seed,
                                      humans, lang, self.clock(), game.tension, names)
            for sid, side in seats:
                db.execute("UPDATE students SET game_id = ?, side = ?, briefed = 0, seen = 0 "
                           "WHERE id = ?", (gid, side, sid))
        self._games[gid] = game
        self.changed()
        return gid

    def start_solo(self, student: StudentRow, scenario_id: str, side: str) -> int:
        """Start a game for one student leading `side`; the other sides are the AI's."""
        if scenario_id not in self.settings.allowed:
            raise ClassError(N_("Your teacher has not opened this scenario."))
        if side not in self.playable_sides(scenario_id):
            raise ClassError(N_("This side cannot be played in this scenario."))
        current = self.game_of(student)
        if current is not None and not current.is_over():
            raise ClassError(N_("You already have a game in progress."))
        return self._new_game(scenario_id, (side,), student.lang, [(student.id, side)])

    def pair(self, first: int, second: int, scenario_id: str) -> int:
        """Pair two students in one game: the first leads the scenario's first playable side,
        the second the other."""
        if first == second:
            raise ClassError(N_("Choose two different students."))
        if scenario_id not in self.scenarios:
            raise ClassError(N_("Unknown scenario."))
        sides = self.playable_sides(scenario_id)
        if len(sides) < 2:
            raise ClassError(N_("This scenario has only one side a person can play."))
        a, b = self.store.student(first), self.store.student(second)
        if a is None or b is None:
            raise ClassError(N_("Unknown student."))
        for s in (a, b):
            g = self.game_of(s)
            if g is not None and not g.is_over():
                raise ClassError(N_("{name} already has a game in progress."), name=s.name)
        return self._new_game(scenario_id, (sides[0], sides[1]), a.lang,
                              [(a.id, sides[0]), (b.id, sides[1])])

    def game_row(self, student: StudentRow) -> GameRow | None:
        """The stored row of the student's game."""
        return self.store.game(student.game_id) if student.game_id is not None else None

    def game_by_id(self, gid: int) -> Game | None:
        """A game, rebuilt from the database the first time it is asked for."""
        if gid in self._games:
            return self._games[gid]
        row = self.store.game(gid)
        if row is None or row.scenario_id not in self.scenarios:
            return None
        data = SaveData(row.scenario_id, row.scenario_sha256, row.scenario_path, row.seed,
                        row.humans, tuple((c.event, c.option) for c in self.store.choices(gid)),
                        row.lang)
        try:
            game = restore(data, self.scenarios[row.scenario_id]).game
        except SaveError:
            return None
        self._games[gid] = game
        return game

    def game_of(self, student: StudentRow) -> Game | None:
        """The student's current game (None before they start one)."""
        return self.game_by_id(student.game_id) if student.game_id is not None else None

    def partner(self, student: StudentRow) -> StudentRow | None:
        """The other student of a pair game."""
        if student.game_id is None:
            return None
        return next((s for s in self.store.seated(student.game_id) if s.id != student.id), None)

    def decide(self, student: StudentRow, event: str, option: str) -> list[Record]:
        """Apply the student's choice, store it, and return what happened.

        ClassError if the class is not started, it is not the student's decision, or the
        decision has moved on (another tab); IllegalChoice for an option that is not legal.
        """
        if not self.settings.started:
            raise ClassError(N_("Your teacher has paused the class: wait a moment."))
        game = self.game_of(student)
        if game is None or student.game_id is None:
            raise ClassError(N_("You have no game in progress."))
        p = game.pending
        if p is None:
            raise ClassError(N_("This game is over."))
        if p.side != student.side:
            raise ClassError(N_("It is not your side's turn to decide."))
        if p.event != event:
            raise ClassError(N_("This decision was already taken."))
        return self._apply(student.game_id, game, option, "student")

    def _apply(self, gid: int, game: Game, option: str, by: str) -> list[Record]:
        p = game.pending
        assert p is not None
        trial = game.clone()
        records = trial.apply(option)  # IllegalChoice leaves the stored game untouched
        n = len(game.choices)
        outcome = trial.outcome()
        with self.store.transaction() as db:
            db.execute("INSERT INTO choices(game_id, n, event, option, side, by, at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)", (gid, n, p.event, option, p.side, by,
                                                       self.clock()))
            db.execute("UPDATE games SET turn = ?, tension = ?, ending = ? WHERE id = ?",
                       (trial.turn, trial.tension, outcome.ending if outcome else None, gid))
        self._games[gid] = trial
        self.changed()
        return records

    def takeover(self) -> list[int]:
        """Let the AI take the pending decisions of pair games whose student has been away
        longer than the teacher's takeover time; returns the games that moved."""
        s = self.settings
        if not s.takeover or not s.started:
            return []
        now = self.clock()
        moved = []
        by_game: dict[int, list[StudentRow]] = {}
        for st in self.store.students():
            if st.game_id is not None:
                by_game.setdefault(st.game_id, []).append(st)
        for gid, seats in by_game.items():
            if len(seats) < 2:
                continue
            game = self.game_by_id(gid)
            while game is not None and game.pending is not None:
                seat = next((x for x in seats if x.side == game.pending.side), None)
                if seat is None or now - self.last_seen(seat) <= s.takeover:
                    break
                row = self.store.game(gid)
                seed = (row.seed if row else 0) * 1_000 + len(game.choices)
                self._apply(gid, game, game.ai_choice(seed), "ai")
                game = self.game_by_id(gid)
                moved.append(gid)
        return moved

    def mark(self, student: StudentRow, *, briefed: bool | None = None,
             seen: int | None = None) -> None:
        """Note that the student read the briefing, or the log up to record `seen`."""
        fields: dict[str, int] = {}
        if briefed is not None:
            fields["briefed"] = int(briefed)
        if seen is not None:
            fields["seen"] = seen
        if fields:
            self.store.update_student(student.id, **fields)

    def leave_game(self, student: StudentRow) -> None:
        """Back to the choice of scenario (after a finished game)."""
        game = self.game_of(student)
        if game is not None and not game.is_over():
            raise ClassError(N_("You already have a game in progress."))
        self.store.update_student(student.id, game_id=None, side=None, briefed=0, seen=0)
        self.changed()

    # -- export --------------------------------------------------------------------------
    def save_of(self, row: GameRow) -> SaveData:
        """A game as a save that `brink report` and the window read."""
        choices = tuple((c.event, c.option) for c in self.store.choices(row.id))
        names = " & ".join(row.players)  # a pair's save names both students
        if len(names) > MAX_SAVE_NAME:
            names = names[:MAX_SAVE_NAME - 1].rstrip() + "…"
        return SaveData(row.scenario_id, row.scenario_sha256, row.scenario_path, row.seed,
                        row.humans, choices, row.lang, player=names or None)

    def export_name(self, row: GameRow) -> str:
        """A file name for a game's save: its students' names, the scenario and the game id."""
        slug = "-".join(_slug(n) for n in row.players) or "game"
        return f"{slug}-{row.scenario_id}-{row.id}.json"

    def export(self, folder: Path) -> list[Path]:
        """Write every game that has a decision as a save into `folder`; returns the files."""
        folder.mkdir(parents=True, exist_ok=True)
        out = []
        for row in self.store.games():
            data = self.save_of(row)
            if not data.choices:
                continue
            path = folder / self.export_name(row)
            write_save(data, path)
            out.append(path)
        return out


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:20] or "student"


__all__ = ["ClassError", "Classroom", "IllegalChoice", "Settings", "clean_name"]
