"""The `brink` command (also `python -m game`): play, validate, simulate, balance, report, new,
list, schema, shot, bench.

The commands teachers use speak the language given with --lang, else the system's language
(LANGUAGE, LC_ALL, LC_MESSAGES, LANG), with its number format.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from game.files import printable
from game.i18n import N_, Translator, languages, system_language
from game.resources import scenario_file

if TYPE_CHECKING:
    from game.scenario.tables import Compiled


def _t(args: argparse.Namespace) -> Translator:
    return Translator(getattr(args, "lang", None) or system_language())


def _fail(t: Translator, command: str, message: Any) -> int:
    """Print 'brink COMMAND: message' on standard error; returns the exit code 1."""
    text = message.render(t) if hasattr(message, "render") else str(message)
    print(f"brink {command}: {text}", file=sys.stderr)
    return 1


def _explain(t: Translator, exc: Exception) -> Any:
    """An exception's message, translated when it carries one (`msg`)."""
    msg = getattr(exc, "msg", None)
    return msg.render(t) if msg is not None and hasattr(msg, "render") else str(exc)


def _load(t: Translator, name: str) -> Any:
    """The compiled scenario named on the command line, or None after printing its errors."""
    from game.scenario import ScenarioError, load_scenario

    try:
        return load_scenario(scenario_file(name))
    except ScenarioError as exc:
        print(exc.render(t), file=sys.stderr)
        return None


def _cmd_play(args: argparse.Namespace) -> int:
    scenario = str(scenario_file(args.scenario)) if args.scenario else None
    if args.text or args.resume:
        from game.textplay import play_text

        return play_text(scenario, args.lang, args.side, args.seed, args.resume,
                         name=args.name, ask_name=args.name is None and sys.stdin.isatty())
    from game.ui import run_ui

    return run_ui(scenario, args.side, args.lang, args.seed)


MAX_SEED = 2**63 - 1
#: The most games a command may be asked to play per run (`simulate` lowers it further for
#: a scenario whose results would not fit in memory).
MAX_RUNS = 1_000_000


def _whole(text: str, lo: int, hi: int, what: str) -> int:
    """A whole number from `lo` to `hi` given on the command line (argparse type)."""
    shown = text if len(text) <= 30 else text[:30] + "..."
    plain = len(text) <= 30 and re.fullmatch(r"[+-]?[0-9]+", text.strip()) is not None
    value = int(text) if plain else None
    if value is None or not lo <= value <= hi:
        raise argparse.ArgumentTypeError(f"{what} must be a whole number from {lo:,} to "
                                         f"{hi:,}, not '{shown}'")
    return value


def _seed(text: str) -> int:
    return _whole(text, 0, MAX_SEED, "a seed")


def _runs(text: str) -> int:
    return _whole(text, 1, MAX_RUNS, "the number of runs")


def _seconds(text: str) -> float:
    plain = re.fullmatch(r"[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?", text.strip()) is not None
    value = float(text) if plain and len(text) <= 30 else -1.0
    if not 0.1 <= value <= 3600:  # also refuses nan
        raise argparse.ArgumentTypeError(f"--seconds must be a number from 0.1 to 3600, not "
                                         f"'{text[:30]}'")
    return value


def _name(text: str) -> str:
    from game.saves import MAX_NAME, player_name

    try:
        return player_name(text) or ""
    except ValueError:
        raise argparse.ArgumentTypeError(f"a name has at most {MAX_NAME} characters and no "
                                         "control characters") from None


def _output(t: Translator, path: str | None, command: str) -> str | None:
    """Why `path` cannot be written as an output file (a folder, in a missing folder), or
    None when it can (as far as can be told before writing)."""
    from game.files import reason, shown

    if path is None:
        return None
    p = Path(path)
    try:
        if p.is_dir():
            return f"brink {command}: " + t("{path} is a folder; give a file name",
                                            path=shown(p))
        parent = p.parent if str(p.parent) else Path(".")
        if not parent.is_dir():
            return f"brink {command}: " + t("cannot write {path}: its folder does not exist",
                                            path=shown(p))
    except OSError as exc:
        return f"brink {command}: " + t("cannot write {path}: {reason}", path=shown(p),
                                        reason=t(reason(exc)))
    return None


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1280x720") from None
    if not (320 <= w <= 7680 and 240 <= h <= 4320):
        raise argparse.ArgumentTypeError(f"{text} is outside 320x240 to 7680x4320")
    return w, h


