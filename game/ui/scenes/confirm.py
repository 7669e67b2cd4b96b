"""Boxes over the current screen: a yes/no question, a message, a page to read, a menu."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from game.ui.commands import Command
from game.ui.scene import Scene
from game.ui.text import draw_text, line_height, text_height
from game.ui.theme import INK, PAPER, STAMP
from game.ui.widgets import Block, Button, FocusGroup, ScrollView, panel

if TYPE_CHECKING:
    from game.ui.app import App


def _dim(surface: pygame.Surface) -> None:
    shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    shade.fill((20, 20, 24, 140))
    surface.blit(shade, (0, 0))


class ConfirmScene(Scene):
    """Asks a question; Yes runs `on_yes`, No (or Esc) closes it. No has the focus at first,
    so a blind Enter changes nothing."""

    name = "confirm"
    opaque = False

    def __init__(self, app: App, question: str, on_yes: Callable[[], None]) -> None:
        super().__init__(app)
        self.question = question
        self.on_yes = on_yes
        self.group = FocusGroup([Button(app.t("Yes")), Button(app.t("No"))], horizontal=True,
                                focus=1)

    def layout(self) -> None:
        w, h = self.app.size
        m = self.app.metrics
        width = min(w - 4 * m.pad, 34 * m.text)
        self.text_h = text_height(self.question, m.text, width - 4 * m.pad)
        bw, bh = 7 * m.text, 2 * m.text
        self.box = pygame.Rect(0, 0, width, self.text_h + bh + 7 * m.pad)
        self.box.center = (w // 2, h // 2)
        y = self.box.bottom - bh - 2 * m.pad
        self.group.buttons[0].rect = pygame.Rect(self.box.centerx - bw - m.pad, y, bw, bh)
        self.group.buttons[1].rect = pygame.Rect(self.box.centerx + m.pad, y, bw, bh)

    def process(self, cmd: Command) -> None:
        if _chosen(self.app, self.group, cmd) == 0:
            self.on_yes()

    def draw(self, surface: pygame.Surface) -> None:
        _dim(surface)
        m = self.app.metrics
        panel(surface, self.box, PAPER, STAMP, 3)
        text_box = pygame.Rect(self.box.x + 2 * m.pad, self.box.y + 2 * m.pad,
                               self.box.width - 4 * m.pad, self.text_h)
        draw_text(surface, self.app.text_log, self.question, text_box, m.text, INK,
                  align="center")
        self.group.draw(surface, self.app.text_log, m.text)


class ReaderScene(Scene):
    """A titled page of text that scrolls (help, documents, glossary, errors); Enter, Esc or
    the button closes it."""

    name = "reader"
    opaque = False

    def __init__(self, app: App, title: str, blocks: list[Block] | None = None) -> None:
        super().__init__(app)
        self.title = title
        self.view = ScrollView()
        self.source = blocks or []
        self.ok = FocusGroup([Button(app.t("Close"))])

    def blocks(self) -> list[Block]:
        """The page's content at the current text sizes (scenes may rebuild it)."""
        return self.source

    def layout(self) -> None:
        w, h = self.app.size
        m = self.app.metrics
        self.box = pygame.Rect(0, 0, min(w - 2 * m.pad, max(w * 4 // 5, 40 * m.text)),
                               h - 4 * m.pad)
        self.box.center = (w // 2, h // 2)
        self.title_box = pygame.Rect(self.box.x + 2 * m.pad, self.box.y + m.pad,
                                     self.box.width - 4 * m.pad, 0)
        self.title_box.height = text_height(self.title, m.text, self.title_box.width, bold=True)
        bh = 2 * m.text
        self.ok.buttons[0].rect = pygame.Rect(self.box.centerx - 5 * m.text,
                                              self.box.bottom - bh - m.pad, 10 * m.text, bh)
        self.view.rect = pygame.Rect(self.box.x + 2 * m.pad, self.title_box.bottom + m.pad,
                                     self.box.width - 3 * m.pad,
                                     self.ok.buttons[0].rect.y - self.title_box.bottom - 2 * m.pad)
        self.view.set_blocks(self.blocks(), keep_offset=True)

    def process(self, cmd: Command) -> None:
        if cmd.kind in ("back", "confirm"):
            self.app.pop()
        elif cmd.kind == "click" and isinstance(cmd.value, tuple):
            if self.ok.process(cmd.kind, cmd.value):
                self.app.pop()
            else:
                self.view.bar_click(cmd.value)
        elif cmd.kind == "point":
            self.ok.process(cmd.kind, cmd.value)
        else:
            self.view.process(cmd.kind, cmd.value)

    def draw(self, surface: pygame.Surface) -> None:
        _titled_panel(surface, self.app, self.box, self.title, self.title_box)
        self.view.draw(surface, self.app.text_log)
        self.ok.draw(surface, self.app.text_log, self.app.metrics.text)


def sections_blocks(m: object, sections: list[tuple[str, str]]) -> list[Block]:
    """Headings and paragraphs as blocks at the metrics' sizes."""
    size = m.text  # type: ignore[attr-defined]
    out: list[Block] = []
    for i, (heading, text) in enumerate(sections):
        if heading:
            out.append(Block(heading, size, STAMP, bold=True, gap=size if i else 0))
        out.append(Block(text, size, INK, gap=line_height(size) // 4))
    return out


class MessageScene(ReaderScene):
    """A titled list of lines (such as a scenario's errors), closed with Enter or Esc."""

    name = "message"

    def __init__(self, app: App, title: str, lines: list[str]) -> None:
        super().__init__(app, title)
        self.lines = lines

    def blocks(self) -> list[Block]:
        size = self.app.metrics.small
        return [Block(x, size, INK, gap=size // 3) for x in self.lines]


class MenuScene(Scene):
    """A short menu over the current screen: each entry runs its action; Esc closes it."""

    name = "menu"
    opaque = False

    def __init__(self, app: App, title: str,
                 entries: list[tuple[str, Callable[[], None]]]) -> None:
        super().__init__(app)
        self.title = title
        self.actions = [a for _, a in entries]
        self.group = FocusGroup([Button(label) for label, _ in entries], focus=0)

    def layout(self) -> None:
        w, h = self.app.size
        m = self.app.metrics
        width = min(w - 4 * m.pad, 24 * m.text)
        inner = width - 4 * m.pad
        heights = [b.height_for(m.text, inner) for b in self.group.buttons]
        title_h = text_height(self.title, m.text, inner, bold=True)
        total = title_h + sum(heights) + m.pad * (len(heights) + 5)
        self.box = pygame.Rect(0, 0, width, min(h - 2 * m.pad, total))
        self.box.center = (w // 2, h // 2)
        self.title_box = pygame.Rect(self.box.x + 2 * m.pad, self.box.y + 2 * m.pad, inner,
                                     title_h)
        y = self.title_box.bottom + m.pad
        for b, bh in zip(self.group.buttons, heights, strict=True):
            b.rect = pygame.Rect(self.title_box.x, y, inner, bh)
            y += bh + m.pad

    def process(self, cmd: Command) -> None:
        k = _chosen(self.app, self.group, cmd)
        if k is not None:
            self.actions[k]()

    def draw(self, surface: pygame.Surface) -> None:
        _titled_panel(surface, self.app, self.box, self.title, self.title_box)
        self.group.draw(surface, self.app.text_log, self.app.metrics.text)


def _chosen(app: App, group: FocusGroup, cmd: Command) -> int | None:
    """The button of a dialog that `cmd` activates, the dialog closed; Esc only closes it."""
    if cmd.kind == "back":
        app.pop()
        return None
    result = group.process(cmd.kind, cmd.value)
    if result and result[0] == "activate":
        app.pop()
        return result[1]
    return None


def _titled_panel(surface: pygame.Surface, app: App, box: pygame.Rect, title: str,
                  title_box: pygame.Rect) -> None:
    """The dimmed screen, a dialog's panel and its title."""
    _dim(surface)
    panel(surface, box, PAPER, STAMP, 3)
    draw_text(surface, app.text_log, title, title_box, app.metrics.text, STAMP, bold=True)
