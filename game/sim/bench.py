"""`brink bench`: games per second in batch and one at a time, and peak memory."""

from __future__ import annotations

import platform
import time
import tracemalloc
from pathlib import Path

import numpy as np

from game.engine.game import Game
from game.resources import shipped_scenarios
from game.scenario import ScenarioError, load_scenario
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


def run_bench(runs: int, seconds: float, only: list[str] | None = None) -> int:
    """Print a table of speeds and memory for each scenario; returns the exit code."""
    paths = [Path(p) for p in only] if only else shipped_scenarios()
    print(machine_line() + "; one core (numpy runs element-wise work on one thread)")
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
