"""The expression language: values, types, errors with columns, and no code execution."""

from __future__ import annotations

import contextlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.scenario.expr import Env, ExprError, Symbols, compile_expr, defcon_of

SYMBOLS = Symbols({"us.prestige": 0, "opinion": 1}, {"quarantine": 0})


def env() -> Env:
    tension = np.array([10.0, 50.0, 90.0])
    meters = np.array([[20.0, -5.0], [50.0, 0.0], [80.0, 5.0]])
    flags = np.array([[False], [True], [True]])
    return Env(tension, meters, flags, turn=3)


@pytest.mark.parametrize(("text", "expected"), [
    ("tension >= 50 and quarantine", [False, True, True]),
    ("not quarantine or us.prestige > 70", [True, False, True]),
    ("20 <= tension < 60", [False, True, False]),
    ("tension / 100 + opinion * 2", [-9.9, 0.5, 10.9]),
    ("clamp(tension / 50, 0, 1)", [0.2, 1.0, 1.0]),
    ("min(tension, us.prestige, 60) - max(0, opinion)", [10.0, 50.0, 55.0]),
    ("abs(opinion)", [5.0, 0.0, 5.0]),
    ("turn * 2", [6.0, 6.0, 6.0]),
    ("defcon", [5.0, 3.0, 1.0]),
    ("tension / 0", [0.0, 0.0, 0.0]),
    ("quarantine == true", [False, True, True]),
    ("-tension + 100", [90.0, 50.0, 10.0]),
    ("0.5 if quarantine else 0.1", [0.1, 0.5, 0.5]),
    ("(tension if tension > 20 else 0) + 1", [1.0, 51.0, 91.0]),
])
def test_values(text: str, expected: list) -> None:
    assert np.allclose(compile_expr(text, SYMBOLS)(env()), expected)


def test_names_and_constants() -> None:
    e = compile_expr("tension > 5 and quarantine", SYMBOLS)
    assert e.names == {"tension", "quarantine"}
    assert e.type == "bool"
    assert compile_expr("0.5 * 2", SYMBOLS).constant == 1.0
    assert compile_expr(True, SYMBOLS, "bool").constant is True


@pytest.mark.parametrize(("text", "col", "message"), [
    ("tension > 60 && quarantine", 14, "write 'and' and 'or'"),
    ("tension = 5", 8, "write == rather than ="),
    ("prestige > 3", 0, "did you mean 'us.prestige'?"),
    ("tension > 5 and us.prestge > 1", 16, "unknown name 'us.prestge' (did you mean"),
    ("quarantine + 1", 0, "must be a number"),
    ("tension + 1 and quarantine", 0, "a condition is needed"),
    ("max(tension)", 0, "max() takes 2 to 8 arguments, not 1"),
    ("sqrt(tension)", 0, "unknown function 'sqrt'"),
    ("__import__('os').system('ls')", 0, "only the functions"),
    ("tension ** 2", 0, "not allowed"),
    ("'text' == 'text'", 0, "text in quotes is not allowed"),
    ("[1, 2]", 0, "not part of the expression language"),
    ("tension if quarantine else quarantine", 27, "the 'else' value must be a number"),
    ("1 if tension else 0", 5, "a condition is needed"),
    ("-" * 30 + "1", 25, "nested more than"),
    ("1" + " + 1" * 200, 0, "characters long"),
    ("", 0, "empty"),
    ("  quarantine + 1", 2, "must be a number"),
])
def test_errors_point_at_the_column(text: str, col: int, message: str) -> None:
    with pytest.raises(ExprError) as info:
        compile_expr(text, SYMBOLS)
    assert message in info.value.message
    assert info.value.col == col


def test_wanted_type() -> None:
    with pytest.raises(ExprError, match="condition"):
        compile_expr("tension + 1", SYMBOLS, "bool")
    with pytest.raises(ExprError, match="number is needed"):
        compile_expr("quarantine", SYMBOLS, "number")


def test_defcon_thresholds() -> None:
    assert [defcon_of(t) for t in (0, 19.9, 20, 39, 40, 59, 60, 79, 80, 99)] == \
        [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]


def test_subset_environment() -> None:
    e = compile_expr("us.prestige", SYMBOLS)
    sub = Env(np.array([1.0, 2.0, 3.0]), np.array([[1.0, 0], [2.0, 0], [3.0, 0]]),
              np.zeros((3, 1), bool), 1, idx=np.array([2, 0]))
    assert list(e(sub)) == [3.0, 1.0]


TOKENS = "tension quarantine us.prestige opinion and or not min max clamp ()+-*/<>=!0123456789.,"
ALPHABET = st.sampled_from([*TOKENS, *"_'\"[]{}:;@#$\\\n\t", "__", "lambda"])


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_fuzz_only_expr_errors(text: str) -> None:
    """Whatever the text, compiling gives an expression or an ExprError, never anything else."""
    try:
        e = compile_expr(text, SYMBOLS)
    except ExprError as exc:
        assert 0 <= exc.col <= max(len(text), 1)
        return
    out = e(env())
    assert out.shape == (3,)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_fuzz_any_text(text: str) -> None:
    with contextlib.suppress(ExprError):
        compile_expr(text, SYMBOLS)
