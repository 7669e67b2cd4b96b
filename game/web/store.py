"""The class's database: one SQLite file, every change in one transaction, durable on commit.

Holds the class's settings (code, teacher token, controls), its students (a hash of each
student's token, never the token), its games (scenario, seed, human sides) and every choice.
A game is rebuilt from (scenario, seed, humans, choices) like a save, so nothing else about a
game needs storing. Written with WAL and synchronous=FULL: a decision committed survives
`kill -9` of the server and a power cut.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS students (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    resume_code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    lang TEXT NOT NULL,
    created REAL NOT NULL,
    last_seen REAL NOT NULL,
    game_id INTEGER REFERENCES games(id),
    side TEXT,
    briefed INTEGER NOT NULL DEFAULT 0,
    seen INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS games (
    id INTEGER PRIMARY KEY,
    scenario_id TEXT NOT NULL,
    scenario_sha256 TEXT NOT NULL,
    scenario_path TEXT NOT NULL,
    seed INTEGER NOT NULL,
    humans TEXT NOT NULL,
    lang TEXT NOT NULL,
    created REAL NOT NULL,
    turn INTEGER NOT NULL DEFAULT 1,
    tension REAL NOT NULL DEFAULT 0,
    ending TEXT,
    players TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS choices (
    game_id INTEGER NOT NULL REFERENCES games(id),
    n INTEGER NOT NULL,
    event TEXT NOT NULL,
    option TEXT NOT NULL,
    side TEXT NOT NULL,
    by TEXT NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (game_id, n)
);
CREATE INDEX IF NOT EXISTS students_game ON students(game_id);
"""


@dataclass(frozen=True)
class StudentRow:
    """A student as stored."""

    id: int
    name: str
    lang: str
    resume_code: str
    created: float
    last_seen: float
    game_id: int | None
    side: str | None
    briefed: bool
    seen: int


@dataclass(frozen=True)
class GameRow:
    """A game as stored (its choices are in `choices`)."""

    id: int
    scenario_id: str
    scenario_sha256: str
    scenario_path: str
    seed: int
    humans: tuple[str, ...]
    lang: str
    created: float
    turn: int
    tension: float
    ending: str | None
    players: tuple[str, ...]


@dataclass(frozen=True)
class ChoiceRow:
    """One decision of a game: the n-th choice (from 0), by a student or the AI."""

    n: int
    event: str
    option: str
    side: str
    by: str
    at: float


_STUDENT = ("id, name, lang, resume_code, created, last_seen, game_id, side, briefed, seen")
_GAME = ("id, scenario_id, scenario_sha256, scenario_path, seed, humans, lang, created, turn, "
         "tension, ending, players")


def _student(row: tuple) -> StudentRow:
    return StudentRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7],
                      bool(row[8]), row[9])


def _game(row: tuple) -> GameRow:
    return GameRow(row[0], row[1], row[2], row[3], row[4], tuple(json.loads(row[5])), row[6],
                   row[7], row[8], row[9], row[10], tuple(json.loads(row[11])))


class Store:
    """The class's SQLite database (one connection, serialised by a lock)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._lock = threading.RLock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        with self.transaction() as db:
            for stmt in SCHEMA.split(";"):
                if stmt.strip():
                    db.execute(stmt)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed (and on disk) when the block ends, rolled back on error."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _one(self, sql: str, args: tuple = ()) -> tuple | None:
        with self._lock:
            return self._db.execute(sql, args).fetchone()

    def _all(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # -- settings ------------------------------------------------------------------------
    def get(self, key: str, default: Any = None) -> Any:
        """A setting (JSON value), or `default`."""
        row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return json.loads(row[0]) if row else default

    def put(self, key: str, value: Any) -> None:
        """Store a setting (JSON value)."""
        with self.transaction() as db:
            db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE "
                       "SET value = excluded.value", (key, json.dumps(value)))

    # -- students ------------------------------------------------------------------------
    def add_student(self, token_hash: str, resume_code: str, name: str, lang: str,
                    now: float) -> StudentRow:
        """Add a student; returns them."""
        with self.transaction() as db:
            cur = db.execute("INSERT INTO students(token_hash, resume_code, name, lang, created, "
                             "last_seen) VALUES (?, ?, ?, ?, ?, ?)",
                             (token_hash, resume_code, name, lang, now, now))
            sid = int(cur.lastrowid or 0)
        student = self.student(sid)
        assert student is not None
        return student

    def student(self, sid: int) -> StudentRow | None:
        """A student by id."""
        row = self._one(f"SELECT {_STUDENT} FROM students WHERE id = ?", (sid,))
        return _student(row) if row else None

    def student_by_token(self, token_hash: str) -> StudentRow | None:
        """The student holding a token (by its hash)."""
        row = self._one(f"SELECT {_STUDENT} FROM students WHERE token_hash = ?", (token_hash,))
        return _student(row) if row else None

    def student_by_code(self, resume_code: str) -> StudentRow | None:
        """The student with a personal resume code."""
        row = self._one(f"SELECT {_STUDENT} FROM students WHERE resume_code = ?", (resume_code,))
        return _student(row) if row else None

    def students(self) -> list[StudentRow]:
        """Every student, in joining order."""
        return [_student(r) for r in self._all(f"SELECT {_STUDENT} FROM students ORDER BY id")]

    def seated(self, gid: int) -> list[StudentRow]:
        """The students playing a game."""
        return [_student(r) for r in self._all(
            f"SELECT {_STUDENT} FROM students WHERE game_id = ? ORDER BY id", (gid,))]

    def count_students(self) -> int:
        """How many students joined."""
        row = self._one("SELECT COUNT(*) FROM students")
        return int(row[0]) if row else 0

    def update_student(self, sid: int, **fields: Any) -> None:
        """Change some of a student's fields (names from StudentRow, or token_hash)."""
        allowed = {"lang", "last_seen", "game_id", "side", "briefed", "seen", "token_hash"}
        assert set(fields) <= allowed, fields
        sets = ", ".join(f"{k} = ?" for k in fields)
        with self.transaction() as db:
            db.execute(f"UPDATE students SET {sets} WHERE id = ?", (*fields.values(), sid))

    # -- games ---------------------------------------------------------------------------
    def add_game(self, db: sqlite3.Connection, scenario_id: str, sha256: str, path: str,
                 seed: int, humans: tuple[str, ...], lang: str, now: float, tension: float,
                 players: list[str]) -> int:
        """Insert a game inside an open transaction; returns its id."""
        cur = db.execute("INSERT INTO games(scenario_id, scenario_sha256, scenario_path, seed, "
                         "humans, lang, created, tension, players) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (scenario_id, sha256, path, seed, json.dumps(list(humans)), lang, now,
                          tension, json.dumps(players, ensure_ascii=False)))
        return int(cur.lastrowid or 0)

    def game(self, gid: int) -> GameRow | None:
        """A game by id."""
        row = self._one(f"SELECT {_GAME} FROM games WHERE id = ?", (gid,))
        return _game(row) if row else None

    def games(self) -> list[GameRow]:
        """Every game, oldest first."""
        return [_game(r) for r in self._all(f"SELECT {_GAME} FROM games ORDER BY id")]

    def choices(self, gid: int) -> list[ChoiceRow]:
        """A game's choices in order."""
        return [ChoiceRow(*r) for r in self._all(
            "SELECT n, event, option, side, by, at FROM choices WHERE game_id = ? ORDER BY n",
            (gid,))]

    def count_choices(self) -> int:
        """How many decisions are stored in all."""
        row = self._one("SELECT COUNT(*) FROM choices")
        return int(row[0]) if row else 0
