"""Check a parsed scenario's types and cross-references, and compile it to engine tables."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from game.scenario.calendar import MAX_TURNS, turn_dates
from game.scenario.cost import costliest_text, estimate
from game.scenario.expr import Expr, ExprError, Symbols, compile_expr
from game.scenario.model import MIN_VIEW_DEGREES, Scenario
from game.scenario.problems import Msg, Problem, did_you_mean, either, listing, quote
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
    fields = getattr(_model_at(model, loc), "model_fields", {})
    return [f.alias or name for name, f in fields.items()]


def _allowed(loc: tuple[Any, ...]) -> Msg | str:
    """' (one of: a, b)' for a key whose value is one of a few words, else ''."""
    from typing import Literal, get_args, get_origin

    fields = getattr(_model_at(Scenario, loc[:-1]), "model_fields", {})
    info = fields.get(loc[-1]) or next((f for f in fields.values() if f.alias == loc[-1]), None)
    if info is None or get_origin(info.annotation) is not Literal:
        return ""
    return Msg(" (one of: {choices})", choices=", ".join(map(str, get_args(info.annotation))))


def _model_at(model: type, loc: tuple[Any, ...]) -> Any:
    """The model class found at `loc` inside `model` (None if there is none)."""
    from typing import get_args

    from pydantic import BaseModel

    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        info = fields.get(part) or next((f for f in fields.values() if f.alias == part), None)
        if info is None:
            return None
        stack = [info.annotation]
        current = None
        while stack:
            a = stack.pop()
            if isinstance(a, type) and issubclass(a, BaseModel):
                current = a
                break
            stack.extend(get_args(a))
        if current is None:
            return None
    return current


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's union-branch markers ('str', 'function-before[...]') from a location."""
    out = []
    for part in loc:
        if isinstance(part, str) and ("[" in part or part in ("str", "float", "int", "date",
                                                                "bool", "dict", "list")):
            continue
        out.append(part)
    return tuple(out)


_DATE_TYPES = frozenset({"date_type", "date_parsing", "date_from_datetime_parsing",
                         "date_from_datetime_inexact", "date_future", "date_past",
                         "datetime_parsing", "datetime_type"})
_NUMBER_TYPES = frozenset({"float_type", "float_parsing", "finite_number"})
_WHOLE_TYPES = frozenset({"int_type", "int_parsing", "int_from_float", "int_parsing_size"})
#: A date written day first: 29/10/1956, 31.10.1956, 29-10-1956.
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")


def _date_hint(value: Any) -> str | None:
    """A date written day first (29/10/1956), as it should be written (1956-10-29)."""
    m = _DAY_FIRST.match(value) if isinstance(value, str) else None
    if not m:
        return None
    day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if month > 12 >= day:
        day, month = month, day  # written month first
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _choices(expected: str) -> str:
    """"'a', 'b' or 'c'" (pydantic's words) as "a, b, c"."""
    found = re.findall(r"'([^']*)'", expected)
    return ", ".join(found) if found else expected


def _pydantic_message(kind: str, err: Any, kinds: set[str]) -> Msg | str:
    """A pydantic error in the guide's words (every type a scenario meets; others as pydantic
    says them)."""
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "value_error":
        error = ctx.get("error")
        return getattr(error, "msg", None) or str(err["msg"]).removeprefix("Value error, ")
    fixed = _date_hint(value)
    if kinds & _DATE_TYPES and kinds & _WHOLE_TYPES:
        if fixed:
            return Msg("must be a turn number (from 1) or a date written year-month-day: write "
                       "{fixed} rather than {value}", fixed=fixed, value=value.strip())
        return Msg("must be a turn number (from 1) or a date written YYYY-MM-DD, such as "
                   "1962-10-16")
    if kind in _DATE_TYPES:
        if fixed:
            return Msg("dates are written year-month-day: write {fixed} rather than {value}",
                       fixed=fixed, value=value.strip())
        return Msg("must be a date written YYYY-MM-DD, such as 1962-10-16")
    if kind in ("bool_type", "bool_parsing"):
        return Msg("only true and false are true/false values: write true or false")
    if kind in _WHOLE_TYPES:
        return Msg("must be a whole number")
    if kind in _NUMBER_TYPES:
        return Msg("must be a number, such as 12 or 0.5")
    if kind == "string_type":
        return Msg("must be text")
    if kind == "literal_error":
        return Msg("must be one of: {choices}", choices=_choices(str(ctx.get("expected", ""))))
    if kind == "string_pattern_mismatch":
        return Msg("must be an id: a lower-case letter, then lower-case letters, digits or _ "
                   "(such as little_crisis)")
    if kind == "string_too_long":
        return Msg("is too long: at most {n} characters", n=ctx.get("max_length", 0))
    if kind == "too_short":
        return Msg("has {actual} item(s); at least {n} are needed",
                   actual=ctx.get("actual_length", 0), n=ctx.get("min_length", 0))
    if kind == "too_long":
        return Msg("has {actual} items; the limit is {n}", actual=ctx.get("actual_length", 0),
                   n=ctx.get("max_length", 0))
    bounds = {"greater_than_equal": ("ge", Msg("must be at least {n}", n=ctx.get("ge", 0))),
              "greater_than": ("gt", Msg("must be more than {n}", n=ctx.get("gt", 0))),
              "less_than_equal": ("le", Msg("must be at most {n}", n=ctx.get("le", 0))),
              "less_than": ("lt", Msg("must be less than {n}", n=ctx.get("lt", 0)))}
    if kind in bounds and isinstance(ctx.get(bounds[kind][0]), (int, float)):
        return bounds[kind][1]
    if kind == "list_type":
        return Msg("must be a list: [a, b] on one line, or one '- item' per line")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return Msg("must be a mapping of keys: 'key: value' on the lines below, indented, or "
                   "{key: value} on one line")
    return str(err["msg"]).removeprefix("Value error, ")