def _cmd_shot(args: argparse.Namespace) -> int:
    from game.ui.shot import shot

    choices = [c for c in (args.choices or "").split(",") if c]
    error = _output(Translator(args.lang), args.out, "shot")
    if error:
        print(error, file=sys.stderr)
        return 1
    scenario = str(scenario_file(args.scenario)) if args.scenario else None
    error = shot(args.out, scenario, args.scene, args.size, args.lang, args.seed,
                 args.side, choices)
    if error:
        print(f"brink shot: {error}", file=sys.stderr)
        return 1
    print(f"wrote {printable(args.out)}")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from game.scenario.problems import problem_lines
    from game.sim.lint import lint_file

    t = _t(args)
    errors = warnings = 0
    for name in args.paths:
        path = str(scenario_file(name))
        compiled, problems = lint_file(path)
        rejected = args.strict and any(not p.is_error for p in problems)
        if args.strict:
            problems = [p if p.is_error else p.as_error() for p in problems]
        for line in problem_lines((p for p in problems if p.is_error or not args.quiet),
                                  lambda p: p.render(t), t=t):
            print(line)
        e = sum(p.is_error for p in problems)
        w = len(problems) - e
        errors += e
        warnings += w
        if compiled is not None and not args.quiet:
            counts = {"path": printable(path), "events": t.integer(len(compiled.events)),
                      "endings": t.integer(len(compiled.endings) - 2),
                      "turns": t.integer(compiled.n_turns)}
            if rejected:
                print(t("{path}: rejected with --strict ({events} events, {endings} endings, "
                        "{turns} turns)", **counts))
            else:
                print(t("{path}: OK ({events} events, {endings} endings, {turns} turns)",
                        **counts))
    print(t("{errors} error(s), {warnings} warning(s)", errors=_count(t, errors),
            warnings=_count(t, warnings)))
    return 1 if errors else 0


def _count(t: Translator, n: int) -> str:
    """A count in the summary line, as messages write numbers (grouped from 10 000 in
    French; plain in English, which scripts read)."""
    return t.integer(n) if t.lang == "fr" and n >= 10_000 else str(n)


def write_whole(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder, so that the file
    is either complete or absent, whatever happens to the process or its output."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with tmp.open("x", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _batch_scenario(t: Translator, args: argparse.Namespace, command: str,
                    out: str | None) -> Compiled | int:
    """The scenario of a batch command (simulate, balance), or the exit code when it cannot
    run: too few or too many runs, a scenario with errors, an output file it cannot write."""
    from game.sim.batch import max_runs

    if args.runs < 1:
        return _fail(t, command, t("--runs must be at least 1"))
    c = _load(t, args.scenario)
    if c is None:
        return 1
    error = _output(t, out, command)
    if error:
        print(error, file=sys.stderr)
        return 1
    if args.runs > max_runs(c):
        return _fail(t, command, t("--runs {runs} is too many for this scenario: at most "
                                   "{most} games fit in memory", runs=t.integer(args.runs),
                                   most=t.integer(max_runs(c))))
    return c


