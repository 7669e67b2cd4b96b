"""The validator: one file per kind of mistake, each reported at its line and column."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from game.resources import shipped_scenarios
from game.scenario import ScenarioError, check_bytes, check_file, load_scenario

DATA = Path(__file__).parent.parent / "data"
BAD = DATA / "bad"

# file stem: (line, column, severity, part of the message)
CASES = {
    "unknown_key": (3, 1, "error", "unknown key 'tittle' (did you mean 'title'?)"),
    "expr_syntax": (39, 22, "error", "write 'and' and 'or' rather than && and ||"),
    "expr_per_side_meter": (34, 20, "error", "unknown name 'prestige' (did you mean "
                                             "'us.prestige'?)"),
    "expr_not_condition": (34, 20, "error", "a condition (true or false) is needed"),
    "expr_flag_arithmetic": (39, 12, "error", "'blockade' is true or false, but the left side "
                                              "of '+' must be a number"),
    "expr_assign": (34, 28, "error", "write == rather than ="),
    "expr_code": (34, 20, "error", "only the functions min, max, clamp and abs can be called"),
    "unknown_flag": (33, 15, "error", "unknown flag 'blockad' (did you mean 'blockade'?)"),
    "unknown_meter": (25, 32, "error", "unknown meter 'us.prestig' (did you mean "
                                       "'us.prestige'?)"),
    "unknown_side": (18, 11, "error", "unknown side 'usa' (did you mean 'us'?)"),
    "unknown_actor": (27, 21, "error", "unknown actor 'le_may' (did you mean 'lemay'?)"),
    "chance_range": (29, 22, "error", "this chance can be 2, outside 0 to 1"),
    "chance_sum": (29, 11, "error", "these chances add up to as much as 1.3"),
    "date_outside": (19, 11, "error", "the date 1962-11-02 is outside the period"),
    "turn_outside": (19, 9, "error", "turn 9 does not exist: this scenario has turns 1 to 5"),
    "flow_needs_quotes": (20, 20, "error", "a text that contains ':', '?', ',' or '#' must be "
                                           "in double quotes, as in en: \"Note: what now?\""),
    "tab_indent": (18, 1, "error", "indented with a tab, and YAML allows only spaces"),
    "duplicate_key": (19, 5, "error", "the key 'side' appears twice"),
    "duplicate_id": (41, 9, "error", "two endings have the id 'deal'"),
    "python_tag": (4, 10, "error", "is not allowed in a scenario file"),
    "wrong_type": (13, 62, "error", "meters.prestige.start: must be a number"),
    "missing_field": (17, 5, "error", "'text' is missing in events.photos"),
    "bad_kind": (31, 15, "error", "must be one of: escalate, negotiate, hold, concede (found "
                                  "'wait')"),
    "start_out_of_range": (13, 62, "error", "start 150 is outside the range 0 to 100"),
    "no_playable_side": (8, 3, "error", "no side is playable"),
    "ending_unreachable": (39, 11, "warning", "ending 'deal' can never happen"),
    "nan_number": (13, 62, "error", "'.nan' is not a usable number"),
    "two_documents": (2, 1, "error", "a scenario file holds a single document"),
    "empty": (1, 1, "error", "the file is empty"),
    "not_a_mapping": (1, 1, "error", "a scenario file must be a mapping"),
    "bad_utf8": (3, 15, "error", "not valid UTF-8"),
}


def test_every_bad_file_has_a_case() -> None:
    assert {p.stem for p in BAD.glob("*.yaml")} == set(CASES)


@pytest.mark.parametrize("stem", sorted(CASES))
def test_mistake_is_reported_at_its_place(stem: str) -> None:
    line, col, severity, message = CASES[stem]
    path = BAD / f"{stem}.yaml"
    compiled, problems = check_file(path)
    hits = [p for p in problems if message in p.message]
    assert hits, f"expected '{message}' in {[str(p) for p in problems]}"
    p = hits[0]
    assert (p.line, p.col, p.severity) == (line, col, severity), str(p)
    assert str(p).startswith(f"{path}:{line}:{col}: {severity}: ")
    if severity == "error":
        assert compiled is None
        with pytest.raises(ScenarioError, match="error"):
            load_scenario(path)


def test_the_base_of_the_bad_files_is_clean() -> None:
    compiled, problems = check_file(DATA / "ok_base.yaml")
    assert compiled is not None and problems == []


def test_all_problems_in_one_pass(tmp_path: Path) -> None:
    text = (DATA / "ok_base.yaml").read_text()
    text = text.replace("set: [blockade]", "set: [blockad]").replace("side: us\n", "side: usa\n")
    text = text.replace('requires: "tension < 90"', 'requires: "tension < 90 &&"')
    _, problems = check_bytes(text.encode(), "many.yaml")
    messages = " | ".join(p.message for p in problems)
    assert "unknown flag 'blockad'" in messages
    assert "unknown side 'usa'" in messages
    assert "cannot read this expression" in messages
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_missing_translation_is_a_warning() -> None:
    text = (DATA / "mini.yaml").read_text().replace(
        "title: {en: The photographs, fr: Les photographies}", "title: {en: The photographs}")
    compiled, problems = check_bytes(text.encode(), "mini.yaml")
    assert compiled is not None
    assert [p.message for p in problems] == ["missing translation: no fr text here; add fr: ..."]
    assert problems[0].severity == "warning"


def test_billion_laughs_fails_fast() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    start = time.perf_counter()
    compiled, problems = check_bytes("\n".join(lines).encode(), "laughs.yaml")
    assert time.perf_counter() - start < 5  # generous: a hang would take hours
    assert compiled is None
    assert "more than" in problems[0].message


def test_missing_file() -> None:
    compiled, problems = check_file("no/such/file.yaml")
    assert compiled is None and "no such file" in problems[0].message


@pytest.mark.parametrize("path", shipped_scenarios(), ids=lambda p: p.name)
def test_every_shipped_scenario_validates_clean(path: Path) -> None:
    """No error and no warning, simulation warnings included (brink validate --strict)."""
    from game.sim.lint import lint_file

    compiled, problems = lint_file(str(path))
    assert problems == [], "\n".join(str(p) for p in problems)
    assert compiled is not None


def test_there_are_shipped_scenarios() -> None:
    assert any(p.stem == "cuban_missile_crisis_1962" for p in shipped_scenarios())


def test_mini_is_clean() -> None:
    compiled, problems = check_file(DATA / "mini.yaml")
    assert compiled is not None and problems == []
