"""What the browser pages show of a game, for one side in one language.

A thin adapter over the narrator (the same sentences as the window and text mode); it gives
way to the shared presentation model (`game/present`) when that lands.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.game import Game
from game.engine.records import Record
from game.i18n import Translator
from game.narrate import KIND_LABELS, Narrator
from game.scenario.expr import defcon_of
from game.scenario.tables import WAR, Compiled
from game.sim.batch import simulate
from game.sim.policies import scripted
from game.sim.stats import summarize
from game.sim.svgchart import Series, line_chart
from game.web.svgmap import Frame, ShownLayer, overlay

REPLAYS = 10_000


@dataclass(frozen=True)
class Meter:
    """A gauge: name, value and range."""

    name: str
    value: float
    lo: float
    hi: float

    @property
    def share(self) -> float:
        """Where the value sits in its range, 0 to 1."""
        return 0.0 if self.hi <= self.lo else (self.value - self.lo) / (self.hi - self.lo)


@dataclass(frozen=True)
class Status:
    """The strip: turn, date, tension, DEFCON and meters."""

    turn: int
    turns: int
    date: str
    label: str
    tension: int
    defcon: int
    meters: tuple[Meter, ...]


@dataclass(frozen=True)
class Option:
    """An option on the card."""

    number: int
    id: str
    kind: str
    kind_label: str
    text: str
    advisors: tuple[str, ...]


@dataclass(frozen=True)
class Card:
    """The pending decision as its side sees it."""

    event: str
    title: str
    text: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class MapView:
    """The map: its size, the layers' SVG and the legend."""

    width: int
    height: int
    svg: str
    layers: tuple[ShownLayer, ...]


@dataclass(frozen=True)
class Decision:
    """One of the player's decisions against history."""

    date: str
    event: str
    chosen: str
    kind: str
    historical: str | None
    same: bool


@dataclass(frozen=True)
class Debrief:
    """The end of the game."""

    title: str
    text: str
    war: bool
    scores: tuple[tuple[str, str], ...]
    chart: str
    decisions: tuple[Decision, ...]
    history_title: str | None
    history_text: str | None
    sources: tuple[str, ...] = field(default_factory=tuple)


