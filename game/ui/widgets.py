"""Small widgets drawn by hand: buttons, a focus ring, panels and a scrolling text list.

Hand-written rather than pygame_gui: keyboard focus (Tab, arrows, digits) must reach every
control, and tests check every text box, which needs layout we fully control.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from game.ui.text import TextLog, draw_text
from game.ui.theme import FOCUS, INK, INK_SOFT, PAPER, PAPER_DARK, Color, font


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


def wrap(text: str, size: int, width: int, bold: bool = False) -> list[str]:
    """Break text into lines no wider than `width` pixels (newlines and indents kept)."""
    f = font(size, "sans", bold)
    out: list[str] = []
    for para in text.split("\n"):
        indent = " " * (len(para) - len(para.lstrip(" ")))
        line = ""
        for word in para.split():
            candidate = f"{line} {word}" if line else indent + word
            if line and f.size(candidate)[0] > width:
                out.append(line)
                line = indent + word
            else:
                line = candidate
        out.append(line)
    return out


class ScrollList:
    """Lines of text in a box, scrolled by wheel, arrows or page keys; sticks to the end.

    Items are wrapped into visual lines, so a long paragraph scrolls line by line.
    """

    def __init__(self) -> None:
        self.lines: list[tuple[str, Color, bool]] = []
        self.offset = 0
        self.follow = True
        self.rect = pygame.Rect(0, 0, 0, 0)
        self._visual: list[tuple[str, Color, bool]] = []
        self._key: tuple[int, int, int] = (0, 0, 0)

    def set_lines(self, lines: list[tuple[str, Color, bool]]) -> None:
        """Replace the content (text, colour, bold)."""
        self.lines = lines
        self._key = (0, 0, 0)

    def visual(self, size: int) -> list[tuple[str, Color, bool]]:
        """The wrapped lines for a text size (cached)."""
        key = (size, self.rect.width, len(self.lines))
        if key != self._key:
            self._key = key
            self._visual = [(part, color, bold) for text, color, bold in self.lines
                            for part in wrap(text, size, max(1, self.rect.width - 8), bold)]
        return self._visual

    def per_page(self, size: int) -> int:
        """How many lines fit in the box."""
        return max(1, (self.rect.height - 8) // font(size).get_linesize())

    def scroll(self, lines: int, size: int) -> None:
        """Scroll by a number of lines (negative: towards the start)."""
        last = max(0, len(self.visual(size)) - self.per_page(size))
        self.offset = max(0, min(last, self.offset + lines))
        self.follow = self.offset >= last

    def draw(self, surface: pygame.Surface, log: TextLog | None, size: int) -> None:
        """Draw the visible lines."""
        lines = self.visual(size)
        page = self.per_page(size)
        if self.follow:
            self.offset = max(0, len(lines) - page)
        height = font(size).get_linesize()
        y = self.rect.y + 4
        for text, color, bold in lines[self.offset:self.offset + page]:
            box = pygame.Rect(self.rect.x + 4, y, self.rect.width - 8, height)
            draw_text(surface, log, text or " ", box, size, color, bold=bold)
            y += height
        if self.offset > 0:
            pygame.draw.polygon(surface, INK_SOFT, [(self.rect.right - 14, self.rect.y + 10),
                                                    (self.rect.right - 6, self.rect.y + 10),
                                                    (self.rect.right - 10, self.rect.y + 4)])
        if self.offset + page < len(lines):
            b = self.rect.bottom
            pygame.draw.polygon(surface, INK_SOFT, [(self.rect.right - 14, b - 10),
                                                    (self.rect.right - 6, b - 10),
                                                    (self.rect.right - 10, b - 4)])


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
