"""Building the presentation model of each screen from a game and a translator."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from game.engine.game import Game
from game.engine.records import Record
from game.i18n import N_, Translator
from game.narrate import KIND_LABELS, Narrator
from game.present import model as m
from game.scenario.expr import defcon_of
from game.scenario.tables import KINDS, TIME_OUT, WAR, Compiled

REPLAYS = 10_000
HISTORICAL_RUNS = 1000

DEFCON_MEANING = {
    5: N_("DEFCON 5: peacetime readiness."),
    4: N_("DEFCON 4: a closer watch, stronger security."),
    3: N_("DEFCON 3: forces ready to move at short notice."),
    2: N_("DEFCON 2: the last step before nuclear war."),
    1: N_("DEFCON 1: nuclear war is about to begin."),
}
KIND_MEANING = {
    "escalate": N_("raise the pressure; it may win prestige, and it raises tension and the "
                   "risk of an accident."),
    "hold": N_("stand firm without raising the stakes."),
    "negotiate": N_("talk or offer a trade; tension falls, and you may give something up."),
    "concede": N_("give ground; the danger falls, and it costs you more the higher tension "
                  "has risen."),
}
ICON_WORDS = {
    "missile": N_("missiles"), "ship": N_("ships"), "tank": N_("tanks"), "plane": N_("aircraft"),
    "troops": N_("troops"), "star": N_("a key place"), "flag": N_("a flag planted"),
    "wall": N_("a wall"), "submarine": N_("a submarine"), "dot": N_("a place"),
}
#: What the advisors' lines are, said once where a player meets them (and in the help).
ADVISORS_NOTE = N_("Advisors: a line in quotation marks, with its source, is what that person "
                   "really said or wrote; a line without quotation marks is a position "
                   "reconstructed from what they argued at the time, not their words.")
SHAPE_WORDS = {"line": N_("a line"), "circle": N_("a zone around a place"),
               "area": N_("an area")}
#: What an unnamed line is, by its icon, in the map's legend (other icons: LINE_ROUTE).
LINE_WORDS = {"ship": N_("Sea route"), "submarine": N_("Sea route"), "plane": N_("Air route"),
              "troops": N_("Troop movement"), "tank": N_("Troop movement"),
              "wall": N_("Wall")}
LINE_ROUTE = N_("Route")


def _event_model(c: Compiled, event_id: str) -> Any:
    return c.model.events[[e.id for e in c.events].index(event_id)]


def _option_model(c: Compiled, event_id: str, option_id: str) -> Any:
    g = c.option_index(event_id, option_id)
    return c.model.events[c.options[g].event].options[c.options[g].local]


# -- briefing ------------------------------------------------------------------------------
def briefing(game: Game, side: str, t: Translator) -> m.Briefing:
    """The briefing of `side`."""
    c = game.scenario
    n = Narrator(c, t)
    s = c.model.sides[c.side_index(side)]
    return m.Briefing(
        scenario=c.id, title=n.text(c.model.title),
        period=f"{t.date(c.dates[0])} – {t.date(c.dates[-1])}", side=side,
        side_name=n.text(s.name), leader=n.text(s.leader) if s.leader else "",
        summary=n.text(c.model.summary), briefing=n.text(s.briefing) if s.briefing else "",
        stamp=t("TOP SECRET — ORDERS FOR THE CRISIS"),
        begin=t("Begin") if not game.choices else t("Continue"))


# -- the crisis screen ---------------------------------------------------------------------
def strip(game: Game, side: str, t: Translator) -> m.Strip:
    """The turn strip."""
    c = game.scenario
    n = Narrator(c, t)
    turn = min(game.turn, c.n_turns)
    label = n.text(c.model.turns.labels[turn - 1]) if c.model.turns.labels else ""
    title = n.text(c.model.title)
    date = t.date(game.date)
    text = t("{title} · Turn {n} of {total} · {date}{label} · You lead: {side}", title=title,
             n=turn, total=c.n_turns, date=date, label=f" — {label}" if label else "",
             side=n.side_name(side))
    return m.Strip(title, turn, c.n_turns, date, game.date.isoformat(), label,
                   n.side_name(side), text)


def gauge(tension: float, t: Translator) -> m.Gauge:
    """World tension and DEFCON."""
    level = int(defcon_of(tension))
    return m.Gauge(tension, level, t("World tension: {t}/100", t=round(tension)),
                   f"DEFCON {level}", t(DEFCON_MEANING[level]))


def meters(game: Game, t: Translator) -> tuple[m.Meter, ...]:
    """Every meter with its value, range and description."""
    c = game.scenario
    n = Narrator(c, t)
    out = []
    for i, (name, v) in enumerate(game.meters.items()):
        lo, hi = float(c.meter_lo[i]), float(c.meter_hi[i])
        owner = int(c.meter_owner[i])
        desc = c.model.meters[c.meter_model[i]].description
        out.append(m.Meter(name, n.meter_name(name), v, t.number(v), lo, hi,
                           0.0 if hi == lo else max(0.0, min(1.0, (v - lo) / (hi - lo))),
                           c.sides[owner] if owner >= 0 else "",
                           n.text(desc) if desc is not None else ""))
    return tuple(out)


def advisors(n: Narrator, opt: Any, game: Game) -> tuple[m.Advisor, ...]:
    """The advisors' lines of an option, as the narrator writes them: documented quotations
    (with their source) or reconstructed positions."""
    out = []
    for adv in opt.advisors:
        actor = next(a for a in n.c.model.actors if a.id == adv.actor)
        quote = adv.source is not None
        out.append(m.Advisor(adv.actor, n.text(actor.name), adv.stance,
                             n.advisor_line(adv, game), quote,
                             n.source_note(adv.source, adv.language) if quote else "",
                             quote and adv.language is not None and adv.language != n.lang))
    return tuple(out)


def card(game: Game, t: Translator) -> m.Card | None:
    """The pending decision's card, or None when the game is over."""
    p = game.pending
    if p is None:
        return None
    c = game.scenario
    n = Narrator(c, t, game.humans)
    ev = _event_model(c, p.event)
    options = []
    for opt, view in zip(ev.options, p.options, strict=True):
        if view.legal:
            options.append(m.Option(len(options) + 1, opt.id, opt.kind, t(KIND_LABELS[opt.kind]),
                                    n.text(opt.text, game), advisors(n, opt, game)))
    return m.Card(p.event, n.text(ev.title, game), n.text(ev.text, game), tuple(options),
                  t("Choose with a number, the arrows or a click; decide with Enter or a "
                    "second click."),
                  t(ADVISORS_NOTE))


