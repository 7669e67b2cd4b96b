"""Balance check: runs per side and policy, option use, dominance, problems, HTML report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.scenario import load_scenario
from game.scenario.tables import Compiled
from game.sim.balance import (
    STANDARD,
    BalanceReport,
    balance,
    balance_html,
    count_games,
    format_balance,
    plan,
    write_balance_html,
)

#: Red's "good" option strictly dominates; the ending, the event and the option marked as
#: unreachable cannot happen in practice (red gains 10 at most; tension only goes up by STEP).
CRAFTED = """
format: 1
id: crafted
title: "<script>alert(1)</script> Crafted"
summary: A crafted scenario for the balance tests.
period: {start: 1962-10-01, end: 1962-10-03}
turns: {unit: day}
sides:
  - {id: red, name: Red, playable: true}
  - {id: blue, name: Blue, playable: true}
meters:
  - {id: gain, name: Gain, sides: [red, blue], start: 0, min: 0, max: 100}
tension: {start: START, relax: 2, incident_chance: 0}
events:
  - id: pick
    side: red
    title: Red picks
    text: Pick one.
    options:
      - {id: good, kind: hold, text: Good, effects: {red.gain: 10, tension: STEP}}
      - {id: poor, kind: escalate, text: Poor, effects: {tension: STEP}}
      - {id: worse, kind: negotiate, text: Worse, effects: {tension: STEP}}
      - {id: locked, kind: hold, text: Locked, requires: "red.gain > 50"}
  - id: answer
    side: blue
    title: Blue answers
    text: Answer.
    options:
      - {id: agree, kind: hold, text: "Agree <b>now</b>", effects: {tension: STEP}}
      - {id: refuse, kind: negotiate, text: Refuse, effects: {tension: STEP}}
  - id: ghost
    side: blue
    title: A ghost event
    text: Never comes up.
    when: "tension > 99 and turn == 1"
    options:
      - {id: boo, kind: hold, text: Boo}
endings:
  - id: unreachable
    title: "Never <i>reached</i>"
    text: Never.
    when: "red.gain > 50"
    score: {red: 100, blue: 100}
  - id: done
    title: Done
    text: Done.
    at_end: true
    score: {red: "red.gain", blue: 0}
