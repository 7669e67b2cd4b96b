"""Class report: what a class did in a scenario, from a folder of students' saves.

Reads the `*.json` files directly in the folder (not in sub-folders) and rebuilds each game
from its scenario, found by id among the files given, the `.yaml` files in the folder and the
shipped scenarios (named after their ids); the save's recorded path is not used (it names a
file on the student's machine). When several versions of a scenario are found, the one most of
its saves were played with is used; a save of another version is kept, marked, with the
choices that still apply. Then it sums up endings, war rate, each decision against history and
each student's path. Bad or foreign files are listed and skipped; identical copies of a save
count once. The labels are in English; scenario text, dates and built-in ending names follow
`lang`.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from game.engine.game import Game
from game.files import printable, shown
from game.i18n import Translator
from game.narrate import Narrator
from game.resources import shipped_scenarios
from game.saves import SaveData, SaveError, read_save, restore
from game.scenario import check_file, localize
from game.scenario.tables import WAR, Compiled
from game.sim.svgchart import Bar, Series, bar_chart, line_chart, percent

SCENARIO_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Skipped:
    """A file that was not used, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class Step:
    """One decision a student took: on `turn` (from 1), `side` chose `option` in `event`."""

    turn: int
    date: dt.date
    side: str
    event: str
    option: str
    historical: bool


@dataclass(frozen=True)
class StudentGame:
    """One student's game as rebuilt from their save."""

    file: str
    sides: tuple[str, ...]
    seed: int
    ending: str | None
    turn: int
    steps: tuple[Step, ...]
    path: tuple[float, ...]
    final_tension: float
    peak_tension: float
    scores: tuple[tuple[str, float], ...]
    applied: int
    total: int
    scenario_changed: bool

    @property
    def finished(self) -> bool:
        """Whether the game reached an ending."""
        return self.ending is not None


@dataclass(frozen=True)
class OptionTally:
    """How many times students chose an option."""

    option: str
    historical: bool
    count: int


@dataclass(frozen=True)
class DecisionTally:
    """An event students faced: how many students, how many decisions, each option's count."""

    event: str
    side: str
    students: int
    decisions: int
    options: tuple[OptionTally, ...]

    @property
    def historical_share(self) -> float | None:
        """Share of the decisions that followed history (None if no option is historical)."""
        if not any(o.historical for o in self.options) or not self.decisions:
            return None
        return sum(o.count for o in self.options if o.historical) / self.decisions


@dataclass(frozen=True)
class ScenarioSummary:
    """The games of one scenario and their sums."""

    scenario: Compiled
    games: tuple[StudentGame, ...]
    decisions: tuple[DecisionTally, ...]

    @property
    def finished(self) -> int:
        """How many games reached an ending."""
        return sum(g.finished for g in self.games)

    @property
    def endings(self) -> tuple[tuple[str, int], ...]:
        """(ending id, games) for every ending reached, most frequent first."""
        counts = Counter(g.ending for g in self.games if g.ending is not None)
        return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    @property
    def wars(self) -> int:
        """How many games ended in nuclear war."""
        return sum(g.ending == WAR for g in self.games)

    @property
    def war_rate(self) -> float | None:
        """Share of finished games that ended in nuclear war (None if none finished)."""
        return self.wars / self.finished if self.finished else None


@dataclass(frozen=True)
class ClassReport:
    """Everything found in a folder of saves."""

    folder: Path
    scenarios: tuple[ScenarioSummary, ...]
    skipped: tuple[Skipped, ...]

    @property
    def games(self) -> int:
        """How many games were read."""
        return sum(len(s.games) for s in self.scenarios)


class _Scenarios:
    """Scenarios by id: given and folder files (checked at once), shipped ones on demand."""

    def __init__(self, files: Iterable[Path], skipped: list[Skipped]) -> None:
        self.loaded: list[Compiled] = []
        for path in files:
            compiled, problems = check_file(path)
            if compiled is None:
                first = next((p for p in problems if p.is_error), None)
                skipped.append(Skipped(printable(path.name), "not a usable scenario file" + (
                    f" ({first.message}, line {first.line})" if first else "")))
            else:
                self.loaded.append(compiled)

    def candidates(self, scenario_id: str) -> list[Compiled]:
        """Every version found of a scenario, given and folder files first."""
        found = [c for c in self.loaded if c.id == scenario_id]
        for path in shipped_scenarios():  # named after their ids, as find_scenario_file expects
            if path.stem == scenario_id:
                c = check_file(path)[0]
                if c is not None and c.id == scenario_id:
                    found.append(c)
        return found


