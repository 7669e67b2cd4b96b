"""Random play over many seeds and every scenario: the engine's invariants hold."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import Decision, Game, Runner
from game.resources import shipped_scenarios
from game.scenario import load_scenario
from game.sim.policies import RandomPolicy

SCENARIOS = [Path(__file__).parent.parent / "data" / "mini.yaml", *shipped_scenarios()]


@pytest.fixture(scope="module", params=SCENARIOS, ids=lambda p: p.stem)
def scenario(request: pytest.FixtureRequest):
    return load_scenario(request.param)


def test_random_batch_keeps_invariants(scenario) -> None:
    """5,000 games of random play: ranges, legal choices, endings, turn limit."""
    c = scenario
    policy = RandomPolicy()
    r = Runner(c, 5000, 123, [policy] * len(c.sides))
    checks = 0

    def observe(d: Decision, choices: np.ndarray) -> None:
        nonlocal checks
        b = d.batch
        assert d.legal.any(axis=1).all(), "a pending decision has no legal option"
        assert d.legal[np.arange(len(choices)), choices].all()
        assert not b.done[d.rows].any()
        assert ((b.tension >= 0) & (b.tension <= 100)).all()
        assert ((b.meters >= c.meter_lo[:, None]) & (b.meters <= c.meter_hi[:, None])).all()
        checks += 1

    r.run(observe=observe)
    b = r.batch
    assert checks > 0
    assert b.done.all()
    assert ((b.ending >= 0) & (b.ending < len(c.endings))).all()
    assert ((b.length >= 1) & (b.length <= c.n_turns)).all()
    assert ((b.meters >= c.meter_lo[:, None]) & (b.meters <= c.meter_hi[:, None])).all()
    war = b.ending == 0
    assert (b.tension[war] >= 100).all() and (b.tension[~war] < 100).all()
    assert (b.peak >= b.tension).all()


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32), picks=st.lists(st.integers(0, 8), max_size=40),
       which=st.integers(0, len(SCENARIOS) - 1), side=st.integers(0, 1))
def test_random_single_games_replay_exactly(seed: int, picks: list[int], which: int,
                                            side: int) -> None:
    c = load_scenario(SCENARIOS[which])
    playable = [s.id for s in c.model.sides if s.playable]
    human = playable[side % len(playable)]
    g = Game.new(c, seed, [human])
    k = 0
    while not g.is_over():
        legal = g.legal_options()
        assert legal
        g.apply(legal[picks[k % len(picks)] % len(legal)] if picks else legal[0])
        k += 1
        assert g.turn <= c.n_turns
        assert 0 <= g.tension <= 100
    assert g.outcome() is not None
    again = Game.replay(c, seed, [human], g.choices)
    assert again.same_state(g)


def test_thousand_seeds_replay_exactly(scenario) -> None:
    """1,000 single games with random human choices: each replays to the identical state."""
    c = scenario
    rng = np.random.default_rng(0)
    playable = [s.id for s in c.model.sides if s.playable]
    for seed in range(1000):
        human = playable[seed % len(playable)]
        g = Game.new(c, seed, [human])
        while not g.is_over():
            legal = g.legal_options()
            assert legal
            g.apply(legal[int(rng.integers(len(legal)))])
        assert 1 <= g.outcome().turns <= c.n_turns
        assert all(c.meter_lo[i] <= v <= c.meter_hi[i] for i, v in enumerate(g.meters.values()))
        assert Game.replay(c, seed, [human], g.choices).same_state(g)
