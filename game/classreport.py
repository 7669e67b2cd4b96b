"""Class report: what a class did in a scenario, from a folder of students' saves.

Reads the `*.json` files directly in the folder (not in sub-folders) and rebuilds each game
from its scenario. A scenario given with --scenario is used for the games of its id. Otherwise
the report looks, by id, at the `.yaml` files in the folder, at the file each save recorded
(a regular `.yaml` file only: it usually names a file on the student's machine) and at the
shipped scenarios (named after their ids); when several versions are found, the one most of
its saves were played with is used, and a save of another version is kept, marked, with the
choices that still apply. Then it sums up endings, war rate, each decision against history and
each student's path, students named by the name they typed (else their file). Bad or foreign
files are listed and skipped; identical copies of a save count once. Everything is written in
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
from game.files import is_regular_file, printable, shown
from game.i18n import N_, Translator
from game.narrate import Narrator
from game.resources import shipped_scenario
from game.saves import SaveData, SaveError, read_save, restore
from game.scenario import check_file, localize
from game.scenario.problems import Msg
from game.scenario.tables import WAR, Compiled
from game.sim.svgchart import Bar, Series, bar_chart, line_chart

SCENARIO_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Skipped:
    """A file that was not used, and why (`why` is the reason to translate, when known)."""

    name: str
    reason: str
    why: Msg | None = None

    def text(self, t: Translator | None = None) -> str:
        """The reason, in `t`'s language."""
        return self.why.render(t) if self.why is not None and t is not None else self.reason


def _skip(name: str, why: Msg) -> Skipped:
    return Skipped(name, str(why), why)


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
    player: str | None
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

    @property
    def name(self) -> str:
        """The student's name as typed, else the file's name."""
        return self.player or self.file


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
    """Scenarios by id: given files and folder files (checked at once), the files saves
    recorded and the shipped ones (checked when a save asks for them)."""

    def __init__(self, given: Iterable[Path], folder: Iterable[Path],
                 skipped: list[Skipped]) -> None:
        self.given = self._load(given, skipped)
        self.folder = self._load(folder, skipped)
        self.seen: dict[Path, Compiled | None] = {}

    @staticmethod
    def _load(files: Iterable[Path], skipped: list[Skipped]) -> list[Compiled]:
        out = []
        for path in files:
            compiled, problems = check_file(path)
            if compiled is None:
                first = next((p for p in problems if p.is_error), None)
                why = Msg("not a usable scenario file")
                if first is not None:
                    why = Msg("not a usable scenario file ({message}, line {line})",
                              message=first.msg or first.message, line=first.line)
                skipped.append(_skip(printable(path.name), why))
            else:
                out.append(compiled)
        return out

    def _file(self, path: Path) -> Compiled | None:
        """A scenario file found on the way (a recorded path, a shipped file), checked once."""
        key = path.resolve()
        if key not in self.seen:
            self.seen[key] = check_file(path)[0]
        return self.seen[key]

    def candidates(self, scenario_id: str, saves: list[SaveData]) -> list[Compiled]:
        """Every version found of a scenario: the given files alone when one has this id;
        else the folder's, the recorded files of `saves`, and the shipped one, in that order."""
        given = [c for c in self.given if c.id == scenario_id]
        if given:
            return given
        found = [c for c in self.folder if c.id == scenario_id]
        for data in saves:
            recorded = Path(data.scenario_path)
            if recorded.suffix.lower() in SCENARIO_SUFFIXES and is_regular_file(recorded):
                found.append(self._file(recorded))  # type: ignore[arg-type]
        shipped = shipped_scenario(scenario_id)
        if shipped is not None:
            found.append(self._file(shipped))  # type: ignore[arg-type]
        unique: dict[str, Compiled] = {}
        for c in found:
            if c is not None and c.id == scenario_id:
                unique.setdefault(c.sha256, c)
        return list(unique.values())


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
        name, data.player, game.humans, data.seed, outcome.ending if outcome else None, game.turn,
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
        raise _FolderError(NotADirectoryError, Msg(
            "{folder}: not a folder (give the folder holding the students' saved games)",
            folder=printable(folder)))
    if not folder.is_dir():
        raise _FolderError(FileNotFoundError, Msg(
            "{folder}: no such folder (give the folder holding the students' saved games)",
            folder=printable(folder)))
    skipped: list[Skipped] = []
    entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    yaml_files = [p for p in entries if p.suffix.lower() in SCENARIO_SUFFIXES and p.is_file()]
    known = _Scenarios([Path(p) for p in scenarios or []], yaml_files, skipped)
    saves: dict[str, list[tuple[str, SaveData]]] = {}
    seen: dict[SaveData, str] = {}
    for path in entries:
        if path in yaml_files:
            continue
        data, reason = _read_one(path, seen)
        if reason is not None:
            skipped.append(reason)
        elif data is not None:
            saves.setdefault(data.scenario_id, []).append((printable(path.name), data))
    summaries = []
    for sid in sorted(saves):
        found = known.candidates(sid, [d for _, d in saves[sid]])
        if not found:
            skipped += [_skip(name, Msg("its scenario '{id}' was not found: put the scenario "
                                        "file in the folder or give it with --scenario",
                                        id=sid))
                        for name, _ in saves[sid]]
            continue
        # The version most of these saves were played with (the first found on a tie).
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


