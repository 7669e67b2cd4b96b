"""A yes/no question over the current screen, and a message box."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from game.ui.commands import Command
from game.ui.scene import Scene
from game.ui.text import draw_text
from game.ui.theme import INK, PAPER, STAMP
from game.ui.widgets import Button, FocusGroup, ScrollList, panel

if TYPE_CHECKING:
    from game.ui.app import App


def _dim(surface: pygame.Surface) -> None:
    shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    shade.fill((20, 20, 24, 140))
    surface.blit(shade, (0, 0))


class ConfirmScene(Scene):
    """Asks a question; Yes runs `on_yes`, No (or Esc) closes it."""

    name = "confirm"
    opaque = False

    def __init__(self, app: App, question: str, on_yes: Callable[[], None]) -> None:
        super().__init__(app)
        self.question = question
        self.on_yes = on_yes
        self.group = FocusGroup([Button(app.t("Yes")), Button(app.t("No"))], horizontal=True)

    def layout(self) -> None:
        w, h = self.app.size
        m = self.app.metrics
        self.box = pygame.Rect(0, 0, min(w - 4 * m.pad, 34 * m.text), 9 * m.text)
        self.box.center = (w // 2, h // 2)
        bw, bh = 7 * m.text, 2 * m.text
        y = self.box.bottom - bh - 2 * m.pad
        self.group.buttons[0].rect = pygame.Rect(self.box.centerx - bw - m.pad, y, bw, bh)
        self.group.buttons[1].rect = pygame.Rect(self.box.centerx + m.pad, y, bw, bh)

    def process(self, cmd: Command) -> None:
        if cmd.kind == "back":
            self.app.pop()
            return
        result = self.group.process(cmd.kind, cmd.value)
        if result and result[0] == "activate":
            self.app.pop()
            if result[1] == 0:
                self.on_yes()

    def draw(self, surface: pygame.Surface) -> None:
        _dim(surface)
        m = self.app.metrics
        panel(surface, self.box, PAPER, STAMP, 3)
        text_box = pygame.Rect(self.box.x + 2 * m.pad, self.box.y + 2 * m.pad,
                               self.box.width - 4 * m.pad, 4 * m.text)
        draw_text(surface, self.app.text_log, self.question, text_box, m.text, INK,
                  align="center", min_size=m.small)
        self.group.draw(surface, self.app.text_log, m.text)


class MessageScene(Scene):
    """A titled list of lines (such as a scenario's errors), closed with Enter or Esc."""

    name = "message"
    opaque = False

    def __init__(self, app: App, title: str, lines: list[str]) -> None:
        super().__init__(app)
        self.title = title
        self.list = ScrollList()
        self.list.set_lines([(line, INK, False) for line in lines])
        self.list.follow = False
        self.ok = FocusGroup([Button(app.t("Close"))])

    def layout(self) -> None:
        w, h = self.app.size
        m = self.app.metrics
        self.box = pygame.Rect(0, 0, w * 4 // 5, h * 3 // 4)
        self.box.center = (w // 2, h // 2)
        self.title_box = pygame.Rect(self.box.x + 2 * m.pad, self.box.y + m.pad,
                                     self.box.width - 4 * m.pad, 2 * m.text)
        bh = 2 * m.text
        self.ok.buttons[0].rect = pygame.Rect(self.box.centerx - 4 * m.text,
                                              self.box.bottom - bh - m.pad, 8 * m.text, bh)
        self.list.rect = pygame.Rect(self.box.x + 2 * m.pad, self.title_box.bottom,
                                     self.box.width - 4 * m.pad,
                                     self.ok.buttons[0].rect.y - self.title_box.bottom - m.pad)

    def process(self, cmd: Command) -> None:
        m = self.app.metrics
        if cmd.kind in ("back", "confirm"):
            self.app.pop()
        elif cmd.kind in ("down", "up", "scroll", "page_down", "page_up"):
            step = {"down": 1, "up": -1, "page_down": 8, "page_up": -8}.get(cmd.kind)
            self.list.scroll(step if step is not None else int(cmd.value or 0) * 3, m.small)
        elif cmd.kind == "click" and self.ok.process(cmd.kind, cmd.value):
            self.app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        _dim(surface)
        m = self.app.metrics
        panel(surface, self.box, PAPER, STAMP, 3)
        draw_text(surface, self.app.text_log, self.title, self.title_box, m.text, STAMP,
                  bold=True, min_size=m.small)
        self.list.draw(surface, self.app.text_log, m.small)
        self.ok.draw(surface, self.app.text_log, m.text)
