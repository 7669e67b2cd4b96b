"""Balance check of a scenario: the standard policies for each side, option use, problems.

For every playable side S and policy P (historical, hawk, dove, random), S plays P and every
other side the scenario's AI; then every side plays the AI (the "S plays ai" run of each side
is this same run, so it is played once), every side historical, and every side random. All
runs share the seed, so they differ only by the policies. Option use and dominance come from
the every-side-random run.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from game.engine.policy import Decision, Policy
from game.scenario.tables import TIME_OUT, WAR, Compiled
from game.scenario.text import localize
from game.sim.batch import SimResult, simulate
from game.sim.policies import make_policy
from game.sim.stats import depth_warnings, summarize
from game.sim.svgchart import Bar, Series, bar_chart, line_chart, percent

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
        chosen += r.option_use()
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




def _at(c: Compiled, *path: str | int) -> str:
    """'file:line: ' of a place in the scenario file, when the compiled scenario knows it."""
    if c.source is None:
        return ""
    line, _ = c.source.where(path, key=True)
    return f"{c.path}:{line}: "


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
            f"{_at(c, 'endings', end.model_index, 'id')}The ending '{end.id}' "
            f"({ending_title(c, end.id, lang)}) was never reached in {n} "
            f"runs of {games} games: its condition never held {when}when it was checked, or an "
            "ending listed before it always came first (endings are checked in file order). "
            "Loosen its 'when:' or move it up the list.")
    low = min(results, key=lambda r: r.war_rate)
    if max(r.war_rate for r in results) == 0:
        problems.append(
            f"{_at(c, 'tension')}No game ended in nuclear war under any of the {n} runs, even "
            "with hawks: escalation carries no risk. Raise the tension effects of escalating "
            "options or tension.incident_chance, or lower tension.relax.")
    elif low.war_rate > ALWAYS_WAR:
        problems.append(
            f"{_at(c, 'tension')}Every run ended in nuclear war more than {ALWAYS_WAR:.0%} of "
            f"the time (lowest: {percent(low.war_rate)} when {low.label}): no strategy avoids "
            "war. Lower the tension effects of options and incidents, raise tension.relax or "
            "lower tension.start.")
    seen: set[tuple[object, ...]] = set()
    for r in results:
        for side in [r.side] if r.side is not None else playable_sides(c):
            for path, message in depth_warnings(c, r.summary, side, r.policy):
                if path not in seen:  # an ending's first-turn problem once, not per run
                    seen.add(path if path[0] == "endings" else (*path, message))
                    problems.append(f"{_at(c, *path)}{message[0].upper()}{message[1:]}.")
    for ev in events:
        i = _event_model(c, ev.event)
        title = localize(c.model.events[i].title, lang)
        if all(o.chosen == 0 for o in ev.options):
            problems.append(
                f"{_at(c, 'events', i, 'id')}The event '{ev.event}' ({title}) never came up in "
                "any run: check its 'from:' and 'to:' window, its 'when:' condition and its "
                "options' 'requires:'. A side faces at most one event a turn, the first in file "
                "order that applies, so an earlier event may always take its place.")
            continue
        for k, o in enumerate(ev.options):
            key = f"{ev.event}.{o.option}"
            at = _at(c, "events", i, "options", k, "id")
            if o.dominates:
                problems.append(
                    f"{at}The option '{key}' dominates: in the best-scoring tenth of random games "
                    f"where '{ev.event}' came up ({ev.best_games} games), {ev.side} chose it "
                    f"{percent(o.best_share or 0)} of the time, against {percent(o.random_share)} "
                    "under random play. Make it costlier (tension, meters, a risky chance "
                    "outcome) or make the other options pay off.")
            elif o.chosen == 0 and o.ever_legal:
                problems.append(
                    f"{at}The option '{key}' was available but no policy ever chose it: give it a "
                    "clearer purpose (its effects) or an ai_bias, or remove it.")
            elif o.chosen == 0:
                notes.append(
                    f"{at}The option '{key}' was never available when '{ev.event}' came up: its "
                    "'requires:' never held (fine if it is meant for rare situations).")
    return problems, notes


def _event_model(c: Compiled, event: str) -> int:
    """Index in the model's events of the event with id `event`."""
    return [e.id for e in c.model.events].index(event)


