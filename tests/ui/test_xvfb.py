"""Smoke test in a real X window (Xvfb), driven by xdotool key presses like a player.

Skipped where Xvfb, xdotool or ImageMagick's `import` is missing; `.ci/run` installs them.
Waits are event-driven: the display number arrives through -displayfd, scene changes
through the game's log on stderr.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

TOOLS = ("Xvfb", "xdotool", "import")
pytestmark = pytest.mark.skipif(not all(shutil.which(t) for t in TOOLS),
                                reason="needs Xvfb, xdotool and ImageMagick (apt-get install "
                                       "xvfb xdotool imagemagick)")
DEADLINE = 60.0
MINI = Path(__file__).parent.parent / "data" / "mini.yaml"


class Lines:
    """Reads a process's stderr (unbuffered, so select() sees every byte) and waits, with a
    deadline, for a line containing some text."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.fd = proc.stderr.fileno()
        self.sel = selectors.DefaultSelector()
        self.sel.register(self.fd, selectors.EVENT_READ)
        self.buffer = ""
        self.lines: list[str] = []
        #: The lines the last `wait_for` read past, up to and with the one it waited for.
        self.consumed: list[str] = []

    def wait_for(self, text: str) -> None:
        end = time.monotonic() + DEADLINE
        while True:
            for i, line in enumerate(self.lines):
                if text in line:
                    self.consumed = self.lines[: i + 1]
                    del self.lines[: i + 1]
                    return
            left = end - time.monotonic()
            if left <= 0 or not self.sel.select(timeout=left):
                break
            chunk = os.read(self.fd, 65536)
            if not chunk:
                break
            self.buffer += chunk.decode(errors="replace")
            *done, self.buffer = self.buffer.split("\n")
            self.lines += done
        pytest.fail(f"never saw {text!r}; the game printed: {self.lines[-20:]}")


def test_real_window_plays_a_few_decisions(tmp_path: Path) -> None:
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24",
                             "-nolisten", "tcp"], pass_fds=(write_fd,),
                            stderr=subprocess.DEVNULL)
    os.close(write_fd)
    game = None
    try:
        with os.fdopen(read_fd) as f:
            number = f.readline().strip()
        assert number, "Xvfb did not start"
        env = {**os.environ, "DISPLAY": f":{number}", "SDL_VIDEO_X11_WMCLASS": "brink",
               "BRINK_LOG": "debug", "BRINK_DATA_DIR": str(tmp_path)}
        env.pop("SDL_VIDEODRIVER", None)
        scenario = Path(__file__).parent.parent / "data" / "mini.yaml"
        game = subprocess.Popen([sys.executable, "-m", "game", "play", str(scenario),
                                 "--seed", "5"], env=env, stderr=subprocess.PIPE)
        lines = Lines(game)
        lines.wait_for("drew title")
        wid = subprocess.run(["xdotool", "search", "--class", "brink"], env=env,
                             capture_output=True, text=True, timeout=30).stdout.split()[0]
        subprocess.run(["xdotool", "windowfocus", "--sync", wid], env=env, timeout=30)

        def keys(*names: str) -> None:
            for name in names:
                subprocess.run(["xdotool", "key", name], env=env, timeout=30, check=True)

        keys("Return")
        lines.wait_for("drew briefing")
        keys("Return")
        lines.wait_for("drew crisis")
        keys("1", "Return")
        lines.wait_for("drew result")
        keys("Return", "Return")
        lines.wait_for("scene crisis")
        lines.wait_for("drew crisis")
        shot = tmp_path / "shot.png"
        subprocess.run(["import", "-window", wid, str(shot)], env=env, timeout=30, check=True)
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        import pygame

        img = pygame.image.load(str(shot))
        assert img.get_size() == (1280, 720)
        strip = img.get_at((640, 10))
        assert strip[:3] == (28, 28, 30), "the crisis screen's dark turn strip is not there"
        saves = list((tmp_path / "saves").glob("*.json"))
        assert saves and '"strike"' in saves[0].read_text()
    finally:
        if game is not None:
            game.kill()
            game.wait(timeout=30)
        xvfb.kill()
        xvfb.wait(timeout=30)


