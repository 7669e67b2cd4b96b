"""The compiled form of a scenario: numpy tables and compiled expressions the engine runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from game.scenario.expr import Expr
from game.scenario.model import Scenario
from game.scenario.yamlsrc import Source

KINDS = ("escalate", "hold", "negotiate", "concede")
#: How far each kind of option moves towards confrontation (used by the AI and the hawk policy).
KIND_LEVEL = {"escalate": 1.0, "hold": 0.0, "negotiate": -0.5, "concede": -1.0}
WAR = "nuclear_war"
TIME_OUT = "time_out"


@dataclass(frozen=True)
class Action:
    """What an option, outcome or incident does: constant and computed effects, flags, chances.

    Column 0 of `const` is tension; column 1+i is meter i.
    """

    const: np.ndarray
    exprs: tuple[tuple[int, Expr], ...]
    set: np.ndarray
    clear: np.ndarray
    outcomes: tuple[tuple[Expr, Action], ...]

    @property
    def changes_flags(self) -> bool:
        """Whether it sets or clears any flag."""
        return bool(self.set.any() or self.clear.any())


@dataclass(frozen=True)
class ActionTable:
    """Every action of a scenario in flat tables: options first, then incidents, then outcomes."""

    const: np.ndarray
    set: np.ndarray
    clear: np.ndarray
    exprs: tuple[tuple[tuple[int, Expr], ...], ...]
    outcomes: tuple[tuple[tuple[Expr, int], ...], ...]
    dynamic: np.ndarray
    has_outcomes: np.ndarray
    moves_meters: np.ndarray
    moves_flags: np.ndarray
    meter_cols: np.ndarray
    flag_cols: np.ndarray
    option_action: np.ndarray
    incident_action: np.ndarray
    #: for an outcome action: (parent action, outcome number); (-1, -1) otherwise
    parent: tuple[tuple[int, int], ...]

    @classmethod
    def build(cls, options: tuple[COption, ...], incidents: tuple[CIncident, ...]) -> ActionTable:
        """Flatten the actions of `options` and `incidents`."""
        flat: list[Action] = [o.action for o in options] + [i.action for i in incidents]
        parent: list[tuple[int, int]] = [(-1, -1)] * len(flat)
        outcomes: list[tuple[tuple[Expr, int], ...]] = []
        a = 0
        while a < len(flat):
            subs = []
            for k, (chance, sub) in enumerate(flat[a].outcomes):
                subs.append((chance, len(flat)))
                flat.append(sub)
                parent.append((a, k))
            outcomes.append(tuple(subs))
            a += 1
        return cls(
            const=np.array([x.const for x in flat]),
            set=np.array([x.set for x in flat]),
            clear=np.array([x.clear for x in flat]),
            exprs=tuple(x.exprs for x in flat),
            outcomes=tuple(outcomes),
            dynamic=np.array([bool(x.exprs) for x in flat]),
            has_outcomes=np.array([bool(x.outcomes) for x in flat]),
            moves_meters=np.array([bool(x.const[1:].any() or any(col > 0 for col, _ in x.exprs))
                                   for x in flat]),
            moves_flags=np.array([x.changes_flags for x in flat]),
            meter_cols=np.array([[x.const[1 + i] != 0 or any(col == 1 + i for col, _ in x.exprs)
                                  for i in range(len(x.const) - 1)] for x in flat],
                                dtype=bool).reshape(len(flat), -1),
            flag_cols=np.array([x.set | x.clear for x in flat], dtype=bool).reshape(len(flat), -1),
            option_action=np.arange(len(options)),
            incident_action=np.arange(len(options), len(options) + len(incidents)),
            parent=tuple(parent))


@dataclass(frozen=True)
class CEvent:
    """A compiled event."""

    id: str
    side: int
    first: int
    last: int
    when: Expr | None
    options: tuple[int, ...]
    once: bool


@dataclass(frozen=True)
class COption:
    """A compiled option; `index` is its position in the scenario's option table."""

    id: str
    index: int
    event: int
    local: int
    kind: str
    requires: Expr | None
    action: Action
    historical: bool
    ai_bias: float


