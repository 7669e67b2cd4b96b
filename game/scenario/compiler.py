"""Check a parsed scenario's types and cross-references, and compile it to engine tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from game.scenario.calendar import MAX_TURNS, turn_dates
from game.scenario.cost import costliest_text, estimate
from game.scenario.expr import Expr, ExprError, Symbols, compile_expr
from game.scenario.model import MIN_VIEW_DEGREES, Scenario
from game.scenario.problems import Problem, did_you_mean, quote
from game.scenario.tables import (
    KIND_LEVEL,
    TIME_OUT,
    WAR,
    Action,
    CEnding,
    CEvent,
    CIncident,
    CLayer,
    Compiled,
    COption,
)
from game.scenario.yamlsrc import Path, Source


def _field_names(model: type, loc: tuple[Any, ...]) -> list[str]:
    """Field names allowed at `loc` inside `model`, to suggest a fix for a misspelt key."""
    from typing import get_args

    from pydantic import BaseModel

    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        info = fields.get(part) or next((f for f in fields.values() if f.alias == part), None)
        if info is None:
            return []
        ann = info.annotation
        stack = [ann]
        current = None
        while stack:
            a = stack.pop()
            if isinstance(a, type) and issubclass(a, BaseModel):
                current = a
                break
            stack.extend(get_args(a))
        if current is None:
            return []
    fields = getattr(current, "model_fields", {})
    return [f.alias or name for name, f in fields.items()]


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's union-branch markers ('str', 'function-before[...]') from a location."""
    out = []
    for part in loc:
        if isinstance(part, str) and ("[" in part or part in ("str", "float", "int", "date",
                                                                "bool", "dict", "list")):
            continue
        out.append(part)
    return tuple(out)


def validate_model(src: Source) -> tuple[Scenario | None, list[Problem]]:
    """Check the document against the typed models; every problem with its place."""
    if not isinstance(src.data, dict):
        return None, [src.problem((), "a scenario file must be a mapping of keys such as id:, "
                                      "title:, sides:, events:")]
    try:
        return Scenario.model_validate(src.data), []
    except ValidationError as exc:
        problems = []
        seen = set()
        errors = exc.errors()
        suggested = set()
        for err in errors:
            loc = _clean_loc(err["loc"])
            if err["type"] == "extra_forbidden":
                close = did_you_mean(str(loc[-1]), _field_names(Scenario, loc[:-1]))
                if close:
                    suggested.add((*loc[:-1], close.split("'")[1]))
        for err in errors:
            loc = _clean_loc(err["loc"])
            kind = err["type"]
            where = src.label(loc) or "the file"
            if kind == "extra_forbidden":
                known = _field_names(Scenario, loc[:-1])
                hint = did_you_mean(str(loc[-1]), known)
                if not hint and known:
                    hint = f" (allowed here: {', '.join(sorted(known))})"
                msg = f"unknown key '{loc[-1]}'{hint}"
                p = src.problem(loc, msg, key=True)
            elif kind == "missing":
                if loc in suggested:
                    continue
                msg = f"'{loc[-1]}' is missing in {src.label(loc[:-1]) or 'the file'}"
                p = src.problem(loc[:-1], msg)
            else:
                text = err["msg"].removeprefix("Value error, ")
                value = err.get("input")
                shown = f" (found {quote(value)})" if isinstance(value, (str, int, float)) else ""
                p = src.problem(loc, f"{where}: {text}{shown}")
            if (p.line, p.col, p.message) not in seen:
                seen.add((p.line, p.col, p.message))
                problems.append(p)
        return None, problems


