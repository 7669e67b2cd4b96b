"""Smoke test in a real X window (Xvfb), driven by xdotool key presses like a player.

Skipped where Xvfb, xdotool or ImageMagick's `import` is missing; `.ci/run` installs them.
Waits are event-driven: the display number arrives through -displayfd, scene changes
through the game's log on stderr.
"""

from __future__ import annotations

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


class Lines:
    """Reads a process's stderr (unbuffered, so select() sees every byte) and waits, with a
    deadline, for a line containing some text."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.fd = proc.stderr.fileno()
        self.sel = selectors.DefaultSelector()
        self.sel.register(self.fd, selectors.EVENT_READ)
        self.buffer = ""
        self.lines: list[str] = []

    def wait_for(self, text: str) -> None:
        end = time.monotonic() + DEADLINE
        while True:
            for i, line in enumerate(self.lines):
                if text in line:
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