def _FolderError(kind: type[OSError], msg: Msg) -> OSError:
    """An OSError of `kind` whose message can be translated (`msg`)."""
    exc = kind(str(msg))
    exc.msg = msg  # type: ignore[attr-defined]
    return exc


def _read_one(path: Path, seen: dict[SaveData, str]) -> tuple[SaveData | None,
                                                              Skipped | None]:
    """The save in one file, or None and why it is skipped."""
    name = printable(path.name)
    if path.is_dir():
        return None, _skip(name, Msg("a folder (only the files directly in the folder are read)"))
    if not path.is_file():
        return None, _skip(name, Msg("not a regular file"))
    if path.suffix.lower() != ".json":
        return None, _skip(name, Msg("not a saved game (saves are .json files)"))
    try:
        data = read_save(path)
    except SaveError as exc:
        return None, Skipped(printable(path.name), str(exc).removeprefix(f"{shown(path)}: "))
    if data in seen:
        return None, _skip(printable(path.name), Msg("the same save as {other}",
                                                     other=seen[data]))
    seen[data] = printable(path.name)
    if not data.humans:
        return None, _skip(printable(path.name), Msg("no side is played by a person in this game"))
    return data, None


# -- output -------------------------------------------------------------------------------------
class _Words:
    """Scenario text, dates, ending names and the report's own words in one language."""

    def __init__(self, c: Compiled, lang: str) -> None:
        self.c = c
        self.lang = lang
        self.n = Narrator(c, Translator(lang))
        self.t = self.n.t

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
        return self.t.date(day)

    def student(self, g: StudentGame) -> str:
        """'Alice Martin (alice.json)', or the file's name when the student typed none."""
        return f"{g.player} ({g.file})" if g.player else g.file

    def state(self, g: StudentGame) -> str:
        """'ending: A deal (turn 3)' or 'unfinished, turn 2'."""
        if g.ending is None:
            return self.t("unfinished, turn {turn}", turn=g.turn)
        return self.t("ending: {ending} (turn {turn})", ending=self.ending(g.ending),
                      turn=g.turn)

    def figures(self, g: StudentGame) -> str:
        """Tension, scores and version of a student's game, in one phrase."""
        t = self.t
        values = {"final": t.number(g.final_tension), "peak": t.number(g.peak_tension)}
        text = (t("final tension {final}, peak {peak}", **values) if g.finished
                else t("tension when saved {final}, peak {peak}", **values))
        scores = dict(g.scores)
        if scores:
            text += "; " + t("score {scores}", scores=", ".join(
                f"{self.side(s)} {t.signed(scores[s], 1)}" for s in g.sides))
        if g.scenario_changed:
            text += "; " + t("played with another version of the scenario: {k} of {n} choices "
                             "still apply", k=g.applied, n=g.total)
        return text

    def summary(self, g: StudentGame, sides: str) -> str:
        """'United States; ending: A deal (turn 3); final tension 12, peak 40...'."""
        return self.t("{sides}; {state}; {figures}", sides=sides, state=self.state(g),
                      figures=self.figures(g))

    def path(self, g: StudentGame, sides: str) -> str:
        """A student's line: name, sides, how the game stands, its figures."""
        return self.t("{who}: {what}", who=self.student(g), what=self.summary(g, sides))

    def step(self, st: Step) -> str:
        """'16 October 1962: The photographs: Blockade (historical)'."""
        option = self.option(st.event, st.option)
        if st.historical:
            option += " " + self.t("(historical)")
        return self.t("{date}: {event}: {option}", date=self.date(st.date),
                      event=self.event(st.event), option=option)

    def count(self, n: int, one: str, many: str) -> str:
        """'1 game' or '3 games' (the template takes {n})."""
        return self.t(one if n == 1 else many, n=self.t.integer(n))

    def share(self, k: int, n: int) -> str:
        """'3 of 12 (25.0%)'."""
        t = self.t
        if not n:
            return t("{k} of {n}", k=t.integer(k), n=t.integer(n))
        return t("{k} of {n} ({share})", k=t.integer(k), n=t.integer(n),
                 share=t.percent(k / n, 1))