class _Compiler:
    def __init__(self, src: Source, model: Scenario, sha256: str) -> None:
        self.src = src
        self.m = model
        self.sha256 = sha256
        self.problems: list[Problem] = []
        self.sides = [s.id for s in model.sides]

    # -- reporting -------------------------------------------------------------------------
    def error(self, path: Path, message: str, key: bool = False) -> None:
        self.problems.append(self.src.problem(path, message, key=key))

    def warn(self, path: Path, message: str, key: bool = False) -> None:
        self.problems.append(self.src.problem(path, message, severity="warning", key=key))

    def expr_error(self, path: Path, exc: ExprError, severity: str = "error") -> None:
        line, col = self.src.where(path)
        raw = self.src.lines[line - 1] if 0 < line <= len(self.src.lines) else ""
        quoted = col - 1 < len(raw) and raw[col - 1] in "\"'"
        col += exc.col + (1 if quoted else 0)
        self.problems.append(Problem(self.src.path, line, col, severity,  # type: ignore[arg-type]
                                     f"{self.src.label(path)}: {exc.message}"))

    def expr(self, text: Any, path: Path, want: str) -> Expr | None:
        try:
            return compile_expr(text, self.symbols, want)  # type: ignore[arg-type]
        except ExprError as exc:
            self.expr_error(path, exc)
            return None

    # -- passes ----------------------------------------------------------------------------
    def unique(self, items: list[Any], path: Path, what: str) -> dict[str, int]:
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                self.error((*path, i, "id"), f"two {what} have the id '{item.id}'")
            else:
                seen[item.id] = i
        return seen

    def side_ref(self, side: str, path: Path) -> int:
        if side in self.sides:
            return self.sides.index(side)
        self.error(path, f"unknown side '{side}'{did_you_mean(side, self.sides)}; the sides "
                         f"are {', '.join(self.sides)}")
        return -1

    def run(self) -> Compiled | None:
        m = self.m
        self.unique(m.sides, ("sides",), "sides")
        actors = self.unique(m.actors, ("actors",), "actors")
        self.unique(m.flags, ("flags",), "flags")
        self.unique(m.events, ("events",), "events")
        self.unique(m.incidents, ("incidents",), "incidents")
        self.unique(m.endings, ("endings",), "endings")
        if not any(s.playable for s in m.sides):
            self.error(("sides",), "no side is playable: set 'playable: true' on at least one")
        for i, a in enumerate(m.actors):
            if a.side is not None:
                self.side_ref(a.side, ("actors", i, "side"))
        self.dates = self.calendar()
        self.meter_columns()
        self.flag_names = [f.id for f in m.flags]
        self.symbols = Symbols({n: i for i, n in enumerate(self.meter_names)},
                               {n: i for i, n in enumerate(self.flag_names)})
        events, options = self.events(actors)
        incidents = [CIncident(inc.id, self.cond(inc.when, ("incidents", i, "when")),
                               inc.weight, inc.once,
                               self.action(inc, ("incidents", i)))
                     for i, inc in enumerate(m.incidents)]
        endings = self.endings()
        layers = self.map_layers()
        documents = self.documents()
        conditions: dict[str, Expr] = {}
        self.text_variants(m, (), conditions)
        if not any(p.is_error for p in self.problems):
            cost = estimate(len(self.dates), len(self.sides), events, options, incidents,
                            endings, [layer.when for layer in layers] + documents,
                            costliest_text(m))
            for place, message in cost.over():
                self.error(place, f"this scenario asks for too much work: {message}")
        if any(p.is_error for p in self.problems):
            return None
        n_opt = max(len(e.options) for e in events)
        table = np.full((len(events), n_opt), -1, dtype=np.int64)
        level = np.full((len(events), n_opt), -np.inf)
        bias = np.zeros((len(events), n_opt))
        for ei, e in enumerate(events):
            for k, g in enumerate(e.options):
                table[ei, k] = g
                level[ei, k] = KIND_LEVEL[options[g].kind]
                bias[ei, k] = options[g].ai_bias
        windows = tuple(tuple(tuple(i for i, e in enumerate(events)
                                    if e.side == s and e.first <= t <= e.last)
                              for s in range(len(self.sides))) for t in range(len(self.dates)))
        return Compiled(
            model=m, path=self.src.path, sha256=self.sha256, sides=tuple(self.sides),
            meters=tuple(self.meter_names), meter_lo=np.array(self.lo), meter_hi=np.array(self.hi),
            meter_start=np.array(self.start), meter_owner=np.array(self.owner, dtype=np.int64),
            meter_model=tuple(self.meter_model), flags=tuple(self.flag_names),
            flag_start=np.array([f.start for f in m.flags], dtype=bool),
            dates=tuple(self.dates), events=tuple(events), options=tuple(options),
            incidents=tuple(incidents), endings=tuple(endings), max_options=n_opt,
            option_table=table, level_table=level, bias_table=bias, windows=windows,
            layers=tuple(layers), text_conditions=conditions, document_when=tuple(documents),
            source=self.src)

    def calendar(self) -> list[dt.date]:
        m = self.m
        if m.period.end < m.period.start:
            self.error(("period", "end"), f"the period ends ({m.period.end}) before it starts "
                                          f"({m.period.start})")
            return [m.period.start]
        if m.turns.unit == "phase":
            if not m.turns.dates:
                self.error(("turns",), "with unit: phase, list the date of each turn under "
                                       "'dates:'")
                return [m.period.start]
            for i, d in enumerate(m.turns.dates):
                if not m.period.start <= d <= m.period.end:
                    self.error(("turns", "dates", i), f"the date {d} is outside the period "
                                                      f"{m.period.start} to {m.period.end}")
                if i and d <= m.turns.dates[i - 1]:
                    self.error(("turns", "dates", i), f"the date {d} does not come after the "
                                                      "one before it")
        elif m.turns.dates:
            self.error(("turns", "dates"), "'dates:' is only for unit: phase; for "
                                           f"unit: {m.turns.unit} the dates follow from the "
                                           "period", key=True)
        dates = turn_dates(m.period.start, m.period.end, m.turns.unit, m.turns.every,
                           m.turns.dates)
        if len(dates) > MAX_TURNS:
            self.error(("turns",), f"the period holds more than {MAX_TURNS} turns of one "
                                   f"{m.turns.unit}; use a longer unit or 'every:'")
            dates = dates[:MAX_TURNS]
        if m.turns.labels is not None and len(m.turns.labels) != len(dates):
            self.error(("turns", "labels"), f"{len(m.turns.labels)} labels for {len(dates)} "
                                            "turns")
        return dates or [m.period.start]

    def meter_columns(self) -> None:
        self.meter_names: list[str] = []
        self.lo: list[float] = []
        self.hi: list[float] = []
        self.start: list[float] = []
        self.owner: list[int] = []
        self.meter_model: list[int] = []
        seen: set[str] = set()
        for i, meter in enumerate(self.m.meters):
            path = ("meters", i)
            if meter.id in seen or meter.id in ("tension", "turn", "defcon") \
                    or meter.id in self.sides:
                self.error((*path, "id"), f"the meter id '{meter.id}' is already used")
            seen.add(meter.id)
            if meter.min >= meter.max:
                self.error((*path, "max"), f"max ({meter.max}) must be above min ({meter.min})")
            owners = meter.sides if meter.sides is not None else [None]
            if meter.sides is not None:
                for k, s in enumerate(meter.sides):
                    self.side_ref(s, (*path, "sides", k))
            starts = meter.start if isinstance(meter.start, dict) else None
            if starts is not None:
                if meter.sides is None:
                    self.error((*path, "start"), "a shared meter has one start value, not one "
                                                 "per side")
                for s in starts:
                    if meter.sides is not None and s not in meter.sides:
                        self.error((*path, "start", s), f"'{s}' is not one of this meter's "
                                                        f"sides{did_you_mean(s, meter.sides)}",
                                   key=True)
            for s in owners:
                name = f"{s}.{meter.id}" if s else meter.id
                value = (starts.get(s, (meter.min + meter.max) / 2) if starts is not None
                         else float(meter.start))  # type: ignore[arg-type]
                if s and starts is not None and s not in starts:
                    self.error((*path, "start"), f"no start value for side '{s}'")
                if not meter.min <= value <= meter.max:
                    self.error((*path, "start"), f"start {value:g} is outside the range "
                                                 f"{meter.min:g} to {meter.max:g}")
                self.meter_names.append(name)
                self.lo.append(meter.min)
                self.hi.append(meter.max)
                self.start.append(value)
                self.owner.append(self.sides.index(s) if s in self.sides else -1)
                self.meter_model.append(i)

    def cond(self, text: str | None, path: Path) -> Expr | None:
        return None if text is None else self.expr(text, path, "bool")

    def turn_ref(self, ref: Any, path: Path, last: bool) -> int:
        n = len(self.dates)
        if isinstance(ref, bool):
            self.error(path, "a turn number or a date is needed")
            return 0
        if isinstance(ref, int):
            if not 1 <= ref <= n:
                self.error(path, f"turn {ref} does not exist: this scenario has turns 1 to {n}")
                return 0
            return ref - 1
        p = self.m.period
        if not p.start <= ref <= p.end:
            self.error(path, f"the date {ref} is outside the period {p.start} to {p.end}")
            return 0
        if last:
            return max(i for i, d in enumerate(self.dates) if d <= ref) if ref >= self.dates[0] \
                else 0
        after = [i for i, d in enumerate(self.dates) if d >= ref]
        return after[0] if after else n - 1

    def action(self, item: Any, path: Path) -> Action:
        const = np.zeros(1 + len(self.meter_names))
        exprs: list[tuple[int, Expr]] = []
        for key, value in item.effects.items():
            if key == "tension":
                col = 0
            elif key in self.meter_names:
                col = 1 + self.meter_names.index(key)
            else:
                sided = [n for n in self.meter_names if n.endswith("." + key)]
                hint = (f" ('{key}' is kept per side: write {' or '.join(sided)})" if sided
                        else did_you_mean(key, ["tension", *self.meter_names]))
                self.error((*path, "effects", key), f"unknown meter '{key}'{hint}", key=True)
                continue
            if isinstance(value, float):
                const[col] += value
            else:
                e = self.expr(value, (*path, "effects", key), "number")
                if e is not None:
                    if e.constant is not None:
                        const[col] += e.constant
                    else:
                        exprs.append((col, e))
        masks = {}
        for which in ("set", "clear"):
            mask = np.zeros(len(self.flag_names), dtype=bool)
            for k, flag in enumerate(getattr(item, which)):
                if flag in self.flag_names:
                    mask[self.flag_names.index(flag)] = True
                else:
                    self.error((*path, which, k), f"unknown flag '{flag}'"
                                                  f"{did_you_mean(flag, self.flag_names)}; "
                                                  "declare it under 'flags:'")
            masks[which] = mask
        outcomes = []
        for k, out in enumerate(getattr(item, "outcomes", [])):
            opath = (*path, "outcomes", k)
            chance = self.expr(out.chance, (*opath, "chance"), "number")
            sub = self.action(out, opath)
            if chance is not None:
                outcomes.append((chance, sub))
        return Action(const, tuple(exprs), masks["set"], masks["clear"], tuple(outcomes))

    def events(self, actors: dict[str, int]) -> tuple[list[CEvent], list[COption]]:
        events: list[CEvent] = []
        options: list[COption] = []
        for i, ev in enumerate(self.m.events):
            path = ("events", i)
            side = self.side_ref(ev.side, (*path, "side"))
            first = self.turn_ref(ev.from_, (*path, "from"), False) if ev.from_ is not None else 0
            last = (self.turn_ref(ev.to, (*path, "to"), True) if ev.to is not None
                    else len(self.dates) - 1)
            if last < first:
                self.error((*path, "to"), f"this event can never happen: it ends (turn "
                                          f"{last + 1}) before it starts (turn {first + 1})")
            seen: set[str] = set()
            idx = []
            for k, opt in enumerate(ev.options):
                opath = (*path, "options", k)
                if opt.id in seen:
                    self.error((*opath, "id"), f"two options of '{ev.id}' have the id "
                                               f"'{opt.id}'")
                seen.add(opt.id)
                for a, adv in enumerate(opt.advisors):
                    if adv.actor not in actors:
                        self.error((*opath, "advisors", a, "actor"),
                                   f"unknown actor '{adv.actor}'{did_you_mean(adv.actor, actors)};"
                                   " declare it under 'actors:'")
                g = len(options)
                options.append(COption(opt.id, g, i, k, opt.kind,
                                       self.cond(opt.requires, (*opath, "requires")),
                                       self.action(opt, opath), opt.historical, opt.ai_bias))
                idx.append(g)
            if sum(o.historical for o in ev.options) > 1:
                self.warn((*path, "options"), f"more than one option of '{ev.id}' is marked "
                                              "historical: the historical policy takes the first")
            if all(o.requires is not None for o in ev.options):
                self.warn((*path, "options"), f"every option of '{ev.id}' has a 'requires:'; when "
                                              "none holds, the event is skipped. Give one option "
                                              "no condition so it can always be answered")
            events.append(CEvent(ev.id, max(side, 0), first, last,
                                 self.cond(ev.when, (*path, "when")), tuple(idx), ev.once))
        return events, options

    def endings(self) -> list[CEnding]:
        m = self.m
        by_id = {e.id: i for i, e in enumerate(m.endings)}
        endings: list[CEnding] = []
        war_model = by_id.get(WAR, -1)
        if war_model >= 0 and m.endings[war_model].when is not None:
            self.error(("endings", war_model, "when"), "the nuclear_war ending is built in: it "
                       "happens when tension reaches 100, so it takes no 'when:'", key=True)
        war_scores = tuple(self.score(m.endings[war_model], s, ("endings", war_model), -10.0)
                           if war_model >= 0 else -10.0 for s in self.sides)
        endings.append(CEnding(WAR, None, False, war_scores, war_model))
        for i, end in enumerate(m.endings):
            if end.id == WAR:
                continue
            path = ("endings", i)
            for s in end.score:
                if s not in self.sides:
                    self.error((*path, "score", s), f"unknown side '{s}'"
                               f"{did_you_mean(s, self.sides)}", key=True)
            scores = tuple(self.score(end, s, path, 0.0) for s in self.sides)
            when = self.cond(end.when, (*path, "when"))
            endings.append(CEnding(end.id, when, end.at_end, scores, i))
        if len(endings) == 1:
            self.error(("endings",), "the scenario needs at least one ending besides nuclear war")
        if not any(e.at_end and e.when is None for e in endings[1:]) and \
                TIME_OUT not in by_id:
            self.warn(("endings",), "no ending has 'at_end: true' without a condition; if none "
                                    "applies when time runs out, the game ends with a plain "
                                    "'time_out' ending")
        endings.append(CEnding(TIME_OUT, None, True, tuple(0.0 for _ in self.sides), -1))
        return endings

    def score(self, end: Any, side: str, path: Path, default: float) -> Expr | float:
        value = end.score.get(side, default)
        if isinstance(value, float):
            return value
        e = self.expr(value, (*path, "score", side), "number")
        return e if e is not None else 0.0

    def documents(self) -> list[Expr | None]:
        self.unique(self.m.documents, ("documents",), "documents")
        for i, d in enumerate(self.m.documents):
            for k, side in enumerate(d.sides or []):
                self.side_ref(side, ("documents", i, "sides", k))
        return [self.cond(d.when, ("documents", i, "when"))
                for i, d in enumerate(self.m.documents)]

    def text_variants(self, node: Any, path: Path, out: dict[str, Expr]) -> None:
        """Compile the conditions of every text with variants into `out` (by their text)."""
        if isinstance(node, BaseModel):
            for name, info in type(node).model_fields.items():
                self.text_variants(getattr(node, name), (*path, info.alias or name), out)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                self.text_variants(item, (*path, i), out)
        elif isinstance(node, tuple):
            for k, variant in enumerate(node[:-1]):
                when = variant["when"]
                if when not in out:
                    e = self.cond(when, (*path, k, "when"))
                    if e is not None:
                        out[when] = e

    def map_layers(self) -> list[CLayer]:
        mp = self.m.map
        if mp is None:
            return []
        out: list[CLayer] = []
        v = mp.view
        if v.west >= v.east or v.south >= v.north:
            self.error(("map", "view"), "the view must have west < east and south < north")
        elif min(v.east - v.west, v.north - v.south) < MIN_VIEW_DEGREES:
            self.error(("map", "view"), f"the view is {v.east - v.west:g} by "
                                        f"{v.north - v.south:g} degrees; it must be at least "
                                        f"{MIN_VIEW_DEGREES:g} degree wide and high (a city "
                                        "is about 0.3 degree across)")
        places = self.unique(mp.places, ("map", "places"), "places")
        self.unique(mp.layers, ("map", "layers"), "layers")
        used: set[str] = set()
        for i, pl in enumerate(mp.places):
            if not (v.west <= pl.lon <= v.east and v.south <= pl.lat <= v.north):
                self.warn(("map", "places", i), f"the place '{pl.id}' ({pl.lat}, {pl.lon}) is "
                                                "outside the map's view")
        for i, layer in enumerate(mp.layers):
            path = ("map", "layers", i)
            for k, pid in enumerate(layer.places):
                used.add(pid)
                if pid not in places:
                    self.error((*path, "places", k), f"unknown place '{pid}'"
                               f"{did_you_mean(pid, places)}; declare it under map.places")
            need = {"marker": 1, "circle": 1, "line": 2, "area": 3}[layer.kind]
            if layer.kind in ("marker", "circle") and len(layer.places) != 1:
                self.error((*path, "places"), f"a {layer.kind} stands on exactly one place")
            elif len(layer.places) < need:
                self.error((*path, "places"), f"a {layer.kind} needs at least {need} places")
            radius = layer.radius_km is not None or layer.radius_miles is not None
            if layer.kind == "circle" and not radius:
                self.error(path, "a circle needs radius_km or radius_miles")
            if layer.kind != "circle" and radius:
                self.warn(path, f"a radius means nothing for a {layer.kind}")
            if layer.radius_km is not None and layer.radius_miles is not None:
                self.error(path, "give radius_km or radius_miles, not both")
            if layer.side is not None:
                self.side_ref(layer.side, (*path, "side"))
            out.append(CLayer(layer.id, i, self.cond(layer.when, (*path, "when"))))
        return out


def compile_model(src: Source, model: Scenario, sha256: str) -> tuple[Compiled | None,
                                                                       list[Problem]]:
    """Cross-reference and compile a validated model; (None, problems) if any error."""
    c = _Compiler(src, model, sha256)
    compiled = c.run()
    return compiled, c.problems
