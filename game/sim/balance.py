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
from game.i18n import N_, Translator
from game.narrate import KIND_LABELS
from game.scenario.problems import Msg
from game.scenario.tables import TIME_OUT, WAR, Compiled
from game.scenario.text import localize
from game.sim.batch import SimResult, simulate
from game.sim.policies import make_policy
from game.sim.stats import depth_warnings, summarize
from game.sim.svgchart import Bar, Series, bar_chart, line_chart

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
BUILTIN_TITLES = {WAR: N_("Nuclear war"), TIME_OUT: N_("Time ran out")}
#: How a standard policy is named in the reports.
STRATEGY = {"historical": N_("historical strategy"), "hawk": N_("hawk strategy"),
            "dove": N_("dove strategy"), "random": N_("random strategy"), "ai": N_("the AI")}


@dataclass(frozen=True)
class Run:
    """One batch run: `side` plays `policy` (every side when `side` is None) and its summary."""

    side: str | None
    policy: str
    summary: Mapping[str, Any]

    @property
    def label(self) -> str:
        """'us: hawk strategy; the other sides: the AI' or 'every side: random strategy'."""
        return self.label_in(Translator("en"))

    def label_in(self, t: Translator, names: Mapping[str, str] | None = None) -> str:
        """The label in `t`'s language, sides named by `names` (their ids otherwise)."""
        strategy = t(STRATEGY.get(self.policy, self.policy))
        if self.side is None:
            return t("every side: {strategy}", strategy=strategy)
        return t("{side}: {strategy}; the other sides: the AI",
                 side=(names or {}).get(self.side, self.side), strategy=strategy)

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
    problem_msgs: tuple[Msg, ...]
    note_msgs: tuple[Msg, ...]

    @property
    def problems(self) -> tuple[str, ...]:
        """The problems found, in English."""
        return tuple(str(p) for p in self.problem_msgs)

    @property
    def notes(self) -> tuple[str, ...]:
        """The notes, in English."""
        return tuple(str(p) for p in self.note_msgs)


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
    """An ending's title from the scenario (the built-in ones translated)."""
    end = c.endings[c.ending_index(ending)]
    if end.model_index >= 0:
        return localize(c.model.endings[end.model_index].title, lang)
    return Translator(lang)(BUILTIN_TITLES[ending]) if ending in BUILTIN_TITLES else ending




def _at(c: Compiled, *path: str | int) -> str:
    """'file:line: ' of a place in the scenario file, when the compiled scenario knows it."""
    if c.source is None:
        return ""
    line, _ = c.source.where(path, key=True)
    return f"{c.path}:{line}: "


class _Pct:
    """A share shown as a percentage in a message, in the message's language."""

    def __init__(self, share: float, digits: int | None = None) -> None:
        self.share = share
        self.digits = digits

    def render(self, t: Translator | None = None) -> str:
        t = t or Translator("en")
        return _percent(t, self.share) if self.digits is None else t.percent(self.share,
                                                                             self.digits)

    def __str__(self) -> str:
        return self.render()


def _percent(t: Translator, share: float) -> str:
    """One decimal, two below 1% so that rare cases do not read 0."""
    return t.percent(share, 2 if 0 < share < 0.01 else 1)


