"""Warnings found by simulation: events, options and endings that random and AI play never
reach (the static checks cannot see every interaction of conditions and effects), and sides
that face too few decisions for a class period."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from game.engine.policy import Decision, Policy
from game.scenario.problems import Msg, Problem
from game.scenario.tables import TIME_OUT, WAR, Compiled
from game.sim.batch import SimResult, simulate
from game.sim.policies import make_policy
from game.sim.stats import DEPTH_POLICIES, depth_warnings, summarize

RUNS = 2_000
#: Games per side and policy for the decisions-per-game check.
DEPTH_RUNS = 500


@dataclass
class _ByRows:
    """One policy per block of games: games [bounds[k], bounds[k+1]) play policies[k]. All
    the runs of the lint in one batch cost one simulation's fixed overhead, not one each;
    blocks that share a policy (the same object) are asked together."""

    policies: tuple[Policy, ...]
    bounds: tuple[int, ...]
    name: str = "mixed"

    @cached_property
    def _plan(self) -> tuple[list[Policy], np.ndarray, np.ndarray]:
        """The distinct policies, the one each block plays, and the blocks' ends."""
        distinct = list({id(p): p for p in self.policies}.values())
        owner = np.array([next(k for k, q in enumerate(distinct) if q is p)
                          for p in self.policies])
        return distinct, owner, np.asarray(self.bounds[1:])

    def choose(self, d: Decision) -> np.ndarray:
        """Each block's rows chosen by its own policy."""
        distinct, owner, ends = self._plan
        who = owner[np.searchsorted(ends, d.rows, side="right")]
        out = np.zeros(len(d.rows), dtype=np.int64)
        for k, policy in enumerate(distinct):
            mine = np.flatnonzero(who == k)
            if len(mine) == len(d.rows):
                return np.asarray(policy.choose(d), dtype=np.int64)
            if len(mine):
                sub = replace(d, rows=d.rows[mine], events=d.events[mine], legal=d.legal[mine])
                out[mine] = policy.choose(sub)
        return out


def _rows(r: SimResult, lo: int, hi: int, policies: dict[str, str]) -> SimResult:
    """The games lo..hi of a batch, as a result of their own."""
    return replace(r, policies=policies, ending=r.ending[lo:hi], scores=r.scores[lo:hi],
                   peak=r.peak[lo:hi], final=r.final[lo:hi], length=r.length[lo:hi],
                   path=r.path[lo:hi], picks=r.picks[lo:hi])


def simulation_warnings(c: Compiled, runs: int = RUNS, seed: int = 0) -> list[Problem]:
    """Warnings for what `runs` games under each of random, AI and historical play never
    reach, and for playable sides with too few decisions (DEPTH_RUNS games per side and
    policy, the other sides the AI); needs the compiled scenario's source for positions."""
    if c.source is None:
        return []
    # Blocks of games: every side random, AI, historical; then each playable side playing
    # each depth policy against the AI (its 'ai' run is the start of the AI block).
    named = {name: make_policy(c, name) for name in ("random", "ai", "historical",
                                                     *DEPTH_POLICIES)}
    blocks: list[tuple[int, dict[str, Policy]]] = [
        (runs, {s: named[name] for s in c.sides}) for name in ("random", "ai", "historical")]
    depth = [(side, policy) for side in (s.id for s in c.model.sides if s.playable)
             for policy in DEPTH_POLICIES]
    spans: list[tuple[int, int]] = []  # the games of each (side, policy) of `depth`
    for side, policy in depth:
        if policy == "ai":
            spans.append((runs, runs + min(DEPTH_RUNS, runs)))
        else:
            start = sum(n for n, _ in blocks)
            blocks.append((DEPTH_RUNS, {side: named[policy]}))
            spans.append((start, start + DEPTH_RUNS))
    bounds = tuple(int(x) for x in np.cumsum([0, *(n for n, _ in blocks)]))
    mixed = {s: _ByRows(tuple(p.get(s, named["ai"]) for _, p in blocks), bounds)
             for s in c.sides}
    r = simulate(c, bounds[-1], seed, mixed)
    main = bounds[3]
    used = _rows(r, 0, main, r.policies).option_use()
    endings = np.bincount(r.ending[:main], minlength=len(c.endings))
    total = main
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
    seen: set[tuple[object, ...]] = set()
    for (side, policy), (lo, hi) in zip(depth, spans, strict=True):
        names = {s: (policy if s == side else "ai") for s in c.sides}
        for path, message in depth_warnings(c, summarize(_rows(r, lo, hi, names)), side, policy):
            key = path if path[0] == "endings" else (*path, str(message))
            if key not in seen:  # an ending's first-turn warning once, not per run
                seen.add(key)
                out.append(src.problem(path, message, severity="warning"))
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
