"""Balance check of a scenario: the standard policies for each side, option use, problems.

For every playable side S and policy P (historical, hawk, dove, random), S plays P and every
other side the scenario's AI; then every side plays the AI (the "S plays ai" run of each side
is this same run, so it is played once), every side historical, and every side random. All
runs share the seed, so they differ only by the policies. Option use and dominance come from
the every-side-random run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.engine.policy import Decision, Policy
from game.scenario.tables import TIME_OUT, WAR, Compiled
from game.scenario.text import localize
from game.sim.batch import SimResult, simulate
from game.sim.policies import make_policy
from game.sim.stats import summarize

#: The standard policies, in the order runs are reported.
STANDARD = ("historical", "hawk", "dove", "random", "ai")
#: Share of the games (the best-scoring ones for the deciding side) called "best".
DECILE = 0.1
#: An option dominates when chosen this often in the best games where its event came up...
DOMINANT_SHARE = 0.9
#: ...in at least this many such games...
DOMINANT_MIN_GAMES = 50
#: ...while its share under random play is lower by at least this much.
DOMINANT_GAP = 0.3
#: War rates above this under every policy are a problem.
ALWAYS_WAR = 0.8
BUILTIN_TITLES = {WAR: "Nuclear war", TIME_OUT: "Time ran out"}


@dataclass(frozen=True)
class Run:
    """One batch run: `side` plays `policy` (every side when `side` is None) and its summary."""

    side: str | None
    policy: str
    summary: Mapping[str, Any]

    @property
    def label(self) -> str:
        """'us plays hawk, the other sides the AI' or 'every side plays random'."""
        if self.side is None:
            return f"every side plays {self.policy}"
        return f"{self.side} plays {self.policy}, the other sides the AI"

    @property
    def war_rate(self) -> float:
        """Share of games that ended in nuclear war."""
        return float(self.summary["war_rate"])


@dataclass(frozen=True)
class OptionUse:
    """How often an option was chosen: under random play, in its best decile, in all runs."""

    event: str
    option: str
    kind: str
    historical: bool
    random_share: float
    best_share: float | None
    chosen: int
    ever_legal: bool
    dominates: bool


@dataclass(frozen=True)
class EventUse:
    """An event under random play: how often it came up, and the use of each of its options."""

    event: str
    side: str
    came_up: int
    games: int
    best_games: int
    options: tuple[OptionUse, ...]


@dataclass(frozen=True)
class BalanceReport:
    """Everything `balance` found: the runs, option use, problems and notes."""

    scenario: Compiled
    runs: int
    seed: int
    results: tuple[Run, ...]
    events: tuple[EventUse, ...]
    problems: tuple[str, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _Probe:
    """Wraps a policy and marks in `seen` every option that was legal when it was asked."""

    inner: Policy
    seen: np.ndarray

    @property
    def name(self) -> str:
        """The wrapped policy's name."""
        return self.inner.name

    def choose(self, d: Decision) -> np.ndarray:
        """The wrapped policy's choice, after noting the legal options."""
        table = d.scenario.option_table[d.events]
        self.seen[table[d.legal]] = True
        return self.inner.choose(d)


def playable_sides(c: Compiled) -> list[str]:
    """The sides a player may lead (every side if none is marked playable)."""
    sides = [s.id for s in c.model.sides if s.playable]
    return sides or list(c.sides)


def plan(c: Compiled) -> list[tuple[str | None, str]]:
    """The runs of a balance check, as (side or None for every side, policy)."""
    own = [(s, p) for s in playable_sides(c) for p in STANDARD if p != "ai"]
    return [*own, (None, "ai"), (None, "historical"), (None, "random")]


def balance(c: Compiled, runs: int = 10_000, seed: int = 1,
            progress: Callable[[int], None] | None = None, *, lang: str = "en"
            ) -> BalanceReport:
    """Play every run of `plan(c)` (`runs` games each) and look for balance problems."""
    seen = np.zeros(len(c.options), dtype=bool)
    chosen = np.zeros(len(c.options), dtype=np.int64)
    results: list[Run] = []
    rand: SimResult | None = None
    for side, name in plan(c):
        policies = {s: _Probe(make_policy(c, name if side in (None, s) else "ai"), seen)
                    for s in c.sides}
        r = simulate(c, runs, seed, policies, progress)
        results.append(Run(side, name, summarize(r)))
        chosen += r.choices.sum(axis=0)
        if side is None and name == "random":
            rand = r
    assert rand is not None
    events = tuple(_event_use(rand, e, seen, chosen) for e in range(len(c.events)))
    problems, notes = _problems(c, results, events, lang)
    return BalanceReport(c, runs, seed, tuple(results), events, tuple(problems), tuple(notes))


