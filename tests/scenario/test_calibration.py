"""Calibration of the shipped scenarios against history (10,000 seeded runs each).

The figures are deterministic for a given seed; the bounds leave room for small edits.
Each scenario's notes hold the full tables (see its `notes:`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from game.resources import shipped_scenarios
from game.scenario import load_scenario
from game.scenario.tables import Compiled
from game.sim import make_policy, simulate, summarize

RUNS = 10_000
SEED = 1
SCENARIOS = shipped_scenarios()


@cache
def run(path: Path, us: str, ussr: str) -> dict:
    c = load_scenario(path)
    return summarize(simulate(c, RUNS, SEED, {"us": make_policy(c, us),
                                              "ussr": make_policy(c, ussr)}))


def historical_ending(c: Compiled) -> str:
    ids = [e.id for e in c.model.endings if e.historical]
    assert len(ids) == 1, "a shipped scenario marks exactly one ending as historical"
    return ids[0]


@pytest.fixture(params=SCENARIOS, ids=lambda p: p.stem)
def path(request: pytest.FixtureRequest) -> Path:
    return request.param


def test_history_usually_repeats(path: Path) -> None:
    c = load_scenario(path)
    s = run(path, "historical", "historical")
    assert s["endings"].get(historical_ending(c), 0) > 0.5, s["endings"]


def test_reckless_escalation_often_ends_in_war(path: Path) -> None:
    hist = run(path, "historical", "historical")["war_rate"]
    hawk = run(path, "hawk", "ai")["war_rate"]
    both = run(path, "hawk", "hawk")["war_rate"]
    assert hawk >= max(2 * hist, hist + 0.15), (hist, hawk)
    assert both >= hawk - 0.05, (hawk, both)


def test_doves_avoid_war_but_pay_for_it(path: Path) -> None:
    hist = run(path, "historical", "historical")
    dove = run(path, "dove", "ai")
    assert dove["war_rate"] <= min(0.05, hist["war_rate"]), dove["war_rate"]
    assert dove["mean_scores"]["us"] < hist["mean_scores"]["us"], (dove, hist)


def test_random_play_reaches_every_ending(path: Path) -> None:
    c = load_scenario(path)
    s = run(path, "random", "random")
    reached = set(s["endings"])
    authored = {e.id for e in c.endings} - {"time_out"}
    assert authored <= reached, f"never reached: {authored - reached}"


def test_cuban_missile_crisis_war_risk_matches_historians() -> None:
    """Kennedy: 'between one in three and even'; Ellsberg: 10-30%; we want 5-35%."""
    path = next(p for p in SCENARIOS if p.stem == "cuban_missile_crisis_1962")
    war = run(path, "historical", "historical")["war_rate"]
    assert 0.05 <= war <= 0.35, war