def _peak(game: Game) -> float:
    outcome = game.outcome()
    if outcome is not None:
        return outcome.peak_tension
    return max([*game.tension_path, *(r.tension for r in game.history), game.tension])


def _student_game(name: str, data: SaveData, c: Compiled) -> StudentGame:
    r = restore(data, c)
    game = r.game
    steps = []
    for rec in game.history:
        if rec.kind == "decision" and rec.by == "human":
            g = c.option_index(rec.event or "", rec.option or "")
            steps.append(Step(rec.turn, c.dates[rec.turn - 1], rec.side or "", rec.event or "",
                              rec.option or "", c.options[g].historical))
    outcome = game.outcome()
    return StudentGame(
        name, game.humans, data.seed, outcome.ending if outcome else None, game.turn,
        tuple(steps), tuple(game.tension_path), game.tension, _peak(game),
        tuple(outcome.scores.items()) if outcome else (), r.applied, r.total,
        r.scenario_changed)


def _tallies(c: Compiled, games: tuple[StudentGame, ...]) -> tuple[DecisionTally, ...]:
    out = []
    for ev in c.events:
        picks = [(g.file, s.option) for g in games for s in g.steps if s.event == ev.id]
        if not picks:
            continue
        counts = Counter(option for _, option in picks)
        opts = tuple(OptionTally(c.options[i].id, c.options[i].historical,
                                 counts.get(c.options[i].id, 0)) for i in ev.options)
        out.append(DecisionTally(ev.id, c.sides[ev.side], len({f for f, _ in picks}),
                                 len(picks), opts))
    return tuple(out)


def class_report(folder: Path, scenarios: list[Path] | None = None) -> ClassReport:
    """Read the saves in `folder` (not its sub-folders) and sum them up per scenario.

    FileNotFoundError if the folder does not exist, NotADirectoryError if it is a file.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"{folder}: not a folder (give the folder holding the "
                                 "students' saved games)")
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder (give the folder holding the "
                                "students' saved games)")
    skipped: list[Skipped] = []
    entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    yaml_files = [p for p in entries if p.suffix.lower() in SCENARIO_SUFFIXES and p.is_file()]
    known = _Scenarios([*(Path(p) for p in scenarios or []), *yaml_files], skipped)
    saves: dict[str, list[tuple[str, SaveData]]] = {}
    seen: dict[SaveData, str] = {}
    for path in entries:
        if path in yaml_files:
            continue
        data, reason = _read_one(path, seen)
        if data is None:
            skipped.append(Skipped(printable(path.name), reason))
        else:
            saves.setdefault(data.scenario_id, []).append((printable(path.name), data))
    summaries = []
    for sid in sorted(saves):
        found = known.candidates(sid)
        if not found:
            skipped += [Skipped(name, f"its scenario '{sid}' was not found: put the scenario "
                                      "file in the folder or give it with --scenario")
                        for name, _ in saves[sid]]
            continue
        # The version most of these saves were played with.
        c = max(found, key=lambda x: sum(d.scenario_sha256 == x.sha256 for _, d in saves[sid]))
        games = []
        for name, data in saves[sid]:
            try:
                games.append(_student_game(name, data, c))
            except (SaveError, ValueError) as exc:
                skipped.append(Skipped(name, str(exc)))
        if games:
            summaries.append(ScenarioSummary(c, tuple(games), _tallies(c, tuple(games))))
    return ClassReport(folder, tuple(summaries), tuple(sorted(skipped, key=lambda x: x.name)))


def _read_one(path: Path, seen: dict[SaveData, str]) -> tuple[SaveData | None, str]:
    """The save in one file, or None and the reason it is skipped."""
    if path.is_dir():
        return None, "a folder (only the files directly in the folder are read)"
    if not path.is_file():
        return None, "not a regular file"
    if path.suffix.lower() != ".json":
        return None, "not a saved game (saves are .json files)"
    try:
        data = read_save(path)
    except SaveError as exc:
        return None, str(exc).removeprefix(f"{shown(path)}: ")
    if data in seen:
        return None, f"the same save as {seen[data]}"
    seen[data] = printable(path.name)
    if not data.humans:
        return None, "no side is played by a person in this game"
    return data, ""


# -- output -------------------------------------------------------------------------------------
class _Words:
    """Scenario text, dates and ending names of one scenario in one language."""

    def __init__(self, c: Compiled, lang: str) -> None:
        self.c = c
        self.lang = lang
        self.n = Narrator(c, Translator(lang))

    def title(self) -> str:
        """The scenario's title."""
        return localize(self.c.model.title, self.lang)

    def side(self, side: str) -> str:
        """A side's name."""
        return self.n.side_name(side)

    def event(self, event: str) -> str:
        """An event's title."""
        i = [e.id for e in self.c.events].index(event)
        return localize(self.c.model.events[i].title, self.lang)

    def option(self, event: str, option: str) -> str:
        """An option's text."""
        o = self.c.options[self.c.option_index(event, option)]
        return localize(self.c.model.events[o.event].options[o.local].text, self.lang)

    def ending(self, ending: str) -> str:
        """An ending's title (built-in ones translated)."""
        return self.n.ending(ending)[0]

    def date(self, day: dt.date) -> str:
        """A date written out."""
        return self.n.t.date(day)

    def state(self, g: StudentGame) -> str:
        """'ending: A deal (turn 3)' or 'unfinished, turn 2'."""
        if g.ending is None:
            return f"unfinished, turn {g.turn}"
        return f"ending: {self.ending(g.ending)} (turn {g.turn})"

    def figures(self, g: StudentGame) -> str:
        """Tension, scores and version of a student's game, in one phrase."""
        when = "final tension" if g.finished else "tension when saved"
        text = f"{when} {g.final_tension:.0f}, peak {g.peak_tension:.0f}"
        scores = dict(g.scores)
        if scores:
            text += "; score " + ", ".join(f"{self.side(s)} {scores[s]:+.1f}" for s in g.sides)
        if g.scenario_changed:
            text += (f"; played with another version of the scenario: {g.applied} of "
                     f"{g.total} choices still apply")
        return text


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _share(k: int, n: int) -> str:
    return f"{k} of {n} ({percent(k / n)})" if n else f"{k} of {n}"