def map_view(game: Game, t: Translator) -> m.MapView:
    """The map's view, its places (main ones marked), the layers shown now and the legend."""
    c = game.scenario
    n = Narrator(c, t)
    mp = c.model.map
    if mp is None:
        return m.MapView(-100.0, 10.0, 40.0, 70.0, (), (), t("On the map"))
    shown = {cl.id for cl in c.layers if game.holds(cl.when)}
    in_layers = {p for layer in mp.layers for p in layer.places}
    names = {p.id: n.text(p.name) for p in mp.places}
    places = tuple(m.Place(p.id, names[p.id], p.lat, p.lon, p.id not in in_layers)
                   for p in mp.places)
    visible = [layer for layer in mp.layers if layer.id in shown]
    named: dict[tuple[str, str, str], str] = {}  # a symbol's meaning, from its first label
    for layer in visible:
        if layer.label is not None:
            named.setdefault((layer.kind, layer.icon, layer.side or ""), n.text(layer.label))
    layers, legend, seen = [], [], set()
    for layer in visible:
        shape = (layer.kind, layer.icon, layer.side or "")
        label = n.text(layer.label) if layer.label is not None else ""
        meaning = label or named.get(shape, "") or _unnamed(layer, names, t)
        if meaning and (shape, meaning) not in seen:  # every kind of thing drawn, once
            seen.add((shape, meaning))
            legend.append(m.LegendEntry(layer.id, *shape, meaning))
        what = meaning
        if not (label or named.get(shape)) and layer.kind == "line" and len(layer.places) > 1:
            what = t("{what}: {start} – {end}", what=meaning, start=names[layer.places[0]],
                     end=names[layer.places[-1]])
        km = layer.radius_km if layer.radius_km is not None else (layer.radius_miles or 0.0) \
            * 1.609344
        layers.append(m.Layer(layer.id, layer.kind, layer.icon, layer.side or "", label, what,
                              tuple(layer.places), float(km)))
    v = mp.view
    return m.MapView(v.west, v.south, v.east, v.north, places, tuple(layers), t("On the map"),
                     tuple(legend))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _unnamed(layer: Any, names: dict[str, str], t: Translator) -> str:
    """What an unlabelled layer is, in plain words, as far as its shape and icon tell ('' for
    a plain dot, which is only a place's point)."""
    if layer.kind == "marker":
        return "" if layer.icon == "dot" else _capital(t(ICON_WORDS[layer.icon]))
    if layer.kind == "line":
        return t(LINE_WORDS.get(layer.icon, LINE_ROUTE))
    if layer.kind == "circle" and layer.places:
        return t("Zone around {place}", place=names[layer.places[0]])
    return _capital(t(SHAPE_WORDS[layer.kind]))


