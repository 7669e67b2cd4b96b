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
from game.scenario.problems import MAX_LISTED, MAX_MESSAGE, MAX_SAME, QUOTE, Problem, listing
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
    assert len(lines) <= MAX_LISTED + 2
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
    lines = listing(problems)
    assert len(lines) <= MAX_LISTED + 1
    if len(problems) <= MAX_SAME:
        assert lines == [str(p) for p in problems]
    told = sum(int(m.replace(",", "")) for m in re.findall(r"and ([\d,]+) more", "\n".join(lines)))
    assert len([x for x in lines if not x.startswith("...")]) + told == len(problems)
    text = str(ScenarioError(problems))
    assert text.count("\n") <= MAX_LISTED


def test_a_scenario_error_has_a_brief_form() -> None:
    problems = [Problem("f.yaml", i, 1, "error", "x" * 5_000) for i in range(1, 20_001)]
    exc = ScenarioError(problems)
    assert exc.brief().endswith("(and 19,999 more problems)")
    assert len(exc.brief()) < 200
