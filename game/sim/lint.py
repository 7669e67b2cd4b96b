"""Warnings found by simulation: events, options and endings that random and AI play never
reach (the static checks cannot see every interaction of conditions and effects)."""

from __future__ import annotations

import numpy as np

from game.engine.policy import TemperamentAI
from game.scenario.problems import Problem
from game.scenario.tables import TIME_OUT, WAR, Compiled
from game.sim.batch import simulate
from game.sim.policies import RandomPolicy, historical, make_policy
from game.sim.stats import DEPTH_POLICIES, depth_warnings, summarize

RUNS = 2_000
#: Games per side and policy for the decisions-per-game check.
DEPTH_RUNS = 500


def simulation_warnings(c: Compiled, runs: int = RUNS, seed: int = 0) -> list[Problem]:
    """Warnings for what `runs` games under each of random, AI and historical play never
    reach; needs the compiled scenario's source for positions."""
    if c.source is None:
        return []
    results = [simulate(c, runs, seed, {s: RandomPolicy() for s in c.sides}),
               simulate(c, runs, seed, {s: TemperamentAI() for s in c.sides}),
               simulate(c, runs, seed, {s: historical(c) for s in c.sides})]
    used = sum(r.option_use() for r in results)
    endings = np.zeros(len(c.endings), dtype=np.int64)
    for r in results:
        endings += np.bincount(r.ending, minlength=len(c.endings))
    total = runs * len(results)
    src = c.source
    out: list[Problem] = []
    for i, ev in enumerate(c.events):
        if not any(used[g] for g in ev.options):
            out.append(src.problem(("events", i, "id"), f"event '{ev.id}' never came up in "
                                   f"{total} simulated games (random, AI and historical play): "
                                   "check its from/to window, its 'when:' and its side's other "
                                   "events in the same turns", severity="warning"))
            continue
        for g in ev.options:
            o = c.options[g]
            if not used[g] and o.requires is not None:
                out.append(src.problem(("events", i, "options", o.local, "requires"),
                                       f"option '{o.id}' was never chosen in {total} simulated "
                                       "games: its 'requires:' may never hold when the event "
                                       "comes up", severity="warning"))
    for k, end in enumerate(c.endings):
        if end.id in (WAR, TIME_OUT) or endings[k]:
            continue
        out.append(src.problem(("endings", end.model_index, "id"), f"ending '{end.id}' was "
                               f"never reached in {total} simulated games: check its 'when:' "
                               "and the endings listed before it", severity="warning"))
    seen: set[tuple[object, ...]] = set()
    for side in [s.id for s in c.model.sides if s.playable]:
        for policy in DEPTH_POLICIES:
            r = simulate(c, DEPTH_RUNS, seed, {side: make_policy(c, policy)})
            for path, message in depth_warnings(c, summarize(r), side, policy):
                if path not in seen:  # an ending's first-turn warning once, not per run
                    seen.add(path if path[0] == "endings" else (*path, message))
                    out.append(src.problem(path, message, severity="warning"))
    return out


def lint_file(path: str) -> tuple[Compiled | None, list[Problem]]:
    """Everything `brink validate` reports: the checks of the file, then (when it compiles)
    the simulation's warnings, in file order."""
    from game.scenario import check_file

    compiled, problems = check_file(path)
    if compiled is not None:
        # What the static checks already proved impossible is not reported twice.
        known = " ".join(p.message for p in problems if "can never" in p.message)
        extra = [p for p in simulation_warnings(compiled)
                 if p.message.split("'")[1] not in known]
        problems = sorted(set(problems) | set(extra))
    return compiled, problems
