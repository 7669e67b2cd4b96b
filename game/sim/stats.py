"""Summaries of batch runs: ending shares with intervals, war rate, tension, length, scores."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from game.i18n import N_, Translator
from game.scenario.tables import WAR
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
    used = r.choices.sum(axis=0)
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
    }


def format_table(s: dict[str, Any], t: Translator | None = None) -> str:
    """The summary as a plain-text table (one line per figure, screen-reader friendly), in
    `t`'s language (English without one)."""
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
    lines.append(t("mean scores: {scores}", scores=", ".join(
        f"{k} {t.signed(v)}" for k, v in s["mean_scores"].items())))
    return "\n".join(lines)
