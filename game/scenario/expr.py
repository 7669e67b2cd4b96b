"""The expression language of scenario files: parsed with `ast` and a whitelist, never eval'd.

An expression is compiled to a function of an `Env` (the state of a batch of games) that
returns a numpy array (or a scalar, broadcast by the caller).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from game.scenario.problems import Code, Msg, did_you_mean, either, listing

MAX_LENGTH = 400
#: What an overflowing number becomes (meters and tension are clamped to their ranges anyway).
LARGE = 1e12
MAX_DEPTH = 24

Type = Literal["number", "bool"]
Fn = Callable[["Env"], Any]

#: Tension thresholds at which DEFCON drops to 4, 3, 2 and 1.
DEFCON_THRESHOLDS = (20.0, 40.0, 60.0, 80.0)

FUNCTIONS = {"min": (2, 8), "max": (2, 8), "clamp": (3, 3), "abs": (1, 1)}
#: Words a French teacher may write for the expression language's own.
FRENCH_WORDS = {"et": "and", "ou": "or", "non": "not", "vrai": "true", "faux": "false",
                "si": "if", "sinon": "else"}
BUILTIN_NUMBERS = ("tension", "turn", "defcon")


class ExprError(ValueError):
    """An expression could not be parsed or compiled; `col` is a 0-based offset in its text."""

    def __init__(self, message: Msg | str, col: int = 0) -> None:
        super().__init__(str(message))
        self.msg = message if isinstance(message, Msg) else Msg(message)
        self.message = str(message)
        self.col = col


class Env:
    """The variables an expression reads: a batch of games, optionally a subset `idx` of it.

    `meters` and `flags` are games × columns; `Env.columns` takes them columns × games (the
    engine's layout, where each column an expression reads is contiguous in memory).
    """

    __slots__ = ("_flags", "_idx", "_meters", "_tension", "turn")

    def __init__(self, tension: np.ndarray, meters: np.ndarray, flags: np.ndarray, turn: int,
                 idx: np.ndarray | None = None) -> None:
        self._tension = tension
        self._meters = meters.T
        self._flags = flags.T
        self.turn = turn
        self._idx = idx

    @classmethod
    def columns(cls, tension: np.ndarray, meters: np.ndarray, flags: np.ndarray, turn: int,
                idx: np.ndarray | None = None) -> Env:
        """An environment over meters and flags stored columns × games."""
        return cls(tension, meters.T, flags.T, turn, idx)

    def tension(self) -> np.ndarray:
        """World tension of each game."""
        return self._tension if self._idx is None else self._tension[self._idx]

    def meter(self, i: int) -> np.ndarray:
        """Column `i` of the meters."""
        col = self._meters[i]
        return col if self._idx is None else col[self._idx]

    def flag(self, i: int) -> np.ndarray:
        """Column `i` of the flags."""
        col = self._flags[i]
        return col if self._idx is None else col[self._idx]

    @property
    def size(self) -> int:
        """How many games this environment covers."""
        return len(self._tension) if self._idx is None else len(self._idx)


def defcon_of(tension: Any) -> Any:
    """DEFCON level 5..1 for a tension value or array (see DEFCON_THRESHOLDS)."""
    t = np.asarray(tension)
    level = 5 - sum((t >= x).astype(np.int64) for x in DEFCON_THRESHOLDS)
    return level if level.ndim else int(level)


@dataclass(frozen=True)
class Symbols:
    """The names an expression may use: meter columns and flag columns."""

    meters: Mapping[str, int]
    flags: Mapping[str, int]

    def known(self) -> list[str]:
        """Every name an expression may use."""
        return [*BUILTIN_NUMBERS, *self.meters, *self.flags, "true", "false"]


@dataclass(frozen=True)
class Expr:
    """A compiled expression: its text, type, the names it reads, and its function."""

    text: str
    type: Type
    fn: Fn
    names: frozenset[str]
    constant: Any = None

    def __call__(self, env: Env) -> np.ndarray:
        """Evaluate for every game of `env`, as an array of its size."""
        out = self.fn(env)
        if np.ndim(out) == 0:
            dtype = bool if self.type == "bool" else float
            out = np.full(env.size, out, dtype=dtype)
        if self.type == "number":
            # Overflow (1e308 * 10) must not turn the state into inf or NaN.
            with np.errstate(all="ignore"):
                out = np.nan_to_num(out, nan=0.0, posinf=LARGE, neginf=-LARGE)
        return out


def _safe_div(a: Any, b: Any) -> Any:
    b_arr = np.asarray(b, dtype=float)
    safe = np.where(b_arr == 0, 1.0, b_arr)
    return np.where(b_arr == 0, 0.0, np.asarray(a, dtype=float) / safe)


_BINOPS: dict[type, tuple[str, Callable[[Any, Any], Any]]] = {
    ast.Add: ("+", np.add),
    ast.Sub: ("-", np.subtract),
    ast.Mult: ("*", np.multiply),
    ast.Div: ("/", _safe_div),
}
_CMPOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Lt: np.less, ast.LtE: np.less_equal, ast.Gt: np.greater, ast.GtE: np.greater_equal,
    ast.Eq: np.equal, ast.NotEq: np.not_equal,
}


class _Compiler:
    def __init__(self, text: str, symbols: Symbols) -> None:
        self.text = text
        self.symbols = symbols
        self.names: set[str] = set()
        self._encoded = text.encode("utf-8")

    def col(self, node: ast.AST) -> int:
        offset = getattr(node, "col_offset", 0)
        return len(self._encoded[:offset].decode("utf-8", "ignore"))

    def err(self, node: ast.AST, message: Msg) -> ExprError:
        return ExprError(message, self.col(node))

    def compile(self, node: ast.AST, depth: int = 0) -> tuple[Type, Fn]:
        if depth > MAX_DEPTH:
            raise self.err(node, Msg("the expression is nested more than {n} levels deep",
                                     n=MAX_DEPTH))
        d = depth + 1
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            return self._name(node, node.id)
        if isinstance(node, ast.Attribute):
            if not isinstance(node.value, ast.Name):
                raise self.err(node, Msg("only names like 'us.prestige' may contain a dot"))
            return self._name(node, f"{node.value.id}.{node.attr}")
        if isinstance(node, ast.BoolOp):
            parts = [self._want(v, "bool", d) for v in node.values]
            op = np.logical_and if isinstance(node.op, ast.And) else np.logical_or

            def boolop(env: Env, parts: list[Fn] = parts, op: Any = op) -> Any:
                out = parts[0](env)
                for p in parts[1:]:
                    out = op(out, p(env))
                return out
            return "bool", boolop
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                inner = self._want(node.operand, "bool", d)
                return "bool", lambda env: np.logical_not(inner(env))
            if isinstance(node.op, (ast.USub, ast.UAdd)):
                inner = self._want(node.operand, "number", d)
                if isinstance(node.op, ast.UAdd):
                    return "number", inner
                return "number", lambda env: np.negative(inner(env))
            raise self.err(node, Msg("this operator is not part of the expression language"))
        if isinstance(node, ast.BinOp):
            if type(node.op) not in _BINOPS:
                sym = {ast.Pow: "**", ast.Mod: "%", ast.FloorDiv: "//"}.get(type(node.op), "")
                if sym == "%":
                    raise self.err(node, Msg("% is not allowed: write a chance as a number from "
                                             "0 to 1 (0.5 rather than 50%)"))
                raise self.err(node, Msg("the operator {sym} is not allowed; use + - * / and "
                                         "min, max, clamp, abs", sym=sym or "?"))
            name, fn = _BINOPS[type(node.op)]
            left = self._want(node.left, "number", d, Msg("the left side of '{op}'", op=name))
            right = self._want(node.right, "number", d, Msg("the right side of '{op}'", op=name))
            return "number", lambda env: fn(left(env), right(env))
        if isinstance(node, ast.Compare):
            return self._compare(node, d)
        if isinstance(node, ast.Call):
            return self._call(node, d)
        if isinstance(node, ast.IfExp):
            test = self._want(node.test, "bool", d)
            typ, body = self.compile(node.body, d)
            other = self._want(node.orelse, typ, d, Msg("the 'else' value"))
            return typ, lambda env: np.where(test(env), body(env), other(env))
        raise self.err(node, Msg("this is not part of the expression language (use numbers, "
                                 "names, comparisons, and/or/not, + - * /, min, max, clamp, "
                                 "abs, a if condition else b)"))

    def _constant(self, node: ast.Constant) -> tuple[Type, Fn]:
        v = node.value
        if isinstance(v, bool):
            return "bool", lambda env: v
        if isinstance(v, (int, float)):
            try:
                f = float(v)
            except OverflowError:
                raise self.err(node, Msg("this number is too large")) from None
            if not np.isfinite(f):
                raise self.err(node, Msg("this number is too large"))
            return "number", lambda env: f
        if isinstance(v, str):
            raise self.err(node, Msg("text in quotes is not allowed in an expression; names are "
                                     "written without quotes"))
        raise self.err(node, Msg("this value is not allowed in an expression"))

    def _name(self, node: ast.AST, name: str) -> tuple[Type, Fn]:
        low = name.lower()
        if low in ("true", "false"):
            val = low == "true"
            return "bool", lambda env: val
        self.names.add(name)
        if name == "tension":
            return "number", lambda env: env.tension()
        if name == "turn":
            return "number", lambda env: float(env.turn)
        if name == "defcon":
            return "number", lambda env: defcon_of(env.tension()).astype(float)
        if name in self.symbols.meters:
            i = self.symbols.meters[name]
            return "number", lambda env: env.meter(i)
        if name in self.symbols.flags:
            j = self.symbols.flags[name]
            return "bool", lambda env: env.flag(j)
        raise self.err(node, Msg("unknown name '{name}'{hint}", name=name,
                                 hint=self._name_hint(name)))

    def _name_hint(self, name: str) -> Msg | str:
        """What to write instead of an unknown name: a French word, a close name, the side of
        a per-side meter, or the list of names there are."""
        word = FRENCH_WORDS.get(name.lower())
        if word:
            return Msg(" (write '{word}' rather than '{name}')", word=word, name=name)
        hint = did_you_mean(name, self.symbols.known())
        if not hint and "." not in name:
            sided = [m for m in self.symbols.meters if m.endswith("." + name)]
            if sided:
                hint = Msg(" ('{name}' is kept per side: write {sides})", name=name,
                           sides=either(sided))
        if hint:
            return hint
        return Msg("; the names are tension, turn, defcon, the meters ({meters}) and the flags "
                   "({flags})", meters=listing(self.symbols.meters) or "-",
                   flags=listing(self.symbols.flags) or "-")

    def _want(self, node: ast.AST, want: Type, depth: int, what: Msg | str = "") -> Fn:
        typ, fn = self.compile(node, depth)
        if typ != want:
            seg = ast.get_source_segment(self.text, node) or "this"
            if want == "number":
                raise self.err(node, Msg("'{seg}' is true or false, but {what} must be a "
                                         "number", seg=seg, what=what or Msg("this")))
            raise self.err(node, Msg("'{seg}' is a number, but a condition is needed here "
                                     "(compare it, for example '{seg} >= 50')", seg=seg))
        return fn

    def _compare(self, node: ast.Compare, depth: int) -> tuple[Type, Fn]:
        for op in node.ops:
            if type(op) not in _CMPOPS:
                raise self.err(node, Msg("only < <= > >= == != can compare values"))
        operands = [node.left, *node.comparators]
        compiled = [self.compile(o, depth) for o in operands]
        types = {t for t, _ in compiled}
        if len(types) > 1:
            raise self.err(node, Msg("a comparison cannot mix a number with true/false"))
        if "bool" in types and any(type(op) not in (ast.Eq, ast.NotEq) for op in node.ops):
            raise self.err(node, Msg("true/false values can only be compared with == or !="))
        fns = [f for _, f in compiled]
        ops = [_CMPOPS[type(op)] for op in node.ops]

        def compare(env: Env) -> Any:
            values = [f(env) for f in fns]
            out = ops[0](values[0], values[1])
            for k in range(1, len(ops)):
                out = np.logical_and(out, ops[k](values[k], values[k + 1]))
            return out
        return "bool", compare

    def _call(self, node: ast.Call, depth: int) -> tuple[Type, Fn]:
        if not isinstance(node.func, ast.Name):
            raise self.err(node, Msg("only the functions min, max, clamp and abs can be called"))
        if node.func.id not in FUNCTIONS:
            fname = node.func.id
            raise self.err(node, Msg("unknown function '{name}'{hint}; the functions are min, "
                                     "max, clamp and abs", name=fname,
                                     hint=did_you_mean(fname, FUNCTIONS)))
        name = node.func.id
        if node.keywords:
            raise self.err(node, Msg("{name}() takes no named arguments", name=name))
        lo, hi = FUNCTIONS[name]
        if not lo <= len(node.args) <= hi:
            want = f"{lo}" if lo == hi else f"{lo} to {hi}"
            raise self.err(node, Msg("{name}() takes {want} arguments, not {n}", name=name,
                                     want=want, n=len(node.args)))
        args = [self._want(a, "number", depth, Msg("an argument of {name}()", name=name))
                for a in node.args]
        if name == "abs":
            return "number", lambda env: np.abs(args[0](env))
        if name == "clamp":
            return "number", lambda env: np.minimum(np.maximum(args[0](env), args[1](env)),
                                                    args[2](env))
        red = np.minimum if name == "min" else np.maximum

        def reduce(env: Env) -> Any:
            out = args[0](env)
            for a in args[1:]:
                out = red(out, a(env))
            return out
        return "number", reduce


def _syntax_hint(text: str, reason: str) -> Msg:
    """Why an expression cannot be read, with what to write instead where it can be guessed."""
    percent = re.search(r"(\d+(?:\.\d+)?)\s*%", text)
    words = [w for w in re.findall(r"[A-Za-z_]+", text) if w.lower() in FRENCH_WORDS]
    if percent:
        share = float(percent.group(1)) / 100
        hint = Msg("write a chance as a number from 0 to 1: {share} rather than {pct}",
                   share=f"{round(share, 4):g}", pct=percent.group(0))
    elif words:
        hint = Msg("write {english} rather than {french}",
                   english=Code(*dict.fromkeys(FRENCH_WORDS[w.lower()] for w in words)),
                   french=Code(*dict.fromkeys(words)))
    elif "&&" in text or "||" in text:
        hint = Msg("write 'and' and 'or' rather than && and ||")
    elif "=" in text and "==" not in text and not any(s in text for s in ("<=", ">=", "!=")):
        hint = Msg("to compare, write == rather than =")
    elif "was never closed" in reason or text.count("(") > text.count(")"):
        hint = Msg("a '(' is never closed")
    elif "unmatched" in reason or text.count(")") > text.count("("):
        hint = Msg("a ')' has no '(' before it")
    else:
        return Msg("cannot read this expression from this point: an expression holds names, "
                   "numbers, comparisons, and, or, not, + - * / and min, max, clamp, abs (see "
                   "'Expressions' in the guide)")
    return Msg("cannot read this expression ({hint})", hint=hint)


def compile_expr(text: Any, symbols: Symbols, want: Type | None = None) -> Expr:
    """Parse and compile `text`; raise ExprError with a column for anything wrong."""
    if isinstance(text, bool):
        text = "true" if text else "false"
    if isinstance(text, (int, float)):
        text = repr(text)
    if not isinstance(text, str):
        raise ExprError(Msg("an expression must be written as text, a number, or true/false"))
    if len(text) > MAX_LENGTH:
        raise ExprError(Msg("the expression is {n} characters long; the limit is {limit}",
                            n=len(text), limit=MAX_LENGTH))
    flat = text.replace("\n", " ").replace("\r", " ")
    if not flat.strip():
        raise ExprError(Msg("the expression is empty"))
    try:
        tree = ast.parse(flat.strip(), mode="eval")
    except SyntaxError as exc:
        col = max((exc.offset or 1) - 1, 0) + (len(flat) - len(flat.lstrip()))
        raise ExprError(_syntax_hint(flat, exc.msg), col) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExprError(Msg("the expression is too complex")) from None
    lead = len(flat) - len(flat.lstrip())
    comp = _Compiler(flat.strip(), symbols)
    try:
        typ, fn = comp.compile(tree.body)
    except ExprError as exc:
        exc.col += lead
        raise
    except RecursionError:
        raise ExprError(Msg("the expression is too complex")) from None
    if want is not None and typ != want:
        if want == "bool":
            raise ExprError(Msg("this is a number, but a condition (true or false) is needed "
                                "here; compare it, for example 'tension >= 50'"), lead)
        raise ExprError(Msg("this is true or false, but a number is needed here"), lead)
    constant = None
    if not comp.names:
        with np.errstate(all="ignore"):
            value = fn(Env(np.zeros(1), np.zeros((1, 0)), np.zeros((1, 0), bool), 1))
        constant = (bool(value) if typ == "bool"
                    else float(np.nan_to_num(value, nan=0.0, posinf=LARGE, neginf=-LARGE)))
    return Expr(text=text, type=typ, fn=fn, names=frozenset(comp.names), constant=constant)