# -- plain text -------------------------------------------------------------------------------
def _scores(s: Mapping[str, Any]) -> str:
    return ", ".join(f"{k} {v:+.2f}" for k, v in s["mean_scores"].items())


def _ending_rows(c: Compiled, s: Mapping[str, Any], lang: str) -> list[tuple[str, str, str]]:
    rows = []
    for e, share in sorted(s["endings"].items(), key=lambda kv: -kv[1]):
        lo, hi = s["endings_ci95"][e]
        rows.append((ending_title(c, e, lang), percent(share),
                     f"{lo * 100:.1f}–{hi * 100:.1f}%"))
    return rows


def format_balance(report: BalanceReport, lang: str = "en") -> str:
    """The balance check as plain lines for the terminal (screen-reader friendly)."""
    c = report.scenario
    n = len(report.results)
    out = [f"Balance of {localize(c.model.title, lang)} ({c.id}): {n} runs of {report.runs} "
           f"games each, seed {report.seed}.", "", "Overview: war rate and mean scores per run"]
    width = max(len(r.label) for r in report.results)
    for r in report.results:
        out.append(f"  {r.label:<{width}}  war {percent(r.war_rate):>6}  {_scores(r.summary)}")
    for i, r in enumerate(report.results, start=1):
        s = r.summary
        out += ["", f"Run {i} of {n}: {r.label}."]
        rows = _ending_rows(c, s, lang)
        w = max([len("ending"), *(len(t) for t, _, _ in rows)])
        out.append(f"  {'ending':<{w}}  {'share':>6}  95% interval")
        out += [f"  {t:<{w}}  {p:>6}  {ci}" for t, p, ci in rows]
        lo, hi = s["war_rate_ci95"]
        out.append(f"  war rate {percent(s['war_rate'])} (95% interval {lo * 100:.1f}–"
                   f"{hi * 100:.1f}%); mean length {s['mean_turns']:.1f} turns")
        out.append(f"  mean scores: {_scores(s)}")
    out += ["", "Option use with every side playing at random: the share of the times each "
            "event came up, overall and in the best-scoring tenth of those games for the side "
            "that decides; 'all runs' counts the choices in every run."]
    for ev in report.events:
        out.append(f"  {ev.event} ({ev.side}): came up {ev.came_up} times in {ev.games} games; "
                   f"best tenth {ev.best_games} games")
        names = [o.option + (" (historical)" if o.historical else "") for o in ev.options]
        w = max(len(x) for x in names)
        for o, name in zip(ev.options, names, strict=True):
            best = percent(o.best_share) if o.best_share is not None else "-"
            flag = "  DOMINATES" if o.dominates else ""
            out.append(f"    {name:<{w}}  {o.kind:<10} random {percent(o.random_share):>6}  "
                       f"best {best:>6}  all runs {o.chosen}{flag}")
    out += ["", f"Problems: {len(report.problems)}"]
    out += [f"  - {p}" for p in report.problems] or ["  none found"]
    if report.notes:
        out += ["", "Notes:"] + [f"  - {p}" for p in report.notes]
    return "\n".join(out)


# -- HTML ---------------------------------------------------------------------------------------
CSS = ("body{font-family:sans-serif;max-width:1100px;margin:1em auto;padding:0 1em;color:#111}"
       "table{border-collapse:collapse;margin:.5em 0 1em}"
       "td,th{border:1px solid #bbb;padding:2px 6px;text-align:right}"
       "td:first-child,th:first-child{text-align:left}"
       ".problems li{color:#8a2a00;margin:.3em 0}.dominates{font-weight:bold;color:#8a2a00}"
       "figure{display:inline-block;margin:.3em;vertical-align:top}"
       "figcaption{font-size:90%;color:#444}")


def _row(cells: list[str], head: bool = False) -> str:
    tag = "th" if head else "td"
    return "<tr>" + "".join(f"<{tag}>{x}</{tag}>" for x in cells) + "</tr>"


