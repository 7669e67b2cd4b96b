"""The one-game API: new, pending, legal options, apply, outcome, clone, history, replay."""

from __future__ import annotations

import pytest

from game.engine import Game, IllegalChoice, Runner
from game.scenario.tables import Compiled


def play_first_legal(game: Game) -> Game:
    while not game.is_over():
        game.apply(game.legal_options()[0])
    return game


def test_new_game_waits_for_the_human(mini: Compiled) -> None:
    g = Game.new(mini, seed=1, humans=["us"])
    p = g.pending
    assert p is not None
    assert (p.side, p.event, p.turn) == ("us", "photos", 1)
    assert p.legal == ["strike", "blockade", "talk"]
    assert [o.historical for o in p.options] == [False, True, False]
    assert g.tension == 40 and g.defcon == 3
    assert g.meters == {"us.prestige": 50, "ussr.prestige": 50, "opinion": 0}
    assert g.flags == {"blockade": False}
    assert not g.is_over() and g.outcome() is None


def test_apply_reports_what_happened(mini: Compiled) -> None:
    g = Game.new(mini, seed=1, humans=["us"])
    records = g.apply("blockade")
    first = records[0]
    assert (first.kind, first.side, first.event, first.option, first.by) == \
        ("decision", "us", "photos", "blockade", "human")
    assert first.changes == {"tension": 10.0, "us.prestige": 5.0}
    assert first.set == ("blockade",)
    answer = records[1]
    assert answer.kind == "decision" and answer.side == "ussr" and answer.by == "ai"
    assert g.flags["blockade"]
    assert g.choices == [("photos", "blockade")]


def test_illegal_choices_are_refused(mini: Compiled) -> None:
    g = Game.new(mini, seed=1, humans=["us"])
    with pytest.raises(IllegalChoice, match="'nuke' is not an option of 'photos'"):
        g.apply("nuke")
    with pytest.raises(ValueError, match="unknown side 'cuba'"):
        Game.new(mini, 1, humans=["cuba"])


def test_requirement_makes_an_option_illegal(mini: Compiled) -> None:
    g = Game.new(mini, seed=5, humans=["us"])
    g.apply("strike")
    while not g.is_over():
        p = g.pending
        if p.event == "followup" and g.tension > 95:
            assert p.legal == ["press"]
            with pytest.raises(IllegalChoice, match="not available now"):
                g.apply("ease")
        g.apply(p.legal[0])


def test_game_ends_with_an_outcome(mini: Compiled) -> None:
    g = play_first_legal(Game.new(mini, seed=2, humans=["us"]))
    o = g.outcome()
    assert o is not None
    assert o.ending in {e.id for e in mini.endings}
    assert 1 <= o.turns <= mini.n_turns
    assert g.pending is None and g.legal_options() == []
    assert g.history[-1].kind == "ending" and g.history[-1].ending == o.ending
    assert g.tension_path[0] == 40 and len(g.tension_path) == o.turns + 1
    with pytest.raises(IllegalChoice, match="over"):
        g.apply("strike")


def test_war_ends_the_game_at_once(mini: Compiled) -> None:
    for seed in range(200):
        g = Game.new(mini, seed=seed, humans=["us", "ussr"])
        while not g.is_over():
            p = g.pending
            g.apply(max(p.legal, key=lambda o: o in ("strike", "push", "press")))
        if g.outcome().war:
            assert g.tension == 100
            assert g.outcome().scores == {"us": -10.0, "ussr": -10.0}
            return
    pytest.fail("all-out escalation never led to war in 200 games")


def test_same_seed_and_choices_same_game(mini: Compiled) -> None:
    a = play_first_legal(Game.new(mini, seed=11, humans=["us"]))
    b = play_first_legal(Game.new(mini, seed=11, humans=["us"]))
    assert a.same_state(b)
    assert a.history == b.history


def test_different_seeds_differ_somewhere(mini: Compiled) -> None:
    outcomes = {play_first_legal(Game.new(mini, seed=s, humans=["us"])).outcome().ending
                for s in range(60)}
    assert len(outcomes) > 1


def test_replay_reproduces_the_state(mini: Compiled) -> None:
    a = play_first_legal(Game.new(mini, seed=4, humans=["us"]))
    b = Game.replay(mini, 4, ["us"], a.choices)
    assert a.same_state(b)
    with pytest.raises(IllegalChoice, match="does not match"):
        Game.replay(mini, 4, ["us"], [("answer", "push")])


def test_clone_is_independent(mini: Compiled) -> None:
    g = Game.new(mini, seed=9, humans=["us"])
    c = g.clone()
    assert c.same_state(g)
    g.apply("strike")
    assert not c.same_state(g)
    c.apply("strike")
    assert c.same_state(g)


def test_ai_only_game_runs_to_the_end(mini: Compiled) -> None:
    g = Game.new(mini, seed=3)
    assert g.is_over() and g.outcome() is not None
    assert any(r.kind == "decision" and r.by == "ai" for r in g.history)


def test_batch_of_one_matches_the_game(mini: Compiled) -> None:
    """The game API and the runner are one implementation: same seed, same arrays."""
    from game.engine import TemperamentAI

    g = Game.new(mini, seed=21)
    r = Runner(mini, 1, 21, [TemperamentAI(), TemperamentAI()])
    r.run()
    assert r.batch.equals(g._runner.batch)
