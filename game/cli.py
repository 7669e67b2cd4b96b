"""The `brink` command (also `python -m game`): play, simulate, validate, bench."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from game.files import printable
from game.i18n import languages


def _cmd_play(args: argparse.Namespace) -> int:
    if args.text or args.resume:
        from game.textplay import play_text

        return play_text(args.scenario, args.lang, args.side, args.seed, args.resume,
                         name=args.name, ask_name=args.name is None and sys.stdin.isatty())
    from game.ui import run_ui

    return run_ui(args.scenario, args.side, args.lang, args.seed)


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


def _output(path: str | None, command: str) -> str | None:
    """Why `path` cannot be written as an output file (a folder, in a missing folder), or
    None when it can (as far as can be told before writing)."""
    from game.files import reason, shown

    if path is None:
        return None
    p = Path(path)
    try:
        if p.is_dir():
            return f"brink {command}: {shown(p)} is a folder; give a file name"
        parent = p.parent if str(p.parent) else Path(".")
        if not parent.is_dir():
            return f"brink {command}: cannot write {shown(p)}: its folder does not exist"
    except OSError as exc:
        return f"brink {command}: cannot write {shown(p)}: {reason(exc)}"
    return None


def _write_text(path: Path, text: str, command: str) -> bool:
    """Write an output file; a message on standard error and False if it cannot be."""
    from game.files import reason, shown

    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"brink {command}: cannot write {shown(path)}: {reason(exc)}", file=sys.stderr)
        return False
    return True


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
    error = _output(args.out, "shot")
    if error:
        print(error, file=sys.stderr)
        return 1
    error = shot(args.out, args.scenario, args.scene, args.size, args.lang, args.seed,
                 args.side, choices)
    if error:
        print(f"brink shot: {error}", file=sys.stderr)
        return 1
    print(f"wrote {printable(args.out)}")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from game.scenario.problems import problem_lines
    from game.sim.lint import lint_file

    errors = warnings = 0
    for path in args.paths:
        compiled, problems = lint_file(path)
        if args.strict:
            problems = [p if p.is_error else p.__class__(p.path, p.line, p.col, "error",
                                                          p.message) for p in problems]
        for line in problem_lines(p for p in problems if p.is_error or not args.quiet):
            print(line)
        e = sum(p.is_error for p in problems)
        w = len(problems) - e
        errors += e + (w if args.strict else 0)
        warnings += 0 if args.strict else w
        if compiled is not None and not args.quiet:
            state = "OK" if not (args.strict and w) else "rejected (--strict)"
            print(f"{printable(path)}: {state} ({len(compiled.events)} events, "
                  f"{len(compiled.endings) - 2} endings, {compiled.n_turns} turns)")
    print(f"{errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0


def _cmd_simulate(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from game.scenario import ScenarioError, load_scenario
    from game.sim import PolicyError, format_table, make_policy, simulate, summarize

    try:
        c = load_scenario(args.scenario)
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
    except ScenarioError as exc:
        print(exc, file=sys.stderr)
        return 1
    except (PolicyError, ValueError) as exc:
        print(f"brink simulate: {exc}", file=sys.stderr)
        return 1
    from game.sim.batch import max_runs

    error = _output(args.json, "simulate")
    if error:
        print(error, file=sys.stderr)
        return 1
    if args.runs > max_runs(c):
        print(f"brink simulate: --runs {args.runs:,} is too many for this scenario: at most "
              f"{max_runs(c):,} games fit in memory", file=sys.stderr)
        return 1
    with tqdm(total=args.runs, delay=1.0, unit="game", file=sys.stderr, leave=False,
              disable=None) as bar:
        result = simulate(c, args.runs, args.seed, policies, progress=bar.update)
    summary = summarize(result)
    print(format_table(summary, [s.id for s in c.model.sides if s.playable]))
    if args.json and not _write_text(Path(args.json), json.dumps(
            summary, indent=1, ensure_ascii=False) + "\n", "simulate"):
        return 1
    return 0


def _cmd_balance(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from game.scenario import ScenarioError, load_scenario
    from game.sim.balance import balance, count_games, format_balance, write_balance_html
    from game.sim.batch import max_runs

    try:
        c = load_scenario(args.scenario)
    except ScenarioError as exc:
        print(exc, file=sys.stderr)
        return 1
    error = _output(args.out, "balance")
    if error:
        print(error, file=sys.stderr)
        return 1
    if args.runs > max_runs(c):
        print(f"brink balance: --runs {args.runs:,} is too many for this scenario: at most "
              f"{max_runs(c):,} games fit in memory", file=sys.stderr)
        return 1
    with tqdm(total=count_games(c, args.runs), delay=1.0, unit="game", file=sys.stderr,
              leave=False, disable=None) as bar:
        report = balance(c, args.runs, args.seed, progress=bar.update, lang=args.lang)
    print(format_balance(report, args.lang))
    out = Path(args.out or f"{c.id}-balance.html")
    try:
        write_balance_html(report, out, args.lang)
    except OSError as exc:
        from game.files import reason, shown

        print(f"brink balance: cannot write {shown(out)}: {reason(exc)}", file=sys.stderr)
        return 1
    print(f"report written to {printable(out)}")
    return 1 if args.strict and report.problems else 0


def _cmd_report(args: argparse.Namespace) -> int:
    from game.classreport import class_report, format_class_report, write_class_report

    error = _output(args.out, "report")
    if error:
        print(error, file=sys.stderr)
        return 1
    try:
        report = class_report(Path(args.folder), [Path(p) for p in args.scenario or []])
    except OSError as exc:
        print(f"brink report: {exc}", file=sys.stderr)
        return 1
    print(format_class_report(report, args.lang))
    if args.out:
        try:
            write_class_report(report, Path(args.out), args.lang)
        except OSError as exc:
            from game.files import reason, shown

            print(f"brink report: cannot write {shown(args.out)}: {reason(exc)}",
                  file=sys.stderr)
            return 1
        print(f"report written to {printable(args.out)}")
    return 0


#: The longest title `brink new` takes (a title is shown on one line of the title screen).
MAX_TITLE = 200


def _cmd_new(args: argparse.Namespace) -> int:
    from game.files import reason
    from game.scenario.problems import shorten
    from game.scenario.template import new_scenario

    langs = [x for x in (args.lang or "en,fr").split(",") if x]
    if len(args.name) > MAX_TITLE:
        print(f"brink new: the title is {len(args.name):,} characters long; a title has at "
              f"most {MAX_TITLE}", file=sys.stderr)
        return 1
    try:
        path = new_scenario(args.name, args.dir, langs)
    except ValueError as exc:
        print(f"brink new: {shorten(str(exc), 300)}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"brink new: {shorten(str(exc.filename or args.dir), 100)}: "
              f"{shorten(str(exc.strerror or reason(exc)), 300)}", file=sys.stderr)
        return 1
    print(f"wrote {path}: a complete scenario from the template (the U-2 affair, May 1960), "
          f"titled \"{args.name}\".\nReplace its story with yours (its comments and "
          "scenarios/README.md explain every key), then:\n"
          f"  brink validate {path}\n  brink simulate {path} --runs 2000\n"
          f"  brink play {path}")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from game.scenario.schema import SCHEMA_PATH, write_schema

    path = Path(args.out) if args.out else SCHEMA_PATH
    try:
        changed = write_schema(path)
    except OSError as exc:
        print(f"brink schema: cannot write {path}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"wrote {path}" if changed else f"{path} is already up to date")
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

        return run_class_bench(args.klass, args.scenario[0] if args.scenario else None)
    if args.ui:
        from game.ui.bench import run_ui_bench

        return run_ui_bench(args.scenario[0] if args.scenario else None)
    from game.sim.bench import run_bench

    return run_bench(args.runs, args.seconds, args.scenario)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `brink`."""
    p = argparse.ArgumentParser(prog="brink", description="Brink: Cold War crises, 1958-1962.")
    sub = p.add_subparsers(dest="command")

    play = sub.add_parser("play", help="play a scenario (the map window, or --text)")
    play.add_argument("scenario", nargs="?", help="a scenario file (default: choose one)")
    play.add_argument("--text", action="store_true", help="play in the terminal")
    play.add_argument("--lang", choices=languages(), help="language (en, fr)")
    play.add_argument("--side", help="the side to lead (us, ussr...)")
    play.add_argument("--seed", type=_seed, help="the game's seed, 0 to 2^63-1 (default: "
                      "random)")
    play.add_argument("--resume", action="store_true", help="continue a saved game")
    play.add_argument("--name", type=_name, help="the player's name, kept in the saves "
                      "(text mode asks for it when not given)")
    play.set_defaults(func=_cmd_play)

    val = sub.add_parser("validate", help="check scenario files; exit 1 on any error")
    val.add_argument("paths", nargs="+", help="scenario files")
    val.add_argument("--quiet", action="store_true", help="print errors only")
    val.add_argument("--strict", action="store_true", help="treat warnings as errors")
    val.set_defaults(func=_cmd_validate)

    sim = sub.add_parser("simulate", help="play many games headless and print statistics")
    sim.add_argument("scenario", help="a scenario file")
    sim.add_argument("--runs", type=_runs, default=10_000, help="how many games (10000)")
    sim.add_argument("--seed", type=_seed, default=1, help="the seed (1)")
    sim.add_argument("--us", help="policy for the United States")
    sim.add_argument("--ussr", help="policy for the Soviet Union")
    sim.add_argument("--policy", action="append", metavar="SIDE=POLICY",
                     help="policy for any side (repeatable)")
    sim.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    sim.set_defaults(func=_cmd_simulate)

    new = sub.add_parser("new", help="start a new scenario from the commented template")
    new.add_argument("name", help="the scenario's title, e.g. \"Suez crisis 1956\"")
    new.add_argument("--dir", default=".", help="the folder to write it in (.)")
    new.add_argument("--lang", help="its languages, comma-separated (en,fr)")
    new.set_defaults(func=_cmd_new)

    schema = sub.add_parser("schema", help="write the JSON Schema of scenario files")
    schema.add_argument("out", nargs="?", help="the file (default: scenarios/"
                        "scenario.schema.json)")
    schema.set_defaults(func=_cmd_schema)

    bal = sub.add_parser("balance", help="run the standard policies for each side and report")
    bal.add_argument("scenario", help="a scenario file")
    bal.add_argument("--runs", type=_runs, default=10_000, help="games per policy (10000)")
    bal.add_argument("--seed", type=_seed, default=1, help="the seed (1)")
    bal.add_argument("--out", help="the HTML report to write (default: ID-balance.html)")
    bal.add_argument("--lang", choices=languages(), default="en")
    bal.add_argument("--strict", action="store_true", help="exit 1 if a problem is found")
    bal.set_defaults(func=_cmd_balance)

    rep = sub.add_parser("report", help="summarise a folder of students' saved games")
    rep.add_argument("folder", help="the folder of saves (.json files)")
    rep.add_argument("--out", help="also write the summary (.html, or text otherwise)")
    rep.add_argument("--lang", choices=languages(), default="en")
    rep.add_argument("--scenario", action="append", help="a scenario file that is not shipped "
                     "(repeatable)")
    rep.set_defaults(func=_cmd_report)

    shot = sub.add_parser("shot", help="render a scene to a PNG without a display")
    shot.add_argument("scenario", nargs="?", help="a scenario file (default: the first shipped)")
    shot.add_argument("--scene", default="crisis", help="title, settings, briefing, crisis, "
                      "result, confirm or debrief")
    shot.add_argument("--out", required=True, help="the PNG file to write")
    shot.add_argument("--size", type=_size, default=(1280, 720), help="WxH (1280x720)")
    shot.add_argument("--lang", choices=languages(), default="en")
    shot.add_argument("--seed", type=_seed, default=1)
    shot.add_argument("--side", help="the side played (default: the first playable)")
    shot.add_argument("--choices", help="option ids chosen in order, comma-separated")
    shot.set_defaults(func=_cmd_shot)

    klass = sub.add_parser("class", help="class mode: serve the game to the students' browsers")
    klass.add_argument("scenarios", nargs="*", metavar="SCENARIO",
                       help="scenario files to offer (default: the shipped ones)")
    klass.add_argument("--host", default="0.0.0.0", help="the address to listen on (0.0.0.0: "
                       "every network of this machine)")
    klass.add_argument("--port", type=_port, default=8000, help="the port (8000)")
    klass.add_argument("--data", help="the folder of the class's database and exports")
    klass.add_argument("--new", action="store_true", help="start a new class (the previous "
                       "one's database is kept under another name)")
    klass.add_argument("--max-students", type=int, default=60, help="students per class (60)")
    klass.set_defaults(func=_cmd_class)

    bench = sub.add_parser("bench", help="measure games per second and memory (--ui: frames)")
    bench.add_argument("--ui", action="store_true", help="frame times and start time instead")
    bench.add_argument("--runs", type=_runs, default=100_000, help="games in batch mode")
    bench.add_argument("--seconds", type=_seconds, default=2.0,
                       help="time spent on one-at-a-time games per scenario")
    bench.add_argument("--scenario", action="append", help="only these scenario files")
    bench.add_argument("--class", dest="klass", type=int, metavar="N",
                       help="class mode: N simulated students playing over HTTP at once")
    bench.set_defaults(func=_cmd_bench)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["play", *(argv or [])])
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
