"""What a scenario asks of the engine, counted when it is compiled: a file far below every
size limit can still ask for minutes of work (aliases repeat outcomes, long conditions are
checked on every turn), so the work itself is bounded.

The counts are upper bounds of what one game evaluates: every condition of every event open
on a turn (an event is skipped when none of its options is allowed, so all may be read),
every incident and ending condition, and the whole tree of chances and formulas of the
costliest option each side may take. They are cheap to compute and deterministic, so the
simulation lint can size its runs from them too.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from game.scenario.expr import Expr
from game.scenario.tables import Action, CEnding, CEvent, CIncident, Compiled, COption

#: Chance outcomes once aliases are expanded, nested ones included (the shipped scenarios have
#: at most 38).
MAX_OUTCOMES = 2_000
#: Options open on a turn, summed over the turns: events × options × turns (shipped: 615).
MAX_OPTION_TURNS = 30_000
#: Expression nodes one turn may evaluate (shipped: 696), and one whole game (shipped: 7,126).
MAX_TURN_NODES = 20_000
MAX_GAME_NODES = 200_000
#: Expression nodes the variants of one text may evaluate (all of them when none holds, the
#: fallback is shown): a card shows a dozen texts, each chosen when the state changes.
MAX_TEXT_NODES = 2_000

Place = tuple[str | int, ...]


@lru_cache(maxsize=4096)
def _text_nodes(text: str) -> int:
    try:
        return sum(1 for _ in ast.walk(ast.parse(text.strip(), mode="eval")))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return 1


def nodes(e: Expr | float | None) -> int:
    """How many syntax nodes evaluating `e` walks (0 for none or a plain number)."""
    return _text_nodes(e.text) if isinstance(e, Expr) else 0


def action_nodes(a: Action) -> int:
    """Expression nodes of an action's formulas and of its whole tree of chance outcomes."""
    total = sum(nodes(e) for _, e in a.exprs)
    for chance, sub in a.outcomes:
        total += nodes(chance) + action_nodes(sub)
    return total


def action_count(a: Action) -> int:
    """The action itself and every outcome under it, aliases expanded."""
    return 1 + sum(action_count(sub) for _, sub in a.outcomes)


@dataclass(frozen=True)
class Cost:
    """Upper bounds of the work a scenario asks for; `busiest_turn` is 0-based; `largest` is
    the place of the outcomes of the option or incident with the most, `costliest` that of the event
    that costs most over its turns."""

    outcomes: int
    option_turns: int
    turn_nodes: int
    game_nodes: int
    busiest_turn: int
    largest: Place = ()
    costliest: Place = ()
    text_nodes: int = 0
    wordiest: Place = ()

    def over(self) -> list[tuple[Place, str]]:
        """(place, sentence) for each limit this cost passes (none when within them all)."""
        out: list[tuple[Place, str]] = []
        if self.outcomes > MAX_OUTCOMES:
            out.append((self.largest, (
                f"the chance outcomes add up to {self.outcomes:,} once aliases are expanded "
                f"(nested ones included); the limit is {MAX_OUTCOMES:,} (use fewer or "
                "shallower outcomes)")))
        if self.option_turns > MAX_OPTION_TURNS:
            out.append((self.costliest, (
                f"events offer {self.option_turns:,} options over the turns they are open "
                f"(options × turns); the limit is {MAX_OPTION_TURNS:,} (shorten the events' "
                "from/to windows, or use fewer events or options)")))
        if self.turn_nodes > MAX_TURN_NODES:
            out.append((self.costliest, (
                f"turn {self.busiest_turn + 1} may evaluate {self.turn_nodes:,} parts of "
                f"conditions and formulas; the limit is {MAX_TURN_NODES:,} (shorten the "
                "conditions, or open fewer events on the same turn)")))
        if self.game_nodes > MAX_GAME_NODES:
            out.append((self.costliest, (
                f"a game may evaluate {self.game_nodes:,} parts of conditions and formulas; "
                f"the limit is {MAX_GAME_NODES:,} (shorten the conditions, or narrow the "
                "events' from/to windows)")))
        if self.text_nodes > MAX_TEXT_NODES:
            out.append((self.wordiest, (
                f"the variants of this text may evaluate {self.text_nodes:,} parts of "
                f"conditions before one is shown; the limit is {MAX_TEXT_NODES:,} (use fewer "
                "variants, or shorter conditions)")))
        return out