def _found(value: Any) -> Msg | str:
    if _date_hint(value):
        return ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return Msg(" (found {value})", value=quote(value))
    if isinstance(value, bool):
        return Msg(" (found {value})", value="true" if value else "false")
    return ""


def validate_model(src: Source) -> tuple[Scenario | None, list[Problem]]:
    """Check the document against the typed models; every problem with its place."""
    if not isinstance(src.data, dict):
        return None, [src.problem((), Msg("a scenario file must be a mapping of keys such as "
                                          "id:, title:, sides:, events:"))]
    try:
        return Scenario.model_validate(src.data), []
    except ValidationError as exc:
        problems = []
        seen = set()
        errors = exc.errors()
        suggested = set()
        kinds_at: dict[tuple[Any, ...], set[str]] = {}
        for err in errors:
            loc = _clean_loc(err["loc"])
            kinds_at.setdefault(loc, set()).add(err["type"])
            if err["type"] == "extra_forbidden":
                close = difflib.get_close_matches(str(loc[-1]),
                                                  _field_names(Scenario, loc[:-1]), n=1)
                if close:
                    suggested.add((*loc[:-1], close[0]))
        for err in errors:
            loc = _clean_loc(err["loc"])
            kind = err["type"]
            where = src.label(loc) or Msg("the file")
            if kind == "extra_forbidden":
                known = _field_names(Scenario, loc[:-1])
                hint = did_you_mean(str(loc[-1]), known)
                if not hint and known:
                    hint = Msg(" (allowed here: {keys})", keys=", ".join(sorted(known)))
                p = src.problem(loc, Msg("unknown key '{key}'{hint}", key=loc[-1], hint=hint),
                                key=True)
            elif kind == "missing":
                if loc in suggested:
                    continue
                p = src.problem(loc[:-1], Msg("'{key}' is missing in {where}: add '{key}: "
                                              "...'{choices}", key=loc[-1],
                                              where=src.label(loc[:-1]) or Msg("the file"),
                                              choices=_allowed(loc)))
            else:
                value = err.get("input")
                p = src.problem(loc, Msg("{where}: {text}{found}", where=where,
                                         text=_pydantic_message(kind, err, kinds_at[loc]),
                                         found=_found(value)))
            if (p.line, p.col) in seen or (p.line, p.col, p.message) in seen:
                continue
            seen.add((p.line, p.col, p.message))
            if kinds_at[loc] & _DATE_TYPES and kinds_at[loc] & _WHOLE_TYPES:
                seen.add((p.line, p.col))  # one message for 'a turn or a date'
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
    def error(self, path: Path, message: Msg, key: bool = False) -> None:
        self.problems.append(self.src.problem(path, message, key=key))

    def warn(self, path: Path, message: Msg, key: bool = False) -> None:
        self.problems.append(self.src.problem(path, message, severity="warning", key=key))

    def expr_error(self, path: Path, exc: ExprError, severity: str = "error") -> None:
        line, col = self.src.where(path)
        raw = self.src.lines[line - 1] if 0 < line <= len(self.src.lines) else ""
        quoted = col - 1 < len(raw) and raw[col - 1] in "\"'"
        col += exc.col + (1 if quoted else 0)
        self.problems.append(Problem(self.src.path, line, col, severity,  # type: ignore[arg-type]
                                     Msg("{where}: {message}", where=self.src.label(path),
                                         message=exc.msg)))

    def expr(self, text: Any, path: Path, want: str) -> Expr | None:
        try:
            return compile_expr(text, self.symbols, want)  # type: ignore[arg-type]
        except ExprError as exc:
            self.expr_error(path, exc)
            return None

    # -- passes ----------------------------------------------------------------------------
    def unique(self, items: list[Any], path: Path, what: Msg) -> dict[str, int]:
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                self.error((*path, i, "id"), Msg("two {what} have the id '{id}': give each "
                                                 "its own id", what=what, id=item.id))
            else:
                seen[item.id] = i
        return seen

    def unknown_side(self, side: str) -> Msg:
        """'unknown side' with a close name and the list of sides."""
        return Msg("unknown side '{side}'{hint}; the sides are {sides}", side=side,
                   hint=did_you_mean(side, self.sides), sides=", ".join(self.sides))

    def unknown_meter(self, key: str) -> Msg:
        """'unknown meter' in effects: a flag, a per-side meter, a close name, or the list."""
        if key in self.flag_names:
            return Msg("'{key}' is a flag, not a meter: a flag is made true with 'set: "
                       "[{key}]' and false with 'clear: [{key}]', not under 'effects:'", key=key)
        sided = [n for n in self.meter_names if n.endswith("." + key)]
        if sided:
            return Msg("unknown meter '{key}' ('{key}' is kept per side: write {sides})", key=key,
                       sides=either(sided))
        hint = did_you_mean(key, ["tension", *self.meter_names])
        if hint:
            return Msg("unknown meter '{key}'{hint}", key=key, hint=hint)
        return Msg("unknown meter '{key}'; effects may change tension and the meters: {meters}",
                   key=key, meters=listing(self.meter_names) or "-")

    def unknown_flag(self, flag: str) -> Msg:
        """'unknown flag' in set/clear: a close name, or the list, and where to declare it."""
        hint = did_you_mean(flag, self.flag_names)
        if not hint and self.flag_names:
            hint = Msg(" (the flags are {flags})", flags=listing(self.flag_names))
        return Msg("unknown flag '{flag}'{hint}; declare it under 'flags:'", flag=flag, hint=hint)

    def side_ref(self, side: str, path: Path) -> int:
        if side in self.sides:
            return self.sides.index(side)
        self.error(path, self.unknown_side(side))
        return -1

    def run(self) -> Compiled | None:
        m = self.m
        self.unique(m.sides, ("sides",), Msg("sides"))
        actors = self.unique(m.actors, ("actors",), Msg("actors"))
        self.unique(m.flags, ("flags",), Msg("flags"))
        self.unique(m.events, ("events",), Msg("events"))
        self.unique(m.incidents, ("incidents",), Msg("incidents"))
        self.unique(m.endings, ("endings",), Msg("endings"))
        if not any(s.playable for s in m.sides):
            self.error(("sides",), Msg("no side is playable: set 'playable: true' on at least "
                                       "one"))
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
                self.error(place, Msg("this scenario asks for too much work: {message}",
                                      message=message))
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
            self.error(("period", "end"), Msg("the period ends ({end}) before it starts "
                                              "({start})", end=m.period.end,
                                              start=m.period.start))
            return [m.period.start]
        if m.turns.unit == "phase":
            if not m.turns.dates:
                self.error(("turns",), Msg("with unit: phase, list the date of each turn under "
                                           "'dates:'"))
                return [m.period.start]
            for i, d in enumerate(m.turns.dates):
                if not m.period.start <= d <= m.period.end:
                    self.error(("turns", "dates", i), Msg("the date {date} is outside the period "
                                                          "{start} to {end}", date=d,
                                                          start=m.period.start,
                                                          end=m.period.end))
                if i and d <= m.turns.dates[i - 1]:
                    self.error(("turns", "dates", i), Msg("the date {date} does not come after "
                                                          "the one before it", date=d))
        elif m.turns.dates:
            self.error(("turns", "dates"), Msg("'dates:' is only for unit: phase; for unit: "
                                               "{unit} the dates follow from the period",
                                               unit=m.turns.unit), key=True)
        dates = turn_dates(m.period.start, m.period.end, m.turns.unit, m.turns.every,
                           m.turns.dates)
        if len(dates) > MAX_TURNS:
            self.error(("turns",), Msg("the period holds more than {n} turns of one {unit}; use "
                                       "a longer unit or 'every:'", n=MAX_TURNS,
                                       unit=m.turns.unit))
            dates = dates[:MAX_TURNS]
        if m.turns.labels is not None and len(m.turns.labels) != len(dates):
            self.error(("turns", "labels"), Msg("{labels} labels for {turns} turns: give one "
                                                "label per turn, in order",
                                                labels=len(m.turns.labels), turns=len(dates)))
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
                self.error((*path, "id"), Msg("the meter id '{id}' is already used (by another "
                                              "meter, a side, or tension, turn or defcon)",
                                              id=meter.id))
            seen.add(meter.id)
            if meter.min >= meter.max:
                self.error((*path, "max"), Msg("max ({max}) must be above min ({min})",
                                               max=meter.max, min=meter.min))
            owners = meter.sides if meter.sides is not None else [None]
            if meter.sides is not None:
                for k, s in enumerate(meter.sides):
                    self.side_ref(s, (*path, "sides", k))
            starts = meter.start if isinstance(meter.start, dict) else None
            if starts is not None:
                if meter.sides is None:
                    self.error((*path, "start"), Msg("a shared meter has one start value, not "
                                                     "one per side"))
                for s in starts:
                    if meter.sides is not None and s not in meter.sides:
                        self.error((*path, "start", s), Msg("'{side}' is not one of this "
                                                            "meter's sides{hint}", side=s,
                                                            hint=did_you_mean(s, meter.sides)),
                                   key=True)
            for s in owners:
                name = f"{s}.{meter.id}" if s else meter.id
                value = (starts.get(s, (meter.min + meter.max) / 2) if starts is not None
                         else float(meter.start))  # type: ignore[arg-type]
                if s and starts is not None and s not in starts:
                    self.error((*path, "start"), Msg("no start value for side '{side}'",
                                                     side=s))
                if not meter.min <= value <= meter.max:
                    self.error((*path, "start"), Msg("start {value} is outside the range {min} "
                                                     "to {max}", value=value, min=meter.min,
                                                     max=meter.max))
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
            self.error(path, Msg("a turn number or a date is needed"))
            return 0
        if isinstance(ref, int):
            if not 1 <= ref <= n:
                self.error(path, Msg("turn {turn} does not exist: this scenario has turns 1 to "
                                     "{n}", turn=ref, n=n))
                return 0
            return ref - 1
        p = self.m.period
        if not p.start <= ref <= p.end:
            self.error(path, Msg("the date {date} is outside the period {start} to {end}",
                                 date=ref, start=p.start, end=p.end))
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
                self.error((*path, "effects", key), self.unknown_meter(key), key=True)
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
                    self.error((*path, which, k), self.unknown_flag(flag))
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
                self.error((*path, "to"), Msg("this event can never happen: it ends (turn "
                                              "{last}) before it starts (turn {first})",
                                              last=last + 1, first=first + 1))
            seen: set[str] = set()
            idx = []
            for k, opt in enumerate(ev.options):
                opath = (*path, "options", k)
                if opt.id in seen:
                    self.error((*opath, "id"), Msg("two options of '{event}' have the id "
                                                   "'{id}': give each option its own id",
                                                   event=ev.id, id=opt.id))
                seen.add(opt.id)
                for a, adv in enumerate(opt.advisors):
                    if adv.actor not in actors:
                        self.error((*opath, "advisors", a, "actor"),
                                   Msg("unknown actor '{actor}'{hint}; declare it under "
                                       "'actors:'", actor=adv.actor,
                                       hint=did_you_mean(adv.actor, actors)))
                g = len(options)
                options.append(COption(opt.id, g, i, k, opt.kind,
                                       self.cond(opt.requires, (*opath, "requires")),
                                       self.action(opt, opath), opt.historical, opt.ai_bias))
                idx.append(g)
            if sum(o.historical for o in ev.options) > 1:
                self.warn((*path, "options"), Msg("more than one option of '{event}' is marked "
                                                  "historical: the historical policy takes the "
                                                  "first", event=ev.id))
            if all(o.requires is not None for o in ev.options):
                self.warn((*path, "options"), Msg("every option of '{event}' has a 'requires:'; "
                                                  "when none holds, the event is skipped. Give "
                                                  "one option no condition so it can always be "
                                                  "answered", event=ev.id))
            events.append(CEvent(ev.id, max(side, 0), first, last,
                                 self.cond(ev.when, (*path, "when")), tuple(idx), ev.once))
        return events, options

    def endings(self) -> list[CEnding]:
        m = self.m
        by_id = {e.id: i for i, e in enumerate(m.endings)}
        endings: list[CEnding] = []
        war_model = by_id.get(WAR, -1)
        if war_model >= 0 and m.endings[war_model].when is not None:
            self.error(("endings", war_model, "when"), Msg("the nuclear_war ending is built in: "
                       "it happens when tension reaches 100, so it takes no 'when:'"), key=True)
        war_scores = tuple(self.score(m.endings[war_model], s, ("endings", war_model), -10.0)
                           if war_model >= 0 else -10.0 for s in self.sides)
        endings.append(CEnding(WAR, None, False, war_scores, war_model))
        for i, end in enumerate(m.endings):
            if end.id == WAR:
                continue
            path = ("endings", i)
            for s in end.score:
                if s not in self.sides:
                    self.error((*path, "score", s), self.unknown_side(s), key=True)
            scores = tuple(self.score(end, s, path, 0.0) for s in self.sides)
            when = self.cond(end.when, (*path, "when"))
            if end.when is None and not end.at_end:
                self.error((*path, "id"), Msg(
                    "the ending '{id}' has no 'when:' and no 'at_end: true', so it ends every "
                    "game after the first turn. For the ending when time runs out, add 'at_end: "
                    "true'; otherwise give it a 'when:' condition", id=end.id))
            endings.append(CEnding(end.id, when, end.at_end, scores, i))
        if len(endings) == 1:
            self.error(("endings",), Msg("the scenario needs at least one ending besides "
                                         "nuclear war"))
        if not any(e.at_end and e.when is None for e in endings[1:]) and \
                TIME_OUT not in by_id and all(e.when is not None or e.at_end for e in m.endings
                                              if e.id != WAR):
            self.warn(("endings",), Msg("no ending has 'at_end: true' without a condition; if "
                                        "none applies when time runs out, the game ends with a "
                                        "plain 'time_out' ending"))
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
            self.error(("map", "view"), Msg("the view must have west < east and south < north"))
        elif min(v.east - v.west, v.north - v.south) < MIN_VIEW_DEGREES:
            self.error(("map", "view"), Msg("the view is {wide} by {high} degrees; it must be "
                                            "at least {least} degree wide and high (a city is "
                                            "about 0.3 degree across)",
                                            wide=v.east - v.west,
                                            high=v.north - v.south,
                                            least=MIN_VIEW_DEGREES))
        places = self.unique(mp.places, ("map", "places"), "places")
        self.unique(mp.layers, ("map", "layers"), "layers")
        used: set[str] = set()
        for i, pl in enumerate(mp.places):
            if not (v.west <= pl.lon <= v.east and v.south <= pl.lat <= v.north):
                self.warn(("map", "places", i), Msg("the place '{id}' ({lat}, {lon}) is outside "
                                                    "the map's view", id=pl.id, lat=str(pl.lat),
                                                    lon=str(pl.lon)))
        for i, layer in enumerate(mp.layers):
            path = ("map", "layers", i)
            for k, pid in enumerate(layer.places):
                used.add(pid)
                if pid not in places:
                    self.error((*path, "places", k), Msg("unknown place '{place}'{hint}; declare "
                                                         "it under map.places", place=pid,
                                                         hint=did_you_mean(pid, places)))
            need = {"marker": 1, "circle": 1, "line": 2, "area": 3}[layer.kind]
            if layer.kind in ("marker", "circle") and len(layer.places) != 1:
                self.error((*path, "places"), Msg("a {kind} stands on exactly one place",
                                                  kind=layer.kind))
            elif len(layer.places) < need:
                self.error((*path, "places"), Msg("a {kind} needs at least {n} places",
                                                  kind=layer.kind, n=need))
            radius = layer.radius_km is not None or layer.radius_miles is not None
            if layer.kind == "circle" and not radius:
                self.error(path, Msg("a circle needs radius_km or radius_miles"))
            if layer.kind != "circle" and radius:
                self.warn(path, Msg("a radius means nothing for a {kind}", kind=layer.kind))
            if layer.radius_km is not None and layer.radius_miles is not None:
                self.error(path, Msg("give radius_km or radius_miles, not both"))
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
