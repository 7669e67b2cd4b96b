"""`brink bench`: games per second in batch and one at a time, and peak memory."""

from __future__ import annotations

import platform
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np

from game.engine.game import Game
from game.resources import shipped_scenarios
from game.scenario import ScenarioError, load_scenario
from game.scenario.tables import Compiled
from game.sim.batch import simulate


def _max_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine_line() -> str:
    """One line naming the machine, Python and numpy."""
    return (f"machine: {_cpu_name()} ({platform.machine()}), Python "
            f"{platform.python_version()}, numpy {np.__version__}, {platform.system()}")


def _cpu_ms(fn: Callable[[], object]) -> float:
    t0 = time.process_time()
    fn()
    return (time.process_time() - t0) * 1000


def _process_ms(path: Path) -> float | None:
    """CPU time of a whole `brink validate FILE` process (start-up and imports included)."""
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "game", "validate", "--quiet", str(path)],
                   capture_output=True, check=False, timeout=120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000


def _reload_ms(c: Compiled) -> float:
    """CPU time of F5 in a game half played: read and check the file again, replay."""
    from game.session import Session

    game = Game.new(c, 1, [c.model.sides[0].id] if c.model.sides[0].playable else None)
    while not game.is_over() and len(game.choices) < max(1, c.n_turns // 2):
        p = game.pending
        if p is None:
            break
        hist = [o.id for o in p.options if o.legal and o.historical]
        game.apply(hist[0] if hist else p.legal[0])
    session = Session(c, game, None, "en")
    return min(_cpu_ms(session.reload) for _ in range(3))


def run_validation_bench(paths: list[Path]) -> int:
    """Print the CPU time of validating each scenario and of reloading it with F5."""
    from game.sim.lint import lint_file

    print("validation, CPU ms: a whole `brink validate` process (start-up and imports "
          "included); the validation alone (read, check, compile, 6,000 simulated games and 1,500 "
          "more per playable side), the "
          "first in this process and the best of 3; F5 in a game half played (read, check, "
          "compile, replay; best of 3)")
    print(f"{'scenario':<32}{'process':>9}{'first':>8}{'best':>8}{'F5 reload':>11}")
    for path in paths:
        process = _process_ms(path)
        first = _cpu_ms(lambda p=path: lint_file(str(p)))
        best = min(_cpu_ms(lambda p=path: lint_file(str(p))) for _ in range(3))
        try:
            c = load_scenario(path)
        except ScenarioError as exc:
            print(exc)
            return 1
        shown = f"{process:>9.0f}" if process is not None else f"{'-':>9}"
        print(f"{c.id:<32}{shown}{first:>8.0f}{best:>8.0f}{_reload_ms(c):>11.0f}")
    return 0


def run_bench(runs: int, seconds: float, only: list[str] | None = None) -> int:
    """Print a table of speeds and memory for each scenario, then validation and F5 reload
    times; returns the exit code."""
    paths = [Path(p) for p in only] if only else shipped_scenarios()
    print(machine_line() + "; one core (numpy runs element-wise work on one thread)")
    if run_validation_bench(paths):
        return 1
    print("games per second of CPU time; batch: AI against AI, best of 3 runs; single: one "
          "game at a time through Game.new")
    print(f"{'scenario':<32}{'batch games/s':>15}{'single games/s':>16}{'batch peak MB':>15}")
    for path in paths:
        try:
            c = load_scenario(path)
        except ScenarioError as exc:
            print(exc)
            return 1
        simulate(c, 1000, 0)  # warm up caches
        # CPU time of this process, the best of three runs: other work on the machine still
        # slows a run through the caches it shares, never speeds one up.
        best = float("inf")
        for seed in (1, 2, 3):
            t0 = time.process_time()
            simulate(c, runs, seed)
            best = min(best, time.process_time() - t0)
        batch_rate = runs / best
        n = 0
        t0 = time.process_time()
        while time.process_time() - t0 < seconds:
            Game.new(c, n)
            n += 1
        single_rate = n / (time.process_time() - t0)
        tracemalloc.start()
        simulate(c, runs, 1)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(f"{c.id:<32}{batch_rate:>15,.0f}{single_rate:>16,.0f}{peak:>15.1f}")
    rss = _max_rss_mb()
    if rss is not None:
        print(f"process peak resident memory: {rss:.0f} MB")
    return 0