def count_games(c: Compiled, runs: int) -> int:
    """How many games `balance(c, runs)` plays (for a progress bar)."""
    return runs * len(plan(c))


def _event_use(r: SimResult, e: int, seen: np.ndarray, chosen: np.ndarray) -> EventUse:
    c = r.scenario
    ev = c.events[e]
    opts = list(ev.options)
    counts = r.choices[:, opts]
    up = np.flatnonzero(counts.sum(axis=1) > 0)
    # The best decile of the games where the event came up, by the deciding side's score;
    # ties keep game order, which is independent of play.
    order = np.argsort(-r.scores[up, ev.side], kind="stable")
    best = up[order[: int(np.ceil(len(up) * DECILE))]]
    total, best_total = counts[up].sum(axis=0), counts[best].sum(axis=0)
    uses = []
    for j, g in enumerate(opts):
        share = float(total[j] / total.sum()) if total.sum() else 0.0
        best_share = float(best_total[j] / best_total.sum()) if best_total.sum() else None
        dominates = (best_share is not None and len(best) >= DOMINANT_MIN_GAMES
                     and best_share >= DOMINANT_SHARE and share <= best_share - DOMINANT_GAP)
        o = c.options[g]
        uses.append(OptionUse(ev.id, o.id, o.kind, o.historical, share, best_share,
                              int(chosen[g]), bool(seen[g]), dominates))
    return EventUse(ev.id, c.sides[ev.side], int(total.sum()), len(up), len(best), tuple(uses))


def ending_title(c: Compiled, ending: str, lang: str = "en") -> str:
    """An ending's title from the scenario (English names for the built-in ones)."""
    end = c.endings[c.ending_index(ending)]
    if end.model_index >= 0:
        return localize(c.model.endings[end.model_index].title, lang)
    return BUILTIN_TITLES.get(ending, ending)


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def _problems(c: Compiled, results: list[Run], events: tuple[EventUse, ...], lang: str
              ) -> tuple[list[str], list[str]]:
    problems: list[str] = []
    notes: list[str] = []
    n, games = len(results), results[0].summary["runs"]
    reached = {e for r in results for e in r.summary["endings"]}
    for end in c.endings:
        if end.id in reached or end.id == WAR or end.model_index < 0:
            continue
        when = "after the last turn " if end.at_end else ""
        problems.append(
            f"The ending '{end.id}' ({ending_title(c, end.id, lang)}) was never reached in {n} "
            f"runs of {games} games: its condition never held {when}when it was checked, or an "
            "ending listed before it always came first (endings are checked in file order). "
            "Loosen its 'when:' or move it up the list.")
    low = min(results, key=lambda r: r.war_rate)
    if low.war_rate == 0:
        problems.append(
            f"No game ended in nuclear war under any of the {n} runs, even with hawks: "
            "escalation carries no risk. Raise the tension effects of escalating options or "
            "tension.incident_chance, or lower tension.relax.")
    elif low.war_rate > ALWAYS_WAR:
        problems.append(
            f"Every run ended in nuclear war more than {ALWAYS_WAR:.0%} of the time (lowest: "
            f"{_pct(low.war_rate)} when {low.label}): no strategy avoids war. Lower the tension "
            "effects of options and incidents, raise tension.relax or lower tension.start.")
    for ev in events:
        title = localize(c.model.events[_event_model(c, ev.event)].title, lang)
        if all(o.chosen == 0 for o in ev.options):
            problems.append(
                f"The event '{ev.event}' ({title}) never came up in any run: check its 'from:' "
                "and 'to:' window, its 'when:' condition and its options' 'requires:'. A side "
                "faces at most one event a turn, the first in file order that applies, so an "
                "earlier event may always take its place.")
            continue
        for o in ev.options:
            key = f"{ev.event}.{o.option}"
            if o.dominates:
                problems.append(
                    f"The option '{key}' dominates: in the best-scoring tenth of random games "
                    f"where '{ev.event}' came up ({ev.best_games} games), {ev.side} chose it "
                    f"{_pct(o.best_share or 0)} of the time, against {_pct(o.random_share)} "
                    "under random play. Make it costlier (tension, meters, a risky chance "
                    "outcome) or make the other options pay off.")
            elif o.chosen == 0 and o.ever_legal:
                problems.append(
                    f"The option '{key}' was available but no policy ever chose it: give it a "
                    "clearer purpose (its effects) or an ai_bias, or remove it.")
            elif o.chosen == 0:
                notes.append(
                    f"The option '{key}' was never available when '{ev.event}' came up: its "
                    "'requires:' never held (fine if it is meant for rare situations).")
    return problems, notes


def _event_model(c: Compiled, event: str) -> int:
    """Index in the model's events of the event with id `event`."""
    return [e.id for e in c.model.events].index(event)
