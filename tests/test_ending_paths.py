"""Every ending of every shipped scenario is reachable in text mode from every playable side.

tests/data/ending_paths.json holds, per scenario and side, a seed and the choices that reach
each ending (found by `python -m game.sim.paths`, which rewrites the file). The test plays each
through `brink play --text` with the choices typed as numbers, and checks the debrief.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.engine import Game
from game.i18n import Translator
from game.narrate import Narrator
from game.resources import shipped_scenarios
from game.scenario import load_scenario
from game.textplay import play_text

PATHS = json.loads((Path(__file__).parent / "data" / "ending_paths.json").read_text())
SCENARIOS = {p.stem: p for p in shipped_scenarios()}


def cases() -> list[tuple[str, str, str]]:
    return [(sid, side, ending) for sid, entry in PATHS.items()
            for side, endings in entry["paths"].items() for ending in endings]


def test_paths_cover_every_ending_of_every_scenario() -> None:
    assert set(PATHS) == set(SCENARIOS), "run: python -m game.sim.paths"
    for sid, path in SCENARIOS.items():
        c = load_scenario(path)
        assert PATHS[sid]["sha256"] == c.sha256, f"{sid} changed: run python -m game.sim.paths"
        authored = {e.id for e in c.endings} - {"time_out"}
        for side in (s.id for s in c.model.sides if s.playable):
            assert set(PATHS[sid]["paths"][side]) == authored, (sid, side)


@pytest.mark.parametrize(("sid", "side", "ending"), cases())
def test_text_mode_reaches_the_ending(sid: str, side: str, ending: str) -> None:
    c = load_scenario(SCENARIOS[sid])
    entry = PATHS[sid]["paths"][side][ending]
    shadow = Game.new(c, entry["seed"], [side])
    choices = iter(entry["choices"])
    out: list[str] = []

    def answer(prompt: str) -> str:
        event, option = next(choices)
        legal = shadow.legal_options()
        assert shadow.pending.event == event
        shadow.apply(option)
        return str(legal.index(option) + 1)

    code = play_text(str(SCENARIOS[sid]), "en", side, entry["seed"], False, answer, out.append)
    assert code == 0
    title = Narrator(c, Translator("en")).ending(ending)[0]
    assert f"=== Debrief: {title} ===" in out
    assert shadow.outcome().ending == ending