@dataclass(frozen=True)
class CIncident:
    """A compiled incident."""

    id: str
    when: Expr | None
    weight: float
    once: bool
    action: Action


@dataclass(frozen=True)
class CEnding:
    """A compiled ending; built-in ones (war, time out) have `model_index` -1."""

    id: str
    when: Expr | None
    at_end: bool
    scores: tuple[Expr | float, ...]
    model_index: int


@dataclass(frozen=True)
class CLayer:
    """A compiled map layer: its index in the model's map.layers and its condition."""

    id: str
    index: int
    when: Expr | None


@dataclass(frozen=True)
class Compiled:
    """A scenario compiled for the engine. Build it with `game.scenario.load_scenario`."""

    model: Scenario
    path: str
    sha256: str
    sides: tuple[str, ...]
    meters: tuple[str, ...]
    meter_lo: np.ndarray
    meter_hi: np.ndarray
    meter_start: np.ndarray
    meter_owner: np.ndarray
    meter_model: tuple[int, ...]
    flags: tuple[str, ...]
    flag_start: np.ndarray
    dates: tuple[dt.date, ...]
    events: tuple[CEvent, ...]
    options: tuple[COption, ...]
    incidents: tuple[CIncident, ...]
    endings: tuple[CEnding, ...]
    max_options: int
    option_table: np.ndarray
    level_table: np.ndarray
    bias_table: np.ndarray
    windows: tuple[tuple[tuple[int, ...], ...], ...]
    layers: tuple[CLayer, ...] = ()
    #: The compiled condition of every text variant, by its source text.
    text_conditions: Mapping[str, Expr] = field(default_factory=dict, repr=False,
                                                compare=False)
    #: The condition of each document (None: its date is enough).
    document_when: tuple[Expr | None, ...] = ()
    source: Source | None = field(default=None, repr=False, compare=False)

    @cached_property
    def free_options(self) -> tuple[np.ndarray | None, ...]:
        """Per event: its legal-options row when no option has a requirement, else None."""
        out: list[np.ndarray | None] = []
        for e in self.events:
            if any(self.options[g].requires is not None for g in e.options):
                out.append(None)
            else:
                row = np.zeros(self.max_options, dtype=bool)
                row[: len(e.options)] = True
                out.append(row)
        return tuple(out)

    @cached_property
    def free_table(self) -> np.ndarray:
        """Events × options: the legal-options row of every event whose options have no
        requirement (rows of events with requirements are all False)."""
        table = np.zeros((len(self.events), self.max_options), dtype=bool)
        for e, row in enumerate(self.free_options):
            if row is not None:
                table[e] = row
        return table

    @cached_property
    def actions(self) -> ActionTable:
        """The flat action tables the engine applies."""
        return ActionTable.build(self.options, self.incidents)

    @property
    def n_turns(self) -> int:
        """How many turns the scenario lasts at most."""
        return len(self.dates)

    @property
    def id(self) -> str:
        """The scenario's id."""
        return self.model.id

    def side_index(self, side: str) -> int:
        """Index of a side id; ValueError naming the known sides if unknown."""
        try:
            return self.sides.index(side)
        except ValueError:
            raise ValueError(f"unknown side '{side}'; this scenario has "
                             f"{', '.join(self.sides)}") from None

    def ending_index(self, ending: str) -> int:
        """Index of an ending id."""
        return [e.id for e in self.endings].index(ending)

    def events_at(self, turn: int, side: int) -> tuple[int, ...]:
        """Events of `side` whose window contains `turn` (0-based), in file order."""
        return self.windows[turn][side]

    def option_index(self, event: str, option: str) -> int:
        """Global index of option `option` of event `event`; ValueError if there is none."""
        for e in self.events:
            if e.id == event:
                for g in e.options:
                    if self.options[g].id == option:
                        return g
                raise ValueError(f"event '{event}' has no option '{option}'")
        raise ValueError(f"no event '{event}' in scenario '{self.id}'")
