"""Summaries of batch runs: ending shares with intervals, war rate, tension, length, scores."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from game.i18n import N_, Translator
from game.scenario.problems import Msg
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
                   ) -> list[tuple[tuple[str | int, ...], Msg]]:
    """(place in the file, message) for each way a run falls short of a class period: too few
    decisions for `side` playing `policy` (when the file gives it enough events), or an ending
    that ends most typical games on turn 1."""
    out: list[tuple[tuple[str | int, ...], Msg]] = []
    d = summary["decisions"][side]
    # A scenario that gives a side fewer events than a class period needs is short on purpose
    # (a tutorial, a warm-up): the check is for stories that lose a side on some branches.
    events = sum(1 for e in c.events if c.sides[e.side] == side)
    if policy in DEPTH_POLICIES and min(c.n_turns, events) >= MIN_MEDIAN and (
            d["median"] < MIN_MEDIAN or d["p10"] < MIN_P10):
        out.append((("sides", c.side_index(side)), Msg(
            "when '{side}' plays {policy} (the other sides the AI), it faces a median of "
            "{median} decisions and {p10} or fewer in one game in ten; a class period needs at "
            "least {need} (and {need10} in nine games out of ten): add events for the turns it "
            "has none, or for the branches where its games end early", side=side,
            policy=policy, median=d["median"], p10=d["p10"], need=MIN_MEDIAN, need10=MIN_P10)))
    for ending, share in summary["first_turn_endings"].items():
        if share > 0.5 and policy in TYPICAL_POLICIES:
            k = c.ending_index(ending)
            out.append((("endings", c.endings[k].model_index), Msg(
                "the ending '{ending}' ends {share}% of the games on the first turn (when "
                "'{side}' plays {policy}): its 'when:' holds at the start, or it lacks 'at_end: "
                "true'", ending=ending, share=round(share * 100), side=side, policy=policy)))
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


def format_table(s: dict[str, Any], playable: tuple[str, ...] | list[str] = (),
                 t: Translator | None = None) -> str:
    """The summary as a plain-text table (one line per figure, screen-reader friendly), with
    the decisions faced by the `playable` sides, in `t`'s language (English without one)."""
    t = t or Translator("en")
    pol = ", ".join(f"{k}={v}" for k, v in s["policies"].items())

    def pc(x: float) -> str:
        return t.percent(x, 1)

    def span(lo: float, hi: float) -> str:
        return f"{t.number(lo * 100, 1)}–{pc(hi)}"

    lines = [t("{scenario}: {runs} runs, seed {seed}, policies {policies}",
               scenario=s["scenario"], runs=t.integer(s["runs"]), seed=s["seed"], policies=pol),
             "", f"{t('ending'):<28}{t('share'):>8}   {t('95% interval')}"]
    for e, share in sorted(s["endings"].items(), key=lambda kv: -kv[1]):
        lo, hi = s["endings_ci95"][e]
        lines.append(f"{e:<28}{pc(share):>8}   {span(lo, hi)}")
    lo, hi = s["war_rate_ci95"]
    lines += ["", t("war rate: {rate} (95% interval {interval})", rate=pc(s["war_rate"]),
                    interval=span(lo, hi))]
    for key, label in (("peak_tension", N_("peak tension")),
                       ("final_tension", N_("final tension"))):
        d = s[key]
        lines.append(t("{what}: mean {mean}; 5% {q05}, 25% {q25}, median {q50}, 75% {q75}, "
                       "95% {q95}", what=t(label),
                       **{k: t.number(d[k], 1) for k in ("mean", "q05", "q25", "q50", "q75",
                                                         "q95")}))
    lines.append(t("mean length: {turns} turns", turns=t.number(s["mean_turns"], 2)))
    for side in playable:
        d = s["decisions"][side]
        lines.append(t("decisions faced by {side}: mean {mean}; 10% {p10}, median {median}, "
                       "90% {p90}", side=side, mean=t.number(d["mean"], 1),
                       p10=_plain(t, d["p10"]), median=_plain(t, d["median"]),
                       p90=_plain(t, d["p90"])))
    lines.append(t("mean scores: {scores}", scores=", ".join(
        f"{k} {t.signed(v, 2)}" for k, v in s["mean_scores"].items())))
    return "\n".join(lines)


def _plain(t: Translator, x: float) -> str:
    """A number without useless decimals ('6', '6.5'), in the language's format."""
    return t.number(x, 0 if float(x).is_integer() else 1)
