"""Issue 13 items 8, 9 and 10: command-line arguments, names and text from elsewhere, and
strategy scripts. Inputs are generated; each gets a message and an exit code, never a
traceback or a hang."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.cli import MAX_RUNS, MAX_SEED, MAX_TITLE, build_parser, main
from game.scenario import check_bytes
from game.scenario.tables import Compiled
from game.sim import PolicyError, make_policy

ROOT = Path(__file__).parent.parent
MINI = ROOT / "tests" / "data" / "mini.yaml"
HANG = 60.0


def exit_code(argv: list[str]) -> int:
    """The exit code argparse gives `argv` (0 when it parses)."""
    try:
        build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


# -- 13.8 arguments --------------------------------------------------------------------------
NUMBERS = st.one_of(st.integers(-(2**70), 2**70), st.integers(-3, 3),
                    st.integers(MAX_SEED - 3, MAX_SEED + 3))


@settings(max_examples=150, deadline=None)
@given(n=NUMBERS, command=st.sampled_from([["play"], ["simulate", "x.yaml"],
                                           ["balance", "x.yaml"], ["shot", "--out", "x.png"]]))
def test_a_seed_is_accepted_exactly_when_a_save_can_hold_it(n: int, command: list[str]) -> None:
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = exit_code([*command, "--seed", str(n)])
    assert code == (0 if 0 <= n <= MAX_SEED else 2)
    if code:
        text = err.getvalue()
        assert "a seed must be a whole number from 0 to" in text and len(text) < 2_000


@settings(max_examples=100, deadline=None)
@given(n=st.one_of(NUMBERS, st.integers(MAX_RUNS - 2, MAX_RUNS + 2)),
       command=st.sampled_from([["simulate", "x.yaml"], ["balance", "x.yaml"], ["bench"]]))
def test_runs_are_accepted_from_one_to_the_limit(n: int, command: list[str]) -> None:
    assert exit_code([*command, "--runs", str(n)]) == (0 if 1 <= n <= MAX_RUNS else 2)


@pytest.mark.parametrize("text", ["1e3", "", " ", "0x10", "٣", "²", "nan", "9" * 100_000,
                                  "1_000", "1.0", "--1", "inf"])
def test_numbers_that_are_not_plain_are_usage_errors(text: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["play", "--seed"], ["simulate", "x.yaml", "--runs"]):
        assert exit_code([*command, text]) == 2
        assert len(capsys.readouterr().err) < 2_000
    seconds = exit_code(["bench", "--seconds", text])
    assert seconds == (0 if text in ("1e3", "1.0") else 2)


@pytest.mark.parametrize("where", ["folder", "missing_folder", "file_as_folder"])
@pytest.mark.parametrize("command", ["simulate", "balance", "report", "shot"])
def test_output_files_that_cannot_be_written_are_said_before_any_work(
        command: str, where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x")
    out = {"folder": tmp_path, "missing_folder": tmp_path / "nope" / "out.html",
           "file_as_folder": tmp_path / "file" / "out.html"}[where]
    saves = tmp_path / "saves"
    saves.mkdir()
    argv = {"simulate": ["simulate", str(MINI), "--runs", "5", "--json", str(out)],
            "balance": ["balance", str(MINI), "--runs", "5", "--out", str(out)],
            "report": ["report", str(saves), "--out", str(out)],
            "shot": ["shot", str(MINI), "--out", str(out)]}[command]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"brink {command}: ") and "Traceback" not in err
    assert "is a folder" in err or "cannot write" in err


@pytest.mark.parametrize("length", [MAX_TITLE + 1, 1_000, 100_000])
def test_brink_new_refuses_a_title_too_long(length: int, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "x" * length, "--dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"a title has at most {MAX_TITLE}" in err and len(err) < 300
    assert list(tmp_path.iterdir()) == []


def test_a_simulation_too_large_for_memory_is_refused(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import game.sim.batch as batch

    monkeypatch.setattr(batch, "MEMORY", 1_000_000)
    assert main(["simulate", str(MINI), "--runs", "100000"]) == 1
    assert "too many for this scenario" in capsys.readouterr().err


# -- 13.9 names and text from elsewhere ------------------------------------------------------
def latin1_names() -> list[bytes]:
    """File names that are not UTF-8: Latin-1 words, and random high bytes."""
    rng = random.Random(9)
    names = ["élève".encode("latin-1"), "café".encode("latin-1"), "Zoë".encode("cp1252")]
    names += [bytes(rng.randrange(0x80, 0x100) for _ in range(rng.randrange(1, 12)))
              for _ in range(3)]
    return names


def strict_utf8_env(data: Path) -> dict[str, str]:
    return {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict",
            "BRINK_DATA_DIR": str(data)}


@pytest.mark.skipif(sys.platform == "win32", reason="file names are bytes on POSIX only")
def test_file_names_that_are_not_utf8_are_shown_with_a_replacement_character(
        tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    names = latin1_names()
    for k, raw in enumerate(names):
        (Path(os.fsdecode(bytes(folder) + b"/" + raw + b".yaml"))).write_bytes(
            MINI.read_bytes() if k % 2 else b"x: [")
        Path(os.fsdecode(bytes(folder) + b"/" + raw + b".json")).write_bytes(b"{}")
    env = strict_utf8_env(tmp_path / "data")
    files = sorted(str(p) for p in folder.glob("*.yaml"))
    runs = [[sys.executable, "-m", "game", "validate", *files],
            [sys.executable, "-m", "game", "report", str(folder)],
            [sys.executable, "-m", "game", "report", str(folder), "--out",
             str(tmp_path / "r.html")],
            [sys.executable, "-m", "game", "report", str(folder), "--out",
             str(tmp_path / "r.txt")]]
    for argv in runs:
        r = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, timeout=HANG * 2)
        out = r.stdout.decode("utf-8") + r.stderr.decode("utf-8")
        assert "Traceback" not in out, out[-2000:]
        assert r.returncode in (0, 1)
        assert "\ufffd" in out
    assert "\ufffd" in (tmp_path / "r.html").read_text(encoding="utf-8")


C1 = [chr(c) for c in range(0x80, 0xA0)]


@pytest.mark.parametrize("ch", C1, ids=lambda c: f"U+{ord(c):04X}")
def test_c1_controls_are_refused_like_c0(ch: str) -> None:
    text = MINI.read_text(encoding="utf-8")
    escaped = text.replace("title: {en: Mini crisis", f'title: {{en: "Mini\\u{ord(ch):04x}"')
    raw = text.replace("title: {en: Mini crisis", f"title: {{en: Mini{ch}crisis")
    for content in (escaped, raw):
        compiled, problems = check_bytes(content.encode("utf-8"), "c1.yaml")
        assert compiled is None
        assert any(f"U+{ord(ch):04X}" in p.message for p in problems), problems[:3]


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "/", "\x1b", "\x9b", "\x00", "é", "\udce9"]),
               max_size=40))
def test_printed_file_names_hold_no_control_characters(name: str) -> None:
    from game.files import printable

    shown = printable(name)
    shown.encode("utf-8")  # never a surrogate
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in shown)


# -- 13.10 strategy scripts ------------------------------------------------------------------
def scripts() -> list[tuple[str, bytes]]:
    """Hostile strategy scripts (contents), generated."""
    rng = random.Random(10)
    out = [(f"deep_json_{n}.json", b"[" * n + b"]" * n) for n in (41, 1_000, 100_000)]
    out += [(f"deep_yaml_{n}.yaml", b"a: " + b"[" * n + b"]" * n) for n in (41, 100_000)]
    out += [("deep_object.json", b'{"a":' * 50_000 + b"1" + b"}" * 50_000),
            ("laughs.yaml", b"a0: &a0 [x,x,x,x,x,x,x,x,x,x]\n" + b"".join(
                f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n".encode()
                for i in range(1, 9))),
            ("huge.json", b'{"photos": "' + b"x" * 1_100_000 + b'"}'),
            ("python.yaml", b"photos: !!python/object/apply:os.system [echo hi]\n"),
            ("long_names.yaml", b"x" * 9_000 + b": " + b"y" * 9_000 + b"\n"),
            ("not_a_mapping.json", b"[1, 2, 3]"), ("utf16.json", '{"a": "b"}'.encode("utf-16"))]
    out += [(f"random_{k}.json", bytes(rng.randrange(256) for _ in range(rng.randrange(1, 999))))
            for k in range(6)]
    return out


@pytest.mark.parametrize(("name", "raw"), scripts(), ids=[n for n, _ in scripts()])
def test_hostile_strategy_scripts_are_messages(name: str, raw: bytes, tmp_path: Path,
                                               mini: Compiled) -> None:
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(PolicyError) as info:
        make_policy(mini, str(path))
    assert len(str(info.value)) < 1_000


@pytest.mark.parametrize("kind", ["pipe", "folder", "device"])
def test_strategy_scripts_that_are_not_files_do_not_block(kind: str, tmp_path: Path,
                                                          mini: Compiled) -> None:
    path = tmp_path / "script.json"
    if kind == "pipe":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")
    out: list[BaseException] = []

    def run() -> None:
        try:
            make_policy(mini, str(path))
        except BaseException as exc:  # reported to the test
            out.append(exc)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(HANG)
    assert not t.is_alive(), "blocked"
    assert isinstance(out[0], PolicyError)
    assert "not a regular file" in str(out[0]) or "it is a folder" in str(out[0])


def test_a_good_script_still_works(tmp_path: Path, mini: Compiled) -> None:
    for name, text in (("s.json", '{"photos": "blockade"}'), ("s.yaml", "photos: blockade\n")):
        path = tmp_path / name
        path.write_text(text)
        assert make_policy(mini, str(path)).name == f"scripted:{name}"
