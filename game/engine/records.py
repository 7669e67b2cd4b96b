"""Structured records of what happened in a game, for logs, views and tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

RecordKind = Literal["turn", "decision", "outcome", "incident", "relax", "ending"]


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
