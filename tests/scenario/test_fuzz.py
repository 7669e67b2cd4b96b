"""Fuzzing: scenario documents from the JSON Schema and mutated shipped scenarios, expressions
and saves. The validator answers in bounded time and never raises; every document it accepts
plays to an end under random policies, batch and one game at a time.

The examples are derandomized so that the suite gives the same answer on every run; set
BRINK_FUZZ=N to run N times as many examples with fresh random seeds.
"""

from __future__ import annotations

import copy
import json
import os
import re
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.internal.conjecture import utils as conjecture_utils

from game.engine import Game
from game.i18n import Translator
from game.narrate import Narrator
from game.resources import shipped_scenarios
from game.saves import SaveData, SaveError, parse_save, restore
from game.scenario import check_bytes
from game.scenario.expr import Env, Expr, ExprError, Symbols, compile_expr
from game.scenario.tables import Compiled
from game.sim import simulate
from game.sim.policies import RandomPolicy

DATA = Path(__file__).parent.parent / "data"
MINI = DATA / "mini.yaml"
#: The validator must answer within this many seconds of its own CPU time, and of wall-clock
#: time on a busy machine (generous bounds: a hang takes forever).
TIME_BOUND = 30.0
WALL_BOUND = 120.0
GAMES = 200

_SCALE = int(os.environ.get("BRINK_FUZZ", "0") or 0)


def fuzz_settings(examples: int) -> settings:
    """Hypothesis settings: derandomized by default, more and random with BRINK_FUZZ=N."""
    return settings(max_examples=examples * max(_SCALE, 1), deadline=None,
                    derandomize=not _SCALE, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much,
                                           HealthCheck.large_base_example])


# -- checking and playing a document ---------------------------------------------------------
def timed_check(raw: bytes, name: str = "fuzz.yaml") -> Compiled | None:
    """check_bytes within the time bound; it must never raise, and an accepted document must
    come without errors (and a rejected one with at least one, at a place in the file)."""
    start, cpu = time.perf_counter(), time.process_time()
    compiled, problems = check_bytes(raw, name)
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert cpu < TIME_BOUND and took < WALL_BOUND, f"the validator took {took:.1f}s ({cpu:.1f}s)"
    errors = [p for p in problems if p.is_error]
    if compiled is None:
        assert errors, "rejected without an error"
    else:
        assert not errors
    for p in problems:
        assert p.path == name and p.line >= 1 and p.col >= 1 and p.message
    return compiled


def play_everything(c: Compiled, seed: int) -> None:
    """Batch games under random policies, then one game per playable side, narrated."""
    r = simulate(c, GAMES, seed, {side: RandomPolicy() for side in c.sides})
    assert r.runs == GAMES
    assert ((r.length >= 1) & (r.length <= c.n_turns)).all(), "a game did not end in time"
    assert ((r.ending >= 0) & (r.ending < len(c.endings))).all(), "a game has no ending"
    for column in (r.final, r.peak):
        assert np.isfinite(column).all() and (column >= 0).all() and (column <= 100).all()
    t = Translator("en")
    rng = np.random.default_rng(seed)
    for side in [s.id for s in c.model.sides if s.playable]:
        game = Game.new(c, seed, [side])
        n = Narrator(c, t)
        for _ in range(10 * c.n_turns + 10):
            if game.is_over():
                break
            legal = game.legal_options()
            assert legal, "a decision with no legal option"
            for record in game.apply(legal[int(rng.integers(len(legal)))]):
                n.describe(record)
        assert game.is_over() and game.outcome() is not None
        assert 0.0 <= game.tension <= 100.0


# -- (a) documents from the JSON Schema ------------------------------------------------------
class _LegacyMany:
    """hypothesis-jsonschema 0.23.1 (the newest) calls `many(...).more()`, which Hypothesis
    6.170 replaced by a context manager; this adapter gives it the old interface."""

    def __init__(self, data: Any, min_size: int, max_size: float, average_size: float,
                 **_: Any) -> None:
        self._many = conjecture_utils.many(data, min_size=min_size, max_size=max_size,
                                           average_size=average_size)
        self._many.__enter__()
        self._steps = iter(self._many)

    def more(self) -> bool:
        """Whether to draw one more element."""
        return next(self._steps, False) is None

    def reject(self, why: str | None = None) -> None:
        """Do not count the element just drawn."""
        self._many.reject(why)


def _from_schema() -> Callable[..., st.SearchStrategy[Any]]:
    import hypothesis_jsonschema._from_schema as hjs

    if not hasattr(conjecture_utils.many, "more"):
        names = {k: getattr(conjecture_utils, k) for k in dir(conjecture_utils)
                 if not k.startswith("__")}
        hjs.cu = types.SimpleNamespace(**{**names, "many": _LegacyMany})  # type: ignore[assignment]
    from hypothesis_jsonschema import from_schema

    return from_schema