class Screens:
    """Builds what a page shows, for one scenario and language."""

    def __init__(self, c: Compiled, lang: str) -> None:
        self.c = c
        self.t = Translator(lang)
        self.n = Narrator(c, self.t)

    def title(self) -> str:
        """The scenario's title."""
        return self.n.text(self.c.model.title)

    def summary(self) -> str:
        """The scenario's summary."""
        return self.n.text(self.c.model.summary)

    def side_name(self, side: str) -> str:
        """A side's name."""
        return self.n.side_name(side)

    def years(self) -> str:
        """'1962' or '1958–1961'."""
        a, b = self.c.dates[0].year, self.c.dates[-1].year
        return str(a) if a == b else f"{a}–{b}"

    def briefing(self, side: str) -> tuple[str, str | None, str | None]:
        """The side's name, leader and briefing text."""
        s = self.c.model.sides[self.c.side_index(side)]
        return (self.n.text(s.name), self.n.text(s.leader) if s.leader else None,
                self.n.text(s.briefing) if s.briefing is not None else None)

    def status(self, game: Game) -> Status:
        """The strip of a game."""
        c = self.c
        turn = min(game.turn, c.n_turns)
        label = ""
        if c.model.turns.labels is not None and turn - 1 < len(c.model.turns.labels):
            label = self.n.text(c.model.turns.labels[turn - 1])
        meters = tuple(Meter(self.n.meter_name(name), value, float(c.meter_lo[i]),
                             float(c.meter_hi[i]))
                       for i, (name, value) in enumerate(game.meters.items()))
        return Status(turn, c.n_turns, self.t.date(game.date), label, round(game.tension),
                      int(defcon_of(game.tension)), meters)

    def card(self, game: Game) -> Card | None:
        """The pending decision's card (None when the game is over)."""
        p = game.pending
        if p is None:
            return None
        c = self.c
        ev = c.model.events[[e.id for e in c.events].index(p.event)]
        options = []
        for opt, view in zip(ev.options, p.options, strict=False):
            if not view.legal:
                continue
            options.append(Option(len(options) + 1, opt.id, opt.kind,
                                  self.t(KIND_LABELS[opt.kind]), self.n.text(opt.text),
                                  tuple(self.n.advisor_line(a.actor, a.stance, a.says)
                                        for a in opt.advisors)))
        return Card(p.event, self.n.text(ev.title), self.n.text(ev.text), tuple(options))

    def lines(self, records: list[Record], hide: tuple[str, ...] = ()) -> list[str]:
        """Records as plain sentences (the log and the dispatch).

        The moves of the sides in `hide` (the partner's, in a pair game still going on) show
        only as "X has decided" and what they did to world tension: which option they took,
        its other effects and its chance results are theirs to know.
        """
        out: list[str] = []
        for r in records:
            side = self._mover(r)
            if side is not None and side in hide:
                if r.kind == "decision":
                    out.append(self.t("{side} has decided.", side=self.n.side_name(side)))
                if "tension" in r.changes:
                    out.append("  " + self.n.changes({"tension": r.changes["tension"]}))
                continue
            out += self.n.describe(r)
        return out

    def _mover(self, r: Record) -> str | None:
        """The side whose option a decision or chance result belongs to (None otherwise)."""
        if r.kind not in ("decision", "outcome") or r.incident is not None or not r.option:
            return None
        c = self.c
        return c.sides[c.events[c.options[c.option_index(r.event or "", r.option)].event].side]

    def map(self, game: Game) -> MapView:
        """The map's visible layers now."""
        f = Frame.of(self.c)
        visible = [cl.id for cl in self.c.layers if game.holds(cl.when)]
        svg, shown = overlay(self.c, visible, self.t.lang)
        return MapView(f.width, f.height, svg, tuple(shown))

    def debrief(self, game: Game, side: str) -> Debrief:
        """The debrief of a finished game, from `side`'s point of view."""
        c, n, t = self.c, self.n, self.t
        outcome = game.outcome()
        assert outcome is not None
        title, text = n.ending(outcome.ending)
        scores = tuple((n.side_name(s), f"{v:+.1f}".replace(".", "," if t.lang == "fr" else "."))
                       for s, v in outcome.scores.items())
        labels = [t("start"), *(str(k) for k in range(1, c.n_turns + 1))]
        path = tuple(game.tension_path)
        chart = line_chart([Series(t("Tension"), path + (None,) * (len(labels) - len(path)),
                                   color="#d55e00", width=3)],
                           t("Tension over the game:"), labels)
        decisions = []
        for r in game.history:
            if r.kind != "decision" or r.side != side or r.by not in ("human", None):
                continue
            g = c.option_index(r.event or "", r.option or "")
            ce = c.events[c.options[g].event]
            ev = c.model.events[c.options[g].event]
            hist = next((c.options[k] for k in ce.options if c.options[k].historical), None)
            hist_text = (n.text(ev.options[hist.local].text) if hist is not None else None)
            decisions.append(Decision(t.date(c.dates[r.turn - 1]), n.text(ev.title),
                                      n.text(ev.options[c.options[g].local].text),
                                      c.options[g].kind, hist_text,
                                      hist is not None and hist.index == g))
        hist_end = next((e for e in c.model.endings if e.historical), None)
        sources: tuple[str, ...] = ()
        htext = None
        if c.model.debrief is not None:
            htext = n.text(c.model.debrief.text)
            sources = tuple(", ".join(x for x in (s.author, s.title,
                                                  str(s.year) if s.year else None, s.url) if x)
                            for s in c.model.debrief.sources)
        return Debrief(title, text, outcome.ending == WAR, scores, chart, tuple(decisions),
                       n.text(hist_end.title) if hist_end else None, htext, sources)

    def replayed(self, game: Game) -> tuple[list[tuple[str, str]], str]:
        """'Your strategy replayed 10,000 times': (ending, share) pairs and the war rate."""
        c = self.c
        policy = scripted(c, dict(game.choices), name="player")
        stats = summarize(simulate(c, REPLAYS, game.seed, {s: policy for s in game.humans}))
        rows = [(self.n.ending(e)[0], self.t.percent(share))
                for e, share in sorted(stats["endings"].items(), key=lambda kv: -kv[1])]
        return rows, self.t.percent(stats["war_rate"])
