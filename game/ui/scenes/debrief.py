"""The debrief: how it ended and why, the scores explained, tension over time, your decisions
against history, the strategy replayed, and what really happened."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game import present
from game.present.build import historical_path, replay
from game.present.model import Replay
from game.session import Session
from game.ui.chart import draw_chart, legend_height
from game.ui.commands import Command
from game.ui.scene import Scene
from game.ui.text import line_height
from game.ui.theme import INK, INK_SOFT, STAMP
from game.ui.widgets import SCROLL_KINDS, Block, Button, FocusGroup, ScrollView, panel

if TYPE_CHECKING:
    from game.ui.app import App

REPLAYS = 10_000


#: Scrolling keys (the wheel scrolls the column under the pointer instead).
KEY_SCROLLS = tuple(k for k in SCROLL_KINDS if k != "scroll")


class DebriefScene(Scene):
    """The end of a game. Both columns scroll: the wheel scrolls the one under the pointer;
    arrows and Page Up/Down read the left one and then the right one, Home/End both."""

    name = "debrief"

    def __init__(self, app: App, session: Session) -> None:
        super().__init__(app)
        self.session = session
        game = session.game
        self.hist_path = historical_path(game.scenario, game.seed)
        self.replay: Replay | None = None
        self._lang = ""
        self.summary = ScrollView()
        self.pages = ScrollView()
        self.group = FocusGroup([Button("")])
        app.sounds.play("bell")

    def build(self) -> None:
        """The model in the current language (the replays are computed once)."""
        t = self.app.t
        self._lang = t.lang
        self.model = present.debrief(self.session.game, t, runs=0, historical=self.hist_path)
        self.replay = replay(self.session.game, t, REPLAYS)

    def layout(self) -> None:
        if self._lang != self.app.t.lang:
            self.build()
        w, h = self.app.size
        m = self.app.metrics
        pad = m.pad
        d = self.model
        self.group.buttons[0].label = self.app.t("Back to the title screen")
        half = w // 2
        bh = int(m.text * 2.2)
        self.group.buttons[0].rect = pygame.Rect(half + pad, h - bh - pad, half - 2 * pad, bh)
        chart_h = max(int(h * 0.42), legend_height(d.chart, m.small, half - 3 * pad)
                      + 9 * line_height(m.small))
        self.chart = pygame.Rect(pad, h - chart_h - pad, half - 2 * pad, chart_h)
        self.summary.rect = pygame.Rect(pad, pad, half - 2 * pad, self.chart.y - 2 * pad)
        self.pages.rect = pygame.Rect(half + pad, pad, half - 2 * pad,
                                      self.group.buttons[0].rect.y - 2 * pad)
        lh = line_height(m.text)
        summary = [Block(d.title, m.title, STAMP if d.war else INK, bold=True),
                   Block(d.explanation, m.text, INK, bold=True, gap=lh // 4),
                   Block(d.text, m.text, INK, gap=lh // 4),
                   Block("  ·  ".join(f"{s.name} {s.text}" for s in d.scores), m.text, INK,
                         bold=True, gap=lh // 2),
                   Block(d.score_note, m.small, INK_SOFT, gap=lh // 6)]
        self.summary.set_blocks(summary, keep_offset=True)
        self.pages.set_blocks(self._pages(), keep_offset=True)

    def _pages(self) -> list[Block]:
        m = self.app.metrics
        t = self.app.t
        d = self.model
        s, lh = m.text, line_height(m.text)
        out: list[Block] = [Block(d.decisions_heading, s, STAMP, bold=True)]
        for row in d.decisions:
            out.append(Block(f"{row.date} — {row.event}", s, INK, bold=True, gap=lh // 2))
            out.append(Block(t("You: [{kind}] {choice}", kind=row.kind_label, choice=row.choice),
                             s, INK, indent=s))
            if row.as_history:
                hist = t("History: the same choice.")
            elif row.history == t("No such decision in history."):
                hist = row.history
            else:
                hist = t("History: {choice}", choice=row.history)
            out.append(Block(hist, s, INK, indent=s))
            if row.followed:
                out.append(Block(t("Then: {what}", what=row.followed), s, INK_SOFT, indent=s))
        if self.replay is not None:
            r = self.replay
            out.append(Block(r.heading, s, STAMP, bold=True, gap=lh))
            for e in r.endings:
                out.append(Block(t("{name}: {value}", name=e.title, value=e.share_text), s,
                                 INK, indent=s))
            out.append(Block(r.war_text, s, STAMP, bold=True))
        if d.history_text or d.history_title:
            out.append(Block(d.history_heading, s, STAMP, bold=True, gap=lh))
            if d.history_title:
                out.append(Block(d.history_title, s, INK, bold=True))
            out.append(Block(d.history_text, s, INK, gap=lh // 4))
        if d.documents:
            out.append(Block(t("Documents"), s, STAMP, bold=True, gap=lh))
            for doc in d.documents:
                author = t("{name}: {value}", name=doc.author, value=doc.title)
                out.append(Block(f"{doc.date} — {author}", s, INK, bold=True, gap=lh // 3))
                out.append(Block(doc.source, m.small, INK_SOFT, indent=s))
        if d.sources:
            out.append(Block(t("Sources"), s, STAMP, bold=True, gap=lh))
            for src in d.sources:
                out.append(Block("– " + src, m.small, INK_SOFT, gap=lh // 6))
        if d.discussion:
            out.append(Block(t("For discussion"), s, STAMP, bold=True, gap=lh))
            for i, q in enumerate(d.discussion, 1):
                out.append(Block(f"{i}. {q}", s, INK, gap=lh // 4))
        return out

    def process(self, cmd: Command) -> None:
        k = cmd.kind
        if k == "back":
            self.finish()
        elif k == "help":
            from game.ui.scenes.help import open_help

            open_help(self.app, self.session.scenario)
        elif k == "scroll":
            pos = self.app.pointer
            view = self.summary if self.summary.rect.collidepoint(pos) else self.pages
            view.process(k, cmd.value)
        elif k in KEY_SCROLLS:
            self.read(k)
        elif self._bar_click(cmd):
            pass
        else:
            result = self.group.process(k, cmd.value)
            if result and result[0] == "activate":
                self.finish()

    def read(self, k: str) -> None:
        """Scrolling keys read the two columns as one page: down the left one (the ending,
        the scores and what they mean) and then down the right one; back up the right one,
        then up the left one."""
        left, right = self.summary, self.pages
        if k in ("home", "end"):
            left.process(k)
            right.process(k)
        elif k in ("down", "page_down"):
            (right if left.offset >= left.max_offset() else left).process(k)
        else:
            (left if right.offset <= 0 else right).process(k)

    def _bar_click(self, cmd: Command) -> bool:
        return cmd.kind == "click" and isinstance(cmd.value, tuple) and (
            self.pages.bar_click(cmd.value) or self.summary.bar_click(cmd.value))

    def finish(self) -> None:
        """Back to the title screen."""
        from game.ui.scenes.title import TitleScene

        scenes = self.app.stack.scenes
        title = next((s for s in scenes if isinstance(s, TitleScene)), None)
        if title is None:
            self.app.replace(TitleScene(self.app))
            return
        self.app.pop_to(title)

    def draw(self, surface: pygame.Surface) -> None:
        m = self.app.metrics
        log = self.app.text_log
        self.summary.draw(surface, log)
        panel(surface, self.chart, width=1)
        draw_chart(surface, self.chart.inflate(-2 * m.pad, -m.pad), log, self.model.chart,
                   m.small)
        panel(surface, self.pages.rect, width=1)
        self.pages.draw(surface, log)
        self.group.draw(surface, log, m.text)
