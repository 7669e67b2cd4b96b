"""Semantic checks on a compiled scenario: chance ranges, reachable endings, translations."""

from __future__ import annotations

import itertools
import re
from typing import Any

import numpy as np
from pydantic import BaseModel

from game.scenario.expr import Env, Expr
from game.scenario.model import Actor, SourceRef
from game.scenario.problems import Msg, Problem
from game.scenario.tables import TIME_OUT, WAR, Action, CEnding, Compiled
from game.scenario.text import localize, variants
from game.scenario.yamlsrc import Path, Source

SAMPLES = 512
#: Words that fit comfortably on the event card and on an option button.
CARD_WORDS = 110
OPTION_WORDS = 24
TEXT_FIELDS = frozenset({"title", "summary", "text", "name", "leader", "briefing", "role",
                         "description", "result", "says", "label", "report", "term"})
#: Lists whose items are texts.
TEXT_LISTS = frozenset({"discussion", "labels"})
#: Words that speak to the reader: an option in them needs a `report:` for the other sides.
SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself|vous|votre|vos|vôtre)\b", re.IGNORECASE)
#: Quotation marks of the languages a scenario may use.
QUOTE_MARKS = re.compile("[\"“”«»„‟‹›]")
MAX_CORNERS = 256


class Domain:
    """The values each variable can take, for checking expressions over the whole state space."""

    def __init__(self, c: Compiled) -> None:
        self.c = c
        changed = np.zeros(1 + len(c.meters), dtype=bool)
        can_set = np.zeros(len(c.flags), dtype=bool)
        can_clear = np.zeros(len(c.flags), dtype=bool)
        actions = [o.action for o in c.options] + [i.action for i in c.incidents]
        while actions:
            a = actions.pop()
            changed |= a.const != 0
            for col, _ in a.exprs:
                changed[col] = True
            can_set |= a.set
            can_clear |= a.clear
            actions.extend(sub for _, sub in a.outcomes)
        self.meter_moves = changed[1:]
        self.flag_values = [
            [v for v in (False, True) if v == start or (can_set[j] if v else can_clear[j])]
            for j, start in enumerate(c.flag_start)]
        self._points: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._envs: dict[tuple[frozenset[str], int], list[Env]] = {}

    def _values(self, name: str) -> list[Any]:
        c = self.c
        if name in ("tension", "defcon"):
            return [0.0, float(c.model.tension.start), 50.0, 99.9]
        if name == "turn":
            return sorted({1, len(c.dates)})
        if name in c.meters:
            i = c.meters.index(name)
            if not self.meter_moves[i]:
                return [float(c.meter_start[i])]
            return [float(c.meter_lo[i]), float(c.meter_start[i]), float(c.meter_hi[i])]
        return list(self.flag_values[c.flags.index(name)])

    def _random(self, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """SAMPLES random points of the state space (the same for every expression)."""
        if seed not in self._points:
            c = self.c
            rng = np.random.default_rng(seed)
            n = SAMPLES
            tension = rng.uniform(0, 99.9, n)
            meters = rng.uniform(c.meter_lo, c.meter_hi, (n, len(c.meters)))
            meters[:, ~self.meter_moves] = c.meter_start[~self.meter_moves]
            flags = np.zeros((n, len(c.flags)), dtype=bool)
            for j, vals in enumerate(self.flag_values):
                flags[:, j] = rng.choice(vals, n) if len(vals) > 1 else vals[0]
            self._points[seed] = (tension, meters, flags)
        return self._points[seed]

    def env(self, names: frozenset[str], seed: int = 0) -> list[Env]:
        """Environments covering corner values of `names` plus random points (one per turn)."""
        key = (names, seed)
        if key not in self._envs:
            self._envs[key] = self._env(names, seed)
        return self._envs[key]

    def _env(self, names: frozenset[str], seed: int) -> list[Env]:
        c = self.c
        tension, meters, flags = self._random(seed)
        order = sorted(x for x in names if x != "turn")
        corners = list(itertools.islice(itertools.product(*(self._values(x) for x in order)),
                                        MAX_CORNERS))
        if corners and order:
            k = len(corners)
            ct = np.full(k, float(c.model.tension.start))
            cm = np.tile(c.meter_start, (k, 1))
            cf = np.tile(c.flag_start, (k, 1))
            for col, name in enumerate(order):
                vals = np.array([row[col] for row in corners])
                if name in ("tension", "defcon"):
                    ct = vals.astype(float)
                elif name in c.meters:
                    cm[:, c.meters.index(name)] = vals
                else:
                    cf[:, c.flags.index(name)] = vals.astype(bool)
            tension = np.concatenate([tension, ct])
            meters = np.concatenate([meters, cm])
            flags = np.concatenate([flags, cf])
        turns = sorted({1, len(c.dates) // 2 + 1, len(c.dates)})
        return [Env(tension, meters, flags, t) for t in turns]


def _fmt(x: float) -> float:
    return float(f"{x:.3g}")


class _Checker:
    def __init__(self, src: Source, c: Compiled) -> None:
        self.src = src
        self.c = c
        self.domain = Domain(c)
        self.problems: list[Problem] = []

    def range_of(self, e: Expr) -> tuple[float, float]:
        vals = np.concatenate([e(env) for env in self.domain.env(e.names)])
        return float(vals.min()), float(vals.max())

    def can_be_true(self, e: Expr | None) -> bool:
        if e is None:
            return True
        return any(bool(e(env).any()) for env in self.domain.env(e.names))

    def chances(self, action: Action, path: Path) -> None:
        if not action.outcomes:
            return
        total_names = frozenset().union(*(e.names for e, _ in action.outcomes))
        envs = self.domain.env(total_names)
        totals = []
        for k, (chance, sub) in enumerate(action.outcomes):
            vals = np.concatenate([chance(env) for env in envs])
            lo, hi = float(vals.min()), float(vals.max())
            if lo < 0 or hi > 1:
                self.problems.append(self.src.problem(
                    (*path, "outcomes", k, "chance"),
                    Msg("this chance can be {value}, outside 0 to 1 (wrap it in clamp(..., 0, 1) "
                        "or change it)", value=_fmt(lo if lo < 0 else hi))))
            self.chances(sub, (*path, "outcomes", k))
            totals.append(np.concatenate([np.clip(chance(env), 0, 1) for env in envs]))
        top = float(np.sum(totals, axis=0).max())
        if top > 1 + 1e-9:
            self.problems.append(self.src.problem(
                (*path, "outcomes"),
                Msg("these chances add up to as much as {value}; together they must stay at "
                    "or below 1 (the last ones would never happen)", value=_fmt(top))))

    def run(self) -> list[Problem]:
        c, m = self.c, self.c.model
        for o in c.options:
            self.chances(o.action, ("events", o.event, "options", o.local))
            if o.requires is not None and not self.can_be_true(o.requires):
                self.problems.append(self.src.problem(
                    ("events", o.event, "options", o.local, "requires"),
                    Msg("option '{id}' can never be offered: this condition is never true",
                        id=o.id), severity="warning"))
        for i, inc in enumerate(c.incidents):
            self.chances(inc.action, ("incidents", i))
        for i, ev in enumerate(c.events):
            if ev.when is not None and not self.can_be_true(ev.when):
                self.problems.append(self.src.problem(
                    ("events", i, "when"), Msg("event '{id}' can never happen: this condition "
                                               "is never true", id=ev.id), severity="warning"))
        reachable = False
        for end in c.endings:
            if end.id in (WAR, TIME_OUT):
                continue
            if self.can_be_true(end.when):
                reachable = True
                self.not_at_start(end)
            else:
                self.problems.append(self.src.problem(
                    ("endings", end.model_index, "when"),
                    Msg("ending '{id}' can never happen: its condition is never true, whatever "
                        "values the meters and flags it reads take (check its numbers against "
                        "the meters' min and max, and that its flags can be set)", id=end.id),
                    severity="warning"))
        if not reachable and len(c.endings) > 2:
            self.problems.append(self.src.problem(
                ("endings",), Msg("no ending besides nuclear war can ever be reached")))
        self.translations(m, ())
        self.voices()
        self.usage()
        self.lengths()
        self.idle_sides()
        self.side_order()
        return self.problems

    def expressions(self) -> list[Expr]:
        """Every compiled expression of the scenario."""
        c = self.c
        out: list[Expr | None] = [e.when for e in c.events]
        out += [o.requires for o in c.options]
        out += [i.when for i in c.incidents]
        out += [e.when for e in c.endings]
        out += [x for e in c.endings for x in e.scores if not isinstance(x, float)]
        out += [layer.when for layer in c.layers]
        out += list(c.document_when) + list(c.text_conditions.values())
        for a in range(len(c.actions.const)):
            out += [e for _, e in c.actions.exprs[a]]
            out += [chance for chance, _ in c.actions.outcomes[a]]
        return [e for e in out if e is not None]

    def warn(self, path: Path, message: Msg) -> None:
        self.problems.append(self.src.problem(path, message, severity="warning"))

    def usage(self) -> None:
        """Meters never changed, flags set but never read or read but never set, places
        never shown, actors who never speak."""
        c, m = self.c, self.c.model
        read = set().union(*(e.names for e in self.expressions()))
        for i, meter in enumerate(m.meters):
            cols = [k for k, mi in enumerate(c.meter_model) if mi == i]
            if not any(self.domain.meter_moves[k] for k in cols):
                self.warn(("meters", i), Msg("the meter '{id}' never changes: no option, "
                                             "outcome or incident has it in its effects. Add an "
                                             "effect, or remove the meter", id=meter.id))
        table = c.actions
        set_any = table.set.any(axis=0) if len(table.set) else np.zeros(len(c.flags), bool)
        clear_any = table.clear.any(axis=0) if len(table.clear) else set_any
        for j, flag in enumerate(m.flags):
            if flag.id not in read and (set_any[j] or clear_any[j]):
                self.warn(("flags", j), Msg("the flag '{id}' is set but never read, so it "
                                            "changes nothing in the game. Use it in a 'when:' "
                                            "or 'requires:', or remove it", id=flag.id))
            elif flag.id in read and not (set_any[j] or clear_any[j]):
                self.warn(("flags", j), Msg("the flag '{id}' is read but never changes: it "
                                            "stays {value}. Add it to an option's 'set:' or "
                                            "'clear:'", id=flag.id, value=flag.start))
        if m.map is not None:
            used = {p for layer in m.map.layers for p in layer.places}
            for i, place in enumerate(m.map.places):
                if place.id not in used:
                    self.warn(("map", "places", i), Msg("the place '{id}' is never shown: no "
                                                        "layer uses it. Add a marker layer for "
                                                        "it, or remove it", id=place.id))

    def lengths(self) -> None:
        """Texts too long to read comfortably on the event card."""
        m = self.c.model
        langs = m.languages
        for i, ev in enumerate(m.events):
            for lang in langs:
                words = len(localize(ev.text, lang).split())
                if words > CARD_WORDS:
                    self.warn(("events", i, "text"), Msg("the {lang} text of '{id}' has {words} "
                                                         "words; the event card holds about "
                                                         "{card}. Shorten it, or move details "
                                                         "to an option's 'result:'", lang=lang,
                                                         id=ev.id, words=words, card=CARD_WORDS))
                    break
            for k, opt in enumerate(ev.options):
                for lang in langs:
                    words = len(localize(opt.text, lang).split())
                    if words > OPTION_WORDS:
                        self.warn(("events", i, "options", k, "text"),
                                  Msg("the {lang} text of option '{id}' has {words} words; an "
                                      "option button holds about {button}. Shorten it, and put "
                                      "the argument in an advisor's line", lang=lang, id=opt.id,
                                      words=words, button=OPTION_WORDS))
                        break

    def voices(self) -> None:
        """Options told to other players in the second person; advisors' positions dressed
        as quotations."""
        m = self.c.model
        playable = {s.id for s in m.sides if s.playable}
        for i, ev in enumerate(m.events):
            read_by_others = bool(playable - {ev.side})
            for k, opt in enumerate(ev.options):
                path = ("events", i, "options", k)
                if read_by_others and opt.report is None:
                    said = [x for field in (opt.text, opt.result) for v in variants(field)
                            for x in ([v] if isinstance(v, str) else (v or {}).values())]
                    hit = next((SECOND_PERSON.search(x) for x in said if SECOND_PERSON.search(x)),
                               None)
                    if hit is not None:
                        self.warn((*path, "text"), Msg(
                            "option '{id}' speaks to the player ('{word}'), but players of "
                            "other sides read it when '{side}' takes it: add report: {example}, "
                            "the choice told in the third person", id=opt.id,
                            word=hit.group(0), side=ev.side, example="{en: ..., fr: ...}"))
                for a, adv in enumerate(opt.advisors):
                    if adv.source is not None:
                        continue
                    for v in variants(adv.says):
                        texts = [v] if isinstance(v, str) else list(v.values())
                        if any(QUOTE_MARKS.search(x) for x in texts):
                            self.warn((*path, "advisors", a, "says"), Msg(
                                "this line has no source, so it is shown as a reconstructed "
                                "position, not a quotation: remove the quotation marks, or add "
                                "source: (the document and its date) if these are their "
                                "words"))
                            break
                        if any(x[:1].isupper() for x in texts):
                            self.warn((*path, "advisors", a, "says"), Msg(
                                "without a source, this line is shown as the end of the "
                                "sentence \"<name> (<stance>) ...\": start it with a verb in "
                                "lower case, such as 'argued that ...' (or add source: if these "
                                "are their documented words)"))
                            break

    def translations(self, node: Any, path: Path, variant: bool | None = None) -> None:
        """Missing translations, and texts written once in a scenario of several languages;
        `variant` says whether the variants of a text (path ending in their number) are
        texts."""
        langs = self.c.model.languages
        text_place = bool(path) and (path[-1] in TEXT_FIELDS or (
            isinstance(path[-1], int) and len(path) > 1 and path[-2] in TEXT_LISTS))
        if isinstance(node, tuple):
            for k, v in enumerate(variants(node)):
                self.translations(v, (*path, k), text_place)
            return
        if variant is not None:
            text_place = variant
        if isinstance(node, str) and len(langs) > 1 and text_place \
                and not _proper_name(path, node):
            self.problems.append(self.src.problem(
                path, Msg("this text is in one language only, so students see it as it is in "
                          "every language: write it in each language, as {example}",
                          example="{" + ", ".join(f"{lang}: ..." for lang in langs) + "}"),
                severity="warning"))
        elif isinstance(node, (Actor, SourceRef)):
            return
        elif isinstance(node, BaseModel):
            for name, info in type(node).model_fields.items():
                self.translations(getattr(node, name), (*path, info.alias or name))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                self.translations(item, (*path, i))
        elif isinstance(node, dict) and node and all(
                isinstance(k, str) and len(k) == 2 and isinstance(v, str)
                for k, v in node.items()) and path[-1:] not in (("score",), ("effects",)):
            missing = [lang for lang in langs if lang not in node]
            if missing:
                self.problems.append(self.src.problem(
                    path, Msg("missing translation: no {langs} text here; add {example}",
                              langs=", ".join(missing),
                              example=", ".join(f"{lang}: ..." for lang in missing)),
                    severity="warning"))

    def not_at_start(self, end: CEnding) -> None:
        """An error for an ending (not at_end) whose condition holds when the game starts: it
        would end every game after the first turn."""
        c = self.c
        if end.at_end or end.when is None:
            return
        env = Env(np.array([float(c.model.tension.start)]), c.meter_start[None, :].copy(),
                  c.flag_start[None, :].copy(), 1)
        if bool(np.asarray(end.when(env)).any()):
            self.problems.append(self.src.problem(
                ("endings", end.model_index, "when"),
                Msg("the ending '{id}' ends every game after the first turn: its condition "
                    "already holds at the start. Change it so that it is false at the start, "
                    "or add 'at_end: true' if it is the ending for when time runs out",
                    id=end.id)))

    def idle_sides(self) -> None:
        """A warning for a side that never decides and scores nothing in any ending."""
        c, m = self.c, self.c.model
        deciding = {e.side for e in c.events}
        for k, side in enumerate(m.sides):
            scored = any(side.id in e.score for e in m.endings if e.id != WAR)
            if k not in deciding and not scored:
                self.warn(("sides", k), Msg("the side '{id}' has no events and no score in any "
                                            "ending: it never decides, and it cannot win or "
                                            "lose. Give it events or scores, or remove it",
                                            id=side.id))

    def needs(self, e: Expr, flag: int) -> bool:
        """Whether `e` can only be true when the flag `flag` is true."""
        return not any(bool(e(_without(env, flag)).any()) for env in self.domain.env(e.names))

    def side_order(self) -> None:
        """A warning for an event whose 'when:' reads a flag that a side deciding later in the
        same turn may set, when nothing else could set it before the event's last turn: in
        that turn the event is checked before the flag changes, so it never sees it."""
        c = self.c
        setters: dict[int, list[tuple[int, int, str]]] = {}
        for o in c.options:
            ev = c.events[o.event]
            for j in np.flatnonzero(_sets(o.action)):
                setters.setdefault(int(j), []).append((ev.side, ev.first, ev.id))
        for inc in c.incidents:
            for j in np.flatnonzero(_sets(inc.action)):
                setters.setdefault(int(j), []).append((len(c.sides), 0, inc.id))
        for i, ev in enumerate(c.events):
            if ev.when is None:
                continue
            for name in sorted(ev.when.names):
                if name not in c.flags or c.flag_start[c.flags.index(name)]:
                    continue
                found = [x for x in setters.get(c.flags.index(name), []) if x[2] != ev.id]
                later = [x for x in found if ev.side < x[0] < len(c.sides)]
                if not later:
                    continue
                seen = min(turn if side < ev.side else turn + 1 for side, turn, _ in found)
                side, turn, by = min(later, key=lambda x: (x[1], x[0]))
                if not (seen > ev.last and ev.first <= turn <= ev.last) \
                        or not self.needs(ev.when, c.flags.index(name)):
                    continue
                self.warn(("events", i, "when"), Msg(
                    "event '{event}' needs the flag '{flag}', which {later} sets (event "
                    "'{by}') from turn {turn}; {later} decides after {side} (the sides decide "
                    "in the order of 'sides:'), so on turn {turn} '{event}' is checked before "
                    "'{flag}' can change, and sees it on turn {next} at the earliest. List "
                    "{later} before {side} under 'sides:', or let '{event}' run until turn "
                    "{next} ('to: {next}')", event=ev.id, flag=name, later=c.sides[side], by=by,
                    turn=turn + 1, side=c.sides[ev.side], next=turn + 2))


def _without(env: Env, flag: int) -> Env:
    """The same states with the flag `flag` false."""
    flags = env._flags.copy()
    flags[:, flag] = False
    return Env(env._tension, env._meters, flags, env.turn)


def _sets(action: Action) -> np.ndarray:
    """The flags an action may set, with its chance outcomes."""
    mask = action.set.copy()
    for _, sub in action.outcomes:
        mask |= _sets(sub)
    return mask


def _proper_name(path: Path, text: str) -> bool:
    """Names often the same in every language: a leader, an author, a place, a one-word
    glossary term (U-2, ExComm)."""
    return path[-1] in ("leader", "author") or (
        len(path) >= 4 and path[:2] == ("map", "places") and path[-1] == "name") or (
        path[-1] == "term" and len(text.split()) == 1)


def check_compiled(src: Source, c: Compiled) -> list[Problem]:
    """Warnings and errors that need the compiled tables (chances, reachability, languages)."""
    return _Checker(src, c).run()
