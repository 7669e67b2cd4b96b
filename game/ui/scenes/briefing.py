"""The briefing: what the player's side knows before the first decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.present import briefing
from game.session import Session
from game.ui.commands import Command
from game.ui.scene import Scene
from game.ui.text import draw_text, line_height, text_height, text_width
from game.ui.theme import INK, INK_SOFT, PAPER_DARK, STAMP
from game.ui.widgets import Block, Button, FocusGroup, ScrollView, panel

if TYPE_CHECKING:
    from game.ui.app import App


class BriefingScene(Scene):
    """Shows the scenario's summary and the side's briefing (scrolling if long); Enter
    begins."""

    name = "briefing"

    def __init__(self, app: App, session: Session) -> None:
        super().__init__(app)
        self.session = session
        self.group = FocusGroup([Button(""), Button("")], horizontal=True, focus=1)
        self.view = ScrollView()

    def layout(self) -> None:
        w, h = self.app.size
        m = self.app.metrics
        t = self.app.t
        b = briefing(self.session.game, self.session.side, t)
        self.model = b
        self.group.buttons[1].label = b.begin
        self.group.buttons[0].label = t("Back")
        self.paper = pygame.Rect(w // 12, m.pad, w * 10 // 12, h - 2 * m.pad)
        inner = self.paper.inflate(-4 * m.pad, -2 * m.pad)
        bw = max(10 * m.text, *(text_width(x.label, m.text) + 2 * m.text
                                for x in self.group.buttons))
        bh = int(m.text * 2.2)
        y = self.paper.bottom - bh - m.pad
        self.group.buttons[1].rect = pygame.Rect(self.paper.centerx + m.pad, y, bw, bh)
        self.group.buttons[0].rect = pygame.Rect(self.paper.centerx - bw - m.pad, y, bw, bh)
        self.stamp = pygame.Rect(inner.x, inner.y, inner.width,
                                 text_height(b.stamp, m.text, inner.width, "mono", True))
        head = f"{b.title}\n{b.side_name}" + (f" — {b.leader}" if b.leader else "")
        self.head_text = head
        self.head = pygame.Rect(inner.x, self.stamp.bottom + m.pad // 2, inner.width,
                                text_height(head, m.title, inner.width, bold=True))
        self.view.rect = pygame.Rect(inner.x, self.head.bottom + m.pad, inner.width,
                                     y - self.head.bottom - 2 * m.pad)
        blocks = [Block(b.period, m.text, INK_SOFT), Block(b.summary, m.text, INK,
                                                           gap=line_height(m.text) // 2)]
        if b.briefing:
            blocks.append(Block(b.briefing, m.text, INK, gap=line_height(m.text) // 2))
        self.view.set_blocks(blocks, keep_offset=True)

    def process(self, cmd: Command) -> None:
        if cmd.kind == "back":
            self.app.pop()
            return
        if cmd.kind == "help":
            from game.ui.scenes.help import open_help

            open_help(self.app, self.session.scenario)
            return
        if self.view.process(cmd.kind, cmd.value):
            return
        if cmd.kind == "click" and isinstance(cmd.value, tuple) and \
                self.view.bar_click(cmd.value):
            return
        result = self.group.process(cmd.kind, cmd.value)
        if result and result[0] == "activate":
            if result[1] == 0:
                self.app.pop()
            else:
                self.begin()

    def begin(self) -> None:
        """Go to the crisis screen (or the debrief of a finished game)."""
        from game.ui.scenes.crisis import CrisisScene
        from game.ui.scenes.debrief import DebriefScene

        if self.session.game.is_over():
            self.app.push(DebriefScene(self.app, self.session))
        else:
            self.app.push(CrisisScene(self.app, self.session))

    def draw(self, surface: pygame.Surface) -> None:
        m = self.app.metrics
        log = self.app.text_log
        panel(surface, self.paper, PAPER_DARK, INK_SOFT, 2)
        draw_text(surface, log, self.model.stamp, self.stamp, m.text, STAMP, family="mono",
                  bold=True)
        draw_text(surface, log, self.head_text, self.head, m.title, INK, bold=True)
        self.view.draw(surface, log)
        self.group.draw(surface, log, m.text)
