"""The authoring guide, read literally: the tutorial's blocks make a scenario that validates
clean and plays, in English and in French, and the common mistakes show the real messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.engine import Game
from game.resources import scenarios_dir
from game.scenario import check_bytes
from game.sim import simulate, summarize
from game.sim.lint import lint_file

from .guide_mistakes import MISTAKES

GUIDE = scenarios_dir() / "README.md"


def section(title: str) -> str:
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 3)
    return text[start:end if end > 0 else None]


def tutorial_file(title: str) -> str:
    return "".join(re.findall(r"```yaml\n(.*?)```", section(title), re.S))


ENGLISH = "Tutorial: a scenario in ten minutes"
FRENCH = "Tutoriel : un scénario en dix minutes"


def test_both_tutorials_build_the_same_file() -> None:
    assert tutorial_file(ENGLISH) == tutorial_file(FRENCH)
    assert tutorial_file(ENGLISH).count("\n") > 100


@pytest.mark.parametrize("title", [ENGLISH, FRENCH])
def test_tutorial_scenario_validates_clean_and_plays(tmp_path: Path, title: str) -> None:
    path = tmp_path / "berlin_airlift.yaml"
    path.write_text(tutorial_file(title), encoding="utf-8")
    compiled, problems = lint_file(str(path))
    assert problems == [], "\n".join(str(p) for p in problems)
    assert compiled is not None
    shares = summarize(simulate(compiled, 4000, 1))["endings"]
    assert len(shares) >= 3, shares
    for side in ("us", "ussr"):
        game = Game.new(compiled, 3, [side])
        while not game.is_over():
            p = game.pending
            hist = [o.id for o in p.options if o.legal and o.historical]
            game.apply(hist[0] if hist else p.legal[0])
        assert game.outcome() is not None


def test_the_tutorial_shows_the_real_message_for_its_mistake() -> None:
    base = tutorial_file(ENGLISH).replace("set: [airlift]", "set: [airlfit]", 1)
    _, problems = check_bytes(base.encode(), "scenarios/berlin_airlift.yaml")
    assert str(problems[0]) in section(ENGLISH)
    assert str(problems[0]) in section(FRENCH)


@pytest.mark.parametrize(("label", "old", "new"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_common_mistakes_show_the_exact_messages(label: str, old: str, new: str) -> None:
    base = tutorial_file(ENGLISH)
    assert old in base, f"the mistake '{label}' no longer fits the tutorial's file"
    _, problems = check_bytes(base.replace(old, new, 1).encode(), "berlin_airlift.yaml")
    # The message about the lines changed, when there is one: a mistake can also make a
    # warning elsewhere (a flag the changed line no longer reads).
    first = base[:base.index(old)].count("\n") + 1
    here = [p for p in problems if first <= p.line <= first + new.count("\n")]
    problem = (here or problems)[0]
    shown = str(problem).replace("|", "\\|")
    assert f"| {label} | `{shown}` |" in section("Common mistakes"), (
        f"update the guide's common mistakes: '{label}' now gives: {problem}")
