"""The public API for one game: new, pending decision, legal options, apply, outcome, clone.

A game is fully determined by (scenario, seed, which sides are human, the humans' choices);
every other side is played by the scenario's AI with the game's seeded generator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from game.engine.policy import Policy, TemperamentAI
from game.engine.records import Record, Snapshot
from game.engine.rules import Runner
from game.scenario.expr import Expr, defcon_of
from game.scenario.tables import WAR, Compiled


class IllegalChoice(ValueError):
    """A choice that is not one of the legal options of the pending decision."""


@dataclass(frozen=True)
class OptionView:
    """One option of a pending decision."""

    id: str
    kind: str
    legal: bool
    historical: bool


@dataclass(frozen=True)
class PendingDecision:
    """The decision the game waits for: `side` must answer `event`."""

    side: str
    event: str
    turn: int
    date: dt.date
    options: tuple[OptionView, ...]

    @property
    def legal(self) -> list[str]:
        """Ids of the options that may be chosen."""
        return [o.id for o in self.options if o.legal]


@dataclass(frozen=True)
class Outcome:
    """How a finished game ended."""

    ending: str
    scores: dict[str, float]
    turns: int
    tension: float
    peak_tension: float

    @property
    def war(self) -> bool:
        """Whether it ended in nuclear war."""
        return self.ending == WAR


class Game:
    """One game of a scenario (a batch of one in the engine)."""

    def __init__(self, runner: Runner, seed: int, humans: tuple[str, ...],
                 choices: list[tuple[str, str]]) -> None:
        self._runner = runner
        self.seed = seed
        self.humans = humans
        self.choices = choices

    @classmethod
    def new(cls, scenario: Compiled, seed: int, humans: Iterable[str] = (),
            ai: Policy | None = None) -> Game:
        """A new game; sides not in `humans` are played by `ai` (the scenario's AI)."""
        humans = tuple(humans)
        for h in humans:
            scenario.side_index(h)
        policy = ai or TemperamentAI()
        controllers = [None if s in humans else policy for s in scenario.sides]
        game = cls(Runner(scenario, 1, seed, controllers, record=True), seed, humans, [])
        game._runner.run()
        return game

    @classmethod
    def replay(cls, scenario: Compiled, seed: int, humans: Iterable[str],
               choices: Sequence[tuple[str, str]]) -> Game:
        """The game reached by applying `choices` (event id, option id) in order from the start.

        Raises IllegalChoice if a choice does not fit the decision pending at its step.
        """
        game = cls.new(scenario, seed, humans)
        for event, option in choices:
            p = game.pending
            if p is None or p.event != event:
                raise IllegalChoice(f"the saved choice '{event}: {option}' does not match the "
                                    f"game (it is waiting for {p.event if p else 'nothing'})")
            game.apply(option)
        return game

    # -- reading the state ---------------------------------------------------------------
    @property
    def scenario(self) -> Compiled:
        """The compiled scenario."""
        return self._runner.c

    @property
    def pending(self) -> PendingDecision | None:
        """The decision a human must take now, or None when the game is over."""
        d = self._runner.pending()
        if d is None:
            return None
        c = self.scenario
        ev = c.events[int(d.events[0])]
        opts = tuple(OptionView(c.options[g].id, c.options[g].kind, bool(d.legal[0, k]),
                                c.options[g].historical) for k, g in enumerate(ev.options))
        return PendingDecision(c.sides[d.side], ev.id, self.turn, self.date, opts)

    def legal_options(self) -> list[str]:
        """Ids of the legal options of the pending decision (empty when over)."""
        p = self.pending
        return p.legal if p else []

    def is_over(self) -> bool:
        """Whether the game has ended."""
        return self._runner.over

    @property
    def turn(self) -> int:
        """The current turn, from 1 (the last turn played once the game is over)."""
        if self.is_over():
            return int(self._runner.batch.length[0])
        return self._runner.turn + 1

    @property
    def date(self) -> dt.date:
        """The date of the current turn."""
        return self.scenario.dates[min(self.turn, self.scenario.n_turns) - 1]

    @property
    def tension(self) -> float:
        """World tension, 0-100."""
        return float(self._runner.batch.tension[0])

    @property
    def defcon(self) -> int:
        """DEFCON level, 5 (calm) to 1."""
        return int(defcon_of(self.tension))

    @property
    def meters(self) -> dict[str, float]:
        """Every meter by name (per-side meters as side.meter)."""
        row = self._runner.batch.meters[:, 0]
        return {name: float(row[i]) for i, name in enumerate(self.scenario.meters)}

    @property
    def flags(self) -> dict[str, bool]:
        """Every flag by name."""
        row = self._runner.batch.flags[:, 0]
        return {name: bool(row[j]) for j, name in enumerate(self.scenario.flags)}

    def snapshot(self) -> Snapshot:
        """The state now (what text variants' conditions are checked against)."""
        return self._runner.snapshot()

    def holds(self, expr: Expr | None) -> bool:
        """Whether a compiled condition holds now (None always holds)."""
        if expr is None:
            return True
        return bool(expr(self._runner.env())[0])

    @property
    def tension_path(self) -> list[float]:
        """Tension at the start and at the end of each turn played."""
        path = self._runner.batch.path[0]
        return [float(x) for x in path if x == x]

    @property
    def history(self) -> list[Record]:
        """Everything that happened, in order."""
        return list(self._runner.log or [])

    def outcome(self) -> Outcome | None:
        """How the game ended, or None while it goes on."""
        if not self.is_over():
            return None
        b = self._runner.batch
        c = self.scenario
        return Outcome(c.endings[int(b.ending[0])].id,
                       {s: float(b.scores[0, i]) for i, s in enumerate(c.sides)},
                       int(b.length[0]), float(b.tension[0]), float(b.peak[0]))

    # -- acting -------------------------------------------------------------------------
    def apply(self, option: str) -> list[Record]:
        """Choose `option` for the pending decision; the AI then plays until the next human
        decision or the end. Returns the records of what happened."""
        p = self.pending
        if p is None:
            raise IllegalChoice("the game is over: there is no decision to take")
        ids = [o.id for o in p.options]
        if option not in ids:
            raise IllegalChoice(f"'{option}' is not an option of '{p.event}'; the options are "
                                f"{', '.join(ids)}")
        k = ids.index(option)
        if not p.options[k].legal:
            raise IllegalChoice(f"'{option}' is not available now; the legal options are "
                                f"{', '.join(p.legal)}")
        start = len(self._runner.log or [])
        self._runner.decide([k], by="human")
        self.choices.append((p.event, option))
        self._runner.run()
        return list((self._runner.log or [])[start:])

    def clone(self) -> Game:
        """An independent copy of this game."""
        return Game(self._runner.clone(), self.seed, self.humans, list(self.choices))

    def same_state(self, other: Game) -> bool:
        """Whether both games are in exactly the same state, history included."""
        return (self._runner.batch.equals(other._runner.batch)
                and self._runner.turn == other._runner.turn
                and self._runner.slot == other._runner.slot
                and self.history == other.history
                and self._runner.rng.bit_generator.state == other._runner.rng.bit_generator.state)

    def ai_choice(self, seed: int, policy: Policy | None = None) -> str:
        """The option the scenario's AI (or `policy`) would take for the pending decision, drawn
        with a generator of its own seeded by `seed`, so the game's generator is untouched and
        the choice can be applied (and replayed) like a person's."""
        import dataclasses

        import numpy as np

        d = self._runner.pending()
        p = self.pending
        if d is None or p is None:
            raise IllegalChoice("the game is over: there is no decision to take")
        d = dataclasses.replace(d, rng=np.random.default_rng(seed))
        k = int((policy or TemperamentAI()).choose(d)[0])
        return p.options[k].id