def format_class_report(report: ClassReport, lang: str = "en") -> str:
    """The class report as plain lines (screen-reader friendly)."""
    out = [f"Class report for {printable(report.folder)}: {_count(report.games, 'game')} read, "
           f"{_count(len(report.skipped), 'file')} skipped."]
    for s in report.scenarios:
        w = _Words(s.scenario, lang)
        n, done = len(s.games), s.finished
        out += ["", f"{w.title()} ({s.scenario.id})",
                f"  {_count(n, 'game')}: {done} finished, {n - done} unfinished"]
        changed = sum(g.scenario_changed for g in s.games)
        if changed:
            out.append(f"  {changed} of them were played with another version of the scenario:"
                       " only the choices that still apply are counted.")
        out.append("  endings reached:")
        out += [f"    {w.ending(e)}: {_share(k, done)}" for e, k in s.endings] or ["    none"]
        out.append(f"  war rate: {_share(s.wars, done)} finished games")
        out.append("  decisions, against history:")
        for d in s.decisions:
            out.append(f"    {w.event(d.event)} ({d.event}), decided by {w.side(d.side)}: "
                       f"{_count(d.students, 'student')}, {_count(d.decisions, 'decision')}")
            for o in d.options:
                mark = " (historical)" if o.historical else ""
                out.append(f"      {w.option(d.event, o.option)}{mark}: {o.count}")
            if d.historical_share is not None:
                k = sum(o.count for o in d.options if o.historical)
                out.append(f"      as in history: {_share(k, d.decisions)}")
        out.append("  students' paths:")
        for g in s.games:
            sides = ", ".join(w.side(x) for x in g.sides)
            out.append(f"    {g.file}: {sides}; {w.state(g)}; {w.figures(g)}")
            for st in g.steps:
                mark = " (historical)" if st.historical else ""
                out.append(f"      {w.date(st.date)}: {w.event(st.event)}: "
                           f"{w.option(st.event, st.option)}{mark}")
    if report.skipped:
        out += ["", "Files skipped:"] + [f"  skipped: {x.name} — {x.reason}"
                                         for x in report.skipped]
    return "\n".join(out)