def costliest_text(node: Any, path: Place = ()) -> tuple[int, Place]:
    """The text with variants (anywhere in a scenario model) whose conditions are the most
    work to read, all of them: (their expression nodes, its place)."""
    if isinstance(node, tuple):  # variants: every one but the last has a condition
        return sum(_text_nodes(v["when"]) for v in node[:-1]
                   if isinstance(v, dict) and isinstance(v.get("when"), str)), path
    items: list[tuple[Any, Place]] = []
    if isinstance(node, BaseModel):
        items = [(getattr(node, name), (*path, info.alias or name))
                 for name, info in type(node).model_fields.items()]
    elif isinstance(node, list):
        items = [(item, (*path, i)) for i, item in enumerate(node)]
    best: tuple[int, Place] = (0, ())
    for child, where in items:
        found = costliest_text(child, where)
        if found[0] > best[0]:
            best = found
    return best


def estimate(n_turns: int, n_sides: int, events: list[CEvent], options: list[COption],
             incidents: list[CIncident], endings: list[CEnding],
             watched: Sequence[Expr | None] = (), texts: tuple[int, Place] = (0, ())) -> Cost:
    """The cost of a compiled scenario's parts (before its tables are built). `watched`:
    conditions read whenever the state changes (map layers, documents); `texts`: the
    costliest text with variants (see `costliest_text`)."""
    sizes = [(action_count(o.action) - 1, ("events", o.event, "options", o.local, "outcomes"))
             for o in options]
    sizes += [(action_count(inc.action) - 1, ("incidents", k, "outcomes"))
              for k, inc in enumerate(incidents)]
    outcomes = sum(n for n, _ in sizes)
    every_turn = sum(nodes(i.when) + action_nodes(i.action) for i in incidents)
    every_turn += sum(nodes(e.when) for e in endings)
    every_turn += sum(nodes(w) for w in watched)
    per_event = [nodes(e.when) + sum(nodes(options[g].requires) for g in e.options)
                 for e in events]
    costliest = [max((action_nodes(options[g].action) for g in e.options), default=0)
                 for e in events]
    turn_nodes = [every_turn] * n_turns
    option_turns = 0
    over_game: list[int] = []
    for i, e in enumerate(events):
        first, last = max(e.first, 0), min(e.last, n_turns - 1)
        option_turns += len(e.options) * max(0, last - first + 1)
        over_game.append((per_event[i] + len(e.options)) * max(0, last - first + 1))
        for t in range(first, last + 1):
            turn_nodes[t] += per_event[i]
    # What the decisions themselves evaluate: at most one per side and turn, the costliest.
    for t in range(n_turns):
        open_now = sorted((costliest[i] for i, e in enumerate(events) if e.first <= t <= e.last),
                          reverse=True)
        turn_nodes[t] += sum(open_now[:n_sides])
    busiest = max(range(n_turns), key=turn_nodes.__getitem__) if n_turns else 0
    largest = max(sizes, key=lambda x: x[0])[1] if sizes else ()
    costliest: Place = (("events", max(range(len(events)), key=over_game.__getitem__))
                        if events else ())
    return Cost(outcomes, option_turns, max(turn_nodes, default=0), sum(turn_nodes), busiest,
                largest, costliest, *texts)


def scenario_cost(c: Compiled) -> Cost:
    """The cost of a compiled scenario."""
    return estimate(c.n_turns, len(c.sides), list(c.events), list(c.options),
                    list(c.incidents), list(c.endings),
                    [layer.when for layer in c.layers] + list(c.document_when),
                    costliest_text(c.model))