STYLE = {"turn": "turn", "decision": "decision", "incident": "incident", "ending": "ending"}


def log_lines(n: Narrator, records: Sequence[Record]) -> tuple[m.LogLine, ...]:
    """The lines describing records, each with a style."""
    out = []
    for r in records:
        for k, text in enumerate(n.describe(r)):
            style = STYLE.get(r.kind, "plain") if k == 0 else "detail"
            out.append(m.LogLine(text, style, r.turn))
    return tuple(out)


def crisis(game: Game, side: str, t: Translator) -> m.Crisis:
    """Everything the crisis screen shows."""
    n = Narrator(game.scenario, t, game.humans)
    return m.Crisis(strip(game, side, t), gauge(game.tension, t), meters(game, t),
                    card(game, t), map_view(game, t), log_lines(n, game.history))


def dispatch(game: Game, records: Sequence[Record], t: Translator) -> m.Dispatch:
    """What happened after a decision."""
    n = Narrator(game.scenario, t, game.humans)
    return m.Dispatch(t("DISPATCH"), log_lines(n, records), game.is_over(),
                      any(r.kind == "incident" for r in records))


# -- the debrief ---------------------------------------------------------------------------
def _explanation(game: Game, side: str, t: Translator) -> str:
    c = game.scenario
    out = game.outcome()
    assert out is not None
    end = c.endings[c.ending_index(out.ending)]
    if out.ending == WAR:
        return t("World tension reached 100: nuclear war, which every side loses.")
    if out.ending == TIME_OUT:
        return t("The last turn passed with nothing settled.")
    if end.model_index >= 0 and c.model.endings[end.model_index].historical:
        return t("This is how the crisis really ended.")
    mine = out.scores.get(side, 0.0)
    others = [v for s, v in out.scores.items() if s != side and c.model.sides[
        c.side_index(s)].playable]
    if others and mine > max(others):
        return t("An ending that is better for your side than for your rival.")
    if others and mine < min(others):
        return t("An ending that is worse for your side than for your rival.")
    return t("An ending in which neither side clearly came out ahead.")


def chart(game: Game, t: Translator, historical: Sequence[float | None]) -> m.Chart:
    """The tension chart's data."""
    c = game.scenario
    path = game.tension_path
    long = (c.dates[-1] - c.dates[0]).days > 300
    points = []
    for k, v in enumerate(path):
        day = c.dates[max(0, k - 1)]
        points.append(m.ChartPoint(k, t.date(day), t.short_date(day, year=long), v))
    marks = []
    for r in game.history:
        if r.kind == "decision" and r.side in game.humans:
            marks.append(m.ChartMark(r.turn, c.options[c.option_index(r.event or "",
                                                                       r.option or "")].kind))
    legend = (("game", t("your game")), ("historical", t("historical choices (average)")),
              *((k, t(KIND_LABELS[k])) for k in KINDS))
    return m.Chart(t("World tension over the game"), tuple(points), tuple(historical),
                   tuple(marks), c.n_turns, legend, t("tension"))


