"""The `brink` command (also `python -m game`): play, simulate, validate, bench."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from game.i18n import languages


def _cmd_play(args: argparse.Namespace) -> int:
    if args.text or args.resume:
        from game.textplay import play_text

        return play_text(args.scenario, args.lang or "en", args.side, args.seed, args.resume)
    from game.ui import run_ui

    return run_ui(args.scenario, args.side, args.lang, args.seed)


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
    error = shot(args.out, args.scenario, args.scene, args.size, args.lang, args.seed,
                 args.side, choices)
    if error:
        print(f"brink shot: {error}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from game.sim.lint import lint_file

    errors = warnings = 0
    for path in args.paths:
        compiled, problems = lint_file(path)
        for p in problems:
            if args.strict and not p.is_error:
                p = p.__class__(p.path, p.line, p.col, "error", p.message)
            if p.is_error or not args.quiet:
                print(p)
        e = sum(p.is_error for p in problems)
        w = len(problems) - e
        errors += e + (w if args.strict else 0)
        warnings += 0 if args.strict else w
        if compiled is not None and not args.quiet:
            state = "OK" if not (args.strict and w) else "rejected (--strict)"
            print(f"{path}: {state} ({len(compiled.events)} events, "
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
    if args.runs < 1:
        print("brink simulate: --runs must be at least 1", file=sys.stderr)
        return 1
    with tqdm(total=args.runs, delay=1.0, unit="game", file=sys.stderr, leave=False,
              disable=None) as bar:
        result = simulate(c, args.runs, args.seed, policies, progress=bar.update)
    summary = summarize(result)
    print(format_table(summary, [s.id for s in c.model.sides if s.playable]))
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
    return 0


def _cmd_balance(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from game.scenario import ScenarioError, load_scenario
    from game.sim.balance import balance, count_games, format_balance, write_balance_html

    if args.runs < 1:
        print("brink balance: --runs must be at least 1", file=sys.stderr)
        return 1
    try:
        c = load_scenario(args.scenario)
    except ScenarioError as exc:
        print(exc, file=sys.stderr)
        return 1
    with tqdm(total=count_games(c, args.runs), delay=1.0, unit="game", file=sys.stderr,
              leave=False, disable=None) as bar:
        report = balance(c, args.runs, args.seed, progress=bar.update, lang=args.lang)
    print(format_balance(report, args.lang))
    out = Path(args.out or f"{c.id}-balance.html")
    write_balance_html(report, out, args.lang)
    print(f"report written to {out}")
    return 1 if args.strict and report.problems else 0


def _cmd_report(args: argparse.Namespace) -> int:
    from game.classreport import class_report, format_class_report, write_class_report

    try:
        report = class_report(Path(args.folder), [Path(p) for p in args.scenario or []])
    except OSError as exc:
        print(f"brink report: {exc}", file=sys.stderr)
        return 1
    print(format_class_report(report, args.lang))
    if args.out:
        write_class_report(report, Path(args.out), args.lang)
        print(f"report written to {args.out}")
    return 0


def _cmd_new(args: argparse.Namespace) -> int:
    from game.scenario.template import new_scenario

    langs = [x for x in (args.lang or "en,fr").split(",") if x]
    try:
        path = new_scenario(args.name, args.dir, langs)
    except (ValueError, OSError) as exc:
        print(f"brink new: {exc}", file=sys.stderr)
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


def _cmd_bench(args: argparse.Namespace) -> int:
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
    play.add_argument("--seed", type=int, help="the game's seed (default: random)")
    play.add_argument("--resume", action="store_true", help="continue the last saved game")
    play.set_defaults(func=_cmd_play)

    val = sub.add_parser("validate", help="check scenario files; exit 1 on any error")
    val.add_argument("paths", nargs="+", help="scenario files")
    val.add_argument("--quiet", action="store_true", help="print errors only")
    val.add_argument("--strict", action="store_true", help="treat warnings as errors")
    val.set_defaults(func=_cmd_validate)

    sim = sub.add_parser("simulate", help="play many games headless and print statistics")
    sim.add_argument("scenario", help="a scenario file")
    sim.add_argument("--runs", type=int, default=10_000, help="how many games (10000)")
    sim.add_argument("--seed", type=int, default=1, help="the seed (1)")
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
    bal.add_argument("--runs", type=int, default=10_000, help="games per policy (10000)")
    bal.add_argument("--seed", type=int, default=1, help="the seed (1)")
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
    shot.add_argument("--seed", type=int, default=1)
    shot.add_argument("--side", help="the side played (default: the first playable)")
    shot.add_argument("--choices", help="option ids chosen in order, comma-separated")
    shot.set_defaults(func=_cmd_shot)

    bench = sub.add_parser("bench", help="measure games per second and memory (--ui: frames)")
    bench.add_argument("--ui", action="store_true", help="frame times and start time instead")
    bench.add_argument("--runs", type=int, default=100_000, help="games in batch mode")
    bench.add_argument("--seconds", type=float, default=2.0,
                       help="time spent on one-at-a-time games per scenario")
    bench.add_argument("--scenario", action="append", help="only these scenario files")
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