def _cmd_simulate(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from game.sim import PolicyError, format_table, make_policy, simulate, summarize

    t = _t(args)
    c = _batch_scenario(t, args, "simulate", args.json)
    if isinstance(c, int):
        return c
    try:
        policies = {}
        for spec in args.policy or []:
            side, _, name = spec.partition("=")
            c.side_index(side)
            policies[side] = make_policy(c, name)
        for side in ("us", "ussr"):
            name = getattr(args, side)
            if name is not None:
                c.side_index(side)
                policies[side] = make_policy(c, name)
    except (PolicyError, ValueError) as exc:
        return _fail(t, "simulate", _explain(t, exc))
    with tqdm(total=args.runs, delay=1.0, unit="game", file=sys.stderr, leave=False,
              disable=None) as bar:
        result = simulate(c, args.runs, args.seed, policies, progress=bar.update)
    summary = summarize(result)
    if args.json:  # first, and whole: the table may go to a pipe closed early (| head)
        try:
            write_whole(Path(args.json), json.dumps(summary, indent=1, ensure_ascii=False)
                        + "\n")
        except OSError as exc:
            from game.files import reason, shown

            return _fail(t, "simulate", t("cannot write {path}: {reason}",
                                          path=shown(args.json), reason=t(reason(exc))))
    print(format_table(summary, [s.id for s in c.model.sides if s.playable], t))
    return 0


def _cmd_balance(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from game.sim.balance import balance, count_games, format_balance, write_balance_html

    t = _t(args)
    c = _batch_scenario(t, args, "balance", args.out)
    if isinstance(c, int):
        return c
    with tqdm(total=count_games(c, args.runs), delay=1.0, unit="game", file=sys.stderr,
              leave=False, disable=None) as bar:
        report = balance(c, args.runs, args.seed, progress=bar.update, lang=t.lang)
    out = Path(args.out or f"{c.id}-balance.html")
    try:
        write_balance_html(report, out, t.lang)
    except OSError as exc:
        from game.files import reason, shown

        return _fail(t, "balance", t("cannot write {path}: {reason}", path=shown(out),
                                     reason=t(reason(exc))))
    print(format_balance(report, t.lang))
    print(t("report written to {path}", path=printable(out)))
    return 1 if args.strict and report.problems else 0


def _cmd_report(args: argparse.Namespace) -> int:
    from game.classreport import class_report, format_class_report, write_class_report

    t = _t(args)
    error = _output(t, args.out, "report")
    if error:
        print(error, file=sys.stderr)
        return 1
    try:
        report = class_report(Path(args.folder), [scenario_file(p) for p in args.scenario or []])
    except OSError as exc:
        return _fail(t, "report", _explain(t, exc))
    print(format_class_report(report, t.lang))
    if args.out:
        try:
            write_class_report(report, Path(args.out), t.lang)
        except OSError as exc:
            from game.files import reason, shown

            return _fail(t, "report", t("cannot write {path}: {reason}", path=shown(args.out),
                                        reason=t(reason(exc))))
        print(t("report written to {path}", path=printable(args.out)))
    return 0 if report.games else 1


def _cmd_new(args: argparse.Namespace) -> int:
    from game.scenario.template import new_scenario

    t = _t(args)
    if len(args.name) > MAX_TITLE:
        return _fail(t, "new", t("the title is {n} characters long; a title has at most "
                                 "{most}", n=t.integer(len(args.name)), most=MAX_TITLE))
    try:
        path = new_scenario(args.name, args.dir, title_language=t.lang)
    except (ValueError, OSError) as exc:
        return _fail(t, "new", _explain(t, exc))
    others = [x for x in ("en", "fr") if x != t.lang]
    print(t("wrote {path}: a complete scenario from the template (the U-2 affair, May 1960), "
            "titled \"{name}\" in {language}; its title in {others} is yours to write (validate "
            "reminds you).", path=str(path), name=args.name, language=t(LANGUAGE_NAMES[t.lang]),
            others=", ".join(t(LANGUAGE_NAMES[x]) for x in others)))
    from game.resources import scenarios_dir

    print(t("Replace its story with yours (its comments and the authoring guide, {guide}, "
            "explain every key), then:", guide=str(scenarios_dir() / "README.md")))
    print(f"  brink validate {path}\n  brink simulate {path} --runs 2000\n  brink play {path}")
    return 0


LANGUAGE_NAMES = {"en": N_("English"), "fr": N_("French")}
#: The longest title `brink new` takes (a title is shown on one line of the title screen).
MAX_TITLE = 200


def _cmd_list(args: argparse.Namespace) -> int:
    from game.resources import shipped_scenarios
    from game.scenario import check_file, localize

    t = _t(args)
    rows = []
    files = list(shipped_scenarios())
    if args.folder:
        folder = Path(args.folder)
        if not folder.is_dir():
            return _fail(t, "list", t("{path}: no such folder", path=args.folder))
        files += sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml")
                        and p.is_file() and not p.name.startswith((".", "_")))
    for path in files:
        compiled, problems = check_file(path)
        if compiled is None:
            errors = sum(p.is_error for p in problems)
            rows.append(("-", t("(not usable: {n} error(s); brink validate says which)",
                                n=t.integer(errors)), str(path)))
        else:
            rows.append((compiled.id, localize(compiled.model.title, t.lang), str(path)))
    head = (t("id"), t("title"), t("file"))
    widths = [max(len(r[k]) for r in [head, *rows]) for k in range(2)]
    for row in [head, *rows]:
        print(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}")
    print(t("Give a scenario by its id or its file: brink play ID, brink simulate ID..."))
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from game.scenario.schema import SCHEMA_PATH, schema_text, write_schema

    t = _t(args)
    if args.out == "-":
        sys.stdout.write(schema_text())
        return 0
    path = Path(args.out) if args.out else SCHEMA_PATH
    try:
        changed = write_schema(path)
    except OSError as exc:
        from game.files import reason, shown

        return _fail(t, "schema", t("cannot write {path}: {reason}", path=shown(path),
                                    reason=t(reason(exc))))
    print(t("wrote {path}", path=str(path)) if changed
          else t("{path} is already up to date", path=str(path)))
    return 0


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (1 to 65535, or 0 "
                                         "for any free port)")
    return int(text)


def _cmd_class(args: argparse.Namespace) -> int:
    from game.web.server import run_class

    return run_class(args.scenarios, args.host, args.port, args.data, args.new,
                     args.max_students)


def _cmd_bench(args: argparse.Namespace) -> int:
    if args.klass is not None:
        from game.web.bench import run_class_bench

        return run_class_bench(args.klass, str(scenario_file(args.scenario[0]))
                               if args.scenario else None)
    if args.ui:
        from game.ui.bench import run_ui_bench

        return run_ui_bench(str(scenario_file(args.scenario[0])) if args.scenario else None)
    from game.sim.bench import run_bench

    return run_bench(args.runs, args.seconds,
                     [str(scenario_file(s)) for s in args.scenario] if args.scenario else None)


#: argparse's own messages, as a pattern and the message in the game's words.
_ARGPARSE_ERRORS = (
    (re.compile(r"the following arguments are required: (?P<args>.*)"),
     N_("this is missing: {args}")),
    (re.compile(r"unrecognized arguments: (?P<args>.*)"), N_("unknown arguments: {args}")),
    (re.compile(r"argument (?P<arg>\S+): invalid choice: (?P<value>.*) \(choose from "
                r"(?P<choices>.*)\)"), N_("{arg}: {value} is not one of {choices}")),
    (re.compile(r"argument (?P<arg>\S+): invalid (?P<kind>\w+) value: (?P<value>.*)"),
     N_("{arg}: {value} is not a valid value")),
    (re.compile(r"argument (?P<arg>\S+): expected one argument"),
     N_("{arg} needs a value after it")),
    (re.compile(r"argument (?P<arg>\S+): a seed must be a whole number from (?P<lo>\S+) to "
                r"(?P<hi>\S+), not (?P<value>.*)"),
     N_("{arg}: a seed must be a whole number from {lo} to {hi}, not {value}")),
    (re.compile(r"argument (?P<arg>\S+): the number of runs must be a whole number from "
                r"(?P<lo>\S+) to (?P<hi>\S+), not (?P<value>.*)"),
     N_("{arg}: the number of runs must be a whole number from {lo} to {hi}, not {value}")),
    (re.compile(r"argument (?P<arg>\S+): a name has at most (?P<n>\d+) characters and no "
                r"control characters"),
     N_("{arg}: a name has at most {n} characters and no control characters")),
)
_HELP_WORDS = (("usage: ", N_("usage: ")), ("positional arguments:", N_("arguments:")),
               ("options:", N_("options:")),
               ("show this help message and exit", N_("show this help and exit")))


class _Parser(argparse.ArgumentParser):
    """argparse, speaking the game's language in its errors and its help."""

    def __init__(self, *args: Any, t: Translator | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.t = t or Translator("en")

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error in the parser's language; exit 2."""
        t = self.t
        for pattern, template in _ARGPARSE_ERRORS:
            m = pattern.fullmatch(message)
            if m:
                fields = m.groupdict()
                for key in ("lo", "hi"):  # bounds written in the language's number format
                    if re.fullmatch(r"[0-9,]+", fields.get(key) or ""):
                        fields[key] = t.integer(int(fields[key].replace(",", "")))
                message = t(template, **fields)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {t('error')}: {message}\n")

    def format_usage(self) -> str:
        """The usage line, translated."""
        return self._words(super().format_usage())

    def format_help(self) -> str:
        """The help, translated."""
        return self._words(super().format_help())

    def _words(self, text: str) -> str:
        for english, msgid in _HELP_WORDS:
            text = text.replace(english, self.t(msgid))
        return text


def build_parser(t: Translator | None = None) -> argparse.ArgumentParser:
    """The argument parser of `brink`, with its help in `t`'s language."""
    t = t or Translator("en")

    def parser(sub: Any, name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=t(help_text), description=t(help_text), t=t)

    p = _Parser(prog="brink", description=t("Brink: Cold War crises, 1958-1962."), t=t)
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    langs = languages()
    lang_help = t("language of the messages (default: the system's)")

    play = parser(sub, "play", N_("play a scenario (the map window, or --text)"))
    play.add_argument("scenario", nargs="?", help=t("a scenario file or id (default: choose "
                                                    "one)"))
    play.add_argument("--text", action="store_true", help=t("play in the terminal"))
    play.add_argument("--lang", choices=langs, help=t("language (en, fr)"))
    play.add_argument("--side", help=t("the side to lead (us, ussr...)"))
    play.add_argument("--seed", type=_seed, help=t("the game's seed, 0 to 2^63-1 (default: "
                                                   "random)"))
    play.add_argument("--resume", action="store_true", help=t("continue a saved game"))
    play.add_argument("--name", type=_name, help=t("the player's name, kept in the saves (text "
                                                   "mode asks for it when not given)"))
    play.set_defaults(func=_cmd_play)

    val = parser(sub, "validate", N_("check scenario files; exit 1 on any error"))
    val.add_argument("paths", nargs="+", help=t("scenario files or ids"))
    val.add_argument("--quiet", action="store_true", help=t("print errors only"))
    val.add_argument("--strict", action="store_true", help=t("treat warnings as errors"))
    val.add_argument("--lang", choices=langs, help=lang_help)
    val.set_defaults(func=_cmd_validate)

    sim = parser(sub, "simulate", N_("play many games headless and print statistics"))
    sim.add_argument("scenario", help=t("a scenario file or id"))
    sim.add_argument("--runs", type=_runs, default=10_000, help=t("how many games (10000)"))
    sim.add_argument("--seed", type=_seed, default=1, help=t("the seed (1)"))
    sim.add_argument("--us", help=t("policy for the United States"))
    sim.add_argument("--ussr", help=t("policy for the Soviet Union"))
    sim.add_argument("--policy", action="append", metavar="SIDE=POLICY",
                     help=t("policy for any side (repeatable)"))
    sim.add_argument("--json", metavar="FILE", help=t("also write the figures as JSON"))
    sim.add_argument("--lang", choices=langs, help=lang_help)
    sim.set_defaults(func=_cmd_simulate)

    new = parser(sub, "new", N_("start a new scenario from the commented template"))
    new.add_argument("name", help=t("the scenario's title, e.g. \"Suez crisis 1956\""))
    new.add_argument("--dir", default=".", help=t("the folder to write it in (.)"))
    new.add_argument("--lang", choices=langs, help=t("the language the title is written in, "
                                                     "and of the messages (default: the "
                                                     "system's)"))
    new.set_defaults(func=_cmd_new)

    lst = parser(sub, "list", N_("list the shipped scenarios (and those of a folder) with their "
                                 "ids, titles and files"))
    lst.add_argument("folder", nargs="?", help=t("also list the scenario files in this folder"))
    lst.add_argument("--lang", choices=langs, help=lang_help)
    lst.set_defaults(func=_cmd_list)

    schema = parser(sub, "schema", N_("write the JSON Schema of scenario files"))
    schema.add_argument("out", nargs="?", help=t("the file, or - for the standard output "
                                                 "(default: scenarios/scenario.schema.json)"))
    schema.add_argument("--lang", choices=langs, help=lang_help)
    schema.set_defaults(func=_cmd_schema)

    bal = parser(sub, "balance", N_("run the standard policies for each side and report"))
    bal.add_argument("scenario", help=t("a scenario file or id"))
    bal.add_argument("--runs", type=_runs, default=10_000, help=t("games per policy (10000)"))
    bal.add_argument("--seed", type=_seed, default=1, help=t("the seed (1)"))
    bal.add_argument("--out", help=t("the HTML report to write (default: ID-balance.html)"))
    bal.add_argument("--lang", choices=langs, help=lang_help)
    bal.add_argument("--strict", action="store_true", help=t("exit 1 if a problem is found"))
    bal.set_defaults(func=_cmd_balance)

    rep = parser(sub, "report", N_("summarise a folder of students' saved games"))
    rep.add_argument("folder", help=t("the folder of saves (.json files)"))
    rep.add_argument("--out", help=t("also write the summary (.html, or text otherwise)"))
    rep.add_argument("--lang", choices=langs, help=lang_help)
    rep.add_argument("--scenario", action="append", help=t(
        "the scenario file of the games, when the report cannot find it (repeatable)"))
    rep.set_defaults(func=_cmd_report)

    shot = parser(sub, "shot", N_("render a scene to a PNG without a display"))
    shot.add_argument("scenario", nargs="?", help=t("a scenario file or id (default: the first "
                                                    "shipped)"))
    shot.add_argument("--scene", default="crisis", help=t("title, settings, briefing, crisis, "
                                                          "result, confirm or debrief"))
    shot.add_argument("--out", required=True, help=t("the PNG file to write"))
    shot.add_argument("--size", type=_size, default=(1280, 720), help=t("WxH (1280x720)"))
    shot.add_argument("--lang", choices=langs, default="en")
    shot.add_argument("--seed", type=_seed, default=1)
    shot.add_argument("--side", help=t("the side played (default: the first playable)"))
    shot.add_argument("--choices", help=t("option ids chosen in order, comma-separated"))
    shot.set_defaults(func=_cmd_shot)

    klass = parser(sub, "class", N_("class mode: serve the game to the students' browsers"))
    klass.add_argument("scenarios", nargs="*", metavar="SCENARIO",
                       help=t("scenario files to offer (default: the shipped ones)"))
    klass.add_argument("--host", default="0.0.0.0", help=t(
        "the address to listen on (0.0.0.0: every network of this machine)"))
    klass.add_argument("--port", type=_port, default=8000, help=t("the port (8000)"))
    klass.add_argument("--data", help=t("the folder of the class's database and exports"))
    klass.add_argument("--new", action="store_true", help=t(
        "start a new class (the previous one's database is kept under another name)"))
    klass.add_argument("--max-students", type=int, default=60,
                       help=t("students per class (60)"))
    klass.set_defaults(func=_cmd_class)

    bench = parser(sub, "bench", N_("measure games per second, validation and reload times, "
                                    "memory (--ui: frames)"))
    bench.add_argument("--ui", action="store_true", help=t("frame times and start time "
                                                           "instead"))
    bench.add_argument("--runs", type=_runs, default=100_000, help=t("games in batch mode"))
    bench.add_argument("--seconds", type=_seconds, default=2.0,
                       help=t("time spent on one-at-a-time games per scenario"))
    bench.add_argument("--scenario", action="append", help=t("only these scenario files"))
    bench.add_argument("--class", dest="klass", type=int, metavar="N",
                       help=t("class mode: N simulated students playing over HTTP at once"))
    bench.set_defaults(func=_cmd_bench)
    return p


def _language_asked(argv: Sequence[str]) -> str:
    """The language given with --lang on the command line, else the system's."""
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None)
        if value in languages():
            return value
    return system_language()


class _QuietWhenGone:
    """Standard output that goes quiet once its reader has gone (`brink validate x | head`):
    the command still finishes its work, writes its files and returns its own exit code."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.gone = False

    def write(self, text: str) -> int:
        """Write `text`, or drop it once the reader has gone."""
        if not self.gone:
            try:
                self.inner.write(text)
            except BrokenPipeError:
                self._silence()
        return len(text)

    def flush(self) -> None:
        """Flush, unless the reader has gone."""
        if not self.gone:
            try:
                self.inner.flush()
            except BrokenPipeError:
                self._silence()

    def _silence(self) -> None:
        self.gone = True
        # Python flushes the real output at exit: point it at nothing first.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), self.inner.fileno())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    out = sys.stdout
    sys.stdout = _QuietWhenGone(out)
    try:
        return _run(argv)
    finally:
        sys.stdout = out


def _run(argv: list[str]) -> int:
    parser = build_parser(Translator(_language_asked(argv)))
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["play", *argv])
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except ModuleNotFoundError as exc:  # run without `pip install`: say what is missing
        from game.missing import explain

        return explain(exc)
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0


if __name__ == "__main__":
    sys.exit(main())