def decisions(game: Game, t: Translator, side: str | None = None) -> tuple[m.DecisionRow, ...]:
    """Each decision the player took, against the real leader's choice at that point (only
    `side`'s, when two people play each other)."""
    c = game.scenario
    n = Narrator(c, t, game.humans)
    hist = game.history
    path = game.tension_path
    rows = []
    mine = game.humans if side is None else (side,)
    for i, r in enumerate(hist):
        if r.kind != "decision" or r.side not in mine:
            continue
        ev = _event_model(c, r.event or "")
        opt = _option_model(c, r.event or "", r.option or "")
        real = [o for o in ev.options if o.historical]
        history = (t("No such decision in history.") if not real
                   else n.text(real[0].text, r.state))
        followed = ""
        if opt.result is not None:
            followed = n.text(opt.result, r.state)
        else:
            for later in hist[i + 1:]:
                if later.kind == "decision" and later.side in game.humans:
                    break
                if later.kind in ("outcome", "incident", "decision", "relax"):
                    followed = n.describe(later)[0]
                    break
        if followed and not followed.rstrip().endswith((".", "!", "?", "…", "»", "”", ")")):
            followed = followed.rstrip() + "."
        if r.turn < len(path):
            followed = (followed + " " if followed else "") + t(
                "Tension {a} → {b}.", a=round(path[r.turn - 1]), b=round(path[r.turn]))
        rows.append(m.DecisionRow(r.turn, t.date(c.dates[r.turn - 1]), n.text(ev.title, r.state),
                                  n.text(opt.text, r.state), opt.kind, t(KIND_LABELS[opt.kind]),
                                  history, bool(real) and opt.historical, followed))
    return tuple(rows)


def replay(game: Game, t: Translator, runs: int = REPLAYS) -> m.Replay:
    """The player's choices replayed `runs` times with other dice."""
    from game.sim.batch import simulate
    from game.sim.policies import scripted
    from game.sim.stats import summarize

    c = game.scenario
    n = Narrator(c, t)
    policy = scripted(c, dict(game.choices), name="player")
    stats = summarize(simulate(c, runs, game.seed, {s: policy for s in game.humans}))
    endings = tuple(m.ReplayEnding(e, n.ending(e)[0], float(s), t.percent(s))
                    for e, s in sorted(stats["endings"].items(), key=lambda kv: -kv[1]))
    war = float(stats["war_rate"])
    return m.Replay(runs, t("Your strategy, replayed {n} times with other dice:",
                            n=t.integer(runs)), endings, war,
                    t("Nuclear war in {p} of them.", p=t.percent(war)))


def historical_path(c: Compiled, seed: int, runs: int = HISTORICAL_RUNS) -> list[float | None]:
    """Mean tension, turn by turn, when every side makes the historical choices."""
    from game.sim.batch import simulate
    from game.sim.policies import historical

    hist = simulate(c, runs, seed, {s: historical(c) for s in c.sides})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # turns no game reached
        mean = np.nanmean(hist.path, axis=0)
    return [None if np.isnan(v) else float(v) for v in mean]


def source_lines(c: Compiled) -> tuple[str, ...]:
    """The debrief's sources, one line each."""
    if c.model.debrief is None:
        return ()
    return tuple(", ".join(x for x in (s.author, s.title, str(s.year) if s.year else None,
                                       s.url) if x) for s in c.model.debrief.sources)


def locked_documents(t: Translator, n: int) -> str:
    """The line that says how many documents the crisis has still to unlock."""
    if n == 1:
        return t("One more document will be unlocked as the crisis advances.")
    return t("{n} more documents will be unlocked as the crisis advances.", n=t.integer(n))


def documents(game: Game, t: Translator, everything: bool = False,
              side: str | None = None) -> tuple[m.Document, ...]:
    """The scenario's documents, each unlocked once the game reaches its date and its
    condition has held (all of them with `everything`, or once the game is over); `side` is
    the reader's when two people play each other (a secret paper stays its side's)."""
    c = game.scenario
    n = Narrator(c, t, (side,) if side else game.humans)
    unlocked = set(range(len(c.model.documents))) if everything else set(
        n.unlocked_documents(game))
    return tuple(m.Document(d.id, t.date(d.date), n.text(d.author), n.text(d.title),
                            n.text(d.text), n.source_note(d.source, d.language), k in unlocked)
                 for k, d in enumerate(c.model.documents))


def glossary(c: Compiled, t: Translator, first: str = "") -> tuple[m.Term, ...]:
    """The glossary, the terms found in `first` (the current card's text) first."""
    n = Narrator(c, t)
    found = n.glossary_terms_in(first) if first else []
    rest = sorted((k for k in range(len(c.model.glossary)) if k not in found),
                  key=lambda k: n.text(c.model.glossary[k].term).lower())
    return tuple(m.Term(n.text(c.model.glossary[k].term), n.text(c.model.glossary[k].text))
                 for k in [*found, *rest])


