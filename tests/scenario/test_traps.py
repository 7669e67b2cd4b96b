"""The teacher's traps: every mistake of the review, made in a scenario written from the guide
alone (the Taiwan Strait, 1958), gets a message that says where and how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.i18n import Translator
from game.sim.lint import lint_file

from .teacher_mistakes import MISTAKES

FILE = Path(__file__).parent.parent / "data" / "teacher" / "taiwan_strait_1958.yaml"
BASE = FILE.read_text(encoding="utf-8")
#: Mistakes of YAML 1.1 that YAML 1.2 reads as the teacher meant: no problem at all.
NOW_FINE = {"Yes/Oui as a text", "No/Non as turn 7's label", "id: yes",
            "a time 8:30 as a label"}


def test_the_scenario_written_from_the_guide_is_clean() -> None:
    compiled, problems = lint_file(str(FILE))
    assert problems == [], "\n".join(str(p) for p in problems)
    assert compiled is not None and len(compiled.sides) == 4


@pytest.mark.parametrize(("label", "old", "new", "expected"), MISTAKES,
                         ids=[m[0] for m in MISTAKES])
def test_each_mistake_says_where_and_how(tmp_path: Path, label: str, old: str, new: str,
                                         expected: tuple[str, ...]) -> None:
    assert old in BASE, f"the mistake '{label}' no longer fits the file"
    text = BASE.replace(old, new, 1)
    if label.startswith("two YAML"):
        text = text.replace("    side: ussr\n", "\tside: ussr\n", 1)
    path = tmp_path / FILE.name
    path.write_text(text, encoding="utf-8")
    compiled, problems = lint_file(str(path))
    if label in NOW_FINE:
        assert compiled is not None and problems == [], [str(p) for p in problems]
        return
    assert problems, f"'{label}' passes silently"
    # The message about the changed lines if there is one, else the first error: a mistake
    # may also leave a warning elsewhere (a flag the changed line no longer reads).
    start = BASE[:BASE.index(old)].count("\n") + 1
    here = [p for p in problems if start <= p.line <= start + new.count("\n")]
    first = str((here or [p for p in problems if p.is_error] or problems)[0])
    for piece in expected:
        assert piece in first, f"'{piece}' not in: {first}"
    for p in problems:
        # No parser jargon, and every message in French as well.
        for jargon in ("<block end>", "block mapping", "block collection", "mapping values",
                       "Input should", "simple key", "scanning"):
            assert jargon not in p.message, p.message
        french = p.render(Translator("fr"))
        assert french != p.render() or not any(c.isalpha() for c in p.message)
    if label.startswith("two YAML"):
        assert [p.line for p in problems] == [175, 240]


def test_indentation_errors_show_the_two_lines(tmp_path: Path) -> None:
    text = BASE.replace("    title: {en: Twelve miles, fr: Douze milles}\n",
                        "   title: {en: Twelve miles, fr: Douze milles}\n", 1)
    path = tmp_path / FILE.name
    path.write_text(text, encoding="utf-8")
    _, problems = lint_file(str(path))
    (p,) = problems
    assert [n for n, _ in p.excerpt] == [174, 175]
    shown = p.render().splitlines()
    assert shown[1] == "  174 |     to: 2"
    assert shown[2] == "  175 |    title: {en: Twelve miles, fr: Douze milles}"


def test_a_swallowed_language_hides_the_missing_translation(tmp_path: Path) -> None:
    _, old, new, _ = MISTAKES[0]
    path = tmp_path / FILE.name
    path.write_text(BASE.replace(old, new, 1), encoding="utf-8")
    _, problems = lint_file(str(path))
    assert len(problems) == 1 and problems[0].is_error
    assert [n for n, _ in problems[0].excerpt] == [5, 8]
