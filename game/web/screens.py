"""What the browser pages show, from the shared presentation model (`game.present`), with the
few things only the browser needs: the map and chart as SVG, the scenario list before a game,
and what a student may read of their partner's moves in a pair game."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from game import present
from game.engine.game import Game
from game.engine.records import Record
from game.i18n import Translator
from game.narrate import Narrator
from game.present import model as m
from game.present.build import replay
from game.scenario.tables import Compiled
from game.sim.svgchart import FONT, Series, line_chart
from game.web.svgmap import Frame, overlay


@dataclass(frozen=True)
class MapSvg:
    """The map of a page: the base map's size, the overlay's SVG and the legend."""

    width: int
    height: int
    svg: str
    legend: tuple[str, ...]
    title: str


class Screens:
    """The pages' content for one scenario, in one language."""

    def __init__(self, c: Compiled, lang: str) -> None:
        self.c = c
        self.t = Translator(lang)
        self.n = Narrator(c, self.t)

    # -- before a game -------------------------------------------------------------------
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

    # -- the game's screens --------------------------------------------------------------
    def briefing(self, game: Game, side: str) -> m.Briefing:
        """The side's briefing."""
        return present.briefing(game, side, self.t)

    def crisis(self, game: Game, side: str, last: int = 8) -> m.Crisis:
        """The crisis screen for `side`; the card only when the decision is that side's; the
        log's `last` records as `side` may read them."""
        view = present.crisis(game, side, self.t)
        mine = game.pending is not None and game.pending.side == side
        return replace(view, card=view.card if mine else None,
                       log=self.lines(game, game.history[-last:], side))

    def map(self, view: m.MapView) -> MapSvg:
        """The map as SVG over the scenario's base map."""
        f = Frame.of_box((view.west, view.south, view.east, view.north))
        return MapSvg(f.width, f.height, overlay(view), tuple(e.text for e in view.legend),
                      view.legend_title)

    def dispatch(self, game: Game, records: Sequence[Record], side: str) -> m.Dispatch:
        """What happened since the student last looked."""
        view = present.dispatch(game, records, self.t)
        return replace(view, lines=self.lines(game, records, side))

    def lines(self, game: Game, records: Sequence[Record], side: str) -> tuple[m.LogLine, ...]:
        """Records as log lines for the player of `side`.

        In a game two people play, the partner's moves are told with their option's `report:`
        (the scenario's third-person account), during the game and after it; while the game
        goes on, a move without one shows only as "X has decided" and what it did to world
        tension, and so do its chance results: which option the partner took is theirs to know
        until the end.
        """
        partners = () if game.is_over() else tuple(s for s in game.humans if s != side)
        # The partner's moves are told in the third person (report:) even after the end.
        n = Narrator(self.c, self.t, (side,))
        out: list[m.LogLine] = []
        for r in records:
            if partners and self._secret(r, partners):
                if r.kind == "decision":
                    out.append(m.LogLine(self.t("{side} has decided.",
                                                side=n.side_name(r.side or "")),
                                         "decision", r.turn))
                if "tension" in r.changes:
                    out.append(m.LogLine("  " + n.changes({"tension": r.changes["tension"]}),
                                         "detail", r.turn))
                continue
            out += present.log_lines(n, [r])
        return tuple(out)

    def _secret(self, r: Record, partners: tuple[str, ...]) -> bool:
        """Whether a record is a partner's move (or its chance result) without a report."""
        if r.kind not in ("decision", "outcome") or r.incident is not None or not r.option:
            return False
        c = self.c
        g = c.option_index(r.event or "", r.option)
        side = c.sides[c.events[c.options[g].event].side]
        return side in partners and self.n.option_model(r.event or "", r.option).report is None

    def debrief(self, game: Game, side: str, historical: Sequence[float | None]
                ) -> m.Debrief:
        """The debrief from `side`'s point of view, with the historical choices' mean path
        (`present.historical_path`, computed once per scenario by the caller); the replays
        are asked for separately."""
        return present.debrief(game, self.t, runs=0, side=side, historical=historical)

    def chart(self, chart: m.Chart) -> str:
        """The debrief's tension chart as SVG: the game and the historical choices' path."""
        labels = [p.axis for p in chart.points] + [""] * max(0, chart.turns + 1
                                                               - len(chart.points))
        n = len(labels)
        step = -(-n // 7)  # about seven dates along the axis, so they never run together
        labels = [x if i % step == 0 else "" for i, x in enumerate(labels)]
        game = tuple(p.tension for p in chart.points)
        hist = tuple(chart.historical[:n])
        legend = dict(chart.legend)
        svg = line_chart([Series(legend.get("historical", ""), hist + (None,) * (n - len(hist)),
                                 color="#56b4e9", width=2),
                          Series(legend.get("game", ""), game + (None,) * (n - len(game)),
                                 color="#d55e00", width=3)], chart.title, labels, width=900)
        return svg.replace(f'style="{FONT}"', 'class="chart"')

    def replayed(self, game: Game) -> m.Replay:
        """'Your strategy replayed 10,000 times' (a second of work: run it in a thread)."""
        return replay(game, self.t)

    def documents(self, game: Game, side: str) -> tuple[m.Document, ...]:
        """The documents `side`'s player may read so far."""
        return tuple(d for d in present.documents(game, self.t, side=side) if d.unlocked)

    def glossary(self, first: str = "") -> tuple[m.Term, ...]:
        """The glossary, the terms of `first` (the card) first."""
        return present.glossary(self.c, self.t, first)

    def help(self) -> m.Help:
        """The help, with the browser's keys."""
        return present.help_view(self.t, self.c, mode="browser")
