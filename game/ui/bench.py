"""`brink bench --ui`: frame times of the crisis screen and the time from start to title."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = ((1024, 640), (1280, 720), (1920, 1080))
FRAMES = 300


def _frames(scenario: str | None, size: tuple[int, int]) -> tuple[list[float], list[float]]:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # not in the middle of the table
    import pygame

    from game.settings import Settings
    from game.ui.app import App
    from game.ui.shot import build_scene

    app = App(size, Settings(), persist=False, sound=False)
    error = build_scene(app, scenario, "crisis", 1, None, [])
    if error:
        raise SystemExit(error)
    app.step(dt=10.0)
    redraw = []
    for _ in range(FRAMES):
        app.dirty = True
        start = time.perf_counter()
        app.step(dt=1 / 60)
        redraw.append(time.perf_counter() - start)
    idle = []
    for _ in range(FRAMES):
        start = time.perf_counter()
        app.step(dt=1 / 60)
        idle.append(time.perf_counter() - start)
    pygame.quit()
    return redraw, idle


def _start_time(scenario: str | None) -> tuple[float, float]:
    """Wall time and CPU time of a new process that starts and draws the title screen."""
    import resource

    out = Path(tempfile.mkdtemp()) / "title.png"
    cmd = [sys.executable, "-m", "game", "shot", "--scene", "title", "--out", str(out)]
    if scenario:
        cmd.insert(4, scenario)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def run_ui_bench(scenario: str | None) -> int:
    """Print frame times at three sizes and the start-to-title time; returns the exit code."""
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    from game.sim.bench import machine_line

    print(machine_line())
    print("crisis screen with its map, dummy video driver, "
          f"{FRAMES} frames each (ms per frame):")
    print(f"{'size':<12}{'full redraw mean':>18}{'p95':>8}{'max':>8}{'idle frame mean':>18}")
    for size in SIZES:
        redraw, idle = _frames(scenario, size)
        ms = sorted(x * 1000 for x in redraw)
        print(f"{size[0]}x{size[1]:<7}{statistics.mean(ms):>18.2f}"
              f"{ms[int(len(ms) * 0.95)]:>8.2f}{ms[-1]:>8.2f}"
              f"{statistics.mean(idle) * 1000:>18.3f}")
    runs = [_start_time(scenario) for _ in range(3)]
    print(f"start to title screen drawn (new process, `brink shot --scene title`): "
          f"wall best {min(w for w, _ in runs):.2f} s, CPU best {min(c for _, c in runs):.2f} s")
    return 0