CSS = ("body{font-family:sans-serif;max-width:1000px;margin:1em auto;padding:0 1em;color:#111}"
       "table{border-collapse:collapse;margin:.5em 0 1em}"
       "td,th{border:1px solid #bbb;padding:2px 6px;text-align:left}"
       ".hist{font-weight:bold}.skipped li{color:#8a2a00}figure{margin:.5em 0}"
       "figcaption{font-size:90%;color:#444}")


def _scenario_html(s: ScenarioSummary, lang: str) -> list[str]:
    e = html.escape
    w = _Words(s.scenario, lang)
    n, done = len(s.games), s.finished
    out = [f"<h2>{e(w.title())} <code>{e(s.scenario.id)}</code></h2>",
           f"<p>{_count(n, 'game')}: {done} finished, {n - done} unfinished. War rate: "
           f"{e(_share(s.wars, done))} finished games.</p>"]
    changed = sum(g.scenario_changed for g in s.games)
    if changed:
        out.append(f"<p>{changed} of them were played with another version of the scenario: "
                   "only the choices that still apply are counted.</p>")
    if done:
        bars = [Bar(w.ending(x), k / done) for x, k in s.endings]
        out.append(f"<figure>{bar_chart(bars, 'Endings reached')}<figcaption>Endings reached, "
                   "share of the finished games</figcaption></figure>")
    labels = ["start", *(str(t) for t in range(1, s.scenario.n_turns + 1))]
    lines = [Series(g.file, tuple(g.path) + (None,) * (len(labels) - len(g.path)), width=1.5)
             for g in s.games]
    out.append(f"<figure>{line_chart(lines, 'Tension in each game', labels)}<figcaption>Tension"
               " at the end of each turn, one line per game, DEFCON bands behind</figcaption>"
               "</figure><h3>Decisions, against history</h3>")
    for d in s.decisions:
        out.append(f"<h4>{e(w.event(d.event))} <code>{e(d.event)}</code></h4><p>Decided by "
                   f"{e(w.side(d.side))}: {_count(d.students, 'student')}, "
                   f"{_count(d.decisions, 'decision')}"
                   + (f"; as in history: {percent(d.historical_share)}"
                      if d.historical_share is not None else "")
                   + ".</p><table><tr><th>option</th><th>chosen</th><th>history</th></tr>")
        for o in d.options:
            cls = ' class="hist"' if o.historical else ""
            out.append(f"<tr{cls}><td>{e(w.option(d.event, o.option))}</td><td>{o.count}</td>"
                       f"<td>{'what happened' if o.historical else ''}</td></tr>")
        out.append("</table>")
    out.append("<h3>Each student's path</h3>")
    for g in s.games:
        sides = ", ".join(w.side(x) for x in g.sides)
        out.append(f"<h4>{e(g.file)}</h4><p>{e(sides)}; {e(w.state(g))}; {e(w.figures(g))}"
                   ".</p><ol>")
        out += [f"<li>{e(w.date(st.date))}: {e(w.event(st.event))}: "
                f"{e(w.option(st.event, st.option))}{' (historical)' if st.historical else ''}"
                "</li>" for st in g.steps]
        out.append("</ol>")
    return out


def class_report_html(report: ClassReport, lang: str = "en") -> str:
    """The class report as a self-contained HTML page (inline CSS and SVG, no scripts)."""
    e = html.escape
    out = [f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8">'
           f"<title>Class report</title><style>{CSS}</style></head><body>",
           f"<h1>Class report</h1><p>{e(printable(report.folder))}: {_count(report.games, 'game')} "
           f"read, {_count(len(report.skipped), 'file')} skipped.</p>"]
    for s in report.scenarios:
        out += _scenario_html(s, lang)
    if report.skipped:
        out.append('<h2>Files skipped</h2><ul class="skipped">' + "".join(
            f"<li>skipped: {e(x.name)} — {e(x.reason)}</li>" for x in report.skipped) + "</ul>")
    out.append("</body></html>\n")
    return "\n".join(out)


def write_class_report(report: ClassReport, path: Path, lang: str = "en") -> None:
    """Write the report to `path`: HTML for .html or .htm, plain text otherwise (UTF-8)."""
    path = Path(path)
    html_out = path.suffix.lower() in (".html", ".htm")
    text = class_report_html(report, lang) if html_out else format_class_report(report, lang)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
