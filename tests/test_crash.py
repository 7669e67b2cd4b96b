"""Crash safety: kill the game with SIGKILL at random moments of play; the save holds the last
completed decision (never half a file), and `brink play --text --resume` continues from it."""

from __future__ import annotations

import json
import os
import random
import re
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.engine import Game
from game.i18n import Translator
from game.saves import SaveData, list_saves, parse_save, read_save, write_save
from game.scenario import load_scenario
from game.scenario.tables import Compiled
from game.textplay import TextGame

ROOT = Path(__file__).parent.parent
MINI = ROOT / "tests" / "data" / "mini.yaml"
PROMPT = re.compile(r"Your choice \(1-(\d+), h for help\): $")
#: Generous bound for one answer of the game (it starts Python, numpy and the scenario).
WAIT = 60.0

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


class Player:
    """A text-mode game in a subprocess, driven line by line through pipes."""

    def __init__(self, args: list[str], data_dir: Path) -> None:
        env = {**os.environ, "BRINK_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1",
               "PYTHONIOENCODING": "utf-8"}
        self.proc = subprocess.Popen([sys.executable, "-m", "game", "play", "--text", *args],
                                     cwd=ROOT, env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.out = b""
        self.sel = selectors.DefaultSelector()
        assert self.proc.stdout is not None
        self.sel.register(self.proc.stdout, selectors.EVENT_READ)

    def read_until_prompt(self) -> int | None:
        """Read output until the next decision prompt (its number of options), or None when
        the game exits first. Event-driven: waits on the pipe, never sleeps."""
        assert self.proc.stdout is not None
        deadline = time.monotonic() + WAIT
        start = len(self.out)
        while True:
            m = PROMPT.search(self.out[start:].decode("utf-8", "replace"))
            if m:
                return int(m.group(1))
            left = deadline - time.monotonic()
            assert left > 0, f"no prompt within {WAIT}s:\n{self.text()[-2000:]}"
            if not self.sel.select(timeout=left):
                continue
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                return None
            self.out += chunk

    def read_some(self) -> None:
        """Wait for the next output (any at all), without sleeping."""
        assert self.proc.stdout is not None
        assert self.sel.select(timeout=WAIT), f"no output within {WAIT}s"
        self.out += os.read(self.proc.stdout.fileno(), 65536)

    def answer(self, text: str) -> None:
        """Type a line."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(text.encode() + b"\n")
        self.proc.stdin.flush()

    def kill(self) -> None:
        """SIGKILL: no handler, no cleanup, as when the laptop's battery dies."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(WAIT)
        self.close()

    def finish(self) -> int:
        """Close stdin and wait for the exit code."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        self.out += self.proc.stdout.read()
        code = self.proc.wait(WAIT)
        self.close()
        return code

    def close(self) -> None:
        """Release the pipes."""
        self.sel.close()
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if f is not None:
                f.close()

    def text(self) -> str:
        """Everything printed so far."""
        return self.out.decode("utf-8", "replace")


def saves_in(data_dir: Path) -> list[Path]:
    """Every file in the save folder, after checking that each usable one parses and the
    others can only be temporary files of an interrupted write."""
    folder = data_dir / "saves"
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    for f in files:
        if f.name.startswith(".tmp-"):
            assert f.suffix == ".part"
            continue
        parse_save(f.read_bytes(), f.name)  # never a half-written save
    listed = list_saves()
    assert sorted(listed) == [f for f in files if not f.name.startswith(".")]
    return listed


def status_lines(c: Compiled, game: Game) -> list[str]:
    """What text mode prints as the state of `game`."""
    lines: list[str] = []
    TextGame(Translator("en"), input, lines.append).status(game)
    return lines


@pytest.fixture(scope="module")
def mini_c() -> Compiled:
    """The mini scenario, compiled once for this module."""
    return load_scenario(MINI)


#: When the kill comes: at a prompt; right after an answer is typed (the game may be reading
#: it, applying it or writing the save); or once the game has started printing what the
#: answer did (the save is written before that).
MOMENTS = ("at_prompt", "after_answer", "after_output")


@pytest.mark.parametrize("seed", range(9))
def test_kill_during_play_then_resume(seed: int, tmp_path: Path, mini_c: Compiled,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRINK_DATA_DIR", str(tmp_path))
    rng = random.Random(seed)
    kill_after = rng.randrange(0, 3)
    moment = MOMENTS[seed % 3]
    player = Player([str(MINI), "--side", "us", "--seed", str(seed)], tmp_path)
    done, over = 0, False
    while True:
        n = player.read_until_prompt()
        if n is None:
            over = True
            break
        if done == kill_after:
            break
        player.answer(str(rng.randint(1, n)))
        done += 1
    if over:
        assert player.finish() == 0
        allowed = {done}
    else:
        if moment != "at_prompt":
            player.answer(str(rng.randint(1, n or 1)))
        if moment == "after_output":
            player.read_some()
        player.kill()
        allowed = {"at_prompt": {done}, "after_answer": {done, done + 1},
                   "after_output": {done + 1}}[moment]
    found = saves_in(tmp_path)
    if not found:  # killed before its first decision was saved: there was nothing to keep
        assert 0 in allowed, (moment, done, player.text()[-500:])
        return
    (save,) = found
    data = read_save(save)
    assert len(data.choices) in allowed, (moment, done, player.text()[-500:])
    assert data.seed == seed and data.humans == ("us",)
    replayed = Game.replay(mini_c, seed, ["us"], data.choices)
    if replayed.is_over():
        return
    resumed = Player(["--resume"], tmp_path)
    assert resumed.read_until_prompt() == len(replayed.legal_options())
    shown = resumed.text()
    for line in status_lines(mini_c, replayed):
        assert line in shown
    resumed.answer("q")
    assert resumed.finish() == 0
    again = read_save(save)
    assert again.choices == data.choices and again.seed == data.seed


def test_kill_before_the_first_decision_leaves_nothing(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A save is written at the first decision, not when the game opens: a game killed at its
    first question leaves no file; one killed after answering it keeps that answer."""
    monkeypatch.setenv("BRINK_DATA_DIR", str(tmp_path))
    player = Player([str(MINI), "--side", "ussr", "--seed", "3"], tmp_path)
    assert player.read_until_prompt()
    player.kill()
    assert saves_in(tmp_path) == []
    player = Player([str(MINI), "--side", "ussr", "--seed", "3"], tmp_path)
    assert player.read_until_prompt()
    player.answer("1")
    player.read_until_prompt()
    player.kill()
    (save,) = saves_in(tmp_path)
    data = read_save(save)
    assert data.humans == ("ussr",) and len(data.choices) == 1


# -- write_save itself -----------------------------------------------------------------------
def _two_saves(mini: Compiled) -> tuple[SaveData, SaveData]:
    g = Game.new(mini, 5, ["us"])
    first = SaveData.of(g)
    g.apply(g.legal_options()[0])
    return first, SaveData.of(g)


def test_write_save_writes_flushes_syncs_then_renames(mini: Compiled, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        calls.append("fsync")
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        assert Path(src).read_bytes(), "renamed before the data was written"
        calls.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    path = tmp_path / "game.json"
    write_save(_two_saves(mini)[0], path)
    assert calls[:2] == ["fsync", "replace"]  # the file's data is on disk before the rename
    assert calls[2:] in ([], ["fsync"])  # then the folder entry, where the system allows it
    assert [p.name for p in tmp_path.iterdir()] == ["game.json"]


@pytest.mark.parametrize("fail", ["replace", "fsync", "write"])
def test_failed_write_keeps_the_old_save(mini: Compiled, tmp_path: Path, fail: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = _two_saves(mini)
    path = tmp_path / "game.json"
    write_save(old, path)
    before = path.read_bytes()

    def boom(*_: object) -> None:
        raise OSError(28, "No space left on device")

    if fail == "write":
        monkeypatch.setattr(SaveData, "to_json", lambda self: boom())
    else:
        monkeypatch.setattr(os, fail, boom)
    with pytest.raises(OSError):
        write_save(new, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["game.json"], "temporary file left behind"
    assert json.loads(before)["choices"] == []


def test_interrupted_write_keeps_the_old_save(mini: Compiled, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Even Ctrl+C (a BaseException) between writing and renaming."""
    old, new = _two_saves(mini)
    path = tmp_path / "game.json"
    write_save(old, path)
    before = path.read_bytes()

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_save(new, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["game.json"]


def test_leftover_temporary_file_is_not_a_save(mini: Compiled,
                                               monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    """A file left by a write killed half-way is never listed, so never offered to resume."""
    monkeypatch.setenv("BRINK_DATA_DIR", str(tmp_path))
    folder = tmp_path / "saves"
    folder.mkdir()
    (folder / ".tmp-abc123.part").write_text('{"format": "brink-sa')
    (folder / ".tmp-old.json").write_text('{"format": "brink-sa')
    write_save(_two_saves(mini)[1], folder / "mini-1.json")
    assert [p.name for p in list_saves()] == ["mini-1.json"]
