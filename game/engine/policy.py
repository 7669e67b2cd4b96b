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

    For each legal option, utility = level × stance + ai_bias, where
    stance = aggression + reciprocity × provocation − fear × tension / 100; the option is drawn
    with probability proportional to exp(utility / randomness) (a logit choice).
    """

    name: str = "ai"

    def choose(self, d: Decision) -> np.ndarray:
        """Draw an option for every row with logit probabilities exp(utility / randomness)."""
        temp = d.scenario.model.sides[d.side].temperament
        stance = (temp.aggression + temp.reciprocity * provocation(d)
                  - temp.fear * d.batch.tension[d.rows] / 100.0)
        # Column by column: numpy reduces a short last axis slowly, and there are at most
        # nine options.
        level = d.scenario.level_table[d.events].T
        bias = d.scenario.bias_table[d.events].T
        legal = d.legal.T
        k = len(level)
        with np.errstate(invalid="ignore"):
            z = [np.where(legal[j], (level[j] * stance + bias[j]) / temp.randomness, -np.inf)
                 for j in range(k)]
        top = z[0]
        for j in range(1, k):
            top = np.maximum(top, z[j])
        cum = []
        total = np.zeros(len(d.rows))
        for j in range(k):
            total = total + np.exp(z[j] - top)
            cum.append(total)
        u = d.rng.random(len(d.rows)) * total
        pick = np.zeros(len(d.rows), dtype=np.int64)
        for j in range(k - 1):
            pick += cum[j] <= u
        return pick
