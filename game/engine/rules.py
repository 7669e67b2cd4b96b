"""The rules: one implementation for a batch of any size (interactive play is a batch of one).

A turn: each side in the scenario's order faces at most one event (the first in file order
whose window, condition and once-rule allow it and that has a legal option); then incidents,
relaxation and the ending checks. Nuclear war (tension 100) ends a game at once.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from game.engine.policy import Decision, Policy
from game.engine.records import Record, Snapshot
from game.engine.state import Batch
from game.scenario.expr import Env
from game.scenario.tables import KIND_LEVEL, Compiled


class Runner:
    """Runs a batch of games step by step. A side whose controller is None is played from
    outside: `run` stops at its decisions and `decide` takes the choices."""

    def __init__(self, c: Compiled, n: int, seed: int | np.random.SeedSequence | None,
                 controllers: Sequence[Policy | None], *, record: bool = False) -> None:
        if len(controllers) != len(c.sides):
            raise ValueError("one controller (or None) per side is needed")
        self.c = c
        self.rng = np.random.default_rng(seed)
        self.batch = Batch.new(c, n)
        self.controllers = list(controllers)
        self.turn = 0
        self.slot = 0
        self.log: list[Record] | None = [] if record else None
        self._pending: Decision | None = None
        self._turn_logged = -1

    # -- public ---------------------------------------------------------------------------
    def clone(self) -> Runner:
        """An independent copy (arrays, random generator, log)."""
        other = copy.copy(self)
        other.rng = copy.deepcopy(self.rng)
        other.batch = self.batch.copy()
        other.log = list(self.log) if self.log is not None else None
        other.controllers = list(self.controllers)
        other._pending = None
        return other

    @property
    def over(self) -> bool:
        """Whether every game of the batch has ended."""
        return bool(self.batch.done.all())

    def pending(self) -> Decision | None:
        """The next decision due (advancing past turns' ends as needed), or None when over."""
        if self._pending is not None:
            return self._pending
        c, b = self.c, self.batch
        while not b.done.all():
            if self.slot == 0 and self._turn_logged != self.turn and self.log is not None:
                self._turn_logged = self.turn
                self.log.append(Record("turn", self.turn + 1, tension=float(b.tension[0]),
                                       state=self.snapshot()))
            if self.slot < len(c.sides):
                d = self._eligible(self.slot)
                if d is not None:
                    self._pending = d
                    return d
                self.slot += 1
            else:
                self._end_turn()
        return None

    def decide(self, choices: np.ndarray, by: str = "human") -> None:
        """Apply the option numbers `choices` for the rows of the pending decision."""
        d = self.pending()
        if d is None:
            raise ValueError("the game is over: there is no decision to take")
        choices = np.asarray(choices, dtype=np.int64)
        if choices.shape != d.rows.shape:
            raise ValueError("one choice per deciding game is needed")
        if not d.legal[np.arange(len(choices)), choices].all():
            raise ValueError("a choice is not a legal option")
        self._pending = None
        self._apply_decision(d, choices, by)
        self.slot += 1

    def run(self, observe: Callable[[Decision, np.ndarray], None] | None = None
            ) -> Decision | None:
        """Play every side that has a controller; stop at an outside decision or the end.

        `observe(decision, choices)` is called before each choice is applied.
        """
        while True:
            d = self.pending()
            if d is None:
                return None
            policy = self.controllers[d.side]
            if policy is None:
                return d
            choices = policy.choose(d)
            if observe is not None:
                observe(d, choices)
            self.decide(choices, by=policy.name)

    # -- steps ----------------------------------------------------------------------------
    def snapshot(self, row: int = 0) -> Snapshot:
        """The state of game `row` now (for records and text variants)."""
        b = self.batch
        return Snapshot(self.turn + 1, float(b.tension[row]),
                        tuple(float(x) for x in b.meters[:, row]),
                        tuple(bool(x) for x in b.flags[:, row]))

    def env(self, idx: np.ndarray | None = None) -> Env:
        """Expression environment over the batch (or rows `idx`) at the current turn."""
        b = self.batch
        return Env.columns(b.tension, b.meters, b.flags, self.turn + 1, idx)

    def _eligible(self, side: int) -> Decision | None:
        c, b = self.c, self.batch
        cands = c.events_at(self.turn, side)
        if not cands:
            return None
        n = b.size
        full = self.env()
        chosen = np.full(n, -1, dtype=np.int64)
        computed: list[tuple[np.ndarray, np.ndarray]] = []
        remaining = ~b.done
        for e in cands:  # file order: the first eligible event of each game wins
            ev = c.events[e]
            # Conditions are evaluated only for the games still without an event this turn.
            idx = np.flatnonzero(remaining & ~b.fired[e] if ev.once else remaining)
            if len(idx) == 0:
                if not remaining.any():
                    break
                continue
            env = full if len(idx) == n else self.env(idx)
            if ev.when is not None:
                idx = idx[np.broadcast_to(ev.when(env), idx.shape)]
                if len(idx) == 0:
                    continue
                env = full if len(idx) == n else self.env(idx)
            if c.free_options[e] is None:
                lg = np.zeros((len(idx), c.max_options), dtype=bool)
                for k, g in enumerate(ev.options):
                    req = c.options[g].requires
                    lg[:, k] = True if req is None else req(env)
                have = lg.any(axis=1)
                idx, lg = idx[have], lg[have]
                computed.append((idx, lg))
            chosen[idx] = e
            remaining[idx] = False
        rows = np.flatnonzero(chosen >= 0)
        if len(rows) == 0:
            return None
        events = chosen[rows]
        legal = c.free_table[events]
        if computed:
            pos = np.zeros(n, dtype=np.int64)
            pos[rows] = np.arange(len(rows))
            for idx, lg in computed:
                legal[pos[idx]] = lg
        return Decision(c, b, self.turn, side, rows, events, legal, self.rng)

    def _apply_decision(self, d: Decision, choices: np.ndarray, by: str) -> None:
        c, b = self.c, self.batch
        g = c.option_table[d.events, choices]
        u = self.rng.random(len(d.rows))
        levels = c.level_table[d.events, choices]
        b.last_level[d.rows, d.side] = levels
        b.escalated[d.rows] |= levels >= KIND_LEVEL["escalate"]
        b.fired[d.events, d.rows] = True
        concede = levels <= KIND_LEVEL["concede"]
        if self.log is not None:
            opt = c.options[int(g[0])]
            self.log.append(Record("decision", self.turn + 1, c.sides[d.side],
                                   event=c.events[opt.event].id, option=opt.id, by=by,
                                   tension=float(b.tension[0]), state=self.snapshot()))
        self._apply_actions(d.rows, c.actions.option_action[g], u, d.side, concede)
        self._war_check()

    def _apply_actions(self, rows: np.ndarray, acts: np.ndarray, u: np.ndarray, side: int,
                       concede: np.ndarray | None) -> None:
        c, b = self.c, self.batch
        table = c.actions
        logging = self.log is not None and len(rows) > 0
        before_t = b.tension[rows]
        before_m = b.meters[:, rows] if logging else None
        before_f = b.flags[:, rows] if logging else None
        delta = table.const[acts]
        dyn = table.dynamic[acts]
        if dyn.any():
            delta = delta.copy()
            for a in _distinct(acts[dyn]):
                sel = np.flatnonzero(acts == a)
                env = self.env(rows[sel])
                for col, e in table.exprs[a]:
                    delta[sel, col] += e(env)
        if concede is not None and concede.any() and c.model.tension.climbdown > 0:
            owned = np.flatnonzero(c.meter_owner == side) + 1
            if len(owned):
                scale = 1.0 + c.model.tension.climbdown * before_t / 100.0
                part = delta[:, owned]
                hurt = (part < 0) & concede[:, None]
                delta[:, owned] = np.where(hurt, part * scale[:, None], part)
        new_t = np.clip(before_t + delta[:, 0], 0.0, 100.0)
        b.tension[rows] = new_t
        b.peak[rows] = np.maximum(b.peak[rows], new_t)
        moved = table.moves_meters[acts]
        if moved.any():
            sub = rows[moved] if not moved.all() else rows
            d = delta[moved] if not moved.all() else delta
            # Only the meter columns these actions touch are read and written.
            cols = np.flatnonzero(table.meter_cols[_distinct(acts[moved])].any(axis=0))
            block = np.ix_(cols, sub)
            b.meters[block] = np.clip(b.meters[block] + d[:, cols + 1].T, c.meter_lo[cols, None],
                                      c.meter_hi[cols, None])
        flagged = table.moves_flags[acts]
        if flagged.any():
            sub = rows[flagged] if not flagged.all() else rows
            fa = acts[flagged] if not flagged.all() else acts
            # Only the flag columns these actions touch are read and written.
            fcols = np.flatnonzero(table.flag_cols[_distinct(fa)].any(axis=0))
            block = np.ix_(fcols, sub)
            b.flags[block] = (b.flags[block] | table.set[fa][:, fcols].T) \
                & ~table.clear[fa][:, fcols].T
        if logging:
            self._log_changes(rows, before_t, before_m, before_f)
        has_out = table.has_outcomes[acts]
        if not has_out.any():
            return
        for a in _distinct(acts[has_out]):
            sel = np.flatnonzero(acts == a)
            idx = rows[sel]
            env = self.env(idx)
            cum = np.zeros(len(sel))
            for chance, sub in table.outcomes[a]:
                p = np.clip(chance(env), 0.0, 1.0)
                hit = (u[sel] >= cum) & (u[sel] < cum + p)
                if hit.any():
                    # Rescale the draw so that nested outcomes get a fresh uniform number.
                    inner = (u[sel][hit] - cum[hit]) / p[hit]
                    if self.log is not None:
                        self._log_outcome(int(sub), float(p[hit][0]))
                    self._apply_actions(idx[hit], np.full(int(hit.sum()), sub), inner, side,
                                        None)
                cum = cum + p

    def _log_changes(self, rows: np.ndarray, before_t: np.ndarray, before_m: np.ndarray,
                     before_f: np.ndarray) -> None:
        assert self.log is not None
        c, b = self.c, self.batch
        r = int(rows[0])
        changes = {}
        if b.tension[r] != before_t[0]:
            changes["tension"] = float(b.tension[r] - before_t[0])
        for i, name in enumerate(c.meters):
            if b.meters[i, r] != before_m[i, 0]:
                changes[name] = float(b.meters[i, r] - before_m[i, 0])
        now = b.flags[:, r]
        self.log[-1] = replace(
            self.log[-1], changes=changes,
            set=tuple(f for j, f in enumerate(c.flags) if now[j] and not before_f[j, 0]),
            cleared=tuple(f for j, f in enumerate(c.flags) if before_f[j, 0] and not now[j]),
            tension=float(b.tension[r]))

    def _log_outcome(self, action: int, chance: float) -> None:
        assert self.log is not None
        c = self.c
        path: list[int] = []
        a = action
        while c.actions.parent[a][0] >= 0:
            parent, k = c.actions.parent[a]
            path.insert(0, k)
            a = parent
        n_opt = len(c.options)
        if a < n_opt:
            opt = c.options[a]
            rec = Record("outcome", self.turn + 1, event=c.events[opt.event].id, option=opt.id,
                         outcome=tuple(path), chance=chance, state=self.snapshot())
        else:
            rec = Record("outcome", self.turn + 1, incident=c.incidents[a - n_opt].id,
                         outcome=tuple(path), chance=chance, state=self.snapshot())
        self.log.append(rec)

    def _war_check(self) -> None:
        b = self.batch
        war = ~b.done & (b.tension >= 100.0)
        if war.any():
            self._end(np.flatnonzero(war), 0)

    def _end(self, rows: np.ndarray, ending: int) -> None:
        c, b = self.c, self.batch
        b.done[rows] = True
        b.ending[rows] = ending
        b.length[rows] = self.turn + 1
        b.path[rows, self.turn + 1] = b.tension[rows]
        env = self.env(rows)
        for s, score in enumerate(c.endings[ending].scores):
            b.scores[rows, s] = score if isinstance(score, float) else score(env)
        if self.log is not None:
            self.log.append(Record("ending", self.turn + 1, ending=c.endings[ending].id,
                                   tension=float(b.tension[0]),
                                   scores={side: float(b.scores[0, i])
                                           for i, side in enumerate(c.sides)},
                                   state=self.snapshot()))

    def _end_turn(self) -> None:
        c, b = self.c, self.batch
        tm = c.model.tension
        n = b.size
        u_hit, u_pick, u_out = self.rng.random(n), self.rng.random(n), self.rng.random(n)
        active = ~b.done
        happened = np.zeros(n, dtype=bool)
        if c.incidents and active.any():
            p = tm.incident_chance * (b.tension / 100.0) ** tm.incident_exponent
            hit = active & (u_hit < p)
            if hit.any():
                env = self.env()
                # Column by column: one weight vector per incident (see TemperamentAI.choose).
                weights = []
                for i, inc in enumerate(c.incidents):
                    ok = hit & ~b.incident_fired[i] if inc.once else hit.copy()
                    if inc.when is not None:
                        ok &= inc.when(env)
                    weights.append(np.where(ok, inc.weight, 0.0))
                total = np.sum(weights, axis=0)
                happened = total > 0
                rows = np.flatnonzero(happened)
                if len(rows):
                    goal = u_pick[rows] * total[rows]
                    cum = np.zeros(len(rows))
                    pick = np.zeros(len(rows), dtype=np.int64)
                    for w in weights[:-1]:
                        cum = cum + w[rows]
                        pick += goal >= cum
                    b.incident_fired[pick, rows] = True
                    if self.log is not None:
                        self.log.append(Record("incident", self.turn + 1,
                                               incident=c.incidents[int(pick[0])].id,
                                               tension=float(b.tension[0]),
                                               state=self.snapshot()))
                    self._apply_actions(rows, c.actions.incident_action[pick], u_out[rows], -1,
                                        None)
                    self._war_check()
        quiet = ~b.done & ~b.escalated & ~happened
        if tm.relax > 0 and quiet.any():
            before = b.tension[quiet]
            b.tension[quiet] = np.maximum(before - tm.relax, 0.0)
            if self.log is not None and quiet[0] and before[0] != b.tension[0]:
                self.log.append(Record("relax", self.turn + 1,
                                       changes={"tension": float(b.tension[0] - before[0])},
                                       tension=float(b.tension[0])))
        live = ~b.done
        b.path[live, self.turn + 1] = b.tension[live]
        self._check_endings(final=self.turn == c.n_turns - 1)
        b.escalated[:] = False
        self.turn += 1
        self.slot = 0

    def _check_endings(self, final: bool) -> None:
        c, b = self.c, self.batch
        env = self.env()
        for k, end in enumerate(c.endings[1:], start=1):
            live = ~b.done
            if not live.any():
                return
            if end.at_end and not final:
                continue
            hit = live if end.when is None else live & end.when(env)
            if hit.any():
                self._end(np.flatnonzero(hit), k)


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct small non-negative integers of `values`, in order (np.unique without its
    sort or hash: action indices are few and dense)."""
    return np.flatnonzero(np.bincount(values)) if len(values) else values
