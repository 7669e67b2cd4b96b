"""French as a French teacher writes it: the typography of every French text of the shipped
scenarios and of the interface."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
import pytest
from pydantic import BaseModel

from game.i18n import locale_dir
from game.resources import shipped_scenarios
from game.scenario import load_scenario
from game.scenario.text import variants
from game.scenario.typography import fix_french, french_problems


def french_texts(node: Any, path: str = "") -> list[tuple[str, str]]:
    """(place, text) of every French text in a scenario model."""
    out: list[tuple[str, str]] = []
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            out += french_texts(getattr(node, name), f"{path}.{name}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            out += french_texts(item, f"{path}[{i}]")
    elif isinstance(node, tuple):
        for k, v in enumerate(variants(node)):
            out += french_texts(v, f"{path}<{k}>")
    elif isinstance(node, dict) and isinstance(node.get("fr"), str):
        out.append((path, node["fr"]))
    return out


@pytest.mark.parametrize("path", shipped_scenarios(), ids=lambda p: p.name)
def test_french_typography_of_the_shipped_scenarios(path: Path) -> None:
    c = load_scenario(path)
    texts = french_texts(c.model)
    assert len(texts) > 100
    bad = [f"{where}: {msg}" for where, text in texts for msg in french_problems(text)]
    assert bad == [], "\n".join(bad[:30])


def test_french_typography_of_the_interface() -> None:
    po = polib.pofile(str(locale_dir() / "fr" / "LC_MESSAGES" / "brink.po"))
    bad = [f"{e.msgid!r}: {msg}" for e in po if e.msgstr and not e.obsolete
           for msg in french_problems(e.msgstr, code=True)]
    assert bad == [], "\n".join(bad[:30])


def test_code_a_teacher_types_is_left_alone_only_when_asked() -> None:
    message = "ajoutez «\u202fwhen: tension > 50\u202f» ; utilisez + - * / ou \"x / 2\""
    found = french_problems(message, code=True)
    assert len(found) == 1 and found[0].startswith("an ordinary space before ';'")
    assert len(french_problems(message)) == 4


@pytest.mark.parametrize(("wrong", "right"), [
    ("Que faire ?", "Que faire\u202f?"),
    ("Attention : ici", "Attention\u00a0: ici"),
    ("« Non »", "«\u202fNon\u202f»"),
    ("Paris - Berlin", "Paris – Berlin"),
])
def test_the_checker_finds_and_fixes_the_usual_faults(wrong: str, right: str) -> None:
    assert french_problems(wrong)
    assert fix_french(wrong) == right and french_problems(right) == []
    assert french_problems("à 10:30, voir https://example.org/a:b") == []
