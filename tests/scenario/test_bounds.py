"""Issue 13: what a scenario file costs is bounded, not only its size — messages stay short
and few, and evaluation work is refused over a limit when the file is compiled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.cli import main
from game.scenario import ScenarioError
from game.scenario.problems import (
    MAX_MESSAGE,
    MAX_PROBLEMS,
    MAX_SAME,
    QUOTE,
    Problem,
    problem_lines,
)
from tests.scenario import costly

#: The longest line `validate` may print for a problem: place, severity, a bounded message
#: and the "and N more like this" note.
LINE = MAX_MESSAGE + 200


def _validate(path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["validate", *args, str(path)])
    return code, capsys.readouterr().out


# -- 13.1 messages stay short ----------------------------------------------------------------
@pytest.mark.parametrize(("length", "uses", "events"), [
    (10_000, 20_000, 300), (10_000, 600, 30), (61, 5_000, 300), (2_000, 50, 5), (70, 2, 1),
])
def test_a_long_value_used_many_times_gives_few_short_lines(
        length: int, uses: int, events: int, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "repeated.yaml"
    path.write_bytes(costly.repeated_text(length, uses, events))
    code, out = _validate(path, capsys)
    lines = out.splitlines()
    assert code == 1
    assert len(lines) <= MAX_PROBLEMS + 2
    assert max(len(line) for line in lines) <= LINE + len(str(path))
    assert "y" * (QUOTE + 1) not in out
    errors = int(re.fullmatch(r"(\d+) error\(s\), \d+ warning\(s\)", lines[-1]).group(1))
    listed = len([x for x in lines[:-1] if not x.startswith("...")])
    more = sum(int(m.replace(",", "")) for m in re.findall(r"and ([\d,]+) more", out))
    assert errors == listed + more  # every error is listed or counted
    if errors > MAX_SAME:
        assert "more like this" in out


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3_000), st.integers(1, 100_000), st.integers(1, 10_000))
def test_any_message_is_short(message: str, line: int, col: int) -> None:
    p = Problem("f.yaml", line, col, "error", message)
    assert len(p.message) <= MAX_MESSAGE + 1
    for quoted in re.findall(r"'([^'\n]*)'", p.message):
        assert len(quoted) <= QUOTE + 19 or quoted.endswith("…")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["unknown flag '{}'", "bad kind {}",
                                           "events.{}.when: never true", "{}"]),
                          st.text(min_size=1, max_size=200)), max_size=3_000))
def test_any_number_of_problems_is_listed_in_bounded_lines(items: list[tuple[str, str]]) -> None:
    problems = sorted(Problem("f.yaml", i + 1, 1, "error", tpl.format(v))
                      for i, (tpl, v) in enumerate(items))
    lines = problem_lines(problems)
    assert len(lines) <= MAX_PROBLEMS + 1
    if len(problems) <= MAX_SAME:
        assert lines == [str(p) for p in problems]
    told = sum(int(m.replace(",", "")) for m in re.findall(r"and ([\d,]+) more", "\n".join(lines)))
    assert len([x for x in lines if not x.startswith("...")]) + told == len(problems)
    text = str(ScenarioError(problems))
    assert text.count("\n") <= MAX_PROBLEMS


def test_a_scenario_error_has_a_brief_form() -> None:
    problems = [Problem("f.yaml", i, 1, "error", "x" * 5_000) for i in range(1, 20_001)]
    exc = ScenarioError(problems)
    assert exc.brief().endswith("(and 19,999 more problems)")
    assert len(exc.brief()) < 200


# -- 13.3 bounded evaluation cost ------------------------------------------------------------
#: "Does not hang": seconds of this process's CPU time (a hang takes forever).
HANG = 60.0


def _compile(raw: bytes) -> tuple[object, list[Problem]]:
    from game.scenario import check_bytes

    return check_bytes(raw, "costly.yaml")


@pytest.mark.parametrize("path", sorted((Path(__file__).parent.parent.parent / "scenarios")
                                        .glob("[!_]*.yaml")), ids=lambda p: p.stem)
def test_shipped_scenarios_are_far_below_the_limits(path: Path) -> None:
    from game.scenario import load_scenario
    from game.scenario.cost import (
        MAX_GAME_NODES,
        MAX_OPTION_TURNS,
        MAX_OUTCOMES,
        MAX_TEXT_NODES,
        MAX_TURN_NODES,
        scenario_cost,
    )

    cost = scenario_cost(load_scenario(path))
    assert cost.text_nodes * 10 <= MAX_TEXT_NODES
    assert cost.outcomes * 10 <= MAX_OUTCOMES
    assert cost.option_turns * 10 <= MAX_OPTION_TURNS
    assert cost.turn_nodes * 10 <= MAX_TURN_NODES
    assert cost.game_nodes * 10 <= MAX_GAME_NODES


def _assert_refused_or_cheap(raw: bytes) -> None:
    """Either compiling refuses the file for the work it asks, at an event or option, or
    the file is within every limit and a game, a batch and the checks all finish."""
    import time

    from game.engine import Game
    from game.scenario.cost import scenario_cost
    from game.sim import simulate

    start = time.process_time()
    compiled, problems = _compile(raw)
    errors = [p for p in problems if p.is_error]
    if compiled is None:
        assert errors
        for p in errors:
            assert "too much work" in p.message or "more than 100000 values" in p.message, p
        assert time.process_time() - start < HANG
        return
    assert not scenario_cost(compiled).over()  # type: ignore[arg-type]
    simulate(compiled, 200, 1)  # type: ignore[arg-type]
    game = Game.new(compiled, 1, [])  # type: ignore[arg-type]
    assert game.is_over()
    assert time.process_time() - start < HANG


@settings(max_examples=6, deadline=None)
@given(st.integers(2, 300), st.integers(1, 9), st.integers(1, 100), st.integers(13, 399))
def test_conditions_checked_every_turn_are_bounded(events: int, options: int, turns: int,
                                                   length: int) -> None:
    _assert_refused_or_cheap(costly.many_requires(events, options, turns, length))


@settings(max_examples=12, deadline=None)
@given(st.integers(1, 5), st.integers(1, 8), st.integers(1, 9))
def test_chance_outcomes_written_with_aliases_are_bounded(depth: int, width: int,
                                                          events: int) -> None:
    _assert_refused_or_cheap(costly.deep_outcomes(depth, width, events))


@settings(max_examples=8, deadline=None)
@given(st.integers(1, 16), st.integers(17, 399), st.integers(1, 3), st.booleans())
def test_text_variants_are_bounded(variants: int, length: int, texts: int,
                                   dense: bool) -> None:
    _assert_refused_or_cheap(costly.text_variants(variants, length, texts, dense))


@pytest.mark.parametrize(("raw", "messages"), [
    (costly.many_requires(101, 9, 100, 399), ["a game may evaluate 10,620,600 parts",
                                              "turn 1 may evaluate 106,206 parts",
                                              "events offer 90,100 options"]),
    (costly.deep_outcomes(4, 8, 2), ["the chance outcomes add up to 9,360"]),
    (costly.text_variants(16, 399), ["the variants of this text may evaluate 2,985"]),
], ids=["conditions", "outcomes", "text_variants"])
def test_the_examples_of_the_issue_are_refused(raw: bytes, messages: list[str]) -> None:
    compiled, problems = _compile(raw)
    assert compiled is None
    for message in messages:
        assert any(message in p.message for p in problems), [p.message for p in problems[:5]]
