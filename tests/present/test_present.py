"""The presentation model: plain data built once from a game, the same for every view."""

from __future__ import annotations

import json

import pytest

from game import present
from game.engine import Game
from game.i18n import Translator
from game.narrate import Narrator
from game.resources import shipped_scenarios
from game.scenario import load_scenario

SCENARIOS = shipped_scenarios()


def play_out(c, side: str, seed: int = 5, pick=lambda p: p.legal[0]) -> tuple[Game, list]:
    g = Game.new(c, seed, [side])
    records = []
    while not g.is_over():
        records = g.apply(pick(g.pending))
    return g, records


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_screen_is_plain_json(path, lang: str) -> None:
    c = load_scenario(path)
    t = Translator(lang)
    side = next(s.id for s in c.model.sides if s.playable)
    g = Game.new(c, 3, [side])
    views = [present.briefing(g, side, t), present.crisis(g, side, t), present.help_view(t, c),
             present.help_view(t, c, mode="text")]
    records = g.apply(g.pending.legal[0])
    views.append(present.dispatch(g, records, t))
    while not g.is_over():
        g.apply(g.pending.legal[-1])
    views.append(present.debrief(g, t, runs=50, historical=[]))
    for v in views:
        text = json.dumps(present.as_dict(v), ensure_ascii=False)
        assert json.loads(text) == json.loads(json.dumps(present.as_dict(v)))
        assert "Now true" not in text and "Désormais vrai" not in text
        assert "No longer true" not in text


def test_crisis_view_holds_the_card_meters_and_map() -> None:
    c = load_scenario(SCENARIOS[-1])  # the Cuban missile crisis
    t = Translator("en")
    g = Game.new(c, 5, ["us"])
    v = present.crisis(g, "us", t)
    assert v.card is not None and v.card.event == g.pending.event
    assert [o.id for o in v.card.options] == g.legal_options()
    assert [o.number for o in v.card.options] == list(range(1, len(v.card.options) + 1))
    assert all(o.kind_label in ("Escalate", "Hold firm", "Negotiate", "Concede")
               for o in v.card.options)
    assert [x.id for x in v.meters] == list(g.meters)
    assert all(0 <= x.fraction <= 1 for x in v.meters)
    assert v.gauge.defcon == g.defcon and v.gauge.meaning.startswith(f"DEFCON {g.defcon}")
    assert v.strip.turn == 1 and v.strip.date == "16 October 1962"
    shown = {layer.id for layer in v.map.layers}
    assert shown == {cl.id for cl in c.layers if g.holds(cl.when)}
    assert all(layer.what for layer in v.map.layers)
    assert len(v.log) >= 1 and v.log[0].style == "turn"


def test_numbers_follow_the_language() -> None:
    c = load_scenario(SCENARIOS[-1])
    g, _records = play_out(c, "us")
    fr = present.debrief(g, Translator("fr"), runs=0, historical=[])
    en = present.debrief(g, Translator("en"), runs=0, historical=[])
    for s_fr, s_en in zip(fr.scores, en.scores, strict=True):
        assert s_fr.value == s_en.value
        assert "." not in s_fr.text and ("," in s_fr.text)
        assert s_en.text.startswith(("+", "\u2212")) or s_en.text.strip("0.") == ""
    lines = [x.text for x in present.log_lines(Narrator(c, Translator("fr")), g.history)]
    changes = [x for x in lines if x.startswith("  ") and ("+" in x or "\u2212" in x)]
    assert changes and not any("-" in x.split(" ")[-1] for x in changes)


def test_decisions_against_history() -> None:
    c = load_scenario(SCENARIOS[-1])
    hist = {(ev.id, o.id) for ev in c.model.events for o in ev.options if o.historical}
    g, _ = play_out(c, "us", pick=lambda p: next(
        (o.id for o in p.options if o.legal and o.historical), p.legal[0]))
    rows = present.decisions(g, Translator("en"))
    assert len(rows) == len(g.choices)
    for row, (event, option) in zip(rows, g.choices, strict=True):
        ev = next(e for e in c.model.events if e.id == event)
        real = [o for o in ev.options if o.historical]
        assert row.as_history == ((event, option) in hist)
        if real:
            assert row.history == real[0].text["en"]
        else:
            assert row.history == "No such decision in history."
        assert "Tension" in row.followed or row.followed
    assert any(r.as_history for r in rows)


def test_debrief_explains_the_ending_and_the_scores() -> None:
    c = load_scenario(SCENARIOS[-1])
    g, _ = play_out(c, "us", pick=lambda p: p.legal[0])
    d = present.debrief(g, Translator("en"), runs=100, historical=[None] * 3)
    assert d.explanation and d.score_note.startswith("Scores run from")
    assert d.title != d.history_heading
    assert d.replay is not None and d.replay.runs == 100
    assert abs(sum(e.share for e in d.replay.endings) - 1) < 1e-9
    assert [k for k, _ in d.chart.legend] == ["game", "historical", "escalate", "hold",
                                              "negotiate", "concede"]
    assert len(d.chart.points) == len(g.tension_path)
    assert all(p.axis for p in d.chart.points)


def test_help_explains_tension_kinds_and_advisors() -> None:
    h = present.help_view(Translator("fr"), load_scenario(SCENARIOS[0]))
    text = " ".join(s.heading + " " + s.text for s in h.sections)
    for word in ("DEFCON", "Escalade", "Fermeté", "Négociation", "Concession", "guillemets"):
        assert word in text


def test_french_help_puts_a_space_before_each_colon() -> None:
    """The meters' and option kinds' lines read « Prestige : … », never « Prestige: … »."""
    c = load_scenario(SCENARIOS[0])
    h = present.help_view(Translator("fr"), c)
    lines = [x for s in h.sections for x in s.text.split("\n")]
    names = [Narrator(c, Translator("fr")).text(mm.name) for mm in c.model.meters]
    for start in [*names, "Escalade", "Négociation"]:
        line = next(x for x in lines if x.startswith(start))
        assert line.startswith(start + "\u00a0: "), line


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_legend_names_every_line_and_zone_in_plain_words(path, lang: str) -> None:
    c = load_scenario(path)
    t = Translator(lang)
    vague = {t(w)[:1].upper() + t(w)[1:] for w in ("a line", "a zone around a place", "an area")}
    shapes = set()
    for side in [s.id for s in c.model.sides if s.playable]:
        for pick in (lambda p: p.legal[0], lambda p: p.legal[-1]):
            g = Game.new(c, 5, [side])
            while True:
                view = present.map_view(g, t)
                legend = {(e.kind, e.icon, e.side): e.text for e in view.legend}
                for layer in view.layers:
                    if layer.kind != "marker":
                        shapes.add(layer.kind)
                        assert (layer.kind, layer.icon, layer.side) in legend, layer.id
                assert not vague & set(legend.values())
                if g.is_over():
                    break
                g.apply(pick(g.pending))
    assert "line" in shapes
