"""The turn result: a teletype dispatch of what happened after a decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.engine.records import Record
from game.narrate import Narrator
from game.session import Session
from game.ui.commands import Command
from game.ui.scene import Scene
from game.ui.text import draw_text, fit_size
from game.ui.theme import INK, PAPER, STAMP
from game.ui.widgets import Button, FocusGroup, panel

if TYPE_CHECKING:
    from game.ui.app import App

CHARS_PER_SECOND = 400.0


class ResultScene(Scene):
    """Shown over the crisis screen's right column; Enter goes on."""

    name = "result"
    opaque = False

    def __init__(self, app: App, session: Session, records: list[Record],
                 area: pygame.Rect | None = None) -> None:
        super().__init__(app)
        self.session = session
        n = Narrator(session.scenario, app.t, session.game.humans)
        self.lines = [line for r in records for line in n.describe(r)]
        self.text = "\n".join(self.lines)
        self.shown = 0.0
        self.area = area
        self.group = FocusGroup([Button("")])
        if any(r.kind == "incident" for r in records):
            app.sounds.play("alarm")
        else:
            app.sounds.play("type")

    def layout(self) -> None:
        w, h = self.app.size
        m = self.app.metrics
        self.box = self.area.copy() if self.area else pygame.Rect(w // 6, h // 8, w * 2 // 3,
                                                                  h * 3 // 4)
        over = self.session.game.is_over()
        self.group.buttons[0].label = self.app.t("See the debrief") if over \
            else self.app.t("Continue")
        bh = int(m.text * 2.2)
        self.group.buttons[0].rect = pygame.Rect(self.box.x + 2 * m.pad,
                                                 self.box.bottom - bh - 2 * m.pad,
                                                 self.box.width - 4 * m.pad, bh)
        self.head = pygame.Rect(self.box.x + 2 * m.pad, self.box.y + 2 * m.pad,
                                self.box.width - 4 * m.pad, int(m.text * 1.5))
        self.body = pygame.Rect(self.head.x, self.head.bottom + m.pad, self.head.width,
                                self.group.buttons[0].rect.y - self.head.bottom - 2 * m.pad)

    def update(self, dt: float) -> bool:
        if self.shown < len(self.text):
            self.shown = min(len(self.text), self.shown + dt * CHARS_PER_SECOND)
            return True
        return False

    def process(self, cmd: Command) -> None:
        if cmd.kind in ("confirm", "back", "click") and self.shown < len(self.text):
            self.shown = len(self.text)
            return
        result = self.group.process(cmd.kind, cmd.value)
        if (result and result[0] == "activate") or cmd.kind == "back":
            self.done()

    def done(self) -> None:
        """Back to the crisis, or on to the debrief when the game is over."""
        from game.ui.scenes.debrief import DebriefScene

        self.app.pop()
        if self.session.game.is_over():
            self.app.pop()
            self.app.push(DebriefScene(self.app, self.session))

    def draw(self, surface: pygame.Surface) -> None:
        m = self.app.metrics
        log = self.app.text_log
        panel(surface, self.box, PAPER, STAMP, 3)
        draw_text(surface, log, self.app.t("DISPATCH"), self.head, m.text, STAMP, bold=True,
                  family="mono", min_size=m.small)
        # The whole text decides the size, so that it does not jump while it types out.
        size = fit_size(self.text, self.body, m.text, 8, "mono")
        draw_text(surface, log, self.text[: int(self.shown)] or " ", self.body, size, INK,
                  family="mono")
        self.group.draw(surface, log, m.text)
