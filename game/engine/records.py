"""Structured records of what happened in a game, for logs, views and tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

RecordKind = Literal["turn", "decision", "outcome", "incident", "relax", "ending"]


@dataclass(frozen=True)
class Snapshot:
    """The state of one game at a moment: what text variants' conditions are checked against."""

    turn: int
    tension: float
    meters: tuple[float, ...]
    flags: tuple[bool, ...]


@dataclass(frozen=True)
class Record:
    """One thing that happened. `changes` maps 'tension' or a meter to its actual change.

    - turn: a new turn begins (`turn` is 1-based).
    - decision: `side` chose `option` in `event` (`by` is 'human' or a policy name).
    - outcome: a chance result of the action named by `event`/`option` or `incident`;
      `outcome` is the path of outcome numbers (nested outcomes give longer paths).
    - incident: an accident happened.
    - relax: a quiet turn let tension fall.
    - ending: the game ended with `ending`; `scores` per side.

    `state` is the game's state when it happened: before a decision's, an outcome's or an
    incident's effects; at the start of a turn; at the end of the game for an ending.
    """

    kind: RecordKind
    turn: int
    side: str | None = None
    event: str | None = None
    option: str | None = None
    incident: str | None = None
    outcome: tuple[int, ...] = ()
    ending: str | None = None
    by: str | None = None
    chance: float | None = None
    changes: dict[str, float] = field(default_factory=dict)
    set: tuple[str, ...] = ()
    cleared: tuple[str, ...] = ()
    tension: float = 0.0
    scores: dict[str, float] = field(default_factory=dict)
    state: Snapshot | None = None