def _problems(c: Compiled, results: list[Run], events: tuple[EventUse, ...], lang: str
              ) -> tuple[list[Msg], list[Msg]]:
    problems: list[Msg] = []
    notes: list[Msg] = []
    n, games = len(results), results[0].summary["runs"]
    reached = {e for r in results for e in r.summary["endings"]}
    for end in c.endings:
        if end.id in reached or end.id == WAR or end.model_index < 0:
            continue
        problems.append(Msg(
            "{at}The ending '{id}' ({title}) was never reached in {n} runs of {games} games: "
            "its condition never held {when}when it was checked, or an ending listed before it "
            "always came first (endings are checked in file order). Loosen its 'when:' or move "
            "it up the list.", at=_at(c, "endings", end.model_index, "id"), id=end.id,
            title=ending_title(c, end.id, lang), n=n, games=games,
            when=Msg("after the last turn ") if end.at_end else ""))
    low = min(results, key=lambda r: r.war_rate)
    if max(r.war_rate for r in results) == 0:
        problems.append(Msg(
            "{at}No game ended in nuclear war under any of the {n} runs, even with hawks: "
            "escalation carries no risk. Raise the tension effects of escalating options or "
            "tension.incident_chance, or lower tension.relax.", at=_at(c, "tension"), n=n))
    elif low.war_rate > ALWAYS_WAR:
        problems.append(Msg(
            "{at}Every run ended in nuclear war more than {limit} of the time (lowest: {low} "
            "when {run}): no strategy avoids war. Lower the tension effects of options and "
            "incidents, raise tension.relax or lower tension.start.", at=_at(c, "tension"),
            limit=_Pct(ALWAYS_WAR, 0), low=_Pct(low.war_rate), run=_RunLabel(low)))
    seen: set[tuple[object, ...]] = set()
    for r in results:
        for side in [r.side] if r.side is not None else playable_sides(c):
            for path, message in depth_warnings(c, r.summary, side, r.policy):
                key = path if path[0] == "endings" else (*path, str(message))
                if key not in seen:  # an ending's first-turn problem once, not per run
                    seen.add(key)
                    problems.append(Msg("{at}{message}.", at=_at(c, *path),
                                        message=_Capital(message)))
    playable = set(playable_sides(c))
    for ev in events:
        i = _event_model(c, ev.event)
        title = localize(c.model.events[i].title, lang)
        if all(o.chosen == 0 for o in ev.options):
            problems.append(Msg(
                "{at}The event '{id}' ({title}) never came up in any run: check its 'from:' "
                "and 'to:' window, its 'when:' condition and its options' 'requires:'. A side "
                "faces at most one event a turn, the first in file order that applies, so an "
                "earlier event may always take its place.", at=_at(c, "events", i, "id"),
                id=ev.event, title=title))
            continue
        for k, o in enumerate(ev.options):
            key = f"{ev.event}.{o.option}"
            at = _at(c, "events", i, "options", k, "id")
            if o.dominates:
                msg = Msg(
                    "{at}The option '{key}' dominates: in the best-scoring tenth of random "
                    "games where '{event}' came up ({games} games), {side} chose it {best} of "
                    "the time, against {random} under random play. Make it costlier (tension, "
                    "meters, a risky chance outcome) or make the other options pay off.",
                    at=at, key=key, event=ev.event, games=ev.best_games, side=ev.side,
                    best=_Pct(o.best_share or 0), random=_Pct(o.random_share))
                if ev.side in playable:
                    problems.append(msg)
                else:  # the computer plays it: no student ever faces the choice
                    notes.append(msg + Msg(" ({side} is played by the computer: students "
                                           "never face this choice.)", side=ev.side))
            elif o.chosen == 0 and o.ever_legal:
                problems.append(Msg(
                    "{at}The option '{key}' was available but no policy ever chose it: give it "
                    "a clearer purpose (its effects) or an ai_bias, or remove it.", at=at,
                    key=key))
            elif o.chosen == 0:
                notes.append(Msg(
                    "{at}The option '{key}' was never available when '{event}' came up: its "
                    "'requires:' never held (fine if it is meant for rare situations).", at=at,
                    key=key, event=ev.event))
    return problems, notes


class _Capital:
    """A message starting with a capital letter, in whatever language it is shown."""

    def __init__(self, msg: Msg) -> None:
        self.msg = msg

    def render(self, t: Translator | None = None) -> str:
        text = self.msg.render(t)
        return text[:1].upper() + text[1:]

    def __str__(self) -> str:
        return self.render()


class _RunLabel:
    """A run's label in a message, in the message's language."""

    def __init__(self, run: Run) -> None:
        self.run = run

    def render(self, t: Translator | None = None) -> str:
        return self.run.label_in(t or Translator("en"))

    def __str__(self) -> str:
        return self.render()


def _event_model(c: Compiled, event: str) -> int:
    """Index in the model's events of the event with id `event`."""
    return [e.id for e in c.model.events].index(event)


# -- plain text -------------------------------------------------------------------------------
class _Words:
    """The reports' words in one language: labels, numbers, side names, run labels."""

    def __init__(self, c: Compiled, lang: str) -> None:
        self.c = c
        self.lang = lang
        self.t = Translator(lang)
        self.names = {s.id: localize(s.name, lang) for s in c.model.sides}

    def label(self, r: Run) -> str:
        """A run's label, sides by their names."""
        return r.label_in(self.t, self.names)

    def pc(self, share: float) -> str:
        """A share as a percentage."""
        return _percent(self.t, share)

    def span(self, lo: float, hi: float) -> str:
        """A 95% interval: '12.0–14.5%'."""
        return f"{self.t.number(lo * 100, 1)}–{self.t.percent(hi, 1)}"

    def scores(self, s: Mapping[str, Any]) -> str:
        """Mean scores, each side by its name."""
        return ", ".join(f"{self.names.get(k, k)} {self.t.signed(v, 2)}"
                         for k, v in s["mean_scores"].items())

    def kind(self, kind: str) -> str:
        """An option's kind, as the game names it."""
        return self.t(KIND_LABELS[kind]) if kind in KIND_LABELS else kind




