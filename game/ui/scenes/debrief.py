"""The debrief: how it ended, tension over time, the strategy replayed, and real history."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np
import pygame

from game.narrate import Narrator
from game.session import Session
from game.sim.batch import simulate
from game.sim.policies import historical, scripted
from game.sim.stats import summarize
from game.ui.chart import draw_chart
from game.ui.commands import Command
from game.ui.scene import Scene
from game.ui.text import draw_text
from game.ui.theme import INK, INK_SOFT, STAMP
from game.ui.widgets import Button, FocusGroup, ScrollList, panel

if TYPE_CHECKING:
    from game.ui.app import App

REPLAYS = 10_000


class DebriefScene(Scene):
    """The end of a game."""

    name = "debrief"

    def __init__(self, app: App, session: Session) -> None:
        super().__init__(app)
        self.session = session
        game = session.game
        c = session.scenario
        policy = scripted(c, dict(game.choices), name="player")
        self.replay = summarize(simulate(c, REPLAYS, game.seed, {s: policy for s in game.humans}))
        hist = simulate(c, 1000, game.seed, {s: historical(c) for s in c.sides})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # turns no game reached
            mean = np.nanmean(hist.path, axis=0)
        self.hist_path = [None if np.isnan(v) else float(v) for v in mean]
        self.decisions = []
        for r in game.history:
            if r.kind == "decision" and r.side in game.humans:
                self.decisions.append((r.turn, c.options[c.option_index(r.event, r.option)].kind))
        self.list = ScrollList()
        self.list.follow = False
        self.group = FocusGroup([Button("")])
        app.sounds.play("bell")

    def _lines(self) -> list[tuple[str, tuple[int, int, int], bool]]:
        t = self.app.t
        c = self.session.scenario
        n = Narrator(c, t, self.session.game.humans)
        out: list[tuple[str, tuple[int, int, int], bool]] = []
        out.append((t("Your strategy, replayed {n} times with other dice:",
                      n=t.integer(REPLAYS)), INK, True))
        for ending, share in sorted(self.replay["endings"].items(), key=lambda kv: -kv[1]):
            out.append(("  " + t("{name}: {value}", name=n.ending(ending)[0],
                                 value=t.percent(share)), INK, False))
        out.append((t("Nuclear war in {p} of them.", p=t.percent(self.replay["war_rate"])),
                    STAMP, True))
        out.append(("", INK, False))
        out.append((t("What really happened:"), INK, True))
        hist = [e for e in c.model.endings if e.historical]
        if hist:
            out.append((n.text(hist[0].title), INK, False))
        if c.model.debrief is not None:
            out.append((n.text(c.model.debrief.text, self.session.game), INK, False))
            if c.model.debrief.sources:
                out.append(("", INK, False))
                out.append((t("Sources:"), INK, True))
                for s in c.model.debrief.sources:
                    bits = [x for x in (s.author, s.title, str(s.year) if s.year else None,
                                        s.url) if x]
                    out.append(("– " + ", ".join(bits), INK_SOFT, False))
        return out

    def layout(self) -> None:
        w, h = self.app.size
        m = self.app.metrics
        self.group.buttons[0].label = self.app.t("Back to the title screen")
        half = w // 2
        self.head = pygame.Rect(2 * m.pad, 2 * m.pad, half - 3 * m.pad, int(m.title * 1.4))
        self.text_box = pygame.Rect(self.head.x, self.head.bottom + m.pad, self.head.width,
                                    int(h * 0.26))
        self.scores = pygame.Rect(self.head.x, self.text_box.bottom + m.pad, self.head.width,
                                  int(m.text * 2.6))
        self.chart = pygame.Rect(self.head.x, self.scores.bottom + m.pad, self.head.width,
                                 h - self.scores.bottom - 3 * m.pad)
        bh = int(m.text * 2.2)
        self.group.buttons[0].rect = pygame.Rect(half + m.pad, h - bh - 2 * m.pad,
                                                 half - 3 * m.pad, bh)
        self.list.rect = pygame.Rect(half + m.pad, 2 * m.pad, half - 3 * m.pad,
                                     self.group.buttons[0].rect.y - 3 * m.pad)
        self.list.set_lines(self._lines())

    def process(self, cmd: Command) -> None:
        m = self.app.metrics
        steps = {"down": 1, "up": -1, "page_down": 6, "page_up": -6}
        if cmd.kind in steps:
            self.list.scroll(steps[cmd.kind], m.text)
        elif cmd.kind == "scroll":
            self.list.scroll(int(cmd.value or 0) * 2, m.text)
        elif cmd.kind == "back":
            self.finish()
        else:
            result = self.group.process(cmd.kind, cmd.value)
            if result and result[0] == "activate":
                self.finish()

    def finish(self) -> None:
        """Back to the title screen."""
        from game.ui.scenes.title import TitleScene

        scenes = self.app.stack.scenes
        title = next((s for s in scenes if isinstance(s, TitleScene)), None)
        if title is None:
            self.app.replace(TitleScene(self.app))
            return
        while self.app.stack.top is not title:
            self.app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        m = self.app.metrics
        t = self.app.t
        log = self.app.text_log
        game = self.session.game
        n = Narrator(self.session.scenario, t, self.session.game.humans)
        outcome = game.outcome()
        assert outcome is not None
        title, text = n.ending(outcome.ending, self.session.game)
        draw_text(surface, log, title, self.head, m.title, STAMP if outcome.war else INK,
                  bold=True, min_size=m.text)
        draw_text(surface, log, text, self.text_box, m.text, INK, min_size=m.small)
        draw_text(surface, log, t("Scores: {scores}", scores=", ".join(
            f"{n.side_name(s)} {v:+.1f}" for s, v in outcome.scores.items())), self.scores,
            m.text, INK, min_size=8)
        draw_chart(surface, self.chart, log, t, m.small, game.tension_path, self.decisions,
                   self.hist_path, self.session.scenario.n_turns)
        panel(surface, self.list.rect, width=1)
        self.list.draw(surface, log, m.text)
        self.group.draw(surface, log, m.text)