def scenario_schema() -> dict[str, Any]:
    """The scenario JSON Schema (game.scenario.schema where it exists, else the model's)."""
    try:
        from game.scenario.schema import json_schema
    except ImportError:
        from game.scenario.model import Scenario

        return Scenario.model_json_schema()
    return json_schema()


_ANNOTATIONS = ("description", "title", "default", "examples", "$schema", "$id")
_MAPS = ("properties", "patternProperties", "$defs")
_ID = "^[a-z][a-z0-9_]*$"
IDS = ["us", "ussr", "a", "b"]
CONDITIONS = ["tension >= 50", "a", "not b", "us.a > 10 or a", "turn >= 2", "defcon <= 3",
              "true", "false"]
EXPRESSIONS = ["tension / 200", "clamp(tension / 100, 0, 1)", "min(us.a, 5) - 1",
               "2 if a else -2", "abs(ussr.a - 50) / 100"]
_FLAGS = {"type": "array", "items": {"enum": ["a", "b"]}, "maxItems": 2}
NAMED = {"side": {"enum": ["us", "ussr"]}, "actor": {"enum": ["a", "b"]}, "set": _FLAGS,
         "clear": _FLAGS}
TEXTS = ["The crisis", "La crise", "Missiles in Cuba", "Khrouchtchev répond « non »"]
DATES = ["1962-10-16", "1962-10-18", "1962-10-20", "1962-10-24", "1962-11-02"]


def _small(node: Any, coherent: bool) -> Any:
    """A copy of a schema with short lists and texts; `coherent` also draws ids, dates and
    expressions from small vocabularies, so that cross-references often hold."""
    if isinstance(node, list):
        return [_small(x, coherent) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: ({n: NAMED[n] if coherent and k == "properties" and n in NAMED
                else _small(s, coherent) for n, s in v.items()} if k in _MAPS
               else _small(v, coherent)) for k, v in node.items() if k not in _ANNOTATIONS}
    kind = out.get("type")
    if kind == "array":
        out["maxItems"] = min(out.get("maxItems", 2), 2)
    if kind == "string" and not {"enum", "format", "const"} & set(out):
        out["maxLength"] = min(out.get("maxLength", 24), 24)
    if coherent:
        if kind == "string" and out.get("pattern") == _ID:
            return {"enum": IDS}
        if "propertyNames" in out and "pattern" in out["propertyNames"]:
            out["propertyNames"] = {"enum": ["tension", "us.a", "ussr.a", "a"]}
        if kind == "string" and out.get("format") == "date":
            return {"enum": DATES}
        if kind == "number" and "minimum" not in out and "exclusiveMinimum" not in out:
            out.update(minimum=-100, maximum=100)
        if kind == "integer" and "minimum" not in out:
            out.update(minimum=-3, maximum=12)
    return out


def fuzz_schema(coherent: bool) -> dict[str, Any]:
    """The scenario schema made small enough to generate quickly. hypothesis-jsonschema
    inlines every reference, so a definition that contains itself (nested outcomes) is cut."""
    schema = _small(copy.deepcopy(scenario_schema()), coherent)
    defs = schema.get("$defs", {})
    for name, d in defs.items():
        ref = json.dumps(f"#/$defs/{name}")
        props = d.get("properties", {})
        for key in [k for k, v in props.items() if ref in json.dumps(v)]:
            del props[key]
    if coherent:
        defs["Condition"] = {"anyOf": [{"enum": CONDITIONS}, {"type": "boolean"}]}
        defs["Expression"] = {"anyOf": [{"type": "number", "minimum": -50, "maximum": 50},
                                        {"enum": EXPRESSIONS}]}
        defs["Text"] = {"anyOf": [{"enum": TEXTS}, {
            "type": "object", "properties": {"en": {"enum": TEXTS}, "fr": {"enum": TEXTS}},
            "required": ["en"], "additionalProperties": False}]}
        schema["properties"]["format"] = {"const": 1}
        # An ending checked every turn must not hold at the start (it would end every game
        # after turn 1, an error): drawn endings are checked when time runs out.
        ending = defs["Ending"]
        ending["properties"]["at_end"] = {"const": True}
        ending["required"] = sorted({*ending.get("required", []), "at_end"})
    return schema


