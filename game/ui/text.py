"""Drawing text into boxes: wrapping, fitting by shrinking, and a record of what was drawn."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pygame

from game.ui.theme import INK, Color, font


@dataclass(frozen=True)
class TextBox:
    """A piece of text drawn: where it landed, the box it had to fit, whether it overflowed."""

    text: str
    rect: pygame.Rect
    box: pygame.Rect
    overflow: bool


class TextLog:
    """The text drawn in the current frame (tests read it to check that text fits)."""

    def __init__(self) -> None:
        self.items: list[TextBox] = []

    def clear(self) -> None:
        """Forget the last frame."""
        self.items.clear()

    def add(self, item: TextBox) -> None:
        """Record one piece of text."""
        self.items.append(item)

    def texts(self) -> list[str]:
        """Every text drawn this frame."""
        return [i.text for i in self.items]


@lru_cache(maxsize=256)
def render(text: str, size: int, width: int, color: Color = INK, family: str = "sans",
           bold: bool = False) -> pygame.Surface:
    """Render `text` wrapped to `width` pixels (newlines start new lines); cached, since the
    same texts are drawn frame after frame. Callers must not draw on the result."""
    f = font(size, family, bold)
    return f.render(text, True, color, None, max(0, width))


def fits(text: str, size: int, box: pygame.Rect, family: str = "sans", bold: bool = False) -> bool:
    """Whether `text` wrapped to the box's width fits its height and width."""
    surf = render(text, size, box.width, family=family, bold=bold)
    return surf.get_height() <= box.height and surf.get_width() <= box.width


def fit_size(text: str, box: pygame.Rect, size: int, min_size: int, family: str = "sans",
             bold: bool = False) -> int:
    """The largest size from `size` down to `min_size` at which the text fits the box."""
    s = size
    while s > min_size and not fits(text, s, box, family, bold):
        s = max(min_size, int(s * 0.9))
    return s


def draw_text(surface: pygame.Surface, log: TextLog | None, text: str, box: pygame.Rect,
              size: int, color: Color = INK, *, family: str = "sans", bold: bool = False,
              align: str = "left", valign: str = "top", min_size: int | None = None,
              clip: pygame.Rect | None = None) -> pygame.Rect:
    """Draw text wrapped in `box`, shrinking down to `min_size` if needed; returns its rect.

    Text that still does not fit is cut at the box and recorded as an overflow.
    """
    if not text:
        return pygame.Rect(box.x, box.y, 0, 0)
    if min_size is not None:
        size = fit_size(text, box, size, min_size, family, bold)
    surf = render(text, size, box.width, color, family, bold)
    w, h = surf.get_size()
    x = box.x + {"left": 0, "center": (box.width - w) // 2, "right": box.width - w}[align]
    y = box.y + {"top": 0, "middle": (box.height - h) // 2, "bottom": box.height - h}[valign]
    rect = pygame.Rect(x, max(box.y, y), w, h)
    overflow = h > box.height or w > box.width
    area = rect.clip(box)
    if clip is not None:
        area = area.clip(clip)
    if area.width > 0 and area.height > 0:
        surface.blit(surf, area.topleft, area.move(-rect.x, -rect.y))
    if log is not None:
        log.add(TextBox(text, rect if not overflow else rect.clip(box).union(rect), box,
                        overflow))
    return rect.clip(box)


def line(surface: pygame.Surface, log: TextLog | None, text: str, pos: tuple[int, int],
         size: int, color: Color = INK, *, family: str = "sans", bold: bool = False,
         bounds: pygame.Rect | None = None) -> pygame.Rect:
    """Draw one line of text at `pos` (kept inside `bounds` if given); returns its rect."""
    surf = render(text, size, 0, color, family, bold)
    rect = surf.get_rect(topleft=pos)
    if bounds is not None:
        rect.clamp_ip(bounds)
    surface.blit(surf, rect)
    if log is not None:
        box = bounds if bounds is not None else rect
        log.add(TextBox(text, rect, box, not box.contains(rect)))
    return rect
