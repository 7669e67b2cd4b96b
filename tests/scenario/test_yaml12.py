"""Reading scenario files: YAML 1.2's core values, libyaml and the pure-Python parser giving
the same data, and syntax errors explained in plain words, several in one run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from game.resources import shipped_scenarios
from game.scenario.yamlsrc import CParser, parse_yaml

TEACHER = Path(__file__).parent.parent / "data" / "teacher" / "taiwan_strait_1958.yaml"


def data(text: str, pure: bool = False) -> object:
    src, problems = parse_yaml(text.encode(), "f.yaml", pure=pure)
    assert src is not None and problems == [], [str(p) for p in problems]
    return src.data


@pytest.mark.parametrize("pure", [False, True])
@pytest.mark.parametrize(("written", "value"), [
    ("true", True), ("True", True), ("FALSE", False),
    ("yes", "yes"), ("Yes", "Yes"), ("no", "no"), ("No", "No"), ("on", "on"), ("Off", "Off"),
    ("Oui", "Oui"), ("Non", "Non"), ("y", "y"), ("n", "n"),
    ("0755", 755), ("0o17", 15), ("0x1F", 31), ("12", 12), ("-3", -3), ("+4", 4),
    ("1:30", "1:30"), ("8:30", "8:30"), ("1_000", "1_000"),
    ("0.5", 0.5), (".5", 0.5), ("1e3", 1000.0), ("-2.5E-1", -0.25),
    ("~", None), ("null", None), ("", None),
    ("1956-10-29", dt.date(1956, 10, 29)), ("29/10/1956", "29/10/1956"),
    ("31.10.1956", "31.10.1956"), ("50%", "50%"),
])
def test_core_schema_values(written: str, value: object, pure: bool) -> None:
    got = data(f"a: {written}\n", pure)
    assert got == {"a": value}
    assert type(got["a"]) is type(value)  # type: ignore[index]


def test_libyaml_is_used_when_present() -> None:
    assert CParser is not None  # PyYAML's wheels ship it; the tests run with it


@pytest.mark.parametrize("path", [*shipped_scenarios(), TEACHER], ids=lambda p: p.name)
def test_both_parsers_read_the_same_data_and_places(path: Path) -> None:
    raw = path.read_bytes()
    fast, _ = parse_yaml(raw, str(path))
    slow, _ = parse_yaml(raw, str(path), pure=True)
    assert fast is not None and slow is not None
    assert fast.data == slow.data
    assert fast.values == slow.values and fast.keys == slow.keys
    assert fast.blocks == slow.blocks


def test_limits_hold_with_libyaml() -> None:
    deep = "a: " + "[" * 60 + "]" * 60 + "\n"
    src, problems = parse_yaml(deep.encode(), "f.yaml")
    assert src is None and "nested more than 40 levels" in problems[0].message
    laughs = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    laughs += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    src, problems = parse_yaml("\n".join(laughs).encode(), "f.yaml")
    assert src is None and "once its aliases (*name) are expanded" in problems[0].message


@pytest.mark.parametrize(("text", "line", "pieces"), [
    ("a:\n  b: 1\n c: 2\n", 3, ["line 3 is indented by 1 space", "line 2 is indented by 2 "
                                "spaces"]),
    ("a:\n  b: 1\n    c: 2\n", 3, ["line 3 is indented more (4 spaces) than line 2",
                                   "indent it by 2 spaces"]),
    ("a:\n  - x: 1\n   y: 2\n", 3, ["line 3 is indented by 3 spaces", "line 2"]),
    ("a:\n  b: 1\n  c\n  d: 2\n", 3, ["line 3 has no ':'", "add ':' after its name"]),
    ("text: Note: this is bad\n", 1, ["double quotes", 'text: "Note: this is bad"']),
    ("text: {en: Note: wait, fr: x}\n", 1, ["inside { }", 'en: "Note: wait"']),
    ("t: [a, b\nu: 1\n", 1, ["the '[' on line 1 is not closed"]),
    ("t: \"abc\nu: 1\n", 1, ["the quotes opened on line 1 are never closed"]),
    ("t: >- some text\n", 1, ["the text starts on the next line"]),
    ("a: 1\n---\nb: 2\n", 2, ["single document"]),
    ("a: *nope\n", 1, ["'*nope' refers to no '&nope'"]),
    ("a: @home\n", 1, ["cannot start with '@'"]),
    ("a:\n\tb: 1\n", 2, ["indented with a tab"]),
])
@pytest.mark.parametrize("pure", [False, True])
def test_syntax_errors_in_plain_words(text: str, line: int, pieces: list[str],
                                      pure: bool) -> None:
    src, problems = parse_yaml(text.encode(), "f.yaml", pure=pure)
    assert src is None and problems
    p = problems[0]
    assert p.line == line, str(p)
    for piece in pieces:
        assert piece in p.message, p.message
    assert "YAML syntax:" not in p.message  # every kind met here has its own explanation
    assert p.excerpt and all(n <= max(line, 2) for n, _ in p.excerpt)


def test_several_syntax_errors_in_one_run() -> None:
    text = ("a:\n  b: 1\n c: 2\nd:\n  e: 1\n   f: 2\ng: Note: here\nh: [1, 2\n")
    src, problems = parse_yaml(text.encode(), "f.yaml")
    assert src is None
    assert [p.line for p in problems] == [3, 6, 7, 8]


def test_an_error_in_a_scalar_position_does_not_hide_the_next() -> None:
    text = "a: {x: 1\nb: 2\nc:\n\t- 1\n"
    _, problems = parse_yaml(text.encode(), "f.yaml")
    assert [p.line for p in problems][:2] == [1, 4]
