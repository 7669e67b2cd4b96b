"""Warnings found by simulation: events, options and endings that random and AI play never
reach (the static checks cannot see every interaction of conditions and effects)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from game.engine.policy import Decision, Policy, TemperamentAI
from game.scenario.problems import Msg, Problem
from game.scenario.tables import TIME_OUT, WAR, Compiled
from game.sim.batch import simulate
from game.sim.policies import RandomPolicy, historical

RUNS = 2_000


@dataclass(frozen=True)
class _ByRows:
    """One policy per block of games: games [bounds[k], bounds[k+1]) play policies[k]. Three
    policies in one batch cost one simulation's fixed overhead instead of three."""

    policies: tuple[Policy, ...]
    bounds: tuple[int, ...]
    name: str = "mixed"

    def choose(self, d: Decision) -> np.ndarray:
        """Each block's rows chosen by its own policy."""
        out = np.zeros(len(d.rows), dtype=np.int64)
        block = np.searchsorted(np.asarray(self.bounds[1:]), d.rows, side="right")
        for k, policy in enumerate(self.policies):
            mine = np.flatnonzero(block == k)
            if len(mine):
                sub = replace(d, rows=d.rows[mine], events=d.events[mine], legal=d.legal[mine])
                out[mine] = policy.choose(sub)
        return out


def simulation_warnings(c: Compiled, runs: int = RUNS, seed: int = 0) -> list[Problem]:
    """Warnings for what `runs` games under each of random, AI and historical play never
    reach; needs the compiled scenario's source for positions."""
    if c.source is None:
        return []
    bounds = (0, runs, 2 * runs, 3 * runs)
    policies = {s: _ByRows((RandomPolicy(), TemperamentAI(), historical(c)), bounds)
                for s in c.sides}
    r = simulate(c, 3 * runs, seed, policies)
    used = r.choices.sum(axis=0)
    endings = np.bincount(r.ending, minlength=len(c.endings))
    total = 3 * runs
    src = c.source
    out: list[Problem] = []
    for i, ev in enumerate(c.events):
        if not any(used[g] for g in ev.options):
            out.append(src.problem(("events", i, "id"), Msg(
                "event '{id}' never came up in {n} simulated games (random, AI and historical "
                "play): check its from/to window, its 'when:' and its side's other events in "
                "the same turns", id=ev.id, n=total), severity="warning"))
            continue
        for g in ev.options:
            o = c.options[g]
            if not used[g] and o.requires is not None:
                out.append(src.problem(("events", i, "options", o.local, "requires"), Msg(
                    "option '{id}' was never chosen in {n} simulated games: its 'requires:' may "
                    "never hold when the event comes up", id=o.id, n=total), severity="warning"))
    for k, end in enumerate(c.endings):
        if end.id in (WAR, TIME_OUT) or endings[k]:
            continue
        out.append(src.problem(("endings", end.model_index, "id"), Msg(
            "ending '{id}' was never reached in {n} simulated games: check its 'when:' and the "
            "endings listed before it", id=end.id, n=total), severity="warning"))
    return out


def lint_file(path: str) -> tuple[Compiled | None, list[Problem]]:
    """Everything `brink validate` reports: the checks of the file, then (when it compiles)
    the simulation's warnings, in file order."""
    from game.scenario import check_file

    compiled, problems = check_file(path)
    if compiled is not None:
        # What the static checks already explain is not reported twice.
        known = {p.msg.fields.get(k) for p in problems if p.msg is not None
                 for k in ("id", "event")}
        extra = [p for p in simulation_warnings(compiled)
                 if p.msg is None or p.msg.fields.get("id") not in known]
        problems = sorted(set(problems) | set(extra))
    return compiled, problems
