"""The state of a batch of games as numpy arrays with a leading batch axis."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from game.scenario.tables import Compiled


@dataclass
class Batch:
    """Arrays for `n` games of one scenario, all on the same turn.

    `last_level` holds how confrontational each side's latest choice was (see KIND_LEVEL; 0
    before its first choice). `path[:, t]` is tension at the end of turn t (column 0: start).
    """

    tension: np.ndarray
    meters: np.ndarray
    flags: np.ndarray
    fired: np.ndarray
    incident_fired: np.ndarray
    last_level: np.ndarray
    escalated: np.ndarray
    done: np.ndarray
    ending: np.ndarray
    scores: np.ndarray
    peak: np.ndarray
    length: np.ndarray
    path: np.ndarray

    @classmethod
    def new(cls, c: Compiled, n: int) -> Batch:
        """`n` games at the scenario's start."""
        t0 = float(c.model.tension.start)
        path = np.full((n, c.n_turns + 1), np.nan)
        path[:, 0] = t0
        return cls(
            tension=np.full(n, t0),
            meters=np.tile(c.meter_start.astype(float)[:, None], (1, n)),
            flags=np.tile(c.flag_start[:, None], (1, n)),
            fired=np.zeros((len(c.events), n), dtype=bool),
            incident_fired=np.zeros((len(c.incidents), n), dtype=bool),
            last_level=np.zeros((n, len(c.sides))),
            escalated=np.zeros(n, dtype=bool),
            done=np.zeros(n, dtype=bool),
            ending=np.full(n, -1, dtype=np.int64),
            scores=np.zeros((n, len(c.sides))),
            peak=np.full(n, t0),
            length=np.zeros(n, dtype=np.int64),
            path=path,
        )

    @property
    def size(self) -> int:
        """How many games."""
        return len(self.tension)

    def copy(self) -> Batch:
        """A deep copy."""
        return Batch(**{f.name: getattr(self, f.name).copy() for f in fields(self)})

    def equals(self, other: Batch) -> bool:
        """Whether every array is identical (NaNs compare equal)."""
        return all(np.array_equal(getattr(self, f.name), getattr(other, f.name), equal_nan=True)
                   for f in fields(self))
