"""Summaries of batch runs: ending shares with intervals, war rate, tension, length, scores."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from game.scenario.tables import WAR, Compiled
from game.sim.batch import SimResult

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval for k successes in n trials."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return max(0.0, mid - half), min(1.0, mid + half)


def _describe(x: np.ndarray) -> dict[str, float]:
    out = {"mean": round(float(x.mean()), 3)}
    for q in QUANTILES:
        out[f"q{round(q * 100):02d}"] = round(float(np.quantile(x, q)), 3)
    return out


#: What a playable side should face in a class period: a median of at least MIN_MEDIAN
#: decisions, and at least MIN_P10 in nine games out of ten.
MIN_MEDIAN = 8
MIN_P10 = 6
#: Policies whose games must meet that bar (a hawk may end early, in war).
DEPTH_POLICIES = ("ai", "random", "dove", "historical")
#: Policies of typical games: an ending that ends most of them on turn 1 is a mistake (a dove
#: who concedes at once may well end a game on turn 1).
TYPICAL_POLICIES = ("ai", "random", "historical")


def decisions_per_game(r: SimResult) -> dict[str, np.ndarray]:
    """How many decisions each side faced in each game."""
    c = r.scenario
    side_of = np.array([c.events[o.event].side for o in c.options] + [-1])
    owner = side_of[r.picks]  # -1 (no pick) indexes the trailing -1
    return {side: (owner == i).sum(axis=1) for i, side in enumerate(c.sides)}


def _depth(x: np.ndarray) -> dict[str, float]:
    return {"mean": round(float(x.mean()), 3), "p10": float(np.quantile(x, 0.1)),
            "median": float(np.median(x)), "p90": float(np.quantile(x, 0.9))}


def depth_warnings(c: Compiled, summary: dict[str, Any], side: str, policy: str
                   ) -> list[tuple[tuple[str | int, ...], str]]:
    """(place in the file, message) for each way a run falls short of a class period: too few
    decisions for `side` playing `policy` (when the file gives it enough events), or an ending
    that ends most typical games on turn 1."""
    out: list[tuple[tuple[str | int, ...], str]] = []
    d = summary["decisions"][side]
    # A scenario that gives a side fewer events than a class period needs is short on purpose
    # (a tutorial, a warm-up): the check is for stories that lose a side on some branches.
    events = sum(1 for e in c.events if c.sides[e.side] == side)
    if policy in DEPTH_POLICIES and min(c.n_turns, events) >= MIN_MEDIAN and (
            d["median"] < MIN_MEDIAN or d["p10"] < MIN_P10):
        out.append((("sides", c.side_index(side)),
                    f"when '{side}' plays {policy} (the other sides the AI), it faces a median "
                    f"of {d['median']:g} decisions and {d['p10']:g} or fewer in one game in ten; "
                    f"a class period needs at least {MIN_MEDIAN} (and {MIN_P10} in nine games "
                    "out of ten): add events for the turns it has none, or for the branches "
                    "where its games end early"))
    for ending, share in summary["first_turn_endings"].items():
        if share > 0.5 and policy in TYPICAL_POLICIES:
            k = c.ending_index(ending)
            out.append((("endings", c.endings[k].model_index),
                        f"the ending '{ending}' ends {share:.0%} of the games on the first turn "
                        f"(when '{side}' plays {policy}): its 'when:' holds at the start, or it "
                        "lacks 'at_end: true'"))
    return out


def summarize(r: SimResult) -> dict[str, Any]:
    """The figures of a run as plain JSON-ready data."""
    c = r.scenario
    n = r.runs
    ids = [e.id for e in c.endings]
    counts = np.bincount(r.ending, minlength=len(ids))
    war = int(counts[ids.index(WAR)])
    reached = [(e, int(k)) for e, k in zip(ids, counts, strict=True) if k]
    endings = {e: round(k / n, 6) for e, k in reached}
    interval = {e: [round(x, 6) for x in wilson(k, n)] for e, k in reached}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # turns that no game reached
        mean_path = np.nanmean(r.path, axis=0)
    used = r.option_use()
    options = {}
    for o in c.options:
        if used[o.index]:
            key = f"{c.events[o.event].id}.{o.id}"
            options[key] = int(used[o.index])
    return {
        "scenario": c.id,
        "runs": n,
        "seed": r.seed,
        "policies": r.policies,
        "endings": endings,
        "endings_ci95": interval,
        "war_rate": round(war / n, 6),
        "war_rate_ci95": [round(x, 6) for x in wilson(war, n)],
        "peak_tension": _describe(r.peak),
        "final_tension": _describe(r.final),
        "mean_turns": round(float(r.length.mean()), 3),
        "mean_scores": {s: round(float(r.scores[:, i].mean()), 3) for i, s in enumerate(c.sides)},
        "mean_tension_by_turn": [round(float(x), 2) if x == x else None for x in mean_path],
        "option_use": options,
        "decisions": {s: _depth(x) for s, x in decisions_per_game(r).items()},
        "first_turn_endings": {ids[k]: round(int(v) / n, 6) for k, v in enumerate(
            np.bincount(r.ending[r.length <= 1], minlength=len(ids))) if v},
    }


def format_table(s: dict[str, Any], playable: tuple[str, ...] | list[str] = ()) -> str:
    """The summary as a plain-text table (one line per figure, screen-reader friendly), with
    the decisions faced by the `playable` sides."""
    pol = ", ".join(f"{k}={v}" for k, v in s["policies"].items())
    lines = [f"{s['scenario']}: {s['runs']} runs, seed {s['seed']}, policies {pol}", "",
             f"{'ending':<28}{'share':>8}   95% interval"]
    for e, share in sorted(s["endings"].items(), key=lambda kv: -kv[1]):
        lo, hi = s["endings_ci95"][e]
        lines.append(f"{e:<28}{share * 100:>7.1f}%   {lo * 100:.1f}–{hi * 100:.1f}%")
    lo, hi = s["war_rate_ci95"]
    lines += ["", f"war rate: {s['war_rate'] * 100:.1f}% (95% interval {lo * 100:.1f}–"
                  f"{hi * 100:.1f}%)"]
    for key, label in (("peak_tension", "peak tension"), ("final_tension", "final tension")):
        d = s[key]
        lines.append(f"{label}: mean {d['mean']:.1f}; 5% {d['q05']:.1f}, 25% {d['q25']:.1f}, "
                     f"median {d['q50']:.1f}, 75% {d['q75']:.1f}, 95% {d['q95']:.1f}")
    lines.append(f"mean length: {s['mean_turns']:.2f} turns")
    for side in playable:
        d = s["decisions"][side]
        lines.append(f"decisions faced by {side}: mean {d['mean']:.1f}; 10% {d['p10']:g}, "
                     f"median {d['median']:g}, 90% {d['p90']:g}")
    lines.append("mean scores: " + ", ".join(f"{k} {v:+.2f}" for k, v in
                                             s["mean_scores"].items()))
    return "\n".join(lines)
