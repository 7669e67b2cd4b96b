"""The briefing: what the player's side knows before the first decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.narrate import Narrator
from game.session import Session
from game.ui.commands import Command
from game.ui.scene import Scene
from game.ui.text import draw_text
from game.ui.theme import INK, INK_SOFT, PAPER_DARK, STAMP
from game.ui.widgets import Button, FocusGroup, panel

if TYPE_CHECKING:
    from game.ui.app import App


class BriefingScene(Scene):
    """Shows the scenario's summary and the side's briefing; Enter begins."""

    name = "briefing"

    def __init__(self, app: App, session: Session) -> None:
        super().__init__(app)
        self.session = session
        self.group = FocusGroup([Button(""), Button("")], horizontal=True)

    def layout(self) -> None:
        w, h = self.app.size
        m = self.app.metrics
        t = self.app.t
        self.group.buttons[0].label = t("Begin") if not self.session.game.choices \
            else t("Continue")
        self.group.buttons[1].label = t("Back")
        self.paper = pygame.Rect(w // 10, 2 * m.pad, w * 8 // 10, h - 4 * m.pad)
        bh = int(m.text * 2.2)
        bw = 10 * m.text
        y = self.paper.bottom - bh - 2 * m.pad
        self.group.buttons[0].rect = pygame.Rect(self.paper.centerx + m.pad, y, bw, bh)
        self.group.buttons[1].rect = pygame.Rect(self.paper.centerx - bw - m.pad, y, bw, bh)
        inner = self.paper.inflate(-6 * m.pad, -4 * m.pad)
        self.stamp = pygame.Rect(inner.x, inner.y, inner.width, int(m.text * 1.6))
        self.head = pygame.Rect(inner.x, self.stamp.bottom + m.pad, inner.width,
                                int(m.title * 2.4))
        self.body = pygame.Rect(inner.x, self.head.bottom + m.pad, inner.width,
                                y - self.head.bottom - 3 * m.pad)

    def process(self, cmd: Command) -> None:
        if cmd.kind == "back":
            self.app.pop()
            return
        result = self.group.process(cmd.kind, cmd.value)
        if result and result[0] == "activate":
            if result[1] == 1:
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
        t = self.app.t
        log = self.app.text_log
        c = self.session.scenario
        n = Narrator(c, t)
        panel(surface, self.paper, PAPER_DARK, INK_SOFT, 2)
        draw_text(surface, log, t("TOP SECRET — BRIEFING"), self.stamp, m.text, STAMP,
                  family="mono", bold=True, min_size=m.small)
        side = c.model.sides[c.side_index(self.session.side)]
        leader = f" — {n.text(side.leader)}" if side.leader else ""
        draw_text(surface, log, f"{n.text(c.model.title)}\n{n.text(side.name)}{leader}",
                  self.head, m.title, INK, bold=True, min_size=m.text)
        body = n.text(c.model.summary)
        if side.briefing is not None:
            body += "\n\n" + n.text(side.briefing)
        draw_text(surface, log, body, self.body, m.text, INK, family="mono", min_size=m.small)
        self.group.draw(surface, log, m.text)