def _games(t: Translator, n: int) -> str:
    return t("1 game", n=n) if n == 1 else t("{n} games", n=t.integer(n))


def _files(t: Translator, n: int) -> str:
    return t("1 file", n=n) if n == 1 else t("{n} files", n=t.integer(n))


def _heading(report: ClassReport, t: Translator) -> str:
    return t("{games} read, {files} skipped.", games=_games(t, report.games),
             files=_files(t, len(report.skipped)))


def format_class_report(report: ClassReport, lang: str = "en") -> str:
    """The class report as plain lines (screen-reader friendly)."""
    t = Translator(lang)
    out = [t("Class report for {folder}: {summary}", folder=printable(report.folder),
             summary=_heading(report, t))]
    for s in report.scenarios:
        w = _Words(s.scenario, lang)
        n, done = len(s.games), s.finished
        out += ["", f"{w.title()} ({s.scenario.id})",
                "  " + t("{games}: {finished} finished, {unfinished} unfinished",
                         games=_games(t, n), finished=t.integer(done),
                         unfinished=t.integer(n - done))]
        changed = sum(g.scenario_changed for g in s.games)
        if changed:
            out.append("  " + t("{n} of them were played with another version of the "
                                "scenario: only the choices that still apply are counted.",
                                n=changed))
        out.append("  " + t("endings reached:"))
        out += (["    " + t("{who}: {what}", who=w.ending(e), what=w.share(k, done))
                 for e, k in s.endings] or ["    " + t("none")])
        out.append("  " + t("war rate: {share} finished games", share=w.share(s.wars, done)))
        out.append("  " + t("decisions, against history:"))
        for d in s.decisions:
            out.append("    " + t("{event} ({id}), decided by {side}: {students}, {decisions}",
                                  event=w.event(d.event), id=d.event, side=w.side(d.side),
                                  students=w.count(d.students, *STUDENTS),
                                  decisions=w.count(d.decisions, *DECISIONS)))
            for o in d.options:
                mark = " " + t("(historical)") if o.historical else ""
                out.append("      " + t("{who}: {what}", who=w.option(d.event, o.option)
                                            + mark, what=o.count))
            if d.historical_share is not None:
                k = sum(o.count for o in d.options if o.historical)
                out.append("      " + t("as in history: {share}", share=w.share(k, d.decisions)))
        out.append("  " + t("students' paths:"))
        for g in s.games:
            sides = ", ".join(w.side(x) for x in g.sides)
            out.append("    " + w.path(g, sides))
            out += ["      " + w.step(st) for st in g.steps]
    if report.skipped:
        out += ["", t("Files skipped:")] + ["  " + t("skipped: {name} — {reason}", name=x.name,
                                                     reason=x.text(t))
                                            for x in report.skipped]
    if not report.games:
        out += ["", t("No game could be read: give the folder where the students' saves "
                      "(.json files) are, and the scenario of their games with --scenario if "
                      "it is not shipped with the game.")]
    return "\n".join(out)


STUDENTS = (N_("1 student"), N_("{n} students"))
DECISIONS = (N_("1 decision"), N_("{n} decisions"))
PATHS = N_("Each student's path")

CSS = ("body{font-family:sans-serif;max-width:1000px;margin:1em auto;padding:0 1em;color:#111}"
       "table{border-collapse:collapse;margin:.5em 0 1em}"
       "td,th{border:1px solid #bbb;padding:2px 6px;text-align:left}"
       ".hist{font-weight:bold}.skipped li{color:#8a2a00}figure{margin:.5em 0}"
       "figcaption{font-size:90%;color:#444}")