"""


def crafted(tmp_path: Path, start: int = 10, step: int = 1) -> Compiled:
    path = tmp_path / f"crafted_{start}_{step}.yaml"
    path.write_text(CRAFTED.replace("START", str(start)).replace("STEP", str(step)),
                    encoding="utf-8")
    return load_scenario(path)


@pytest.fixture(scope="module")
def mini_report(mini: Compiled) -> BalanceReport:
    return balance(mini, 2000, seed=3)


def test_runs_cover_every_side_and_policy(mini: Compiled, mini_report: BalanceReport) -> None:
    runs = [(r.side, r.policy) for r in mini_report.results]
    assert runs == plan(mini)
    for side in ("us", "ussr"):
        assert {p for s, p in runs if s == side} == set(STANDARD) - {"ai"}
    assert {p for s, p in runs if s is None} == {"ai", "historical", "random"}
    for r in mini_report.results:
        s = r.summary
        assert s["runs"] == 2000 and s["seed"] == 3
        assert abs(sum(s["endings"].values()) - 1) < 1e-6
        assert set(s["mean_scores"]) == {"us", "ussr"}
        assert len(s["mean_tension_by_turn"]) == mini.n_turns + 1
        assert 0 <= r.war_rate <= 1
    by = {(r.side, r.policy): r for r in mini_report.results}
    # The side under test really plays its policy, the other side the AI.
    assert by[("us", "hawk")].summary["policies"] == {"us": "hawk", "ussr": "ai"}
    assert by[("us", "hawk")].war_rate > by[("us", "dove")].war_rate + 0.2
    assert by[(None, "historical")].summary["endings"].get("deal", 0) > 0.9


def test_option_use_under_random_play(mini_report: BalanceReport) -> None:
    photos = next(e for e in mini_report.events if e.event == "photos")
    assert photos.side == "us" and photos.came_up == photos.games == 2000
    assert photos.best_games == 200
    shares = {o.option: o.random_share for o in photos.options}
    assert all(0.28 < s < 0.39 for s in shares.values()), shares
    for ev in mini_report.events:
        assert sum(o.random_share for o in ev.options) == pytest.approx(1)
        assert sum(o.best_share or 0 for o in ev.options) == pytest.approx(1)
    assert next(o for o in photos.options if o.option == "blockade").historical


def test_format_balance_lists_every_figure(mini_report: BalanceReport) -> None:
    text = format_balance(mini_report)
    assert text.startswith("Balance of Mini crisis (mini)")
    n = len(mini_report.results)
    assert "Run 1 of 11: United States: historical strategy; the other sides: the AI." in text
    assert "Run 11 of 11: every side: random strategy." in text
    assert all(f"Run {i} of {n}: " in text for i in range(1, n + 1))
    assert text.count("95% interval") >= len(mini_report.results)
    assert "A deal" in text and "mean scores: United States" in text
    assert re.search(r"photos \(United States\): came up 2,000 times", text)
    assert re.search(r"blockade \(historical\)\s+Hold firm\s+random\s+\d", text)
    assert "Problems:" in text


def test_format_balance_in_french(mini_report: BalanceReport) -> None:
    text = format_balance(mini_report, "fr")
    assert text.startswith("Bilan de Mini-crise (mini)\u00a0: 11 séries de 2\u202f000 parties")
    assert ("Série 1 sur 11\u00a0: États-Unis\u00a0: stratégie historique\u202f; les autres "
            "camps\u00a0: l'IA.") in text
    assert "Un accord" in text and "scores moyens\u00a0: États-Unis" in text
    assert "intervalle à 95\u202f%" in text and "Problèmes\u00a0: " in text
    assert not re.search(r"\d\.\d", text)  # decimal commas


def test_same_seed_same_report(mini: Compiled, mini_report: BalanceReport) -> None:
    again = balance(mini, 2000, seed=3)
    assert [r.summary for r in again.results] == [r.summary for r in mini_report.results]
    assert again.events == mini_report.events
    assert again.problems == mini_report.problems


def test_progress_counts_every_game(mini: Compiled) -> None:
    done: list[int] = []
    balance(mini, 100, progress=done.append)
    assert sum(done) == count_games(mini, 100) == 100 * len(plan(mini))


def test_finds_the_problems_of_a_crafted_scenario(tmp_path: Path) -> None:
    c = crafted(tmp_path)
    report = balance(c, 2000, seed=1)
    problems = "\n".join(report.problems)
    assert "'unreachable'" in problems and "never reached" in problems
    # Each problem starts with its place in the file.
    lines = Path(c.path).read_text(encoding="utf-8").splitlines()
    for key, thing in (("id: unreachable", "The ending 'unreachable'"),
                       ("id: ghost", "The event 'ghost'"), ("id: good", "'pick.good'")):
        line = next(i for i, x in enumerate(lines, start=1) if key in x)
        assert any(p.startswith(f"{c.path}:{line}: ") and thing in p for p in report.problems)
    assert "'done'" not in problems
    assert "The event 'ghost'" in problems and "never came up" in problems
    assert "The option 'pick.good' dominates" in problems
    assert "'pick.poor'" not in problems and "'pick.worse'" not in problems
    assert "No game ended in nuclear war" in problems
    assert "above" not in problems
    pick = next(e for e in report.events if e.event == "pick")
    good = next(o for o in pick.options if o.option == "good")
    assert good.dominates and good.best_share == 1.0 and good.random_share < 0.4
    # An option that is never legal is a note, not a problem.
    locked = next(o for o in pick.options if o.option == "locked")
    assert not locked.ever_legal and locked.chosen == 0
    assert "'pick.locked'" not in problems
    assert any("'pick.locked'" in n for n in report.notes)
    assert "Problems: " in format_balance(report)


def test_war_under_every_policy_is_a_problem(tmp_path: Path) -> None:
    report = balance(crafted(tmp_path, start=95, step=10), 500, seed=1)
    assert all(r.war_rate > 0.8 for r in report.results)
    assert any("more than 80% of the time" in p for p in report.problems)
    assert not any("No game ended in nuclear war" in p for p in report.problems)


def test_a_balanced_mix_is_not_flagged(mini_report: BalanceReport) -> None:
    photos = next(e for e in mini_report.events if e.event == "photos")
    assert not any(o.dominates for o in photos.options)
    assert not any("'photos." in p for p in mini_report.problems)
    assert not any("never reached" in p for p in mini_report.problems)


def test_html_report_has_charts_and_escapes_scenario_text(tmp_path: Path) -> None:
    report = balance(crafted(tmp_path), 300, seed=1)
    out = tmp_path / "report.html"
    write_balance_html(report, out)
    page = out.read_text(encoding="utf-8")
    assert page == balance_html(report)
    assert page.count("<svg") == 2 * len(report.results)
    assert "<polyline" in page and "<rect" in page
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Crafted" in page
    assert "Never &lt;i&gt;reached&lt;/i&gt;" in page and "<i>" not in page
    assert "Agree &lt;b&gt;now&lt;/b&gt;" in page
    assert "src=" not in page and "href=" not in page  # self-contained
    assert page.index("Problems (") < page.index("Overview")