class SchemaStrategies:
    """Hypothesis strategies for the values a JSON Schema allows.

    Every leaf (a string with its pattern, a bounded number, an enum, a date) is drawn by
    hypothesis_jsonschema.from_schema; lists and mappings are assembled here from their
    `properties`, `required`, `additionalProperties`, `patternProperties` and `items`, which
    is a hundred times faster than from_schema on a whole scenario document.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        self.defs = schema.get("$defs", {})
        self.from_schema = _from_schema()
        self.leaves: dict[str, st.SearchStrategy[Any]] = {}

    def leaf(self, node: dict[str, Any]) -> st.SearchStrategy[Any]:
        """from_schema for a schema with no references inside, built once."""
        key = json.dumps(node, sort_keys=True)
        if key not in self.leaves:
            self.leaves[key] = self.from_schema(node)
        return self.leaves[key]

    def of(self, node: dict[str, Any]) -> st.SearchStrategy[Any]:
        """The strategy for one schema node."""
        if "$ref" in node:
            return self.of(self.defs[node["$ref"].rsplit("/", 1)[-1]])
        if "allOf" in node:
            (only,) = node["allOf"]
            return self.of({**{k: v for k, v in node.items() if k != "allOf"}, **only})
        if "anyOf" in node or "oneOf" in node:
            return st.one_of([self.of(x) for x in node.get("anyOf", node.get("oneOf"))])
        kind = node.get("type")
        if kind == "object":
            return self.mapping(node)
        if kind == "array":
            items = self.of(node.get("items", {}))
            return st.lists(items, min_size=node.get("minItems", 0),
                            max_size=node.get("maxItems", 2))
        return self.leaf(node)

    def mapping(self, node: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        """Objects: the listed properties (required ones always), and maybe a few more."""
        props = node.get("properties", {})
        required = set(node.get("required", []))
        fixed = st.fixed_dictionaries({k: self.of(v) for k, v in props.items() if k in required},
                                      optional={k: self.of(v) for k, v in props.items()
                                                if k not in required})
        extras: list[st.SearchStrategy[dict[str, Any]]] = []
        names = node.get("propertyNames", {})
        for pattern, value in node.get("patternProperties", {}).items():
            keys = self.leaf({"type": "string", "pattern": pattern, "maxLength": 24})
            extras.append(st.dictionaries(keys, self.of(value), max_size=2))
        more = node.get("additionalProperties", True)
        if isinstance(more, dict):
            keys = self.leaf({"type": "string", **names, "maxLength": 24})
            extras.append(st.dictionaries(keys, self.of(more), max_size=2))
        low = node.get("minProperties", 0)
        return st.tuples(fixed, *extras).map(
            lambda parts: {k: v for part in reversed(parts) for k, v in part.items()}
        ).filter(lambda d: len(d) >= low)


#: The declarations a coherent document keeps, so that its references can hold.
DECLARED = {
    "format": 1, "id": "fuzz", "languages": ["en", "fr"],
    "sides": [{"id": "us", "name": "United States", "playable": True},
              {"id": "ussr", "name": "Soviet Union", "playable": True}],
    "actors": [{"id": "a", "name": "Adviser A", "side": "us"}, {"id": "b", "name": "Adviser B"}],
    "meters": [{"id": "a", "name": "Prestige", "sides": ["us", "ussr"], "start": 50}],
    "flags": [{"id": "a", "name": "the blockade"}, {"id": "b", "name": "the deal"}],
    "period": {"start": "1962-10-16", "end": "1962-10-24"},
}
TURNS = st.sampled_from([{"unit": "day"}, {"unit": "day", "every": 2}, {"unit": "week"},
                         {"unit": "phase", "dates": ["1962-10-16", "1962-10-20"]}])


def documents(coherent: bool) -> st.SearchStrategy[dict[str, Any]]:
    """Scenario documents drawn from the (small) scenario schema; coherent ones keep the
    declarations above, so that a fair share of them is accepted and played."""
    schema = fuzz_schema(coherent)
    drawn = SchemaStrategies(schema).of(schema)
    if not coherent:
        return drawn
    return st.tuples(drawn, TURNS).map(lambda x: {**x[0], **DECLARED, "turns": x[1]})


def dump(doc: Any) -> bytes:
    """A document as YAML bytes, as an editor would save it."""
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode("utf-8")


@fuzz_settings(100)
@given(documents(coherent=False), st.integers(0, 2**32))
def test_schema_documents_are_checked_in_bounded_time(doc: dict[str, Any], seed: int) -> None:
    compiled = timed_check(dump(doc))
    if compiled is not None:
        play_everything(compiled, seed)


@fuzz_settings(150)
@given(documents(coherent=True), st.integers(0, 2**32))
def test_coherent_schema_documents_play_to_an_end(doc: dict[str, Any], seed: int) -> None:
    compiled = timed_check(dump(doc))
    if compiled is not None:
        play_everything(compiled, seed)


# -- (b) mutations of the shipped scenarios --------------------------------------------------
_NUMBER = re.compile(rb"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.-])")
_NAME = re.compile(rb"\b[a-z][a-z0-9_]*\b")
_KEY = re.compile(rb"^(\s*(?:- )?)([a-z_]+):", re.MULTILINE)


@st.composite
def mutation(draw: st.DrawFn, raw: bytes) -> bytes:
    """One edit of the kind a student (or a damaged USB stick) makes."""
    lines = raw.split(b"\n")
    pick = st.integers(0, len(lines) - 1)
    kind = draw(st.sampled_from(["delete", "duplicate", "swap", "number", "name", "drop_key",
                                 "truncate", "insert"]))
    if kind == "delete":
        del lines[draw(pick)]
    elif kind == "duplicate":
        i = draw(pick)
        lines.insert(i, lines[i])
    elif kind == "swap":
        i, j = draw(pick), draw(pick)
        lines[i], lines[j] = lines[j], lines[i]
    elif kind in ("number", "name"):
        pattern = _NUMBER if kind == "number" else _NAME
        spots = list(pattern.finditer(raw))
        if spots:
            m = draw(st.sampled_from(spots))
            if kind == "number":
                new = draw(st.one_of(st.integers(-10**6, 10**6).map(str),
                                     st.floats(allow_nan=True, allow_infinity=True).map(repr),
                                     st.sampled_from(["0", "-1", "100", "1e400", "1.0e+400",
                                                      ".nan", "99999999999999999999"])))
            else:
                names = sorted({x.group() for x in spots})
                new = draw(st.one_of(st.sampled_from(names),
                                     st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)))
            return raw[:m.start()] + str(new).encode() + raw[m.end():]
    elif kind == "drop_key":
        keys = list(_KEY.finditer(raw))
        if keys:
            m = draw(st.sampled_from(keys))
            start = raw.count(b"\n", 0, m.start())
            indent = len(m.group(1))
            end = start + 1
            while end < len(lines) and (not lines[end].strip() or
                                        len(lines[end]) - len(lines[end].lstrip()) > indent):
                end += 1
            del lines[start:end]
    elif kind == "truncate":
        return raw[:draw(st.integers(0, len(raw)))]
    else:
        at = draw(st.integers(0, len(raw)))
        junk = draw(st.one_of(st.binary(min_size=1, max_size=8),
                              st.text(min_size=1, max_size=8).map(lambda s: s.encode()),
                              st.sampled_from([b"\t", b":", b"- ", b"{", b"[", b"&a ", b"*a",
                                               b"!!python/name:os.system ", b"\n  ", b"#"])))
        return raw[:at] + junk + raw[at:]
    return b"\n".join(lines)


@st.composite
def mutated(draw: st.DrawFn, sources: list[Path]) -> bytes:
    """One to three edits of one of `sources`."""
    raw = draw(st.sampled_from(sources)).read_bytes()
    for _ in range(draw(st.integers(1, 3))):
        raw = draw(mutation(raw))
    return raw


@fuzz_settings(150)
@given(mutated([MINI]), st.integers(0, 2**32))
def test_mutated_mini_scenario(raw: bytes, seed: int) -> None:
    compiled = timed_check(raw)
    if compiled is not None:
        play_everything(compiled, seed)


@fuzz_settings(24)
@given(mutated(shipped_scenarios()), st.integers(0, 2**32))
def test_mutated_shipped_scenarios(raw: bytes, seed: int) -> None:
    compiled = timed_check(raw)
    if compiled is not None:
        play_everything(compiled, seed)


@pytest.mark.parametrize("strategy", ["mutated mini", "coherent schema"])
def test_fuzzers_reach_play(strategy: str) -> None:
    """The fuzzers exercise play, not only rejection: with a fixed seed, a fair share of
    their documents validate."""
    source = mutated([MINI]) if strategy == "mutated mini" else documents(coherent=True)
    accepted = 0

    @settings(max_examples=60, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(source)
    def run(doc: Any) -> None:
        nonlocal accepted
        raw = doc if isinstance(doc, bytes) else dump(doc)
        accepted += check_bytes(raw, "f.yaml")[0] is not None

    run()
    assert accepted >= 5


# -- expressions -----------------------------------------------------------------------------
SYMBOLS = Symbols({"us.prestige": 0, "opinion": 1}, {"quarantine": 0, "deal": 1})
_ATOMS = st.one_of(st.sampled_from(["tension", "turn", "defcon", "us.prestige", "opinion",
                                    "quarantine", "deal", "true", "false", "prestige", "x",
                                    "os", "__import__"]),
                   st.integers(-1000, 1000).map(str),
                   st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: f"{f:.3f}"))


def _combine(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=",
                                          " and ", " or ", "**", "%", "//", "=", "&&"]), inner)
        .map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        inner.map(lambda s: f"({s})"),
        inner.map(lambda s: f"not {s}"),
        inner.map(lambda s: f"-{s}"),
        st.tuples(st.sampled_from(["min", "max", "clamp", "abs", "eval", "open", "len"]),
                  st.lists(inner, min_size=0, max_size=4))
        .map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(inner, inner, inner).map(lambda t: f"{t[0]} if {t[1]} else {t[2]}"),
        inner.map(lambda s: f"{s}.real"),
        inner.map(lambda s: f"[{s}]"),
        inner.map(lambda s: f"lambda: {s}"),
    )


EXPRESSION_TEXTS = st.one_of(
    st.recursive(_ATOMS, _combine, max_leaves=30),
    st.text(alphabet=st.sampled_from(list("tension()+-*/<>=!. 0123456789abcdefnotrueq_,:'\"[]{}"
                                          "\\\n\t#@$")), max_size=500),
    st.text(max_size=100),
)


def fuzz_env(rng: np.random.Generator, n: int = 4) -> Env:
    """A batch of `n` random states for the fuzz symbols."""
    return Env(rng.uniform(0, 100, n), rng.uniform(-100, 100, (n, 2)),
               rng.random((n, 2)) < 0.5, turn=int(rng.integers(1, 20)))


@fuzz_settings(400)
@given(EXPRESSION_TEXTS, st.sampled_from([None, "number", "bool"]), st.integers(0, 2**32))
def test_expression_compiler_never_raises_anything_else(text: str, want: str | None,
                                                        seed: int) -> None:
    start = time.process_time()
    try:
        expr = compile_expr(text, SYMBOLS, want)  # type: ignore[arg-type]
    except ExprError as exc:
        assert exc.message and 0 <= exc.col <= len(text) + 1
        expr = None
    assert time.process_time() - start < TIME_BOUND
    if expr is None:
        return
    assert isinstance(expr, Expr) and (want is None or expr.type == want)
    env = fuzz_env(np.random.default_rng(seed))
    with np.errstate(all="ignore"):  # overflow is for the finiteness test in test_hostile
        out = expr(env)
    assert np.shape(out) == (env.size,)
    if expr.type == "bool":
        assert out.dtype == bool


# -- saves -----------------------------------------------------------------------------------
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                    | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=20)


def _good_save(mini: Compiled) -> dict[str, Any]:
    g = Game.new(mini, 3, ["us"])
    g.apply(g.legal_options()[0])
    data = json.loads(SaveData.of(g).to_json())
    assert parse_save(json.dumps(data).encode()) is not None
    return data


def _parse_and_restore(raw: bytes, mini: Compiled) -> None:
    try:
        data = parse_save(raw, "fuzz.json")
    except SaveError as exc:
        assert str(exc).startswith("fuzz.json: ")
        return
    try:
        restore(data, mini)
    except SaveError as exc:
        assert str(exc)


@fuzz_settings(200)
@given(st.one_of(st.binary(max_size=300), JSON.map(lambda v: json.dumps(v).encode())))
def test_any_bytes_or_json_is_a_save_or_a_save_error(mini: Compiled, raw: bytes) -> None:
    _parse_and_restore(raw, mini)


@fuzz_settings(200)
@given(st.data())
def test_edited_saves_are_saves_or_save_errors(mini: Compiled, data: st.DataObject) -> None:
    save = _good_save(mini)
    for _ in range(data.draw(st.integers(1, 3))):
        key = data.draw(st.sampled_from([*sorted(save), "extra"]))
        action = data.draw(st.sampled_from(["replace", "delete", "truncate"]))
        if action == "replace":
            save[key] = data.draw(JSON)
        elif action == "delete":
            save.pop(key, None)
    raw = json.dumps(save).encode()
    if action == "truncate":
        raw = raw[:data.draw(st.integers(0, len(raw)))]
    _parse_and_restore(raw, mini)


@pytest.mark.parametrize("seed", range(3))
def test_random_policies_on_shipped_scenarios(seed: int) -> None:
    """The unmutated files play to an end too (the baseline of the mutation fuzz)."""
    for path in [MINI, *shipped_scenarios()]:
        compiled = timed_check(path.read_bytes(), str(path))
        assert compiled is not None
        play_everything(compiled, seed)