def _scenario_html(s: ScenarioSummary, lang: str) -> list[str]:
    e = html.escape
    w = _Words(s.scenario, lang)
    t = w.t
    n, done = len(s.games), s.finished
    out = [f"<h2>{e(w.title())} <code>{e(s.scenario.id)}</code></h2>",
           "<p>" + e(t("{games}: {finished} finished, {unfinished} unfinished. War rate: "
                       "{share} finished games.", games=_games(t, n), finished=t.integer(done),
                       unfinished=t.integer(n - done), share=w.share(s.wars, done))) + "</p>"]
    changed = sum(g.scenario_changed for g in s.games)
    if changed:
        out.append("<p>" + e(t("{n} of them were played with another version of the scenario: "
                               "only the choices that still apply are counted.", n=changed))
                   + "</p>")
    if done:
        bars = [Bar(w.ending(x), k / done) for x, k in s.endings]
        chart = bar_chart(bars, t("Endings reached"), fmt=lambda v: t.percent(v, 1))
        out.append(f"<figure>{chart}<figcaption>"
                   + e(t("Endings reached, share of the finished games"))
                   + "</figcaption></figure>")
    labels = [t("start"), *(str(k) for k in range(1, s.scenario.n_turns + 1))]
    lines = [Series(w.student(g), tuple(g.path) + (None,) * (len(labels) - len(g.path)),
                    width=1.5) for g in s.games]
    out.append(f"<figure>{line_chart(lines, t('Tension in each game'), labels)}<figcaption>"
               + e(t("Tension at the end of each turn, one line per game, DEFCON bands "
                     "behind"))
               + f"</figcaption></figure><h3>{e(t('Decisions, against history'))}</h3>")
    for d in s.decisions:
        counts = t("Decided by {side}: {students}, {decisions}", side=w.side(d.side),
                   students=w.count(d.students, *STUDENTS),
                   decisions=w.count(d.decisions, *DECISIONS))
        if d.historical_share is not None:
            counts += "; " + t("as in history: {share}",
                               share=t.percent(d.historical_share, 1))
        out.append(f"<h4>{e(w.event(d.event))} <code>{e(d.event)}</code></h4><p>{e(counts)}."
                   f"</p><table><tr><th>{e(t('option'))}</th><th>{e(t('chosen'))}</th>"
                   f"<th>{e(t('history'))}</th></tr>")
        for o in d.options:
            cls = ' class="hist"' if o.historical else ""
            out.append(f"<tr{cls}><td>{e(w.option(d.event, o.option))}</td><td>{o.count}</td>"
                       f"<td>{e(t('what happened')) if o.historical else ''}</td></tr>")
        out.append("</table>")
    out.append(f"<h3>{e(t(PATHS))}</h3>")
    for g in s.games:
        sides = ", ".join(w.side(x) for x in g.sides)
        out.append(f"<h4>{e(w.student(g))}</h4><p>{e(w.summary(g, sides))}.</p><ol>")
        out += [f"<li>{e(w.step(st))}</li>" for st in g.steps]
        out.append("</ol>")
    return out


def class_report_html(report: ClassReport, lang: str = "en") -> str:
    """The class report as a self-contained HTML page (inline CSS and SVG, no scripts)."""
    e = html.escape
    t = Translator(lang)
    out = [f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8">'
           f"<title>{e(t('Class report'))}</title><style>{CSS}</style></head><body>",
           f"<h1>{e(t('Class report'))}</h1><p>{e(printable(report.folder))}: "
           f"{e(_heading(report, t))}</p>"]
    for s in report.scenarios:
        out += _scenario_html(s, lang)
    if report.skipped:
        out.append(f'<h2>{e(t("Files skipped"))}</h2><ul class="skipped">' + "".join(
            "<li>" + e(t("skipped: {name} — {reason}", name=x.name, reason=x.text(t)))
            + "</li>" for x in report.skipped) + "</ul>")
    out.append("</body></html>\n")
    return "\n".join(out)


def write_class_report(report: ClassReport, path: Path, lang: str = "en") -> None:
    """Write the report to `path`: HTML for .html or .htm, plain text otherwise (UTF-8)."""
    path = Path(path)
    html_out = path.suffix.lower() in (".html", ".htm")
    text = class_report_html(report, lang) if html_out else format_class_report(report, lang)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
