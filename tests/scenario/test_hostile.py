"""Hostile scenario files and saves: each is refused with a clear message at its place, exit
code 1, never a traceback, a hang, code execution, or a write outside the save folder."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Game
from game.i18n import Translator
from game.narrate import Narrator
from game.saves import (
    MAX_CHOICES,
    SaveData,
    SaveError,
    parse_save,
    read_save,
    save_dir,
    write_save,
)
from game.scenario import check_bytes, check_file
from game.scenario.expr import ExprError, Symbols, compile_expr
from game.scenario.tables import Compiled
from game.scenario.yamlsrc import MAX_BYTES, MAX_DEPTH, MAX_ITEMS, MAX_NODES, MAX_STRING
from game.session import find_scenario_file, resume, scan_saves
from game.textplay import play_text

ROOT = Path(__file__).parent.parent.parent
MINI = ROOT / "tests" / "data" / "mini.yaml"
MINI_TEXT = MINI.read_text(encoding="utf-8")
#: Generous bound, in seconds of the test's own CPU time (or of waiting for a subprocess),
#: for "does not hang": a hang would take forever. (Wall-clock time on a shared machine can
#: be many times longer.)
HANG = 60.0
CHANCE = 'chance: "clamp(tension / 200, 0, 1)"'


def mini_with(old: str, new: str) -> bytes:
    """The mini scenario with one piece of text replaced."""
    assert old in MINI_TEXT
    return MINI_TEXT.replace(old, new, 1).encode("utf-8")


def laughs(levels: int = 9, width: int = 10) -> bytes:
    """A "billion laughs" file: each alias list repeats the one before `width` times."""
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines).encode()


@dataclass(frozen=True)
class Case:
    """A hostile file, and where and what the validator must say about it."""

    name: str
    content: Callable[[], bytes]
    line: int
    col: int
    message: str


CASES = [
    # code execution: no tag is ever constructed
    Case("python_object", lambda: b"x: !!python/object/apply:os.system [echo pwned]\n", 1, 4,
         "the tag '!!python/object/apply:os.system' is not allowed"),
    Case("python_name", lambda: b"x: !!python/name:os.system\n", 1, 4,
         "the tag '!!python/name:os.system' is not allowed"),
    Case("tag_directive",
         lambda: b"%TAG !p! tag:yaml.org,2002:python/\n---\nx: !p!name:os.system\n", 3, 4,
         "the tag '!!python/name:os.system' is not allowed"),
    Case("custom_tag", lambda: b"x: !include /etc/passwd\n", 1, 4,
         "the tag '!include' is not allowed"),
    Case("binary", lambda: b"id: !!binary aGVsbG8=\n", 1, 5, "the tag '!!binary' is not allowed"),
    Case("set", lambda: b"x: !!set {a, b}\n", 1, 4, "the tag '!!set' is not allowed"),
    Case("omap", lambda: b"x: !!omap [a: 1, b: 2]\n", 1, 4, "the tag '!!omap' is not allowed"),
    Case("merge_key", lambda: b"base: &b {x: 1}\nother:\n  <<: *b\n", 3, 3,
         "merge keys ('<<') are not allowed"),
    # size, depth, aliases
    Case("billion_laughs", laughs, 5, 45,
         f"the file has more than {MAX_NODES} values once its aliases (*name) are expanded"),
    Case("alias_cycle", lambda: b"a: &a [1, *a]\n", 1, 4,
         "an alias (*name) is used inside the list or mapping it names"),
    Case("alias_depth", lambda: ("a: &a " + "[" * 30 + "1" + "]" * 30 + "\nb: " + "[" * 20
                                 + "*a" + "]" * 20 + "\n").encode(), 1, 4,
         f"nested more than {MAX_DEPTH} levels deep once its aliases"),
    Case("deep_flow_sequences", lambda: b"[" * 400_000 + b"]" * 400_000, 1, MAX_DEPTH + 2,
         f"the file is nested more than {MAX_DEPTH} levels deep"),
    Case("deep_flow_mappings", lambda: b"{a: " * 100_000 + b"1" + b"}" * 100_000, 1,
         4 * MAX_DEPTH + 2, f"the file is nested more than {MAX_DEPTH} levels deep"),
    Case("deep_block_mappings", lambda: "".join("  " * i + f"k{i}:\n" for i in range(300))
         .encode(), MAX_DEPTH + 1, 2 * MAX_DEPTH + 1,
         f"the file is nested more than {MAX_DEPTH} levels deep"),
    Case("too_many_keys", lambda: "".join(f"k{i}: 0\n" for i in range(100_000)).encode(),
         MAX_NODES // 2, 9, f"the file has more than {MAX_NODES} values"),
    Case("wide_mapping", lambda: "".join(f"k{i}: 0\n" for i in range(2_000)).encode(), 1, 1,
         f"this mapping has 2000 keys; the limit is {MAX_ITEMS}"),
    Case("wide_list", lambda: ("x: [" + ", ".join(["1"] * 2_000) + "]\n").encode(), 1, 4,
         f"this list has 2000 items; the limit is {MAX_ITEMS}"),
    Case("over_size_limit", lambda: b" " * (MAX_BYTES + 1), 1, 1,
         f"the file is {MAX_BYTES + 1} bytes; the limit is {MAX_BYTES}"),
    Case("whitespace_only_1mb", lambda: b" \n" * (MAX_BYTES // 2), 1, 1, "the file is empty"),
    Case("long_string", lambda: mini_with("summary: {en: A tiny crisis for testing.",
                                          "summary: {en: " + "x" * 20_000), 5, 15,
         f"this text is 20000 characters long; the limit is {MAX_STRING}"),
    Case("very_long_line", lambda: b"notes: " + b"a" * 900_000 + b"\n", 1, 8,
         f"this text is 900000 characters long; the limit is {MAX_STRING}"),
    # numbers
    Case("infinite_number", lambda: mini_with("start: 50", "start: 1.0e+400"), 25, 12,
         "'1.0e+400' is not a usable number (NaN and infinity are not allowed)"),
    Case("exponent_without_dot", lambda: mini_with("start: 50", "start: 1e400"), 25, 12,
         "'1e400' is not a usable number"),
    Case("nan", lambda: mini_with("start: 50", "start: .nan"), 25, 12,
         "'.nan' is not a usable number"),
    Case("minus_infinity", lambda: mini_with("start: 50", "start: -.inf"), 25, 12,
         "'-.inf' is not a usable number"),
    Case("huge_integer", lambda: mini_with("start: 50", "start: " + "9" * 400), 25, 12,
         "the number 9999999999999999999999999999999999999999... is too large"),
    Case("integer_past_python_limit", lambda: mini_with("start: 50", "start: " + "9" * 5000), 25,
         12, "the number 9999999999999999999999999999999999999999... is too large"),
    Case("large_float", lambda: mini_with("start: 50", "start: 1.0e+300"), 25, 12,
         "the number 1.0e+300 is too large"),
    Case("bad_date", lambda: mini_with("start: 1962-10-16", "start: 1962-13-45"), 7, 17,
         "'1962-13-45' is not a valid date"),
    # structure
    Case("key_is_a_list", lambda: b"? [a, b]\n: 1\n", 1, 3,
         "a key must be a plain name, not a list or a mapping"),
    Case("key_is_a_mapping", lambda: b"{a: 1}: 2\n", 1, 1,
         "a key must be a plain name, not a list or a mapping"),
    Case("duplicate_key", lambda: mini_with("id: mini\n", "id: mini\nid: other\n"), 4, 1,
         "the key 'id' appears twice in this mapping"),
    Case("list_at_top", lambda: b"- a\n- b\n", 1, 1, "a scenario file must be a mapping"),
    Case("text_at_top", lambda: b"hello\n", 1, 1, "a scenario file must be a mapping"),
    Case("list_where_a_mapping_belongs",
         lambda: mini_with("period: {start: 1962-10-16, end: 1962-10-19}",
                           "period: [1962-10-16, 1962-10-19]"), 7, 9,
         "period: must be a mapping of keys"),
    Case("two_documents", lambda: b"format: 1\n---\nformat: 1\n", 2, 1,
         "a scenario file holds a single document"),
    Case("undefined_alias", lambda: b"a: *nope\n", 1, 4, "'*nope' refers to no '&nope' above it"),
    Case("tabs", lambda: b"format: 1\nsides:\n\t- id: us\n", 3, 1,
         "indented with a tab, and YAML allows only spaces"),
    Case("too_many_events", lambda: (MINI_TEXT.split("events:")[0] + "events:\n" + "".join(
        f"  - {{id: e{i}, side: us, title: t, text: t, options: [{{id: o, kind: hold, text: t}}]}}"
        "\n" for i in range(400)) + "endings:\n  - {id: deal, title: t, text: t, at_end: true}\n")
         .encode(), 36, 3, "events: has 400 items; the limit is 300"),
    Case("too_many_options", lambda: (MINI_TEXT.split("events:")[0] + "events:\n  - {id: e, side: "
                                      "us, title: t, text: t, options: [" + ", ".join(
                                          f"{{id: o{i}, kind: hold, text: t}}" for i in range(20))
                                      + "]}\nendings:\n  - {id: deal, title: t, text: t, "
                                      "at_end: true}\n").encode(), 36, 51,
         "events.e.options: has 20 items; the limit is 9"),
    # encodings and characters
    Case("empty_file", lambda: b"", 1, 1, "the file is empty"),
    Case("comments_only", lambda: b"# nothing here\n", 1, 1, "the file is empty"),
    Case("invalid_utf8", lambda: b"format: 1\ntitle: caf\xe9\n", 2, 11,
         "the file is not valid UTF-8 text"),
    Case("utf16_le_bom", lambda: "\ufeffformat: 1\n".encode("utf-16-le"), 1, 1,
         "the file is UTF-16 text, not UTF-8"),
    Case("utf16_be_bom", lambda: "\ufeffformat: 1\n".encode("utf-16-be"), 1, 1,
         "the file is UTF-16 text, not UTF-8"),
    Case("nul_byte", lambda: b"format: 1\nid: a\x00b\n", 2, 6,
         "the file contains the control character U+0000"),
    Case("bell_character", lambda: b"format: 1\nid: \x07x\n", 2, 5,
         "the file contains the control character U+0007"),
    Case("nul_escape", lambda: mini_with("title: {en: Mini crisis", 'title: {en: "Mini\\0crisis"'),
         4, 13, "the text contains the character U+0000"),
    Case("surrogate_escape_key", lambda: mini_with("format: 1\n", 'format: 1\n"\\ud800": 1\n'), 3,
         1, "the text contains the character U+D800"),
    # expressions: parsed with a whitelist, never eval'd
    Case("expr_import", lambda: mini_with(CHANCE, "chance: \"__import__('os').system('ls')\""),
         48, 22, "only the functions min, max, clamp and abs can be called"),
    Case("expr_lambda", lambda: mini_with(CHANCE, 'chance: "(lambda: 1)()"'), 48, 22,
         "only the functions min, max, clamp and abs can be called"),
    Case("expr_attribute", lambda: mini_with(CHANCE, 'chance: "tension.__class__"'), 48, 22,
         "unknown name 'tension.__class__'"),
    Case("expr_power", lambda: mini_with(CHANCE, 'chance: "9**9**9**9"'), 48, 22,
         "the operator ** is not allowed"),
    Case("expr_deep", lambda: mini_with(CHANCE, 'chance: "' + "not " * 90 + 'true"'), 48, 122,
         "the expression is nested more than 24 levels deep"),
    Case("expr_parentheses", lambda: mini_with(CHANCE, 'chance: "' + "(" * 300 + "1"
                                               + ")" * 300 + '"'), 48, 22,
         "the expression is 601 characters long; the limit is 400"),
    Case("expr_long", lambda: mini_with(CHANCE, 'chance: "' + "+".join(["1"] * 300) + '"'), 48, 22,
         "the expression is 599 characters long; the limit is 400"),
    Case("expr_huge_float", lambda: mini_with(CHANCE, 'chance: "1e999"'), 48, 22,
         "this number is too large"),
]


def _run_validate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], float]:
    """`brink validate PATH` in this process: exit code, lines printed, CPU seconds taken."""
    start = time.process_time()
    code = main(["validate", str(path)])
    took = time.process_time() - start
    return code, capsys.readouterr().out.splitlines(), took


def _assert_well_formed(path: Path, lines: list[str]) -> None:
    """Every line but the summary is `file:line:col: error|warning: message`, or a line of
    the file shown under it (`  12 | text`)."""
    place = re.compile(re.escape(str(path)) + r":\d+:\d+: (error|warning): \S")
    shown = re.compile(r" +\d+ \| ")
    assert lines and re.fullmatch(r"\d+ error\(s\), \d+ warning\(s\)", lines[-1])
    for line in lines[:-1]:
        assert place.match(line) or shown.match(line), line


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_file_is_refused_at_its_place(case: Case, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"{case.name}.yaml"
    path.write_bytes(case.content())
    code, lines, took = _run_validate(path, capsys)
    assert code == 1
    assert took < HANG
    _assert_well_formed(path, lines)
    expected = f"{path}:{case.line}:{case.col}: error: "
    hits = [line for line in lines if line.startswith(expected) and case.message in line]
    assert hits, f"expected {expected}...{case.message}... in:\n" + "\n".join(lines[:5])


def test_every_limit_has_a_case() -> None:
    messages = " ".join(c.message for c in CASES)
    for limit in (MAX_BYTES, MAX_NODES, MAX_DEPTH, MAX_STRING, MAX_ITEMS):
        assert f"{limit}" in messages


def test_billion_laughs_fails_fast_in_little_memory() -> None:
    tracemalloc.start()
    try:
        start = time.process_time()
        compiled, problems = check_bytes(laughs(), "laughs.yaml")
        took = time.process_time() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert compiled is None and "more than" in problems[0].message
    assert peak < 5_000_000, f"peak {peak / 1e6:.1f} MB"
    assert took < HANG


def test_utf8_bom_is_accepted() -> None:
    compiled, problems = check_bytes(b"\xef\xbb\xbf" + MINI.read_bytes(), "bom.yaml")
    assert compiled is not None and not [p for p in problems if p.is_error]


def test_a_limit_at_its_value_is_accepted() -> None:
    text = mini_with("summary: {en: A tiny crisis for testing.",
                     "summary: {en: " + "x" * MAX_STRING)
    compiled, problems = check_bytes(text, "at_limit.yaml")
    assert compiled is not None, [str(p) for p in problems]


# -- files that are not files ----------------------------------------------------------------
def test_directory_is_not_a_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, _ = _run_validate(tmp_path, capsys)
    assert code == 1
    assert lines[0] == f"{tmp_path}:1:1: error: no such file (or not a regular file)"


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, _ = _run_validate(tmp_path / "nope.yaml", capsys)
    assert code == 1
    assert lines[0] == f"{tmp_path / 'nope.yaml'}:1:1: error: no such file (or not a regular file)"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_fifo_does_not_hang_brink_validate(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    r = subprocess.run([sys.executable, "-m", "game", "validate", str(fifo)], cwd=ROOT,
                       capture_output=True, text=True, timeout=HANG * 2)
    assert r.returncode == 1
    assert r.stdout.startswith(f"{fifo}:1:1: error: no such file (or not a regular file)")
    assert "Traceback" not in r.stderr


@pytest.mark.skipif(not Path("/etc/passwd").is_file(), reason="needs /etc/passwd")
def test_symlink_to_a_system_file_is_read_and_refused(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "passwd.yaml"
    link.symlink_to("/etc/passwd")
    code, lines, _ = _run_validate(link, capsys)
    assert code == 1
    assert any(line.startswith(f"{link}:") and "error" in line for line in lines[:-1])


def test_brink_validate_end_to_end(tmp_path: Path) -> None:
    """The real command, in a fresh process: no traceback, exit code 1, file:line:col."""
    names = ["python_object", "billion_laughs", "deep_flow_sequences", "nul_byte",
             "utf16_le_bom", "empty_file"]
    paths = []
    for case in (c for c in CASES if c.name in names):
        path = tmp_path / f"{case.name}.yaml"
        path.write_bytes(case.content())
        paths.append((path, case))
    r = subprocess.run([sys.executable, "-m", "game", "validate", *[str(p) for p, _ in paths]],
                       cwd=ROOT, capture_output=True, text=True, timeout=HANG * 4)
    assert r.returncode == 1
    assert r.stderr == ""
    for path, case in paths:
        assert f"{path}:{case.line}:{case.col}: error: " in r.stdout
    summary = re.fullmatch(r"(\d+) error\(s\), 0 warning\(s\)", r.stdout.splitlines()[-1])
    assert summary and int(summary.group(1)) >= len(paths)
    assert not (tmp_path / "pwned").exists()


# -- expressions -----------------------------------------------------------------------------
SYMBOLS = Symbols({"us.prestige": 0}, {"blockade": 0})


@pytest.mark.parametrize("text", [
    "(" * 200 + "1" + ")" * 200,
    "-" * 399 + "1",
    "not " * 99 + "true",
    " + ".join(["tension"] * 100),
    "min(" * 50 + "1" + ", 2)" * 50,
    "1 if " * 60 + "true" + " else 2" * 60,
])
def test_deep_or_huge_expressions_are_refused(text: str) -> None:
    with pytest.raises(ExprError) as info:
        compile_expr(text, SYMBOLS)
    assert ("nested" in info.value.message or "too complex" in info.value.message
            or "limit" in info.value.message or "cannot read" in info.value.message)


def test_integer_literal_too_large_for_a_float() -> None:
    with pytest.raises(ExprError, match="too large"):
        compile_expr("9" * 399, SYMBOLS)


def test_period_at_the_end_of_the_calendar() -> None:
    raw = mini_with("period: {start: 1962-10-16, end: 1962-10-19}",
                    "period: {start: 9999-12-30, end: 9999-12-31}")
    compiled, problems = check_bytes(raw, "calendar.yaml")
    assert compiled is not None or problems


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning",
                            "ignore:invalid value encountered:RuntimeWarning")
def test_expression_that_overflows_does_not_reach_play() -> None:
    raw = mini_with("effects: {tension: 0}", 'effects: {tension: "1e308 * 10 - 1e308 * 10"}')
    compiled, _ = check_bytes(raw, "overflow.yaml")
    if compiled is None:
        return
    game = Game.new(compiled, 1, ["ussr"])
    n = Narrator(compiled, Translator("en"))
    while not game.is_over():
        for record in game.apply("wait" if "wait" in game.legal_options()
                                 else game.legal_options()[0]):
            n.describe(record)
    assert 0 <= game.tension <= 100


# -- saves -----------------------------------------------------------------------------------
def good_save(mini: Compiled, moves: int = 2) -> dict:
    """A real save of a game of the mini scenario, as JSON data."""
    g = Game.new(mini, 17, ["us"])
    for _ in range(moves):
        g.apply(g.legal_options()[0])
    return json.loads(SaveData.of(g).to_json())


def as_bytes(data: object) -> bytes:
    """JSON bytes of any value."""
    return json.dumps(data).encode()


def test_every_truncation_of_a_save_is_refused(mini: Compiled) -> None:
    raw = as_bytes(good_save(mini))
    assert parse_save(raw) is not None
    for n in range(len(raw)):
        with pytest.raises(SaveError):
            parse_save(raw[:n], "cut.json")


WRONG_VALUES: list[object] = [None, True, 1, -1, 1.5, "x", "", [], {}, ["us"], [["a", "b"]],
                              {"a": 1}, "9" * 5000]
#: (field, value) pairs of WRONG_VALUES that are in fact legal: text, a seed, empty lists.
LEGAL = {("version", "1"), ("scenario_id", '"x"'), ("saved_at", '"x"'), ("saved_at", '""'),
         ("scenario_path", '"x"'), ("scenario_path", '""'), ("seed", "1"), ("humans", "[]"),
         ("humans", '["us"]'), ("choices", "[]"), ("choices", '[["a", "b"]]')}


@pytest.mark.parametrize("field", ["format", "version", "scenario_id", "scenario_sha256",
                                   "scenario_path", "seed", "humans", "choices", "lang",
                                   "saved_at"])
def test_wrong_type_in_every_field_is_refused(mini: Compiled, field: str) -> None:
    data = good_save(mini)
    for value in WRONG_VALUES:
        data[field] = value
        if (field, json.dumps(value)) in LEGAL:
            parse_save(as_bytes(data), "edited.json")
            continue
        with pytest.raises(SaveError, match=r"^edited\.json: "):
            parse_save(as_bytes(data), "edited.json")
    del data[field]
    with pytest.raises(SaveError):
        parse_save(as_bytes(data), "missing.json")


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d.update(choices=[["photos", "strike"]] * (MAX_CHOICES + 1)),
     f"a save holds at most {MAX_CHOICES}"),
    (lambda d: d.update(seed=-1), "the seed is missing or not a whole number"),
    (lambda d: d.update(seed=2**63), "the seed is missing or not a whole number"),
    (lambda d: d.update(seed=10**400), "the number 10000000000000000000... is too long"),
    (lambda d: d.update(seed=17.0), "the seed is missing or not a whole number"),
    (lambda d: d.update(extra="x"), "unknown fields extra"),
    (lambda d: d.update(format="other-game"), "not a Brink save"),
    (lambda d: d.update(version=2), "save version 2 is not supported"),
    (lambda d: d.update(version="1"), "save version '1' is not supported"),
    (lambda d: d.update(version=True), "save version True is not supported"),
    (lambda d: d.update(scenario_id="../../etc/passwd"), "is not a scenario id"),
    (lambda d: d.update(scenario_sha256="abc"), "the scenario hash is not a SHA-256"),
    (lambda d: d.update(scenario_path="/tmp/a\u0000b"), "'scenario_path' is missing or not text"),
    (lambda d: d.update(lang="klingon"), "the language is not a two-letter code"),
    (lambda d: d.update(humans=["us"] * 9), "'humans' must be a list of side ids"),
    (lambda d: d.update(choices=[["photos", "strike", "x"]]), "each choice must be"),
    (lambda d: d.update(choices=[["photos", 1]]), "each choice must be"),
])
def test_edited_save_is_refused_with_a_reason(mini: Compiled, edit: Callable[[dict], None],
                                              message: str) -> None:
    data = good_save(mini)
    edit(data)
    with pytest.raises(SaveError, match=re.escape(message)):
        parse_save(as_bytes(data), "edited.json")


@pytest.mark.parametrize(("raw", "message"), [
    (b"[" * 1_000_000, "not a readable save"),
    (b'{"seed": NaN}', "NaN is not a number a save can hold"),
    (b'{"seed": Infinity}', "Infinity is not a number a save can hold"),
    (b'{"format": "brink-save", "format": "brink-save"}', "the key 'format' appears twice"),
    (b'{"seed": ' + b"9" * 5000 + b"}", "the number 99999999999999999999... is too long"),
    (b"\xff\xfe{\x00}\x00", "it is not UTF-8 text"),
    (b"[" * 1_000_000, "it is nested too deeply"),
    (b"\x00" * 100, "not a readable save"),
    (b"x" * 1_000_001, "too large to be a save"),
    (b'"brink-save"', "not a Brink save"),
])
def test_foreign_or_damaged_bytes_are_refused(raw: bytes, message: str) -> None:
    with pytest.raises(SaveError, match=re.escape(message)):
        parse_save(raw, "bad.json")


def _read_in_thread(path: Path) -> BaseException | None:
    """read_save in a thread; the error it raised, or a failure if it blocks."""
    out: list[BaseException | None] = []

    def run() -> None:
        try:
            read_save(path)
            out.append(None)
        except BaseException as exc:  # reported to the test
            out.append(exc)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(HANG)
    assert not t.is_alive(), f"read_save({path}) blocked"
    return out[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_save_that_is_a_pipe_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    exc = _read_in_thread(fifo)
    assert isinstance(exc, SaveError) and "not a regular file" in str(exc)


@pytest.mark.parametrize("name", ["/dev/zero", "."])
def test_save_that_is_a_device_or_folder_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path if name == "." else Path(name)
    if not path.exists():
        pytest.skip(f"no {name} here")
    exc = _read_in_thread(path)
    assert isinstance(exc, SaveError)


def _write_raw_save(data: dict, name: str = "hostile.json") -> Path:
    save_dir().mkdir(parents=True, exist_ok=True)
    path = save_dir() / name
    path.write_bytes(as_bytes(data))
    return path


def test_save_for_an_unknown_scenario_is_reported(mini: Compiled) -> None:
    data = good_save(mini)
    data.update(scenario_id="no_such_scenario", scenario_path="/nonexistent/x.yaml")
    _write_raw_save(data)
    (saved,) = scan_saves()
    assert saved.problem == ("the scenario 'no_such_scenario' of this save is missing: "
                             "/nonexistent/x.yaml cannot be read (it does not exist)")
    with pytest.raises(SaveError, match="no_such_scenario"):
        resume(saved)


@pytest.mark.skipif(not Path("/etc/passwd").is_file(), reason="needs /etc/passwd")
def test_save_naming_a_system_file_as_its_scenario(mini: Compiled, tmp_path: Path) -> None:
    """Only a regular .yaml/.yml file is read at a save's recorded path: /etc/passwd is not
    read at all, and a save with no shipped scenario of its id is reported as such."""
    data = good_save(mini)
    data["scenario_path"] = "/etc/passwd"
    _write_raw_save(data)
    lines: list[str] = []
    code = play_text(None, "en", None, None, True, inp=lambda _: "q", out=lines.append)
    assert code == 1
    assert ("Skipping a save: the scenario 'mini' of this save is missing: /etc/passwd is not "
            "a .yaml file") in lines, lines
    assert not any("root:" in line for line in lines)  # nothing of the file itself


def test_save_naming_a_relative_path_outside_the_folder(mini: Compiled, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """`../../x.yaml` is looked up (from the working folder) and, when it is missing or not
    the save's scenario, the save is reported, never used."""
    monkeypatch.chdir(tmp_path)
    data = good_save(mini)
    data["scenario_path"] = "../../x.yaml"
    _write_raw_save(data)
    (saved,) = scan_saves()
    assert find_scenario_file(saved.data) is None  # type: ignore[arg-type]
    assert saved.problem == ("the scenario 'mini' of this save is missing: ../../x.yaml cannot "
                             "be read (it does not exist)")


