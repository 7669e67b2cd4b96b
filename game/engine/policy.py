"""Decisions offered to policies, the policy interface, and the scenario's AI opponent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from game.engine.state import Batch
from game.scenario.tables import Compiled


@dataclass(frozen=True)
class Decision:
    """A decision due for `side` in the games `rows` of a batch.

    `events[i]` is the event game `rows[i]` faces; `legal[i, k]` says whether its option k
    (in file order) may be chosen.
    """

    scenario: Compiled
    batch: Batch
    turn: int
    side: int
    rows: np.ndarray
    events: np.ndarray
    legal: np.ndarray
    rng: np.random.Generator

    @property
    def levels(self) -> np.ndarray:
        """How confrontational each option is (escalate 1 … concede -1); -inf where illegal."""
        lv = self.scenario.level_table[self.events]
        return np.where(self.legal, lv, -np.inf)


class Policy(Protocol):
    """Chooses an option for every game of a decision: returns the option numbers (0-based)."""

    name: str

    def choose(self, d: Decision) -> np.ndarray:
        """The chosen option number for each row of `d`; each must be legal."""
        ...


def argmax_legal(scores: np.ndarray, legal: np.ndarray) -> np.ndarray:
    """Per row, the first legal column with the highest score."""
    return np.argmax(np.where(legal, scores, -np.inf), axis=1)


def provocation(d: Decision) -> np.ndarray:
    """How confrontational the other sides' latest moves were, per row (mean of their levels)."""
    last = d.batch.last_level[d.rows]
    others = np.ones(last.shape[1], dtype=bool)
    others[d.side] = False
    if not others.any():
        return np.zeros(len(d.rows))
    return last[:, others].mean(axis=1)


@dataclass(frozen=True)
class TemperamentAI:
    """The scenario's opponent: a logit choice leaning with reciprocity and away with fear.

    For each legal option, utility = level × stance + ai_bias + randomness × Gumbel noise,
    where stance = aggression + reciprocity × provocation − fear × tension / 100.
    """

    name: str = "ai"

    def choose(self, d: Decision) -> np.ndarray:
        """Pick the option of highest noisy utility for every row."""
        temp = d.scenario.model.sides[d.side].temperament
        stance = (temp.aggression + temp.reciprocity * provocation(d)
                  - temp.fear * d.batch.tension[d.rows] / 100.0)
        level = d.scenario.level_table[d.events]
        bias = d.scenario.bias_table[d.events]
        noise = d.rng.gumbel(size=level.shape)
        with np.errstate(invalid="ignore"):
            utility = level * stance[:, None] + bias + temp.randomness * noise
        return argmax_legal(utility, d.legal)