def _run_section(c: Compiled, i: int, r: Run, lang: str) -> str:
    s = r.summary
    e = html.escape
    bars = [Bar(ending_title(c, k, lang), v, *s["endings_ci95"][k])
            for k, v in sorted(s["endings"].items(), key=lambda kv: -kv[1])]
    path = tuple(s["mean_tension_by_turn"])
    labels = ["start", *(str(t) for t in range(1, len(path)))]
    lo, hi = s["war_rate_ci95"]
    return (f"<section><h3>Run {i}: {e(r.label)}</h3>"
            f"<p>War rate {percent(r.war_rate)} (95% interval {percent(lo)}–{percent(hi)}); mean "
            f"length {s['mean_turns']:.1f} turns; mean scores {e(_scores(s))}.</p>"
            f"<figure>{bar_chart(bars, f'Ending shares: {r.label}')}"
            "<figcaption>Ending shares, with 95% intervals</figcaption></figure>"
            f"<figure>{line_chart([Series('mean tension', path)], f'Tension: {r.label}', labels)}"
            "<figcaption>Mean tension at the end of each turn (games still going), DEFCON "
            "bands behind</figcaption></figure></section>")


def balance_html(report: BalanceReport, lang: str = "en") -> str:
    """The balance check as a self-contained HTML page (inline CSS and SVG, no scripts)."""
    c = report.scenario
    e = html.escape
    title = localize(c.model.title, lang)
    out = [f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8">'
           f"<title>Balance: {e(title)}</title><style>{CSS}</style></head><body>",
           f"<h1>Balance: {e(title)}</h1><p>Scenario <code>{e(c.id)}</code>: "
           f"{len(report.results)} runs of {report.runs} games each, seed {report.seed}.</p>",
           f"<h2>Problems ({len(report.problems)})</h2>"]
    items = "".join(f"<li>{e(p)}</li>" for p in report.problems)
    out.append(f'<ul class="problems">{items}</ul>' if items else "<p>None found.</p>")
    if report.notes:
        out.append("<h3>Notes</h3><ul>" + "".join(f"<li>{e(p)}</li>" for p in report.notes)
                   + "</ul>")
    ends = [x.id for x in c.endings
            if any(x.id in r.summary["endings"] for r in report.results)]
    out.append("<h2>Overview</h2><table>" + _row(
        ["run", "war rate", "mean scores", *(e(ending_title(c, x, lang)) for x in ends)], True))
    for r in report.results:
        shares = [percent(r.summary["endings"].get(x, 0.0)) for x in ends]
        out.append(_row([e(r.label), percent(r.war_rate), e(_scores(r.summary)), *shares]))
    out.append("</table><h2>Runs</h2>")
    out += [_run_section(c, i, r, lang) for i, r in enumerate(report.results, start=1)]
    out.append("<h2>Option use</h2><p>With every side playing at random: the share of the "
               "times each event came up, overall and in the best-scoring tenth of those games "
               "for the side that decides; the last column counts the choices in every run.</p>")
    for ev in report.events:
        m = c.model.events[_event_model(c, ev.event)]
        out.append(f"<h3>{e(localize(m.title, lang))} <code>{e(ev.event)}</code></h3>"
                   f"<p>Decided by {e(ev.side)}; came up {ev.came_up} times in {ev.games} games "
                   f"(best tenth: {ev.best_games} games).</p><table>"
                   + _row(["option", "kind", "historical", "random play", "best tenth",
                           "all runs"], True))
        for o, mo in zip(ev.options, m.options, strict=True):
            best = percent(o.best_share) if o.best_share is not None else "–"
            name = f"{e(localize(mo.text, lang))} <code>{e(o.option)}</code>"
            if o.dominates:
                name = f'<span class="dominates">{name} (dominates)</span>'
            out.append(_row([name, o.kind, "yes" if o.historical else "", percent(o.random_share),
                             best, str(o.chosen)]))
        out.append("</table>")
    out.append("</body></html>\n")
    return "\n".join(out)


def write_balance_html(report: BalanceReport, path: Path, lang: str = "en") -> None:
    """Write `balance_html(report, lang)` to `path` (UTF-8)."""
    Path(path).write_text(balance_html(report, lang), encoding="utf-8")