def test_nothing_is_written_to_a_saves_scenario_path(mini: Compiled, tmp_path: Path) -> None:
    """A save pointing at a file elsewhere: playing on writes only in the save folder."""
    victim = tmp_path / "elsewhere" / "mini.yaml"
    victim.parent.mkdir()
    victim.write_bytes(MINI.read_bytes())
    before = {p: p.read_bytes() for p in victim.parent.iterdir()}
    data = good_save(mini, moves=1)
    data["scenario_path"] = str(victim)
    save = _write_raw_save(data)
    answers = iter(["1", "1", "1", "1", "q"])
    lines: list[str] = []
    assert play_text(None, "en", None, None, True, inp=lambda _: next(answers),
                     out=lines.append) == 0
    assert {p: p.read_bytes() for p in victim.parent.iterdir()} == before
    assert sorted(p.name for p in save_dir().iterdir()) == [save.name]
    assert len(json.loads(save.read_text())["choices"]) > 1


def test_changed_scenario_is_detected_and_the_player_is_asked(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_bytes(MINI.read_bytes())
    answers = iter(["1", "1", "q"])
    assert play_text(str(path), "en", "us", 5, False, inp=lambda _: next(answers),
                     out=lambda _: None) == 0
    (save,) = list(save_dir().glob("*.json"))
    before = json.loads(save.read_text())
    assert len(before["choices"]) == 2
    path.write_text(MINI_TEXT.replace("effects: {tension: 10, us.prestige: 5}",
                                      "effects: {tension: 11, us.prestige: 5}"))
    lines: list[str] = []
    answers = iter(["n"])
    assert play_text(None, "en", None, None, True, inp=lambda _: next(answers),
                     out=lines.append) == 1
    assert "The scenario has changed since this game was saved: 2 of 2 choices still apply." \
        in lines
    assert json.loads(save.read_text()) == before  # declining leaves the save alone
    lines.clear()
    answers = iter(["y", "1", "q"])
    assert play_text(None, "en", None, None, True, inp=lambda _: next(answers),
                     out=lines.append) == 0
    after = json.loads(save.read_text())
    assert after["choices"][:2] == before["choices"] and len(after["choices"]) == 3
    assert after["scenario_sha256"] != before["scenario_sha256"]


def test_a_save_with_a_strange_scenario_id_stays_in_the_save_folder(mini: Compiled) -> None:
    from game.saves import new_save_path

    for sid in ("../../escape", "/etc/x", "a/b", "CON", ""):
        assert new_save_path(sid).parent == save_dir()


def test_write_save_goes_where_it_is_told_and_nowhere_else(mini: Compiled,
                                                           tmp_path: Path) -> None:
    g = Game.new(mini, 1, ["us"])
    target = tmp_path / "saves" / "game.json"
    write_save(SaveData.of(g), target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["game.json"]
    assert read_save(target).seed == 1


def test_check_file_refuses_before_reading_an_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as f:
        f.truncate(50 * MAX_BYTES)  # sparse: large on paper, nothing to read
    compiled, problems = check_file(path)
    assert compiled is None
    assert problems[0].message == f"the file is {50 * MAX_BYTES} bytes; the limit is {MAX_BYTES}"