def debrief(game: Game, t: Translator, runs: int = REPLAYS,
            historical: Sequence[float | None] | None = None,
            side: str | None = None) -> m.Debrief:
    """Everything the debrief shows; `runs` 0 leaves out the replays. `side` is the reader's
    when two people played each other (the first human side otherwise)."""
    c = game.scenario
    n = Narrator(c, t, game.humans)
    out = game.outcome()
    assert out is not None
    side = side or (game.humans[0] if game.humans else c.sides[0])
    title, text = n.ending(out.ending, game)
    scores = tuple(m.Score(s, n.side_name(s), v, t.signed(v, 1), s == side)
                   for s, v in out.scores.items())
    hist = [e for e in c.model.endings if e.historical]
    hist_text = n.text(c.model.debrief.text, game) if c.model.debrief is not None else ""
    if historical is None:
        historical = historical_path(c, game.seed)
    return m.Debrief(
        ending=out.ending, title=title, text=text, explanation=_explanation(game, side, t),
        war=out.war, scores=scores,
        score_note=t("Scores run from −10 (nuclear war: every side loses) to +10 (the best "
                     "outcome for that side). Each side is scored on its own aims, so both "
                     "can gain, or both lose."),
        chart=chart(game, t, historical),
        decisions_heading=t("Your decisions and history"), decisions=decisions(game, t, side),
        replay=replay(game, t, runs) if runs else None,
        history_heading=t("What really happened"),
        history_title=n.text(hist[0].title) if hist else "", history_text=hist_text,
        sources=source_lines(c), documents=documents(game, t, everything=True),
        discussion=tuple(n.text(q, game) for q in c.model.discussion))


# -- help ----------------------------------------------------------------------------------
def help_view(t: Translator, c: Compiled | None = None, mode: str = "window") -> m.Help:
    """The help screen: how to play, tension and DEFCON, meters, option kinds, advisors, and
    the keys of `mode` (window, text or browser)."""
    sections = [
        m.Section(t("What you do"), t(
            "You lead one side through a real crisis of the Cold War. Each turn you read a "
            "card — what is happening — and choose one of its options. Then the other sides "
            "answer, accidents may happen, and a dispatch tells you what followed. The game "
            "ends in a settlement, a climb-down, a stalemate — or nuclear war.")),
        m.Section(t("World tension and DEFCON"), t(
            "World tension runs from 0 to 100. The higher it is, the likelier an accident "
            "(a plane shot down, a ship stopped) that nobody chose. At 100 it is nuclear war "
            "and every side loses. DEFCON shows the same danger as a level from 5 (calm) to "
            "1:") + " " + " ".join(t(DEFCON_MEANING[k]) for k in (5, 4, 3, 2, 1))),
        m.Section(t("The kinds of options"), "\n".join(
            t("{name}: {value}", name=t(KIND_LABELS[k]), value=t(KIND_MEANING[k]))
            for k in KINDS)),
        m.Section(t("Advisors"), t(ADVISORS_NOTE)),
        m.Section(t("Between turns"), t(
            "After your decision the other sides make theirs, each reacting to yours: "
            "escalation tends to bring escalation, and fear grows with tension. A turn in "
            "which nobody escalates lets tension fall. Backing down late costs more than "
            "backing down early.")),
    ]
    if c is not None and c.model.meters:
        n = Narrator(c, t)
        lines = [t("{name}: {value}", name=n.text(mm.name), value=n.text(mm.description))
                 if mm.description else n.text(mm.name) for mm in c.model.meters]
        sections.insert(2, m.Section(t("The meters"), "\n".join(lines)))
    if mode == "browser":
        sections.append(m.Section(t("Keys"), t(
            "Tab: the next part of the page · 1–9 or the arrows: select an option · Enter or a "
            "second click or touch: decide · the browser's own keys scroll and zoom")))
    elif mode == "window":
        sections.append(m.Section(t("Keys"), t(
            "1–9 or the arrows: select an option · Enter or a second click: decide · Page Up, "
            "Page Down, Home, End, the wheel: scroll · m: the places on the map, one by one · "
            "d: the documents · g: the glossary · F1 or h: this help · Esc: the menu · F11: "
            "full screen")))
    else:
        sections.append(m.Section(t("Commands"), t(
            "Type the number of an option to choose it; l shows the log; s shows the state; "
            "d shows the documents; g shows the glossary; h shows this help; q saves and "
            "quits.")))
    return m.Help(t("How to play"), tuple(sections))
