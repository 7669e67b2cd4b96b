"""Run many games at once and collect what happened."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from game.engine.policy import Decision, Policy, TemperamentAI
from game.engine.rules import Runner
from game.scenario.tables import Compiled

CHUNK = 25_000


@dataclass(frozen=True)
class SimResult:
    """Per-game results of a batch run: ending index, scores, tension figures, lengths, and
    `picks`, the options chosen in each game in order (global option indices, -1 after the
    game's last decision)."""

    scenario: Compiled
    seed: int
    policies: dict[str, str]
    ending: np.ndarray
    scores: np.ndarray
    peak: np.ndarray
    final: np.ndarray
    length: np.ndarray
    path: np.ndarray
    picks: np.ndarray

    @property
    def runs(self) -> int:
        """How many games were played."""
        return len(self.ending)

    def option_use(self) -> np.ndarray:
        """How many times each option was chosen, over all the games."""
        return np.bincount(self.picks[self.picks >= 0], minlength=len(self.scenario.options))

    @cached_property
    def choices(self) -> np.ndarray:
        """Games × options: how many times each game chose each option."""
        n, k = self.picks.shape[0], len(self.scenario.options)
        rows = np.repeat(np.arange(n), self.picks.shape[1])
        flat = self.picks.ravel()
        keep = flat >= 0
        return np.bincount(rows[keep] * k + flat[keep], minlength=n * k).reshape(n, k)


#: Memory the results of one simulation may take (bytes): the per-game results are kept.
MEMORY = 500_000_000
#: The most games one simulation plays, whatever the scenario.
MAX_RUNS = 1_000_000


def max_runs(c: Compiled) -> int:
    """The most games `simulate` plays of `c`: its results must fit in MEMORY."""
    per_game = 8 * (len(c.sides) + c.n_turns + 6) + 4 * c.n_turns * len(c.sides)
    return max(1, min(MAX_RUNS, MEMORY // per_game))


def simulate(c: Compiled, runs: int, seed: int, policies: Mapping[str, Policy] | None = None,
             progress: Callable[[int], None] | None = None) -> SimResult:
    """Play `runs` games with a policy per side (the scenario's AI for sides not given).

    Games are played in chunks of CHUNK, chunk k seeded from the k-th child of `seed`, so
    the same arguments give the same result on any machine.
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    if runs > max_runs(c):
        raise ValueError(f"{runs:,} games are too many for this scenario: at most "
                         f"{max_runs(c):,} fit in memory")
    policies = dict(policies or {})
    for side in policies:
        c.side_index(side)
    controllers = [policies.get(s) or TemperamentAI() for s in c.sides]
    parts = []
    seeds = np.random.SeedSequence(seed).spawn((runs + CHUNK - 1) // CHUNK)
    for k, ss in enumerate(seeds):
        n = min(CHUNK, runs - k * CHUNK)
        runner = Runner(c, n, ss, controllers)
        # A game decides at most once per side and turn: that bounds the picks it can make.
        picks = np.full((n, c.n_turns * len(c.sides)), -1, dtype=np.int32)
        step = np.zeros(n, dtype=np.int64)

        def note(d: Decision, choice: np.ndarray, picks: np.ndarray = picks,
                 step: np.ndarray = step) -> None:
            picks[d.rows, step[d.rows]] = c.option_table[d.events, choice]
            step[d.rows] += 1

        runner.run(observe=note)
        b = runner.batch
        parts.append((b.ending, b.scores, b.peak, b.tension, b.length, b.path, picks))
        if progress:
            progress(n)
    cols = [np.concatenate([p[i] for p in parts]) for i in range(7)]
    names = {s: p.name for s, p in zip(c.sides, controllers, strict=True)}
    return SimResult(c, seed, names, *cols)
