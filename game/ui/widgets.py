"""Small widgets drawn by hand: buttons, a focus ring, panels and a scrolling text list.

Hand-written rather than pygame_gui: keyboard focus (Tab, arrows, digits) must reach every
control, and tests check every text box, which needs layout we fully control.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from game.ui.text import TextLog, draw_text, render
from game.ui.theme import FOCUS, INK, INK_SOFT, PAPER, PAPER_DARK, Color


def panel(surface: pygame.Surface, rect: pygame.Rect, fill: Color = PAPER,
          border: Color = INK_SOFT, width: int = 2) -> None:
    """A flat panel with a border."""
    pygame.draw.rect(surface, fill, rect)
    pygame.draw.rect(surface, border, rect, width)


@dataclass
class Button:
    """A clickable, focusable box with a label."""

    label: str
    rect: pygame.Rect = field(default_factory=pygame.Rect)
    enabled: bool = True
    color: Color = INK
    key: str = ""

    def inner(self, size: int) -> pygame.Rect:
        """The box its label must fit in."""
        return self.rect.inflate(-size, -size // 2)

    def draw(self, surface: pygame.Surface, log: TextLog | None, size: int, focused: bool,
             hovered: bool = False, fixed: bool = False) -> None:
        """Draw it; a thick blue ring shows keyboard focus. With `fixed`, the label is drawn
        at `size` (already fitted by the caller) rather than shrunk to fit on its own."""
        fill = PAPER_DARK if (focused or hovered) and self.enabled else PAPER
        pygame.draw.rect(surface, fill, self.rect, border_radius=4)
        pygame.draw.rect(surface, FOCUS if focused else INK_SOFT, self.rect,
                         4 if focused else 2, border_radius=4)
        color = self.color if self.enabled else INK_SOFT
        draw_text(surface, log, self.label, self.inner(size), size, color, align="center",
                  valign="middle", min_size=None if fixed else max(9, size * 2 // 3))


class ScrollList:
    """Lines of text in a box, scrolled by wheel, arrows or page keys; sticks to the end."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, Color, bool]] = []
        self.offset = 0
        self.follow = True
        self.rect = pygame.Rect(0, 0, 0, 0)
        self._heights: list[int] = []
        self._size = 0

    def set_lines(self, lines: list[tuple[str, Color, bool]]) -> None:
        """Replace the content (text, colour, bold)."""
        self.lines = lines
        self._heights = []

    def _measure(self, size: int) -> list[int]:
        if len(self._heights) != len(self.lines) or self._size != size:
            self._size = size
            self._heights = [render(t, size, max(1, self.rect.width - 8), bold=b).get_height()
                             for t, _, b in self.lines]
        return self._heights

    def scroll(self, lines: int, size: int) -> None:
        """Scroll by a number of lines (negative: towards the start)."""
        n = len(self.lines)
        self.offset = max(0, min(n - 1, self.offset + lines)) if n else 0
        self.follow = self.offset >= self._last_start(size)

    def _last_start(self, size: int) -> int:
        heights = self._measure(size)
        total = 0
        for i in range(len(heights) - 1, -1, -1):
            total += heights[i]
            if total > self.rect.height - 8:
                return i + 1
        return 0

    def draw(self, surface: pygame.Surface, log: TextLog | None, size: int) -> None:
        """Draw the visible lines."""
        if self.follow:
            self.offset = self._last_start(size)
        heights = self._measure(size)
        y = self.rect.y + 4
        bottom = self.rect.bottom - 4
        for i in range(self.offset, len(self.lines)):
            text, color, bold = self.lines[i]
            h = heights[i]
            if y + h > bottom:
                break
            draw_text(surface, log, text, pygame.Rect(self.rect.x + 4, y, self.rect.width - 8, h),
                      size, color, bold=bold)
            y += h
        if self.offset > 0:
            pygame.draw.polygon(surface, INK_SOFT, [(self.rect.right - 14, self.rect.y + 10),
                                                    (self.rect.right - 6, self.rect.y + 10),
                                                    (self.rect.right - 10, self.rect.y + 4)])


class FocusGroup:
    """Buttons that share a keyboard focus: arrows and Tab move it, Enter or a click activates.

    `process` returns ('activate', i), ('left', i), ('right', i) or None.
    """

    def __init__(self, buttons: list[Button] | None = None, horizontal: bool = False) -> None:
        self.buttons: list[Button] = buttons or []
        self.focus = 0
        self.hover = -1
        self.horizontal = horizontal

    def move(self, step: int) -> None:
        """Move the focus to the next enabled button."""
        n = len(self.buttons)
        for k in range(1, n + 1):
            i = (self.focus + step * k) % n
            if self.buttons[i].enabled:
                self.focus = i
                return

    def at(self, pos: tuple[int, int]) -> int:
        """Index of the button under a point, or -1."""
        for i, b in enumerate(self.buttons):
            if b.enabled and b.rect.collidepoint(pos):
                return i
        return -1

    def process(self, cmd_kind: str, value: object = None) -> tuple[str, int] | None:
        """Handle a command; see the class docstring."""
        if not self.buttons:
            return None
        back, fwd = ("left", "right") if self.horizontal else ("up", "down")
        if cmd_kind in ("next", fwd):
            self.move(1)
        elif cmd_kind in ("prev", back):
            self.move(-1)
        elif cmd_kind in ("left", "right"):
            return (cmd_kind, self.focus)
        elif cmd_kind == "confirm" and self.buttons[self.focus].enabled:
            return ("activate", self.focus)
        elif cmd_kind == "point" and isinstance(value, tuple):
            self.hover = self.at(value)
        elif cmd_kind == "click" and isinstance(value, tuple):
            i = self.at(value)
            if i >= 0:
                self.focus = i
                return ("activate", i)
        return None

    def draw(self, surface: pygame.Surface, log: TextLog | None, size: int) -> None:
        """Draw every button, the focused one with its ring."""
        for i, b in enumerate(self.buttons):
            b.draw(surface, log, size, i == self.focus, i == self.hover)