def _ending_rows(w: _Words, s: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    rows = []
    for e, share in sorted(s["endings"].items(), key=lambda kv: -kv[1]):
        lo, hi = s["endings_ci95"][e]
        rows.append((ending_title(w.c, e, w.lang), w.pc(share), w.span(lo, hi)))
    return rows


def format_balance(report: BalanceReport, lang: str = "en") -> str:
    """The balance check as plain lines for the terminal (screen-reader friendly)."""
    c = report.scenario
    w = _Words(c, lang)
    t = w.t
    n = len(report.results)
    out = [t("Balance of {title} ({id}): {n} runs of {games} games each, seed {seed}.",
             title=localize(c.model.title, lang), id=c.id, n=n, games=t.integer(report.runs),
             seed=report.seed), "", t("Overview: war rate and mean scores per run")]
    labels = [w.label(r) for r in report.results]
    width = max(len(x) for x in labels)
    for r, label in zip(report.results, labels, strict=True):
        out.append(f"  {label:<{width}}  {t('war')} {w.pc(r.war_rate):>7}  {w.scores(r.summary)}")
    for i, (r, label) in enumerate(zip(report.results, labels, strict=True), start=1):
        s = r.summary
        out += ["", t("Run {i} of {n}: {label}.", i=i, n=n, label=label)]
        rows = _ending_rows(w, s)
        head = (t("ending"), t("share"), t("95% interval"))
        k = max([len(head[0]), *(len(x) for x, _, _ in rows)])
        out.append(f"  {head[0]:<{k}}  {head[1]:>7}  {head[2]}")
        out += [f"  {x:<{k}}  {p:>7}  {ci}" for x, p, ci in rows]
        lo, hi = s["war_rate_ci95"]
        out.append("  " + t("war rate {rate} (95% interval {interval}); mean length {turns} "
                            "turns", rate=w.pc(s["war_rate"]), interval=w.span(lo, hi),
                            turns=t.number(s["mean_turns"], 1)))
        out.append("  " + t("mean scores: {scores}", scores=w.scores(s)))
    out += ["", t("Option use with every side playing at random: the share of the times each "
                  "event came up, overall and in the best-scoring tenth of those games for the "
                  "side that decides; 'all runs' counts the choices in every run.")]
    hist = t("(historical)")
    for ev in report.events:
        out.append("  " + t("{event} ({side}): came up {times} times in {games} games; best "
                            "tenth {best} games", event=ev.event, side=w.names.get(ev.side,
                                                                                   ev.side),
                            times=t.integer(ev.came_up), games=t.integer(ev.games),
                            best=t.integer(ev.best_games)))
        names = [o.option + (f" {hist}" if o.historical else "") for o in ev.options]
        k = max(len(x) for x in names)
        for o, name in zip(ev.options, names, strict=True):
            best = w.pc(o.best_share) if o.best_share is not None else "-"
            flag = "  " + t("DOMINATES") if o.dominates else ""
            out.append(f"    {name:<{k}}  {w.kind(o.kind):<10} {t('random')} "
                       f"{w.pc(o.random_share):>7}  {t('best')} {best:>7}  {t('all runs')} "
                       f"{t.integer(o.chosen)}{flag}")
    out += ["", t("Problems: {n}", n=len(report.problem_msgs))]
    out += [f"  - {p.render(t)}" for p in report.problem_msgs] or ["  " + t("none found")]
    if report.note_msgs:
        out += ["", t("Notes:")] + [f"  - {p.render(t)}" for p in report.note_msgs]
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


def _run_section(w: _Words, i: int, r: Run) -> str:
    s = r.summary
    e = html.escape
    t = w.t
    label = w.label(r)
    bars = [Bar(ending_title(w.c, k, w.lang), v, *s["endings_ci95"][k])
            for k, v in sorted(s["endings"].items(), key=lambda kv: -kv[1])]
    path = tuple(s["mean_tension_by_turn"])
    labels = [t("start"), *(str(k) for k in range(1, len(path)))]
    lo, hi = s["war_rate_ci95"]
    figures = t("War rate {rate} (95% interval {interval}); mean length {turns} turns; mean "
                "scores {scores}.", rate=w.pc(r.war_rate), interval=w.span(lo, hi),
                turns=t.number(s["mean_turns"], 1), scores=w.scores(s))
    tension = line_chart([Series(t("mean tension"), path)],
                         t("Tension: {label}", label=label), labels)
    caption = t("Mean tension at the end of each turn (games still going), DEFCON bands "
                "behind")
    return (f"<section><h3>{e(t('Run {i}: {label}', i=i, label=label))}</h3>"
            f"<p>{e(figures)}</p>"
            f"<figure>{bar_chart(bars, t('Ending shares: {label}', label=label), fmt=w.pc)}"
            f"<figcaption>{e(t('Ending shares, with 95% intervals'))}</figcaption></figure>"
            f"<figure>{tension}<figcaption>{e(caption)}</figcaption></figure></section>")


def balance_html(report: BalanceReport, lang: str = "en") -> str:
    """The balance check as a self-contained HTML page (inline CSS and SVG, no scripts)."""
    c = report.scenario
    e = html.escape
    w = _Words(c, lang)
    t = w.t
    title = localize(c.model.title, lang)
    out = [f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8">'
           f"<title>{e(t('Balance: {title}', title=title))}</title><style>{CSS}</style>"
           f"</head><body>",
           f"<h1>{e(t('Balance: {title}', title=title))}</h1><p>"
           + e(t("Scenario {id}: {n} runs of {games} games each, seed {seed}.", id=c.id,
                 n=len(report.results), games=t.integer(report.runs), seed=report.seed))
           + "</p>",
           f"<h2>{e(t('Problems ({n})', n=len(report.problem_msgs)))}</h2>"]
    items = "".join(f"<li>{e(p.render(t))}</li>" for p in report.problem_msgs)
    out.append(f'<ul class="problems">{items}</ul>' if items
               else f"<p>{e(t('None found.'))}</p>")
    if report.note_msgs:
        out.append(f"<h3>{e(t('Notes'))}</h3><ul>" + "".join(
            f"<li>{e(p.render(t))}</li>" for p in report.note_msgs) + "</ul>")
    ends = [x.id for x in c.endings
            if any(x.id in r.summary["endings"] for r in report.results)]
    out.append(f"<h2>{e(t('Overview'))}</h2><table>" + _row(
        [e(t("run")), e(t("war rate")), e(t("mean scores")),
         *(e(ending_title(c, x, lang)) for x in ends)], True))
    for r in report.results:
        shares = [w.pc(r.summary["endings"].get(x, 0.0)) for x in ends]
        out.append(_row([e(w.label(r)), w.pc(r.war_rate), e(w.scores(r.summary)), *shares]))
    out.append(f"</table><h2>{e(t('Runs'))}</h2>")
    out += [_run_section(w, i, r) for i, r in enumerate(report.results, start=1)]
    out.append(f"<h2>{e(t('Option use'))}</h2><p>" + e(t(
        "With every side playing at random: the share of the times each event came up, "
        "overall and in the best-scoring tenth of those games for the side that decides; the "
        "last column counts the choices in every run.")) + "</p>")
    for ev in report.events:
        m = c.model.events[_event_model(c, ev.event)]
        out.append(f"<h3>{e(localize(m.title, lang))} <code>{e(ev.event)}</code></h3><p>"
                   + e(t("Decided by {side}; came up {times} times in {games} games (best "
                         "tenth: {best} games).", side=w.names.get(ev.side, ev.side),
                         times=t.integer(ev.came_up), games=t.integer(ev.games),
                         best=t.integer(ev.best_games)))
                   + "</p><table>"
                   + _row([e(t(x)) for x in (N_("option"), N_("kind"), N_("historical"),
                                             N_("random play"), N_("best tenth"),
                                             N_("all runs"))], True))
        for o, mo in zip(ev.options, m.options, strict=True):
            best = w.pc(o.best_share) if o.best_share is not None else "–"
            name = f"{e(localize(mo.text, lang))} <code>{e(o.option)}</code>"
            if o.dominates:
                name = f'<span class="dominates">{name} ({e(t("dominates"))})</span>'
            out.append(_row([name, e(w.kind(o.kind)), e(t("yes")) if o.historical else "",
                             w.pc(o.random_share), best, t.integer(o.chosen)]))
        out.append("</table>")
    out.append("</body></html>\n")
    return "\n".join(out)


def write_balance_html(report: BalanceReport, path: Path, lang: str = "en") -> None:
    """Write `balance_html(report, lang)` to `path` (UTF-8)."""
    Path(path).write_text(balance_html(report, lang), encoding="utf-8")