class RealGame:
    """Xvfb, the game in it (logging its scenes and frames), and xdotool to press keys."""

    def __init__(self, tmp_path: Path, args: list[str]) -> None:
        read_fd, write_fd = os.pipe()
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0",
                                      "1280x800x24", "-nolisten", "tcp"], pass_fds=(write_fd,),
                                     stderr=subprocess.DEVNULL)
        os.close(write_fd)
        self.game: subprocess.Popen | None = None
        with os.fdopen(read_fd) as f:
            number = f.readline().strip()
        assert number, "Xvfb did not start"
        self.saves = tmp_path / "saves"
        self.env = {**os.environ, "DISPLAY": f":{number}", "SDL_VIDEO_X11_WMCLASS": "brink",
                    "BRINK_LOG": "debug", "BRINK_DATA_DIR": str(tmp_path)}
        self.env.pop("SDL_VIDEODRIVER", None)
        self.game = subprocess.Popen([sys.executable, "-m", "game", "play", *args],
                                     env=self.env, stderr=subprocess.PIPE)
        self.lines = Lines(self.game)
        self.lines.wait_for("drew title")
        self.wid = subprocess.run(["xdotool", "search", "--class", "brink"], env=self.env,
                                  capture_output=True, text=True,
                                  timeout=30).stdout.split()[0]
        subprocess.run(["xdotool", "windowfocus", "--sync", self.wid], env=self.env, timeout=30)

    def xdotool(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, timeout=30, check=True)

    def keys(self, *names: str) -> None:
        for name in names:
            self.xdotool("key", name)

    def scenes_until(self, text: str) -> list[str]:
        """The scenes entered until a line with `text` (included) appears."""
        self.lines.wait_for(text)
        return [x.split("scene ", 1)[1] for x in self.lines.consumed if "brink.ui: scene " in x]

    def choices(self) -> list[list]:
        files = list(self.saves.glob("*.json")) if self.saves.is_dir() else []
        return [json.loads(f.read_text())["choices"] for f in files]

    def close(self) -> None:
        if self.game is not None and self.game.poll() is None:
            self.game.kill()
        if self.game is not None:
            self.game.wait(timeout=30)
        self.xvfb.kill()
        self.xvfb.wait(timeout=30)


def test_one_enter_per_screen_moves_exactly_one_step(tmp_path: Path) -> None:
    g = RealGame(tmp_path, [str(MINI), "--seed", "5"])
    try:
        g.keys("Return")
        assert g.scenes_until("drew briefing") == ["briefing"]
        g.keys("Return")
        assert g.scenes_until("drew crisis") == ["crisis"]
        g.keys("Return")  # nothing is selected: only the hint
        g.keys("F1")  # a marker: the next scene must be the help
        assert g.scenes_until("drew help") == ["help"]
        assert sum(len(c) for c in g.choices()) == 0
        g.keys("Escape")
        g.scenes_until("drew crisis")
        for _ in range(10):
            g.keys("1", "Return")
            assert g.scenes_until("drew result") == ["result"]
            g.keys("Return")  # the whole dispatch at once
            g.keys("Return")  # on
            seen = g.scenes_until("drew ")
            while not seen:
                seen = g.scenes_until("drew ")
            if "debrief" in seen:
                break
            assert seen == ["crisis"]
        else:
            pytest.fail("no debrief")
        made = g.choices()
        g.keys("Return")  # "Back to the title screen"
        assert g.scenes_until("drew title") == ["title"]
        g.keys("F1")
        assert g.scenes_until("drew help") == ["help"]  # no game started in between
        assert g.choices() == made and len(made) == 1
    finally:
        g.close()


def test_enter_held_for_a_second_and_a_half_takes_at_most_one_decision(tmp_path: Path) -> None:
    g = RealGame(tmp_path, [str(MINI), "--seed", "5"])
    try:
        g.keys("Return")
        g.scenes_until("drew briefing")
        g.keys("Return")
        g.scenes_until("drew crisis")
        g.keys("1")
        g.xdotool("keydown", "Return", "sleep", "1.5", "keyup", "Return")
        g.keys("F1")
        assert "help" in g.scenes_until("drew help")
        assert [len(c) for c in g.choices()] == [1]
    finally:
        g.close()


def test_yes_on_the_quit_dialog_quits_and_starts_nothing(tmp_path: Path) -> None:
    g = RealGame(tmp_path, [str(MINI), "--seed", "5"])
    try:
        g.keys("Escape")
        assert g.scenes_until("drew confirm") == ["confirm"]
        g.keys("Return")  # "No" is the default
        assert g.scenes_until("drew title") == ["title"]
        g.keys("Escape")
        g.scenes_until("drew confirm")
        g.keys("Left", "Return")  # "Yes"
        assert g.game is not None and g.game.wait(timeout=DEADLINE) == 0
        assert not any("scene briefing" in x for x in g.lines.lines)
        assert g.choices() == []
    finally:
        g.close()
