"""Drawing text: our own line breaker, bounded render caches, and a record of what was drawn.

Text is never shrunk to fit: boxes are sized from the measured text, and text that does not
fit a box scrolls (see widgets.ScrollView). Lines break only at ordinary spaces and newlines,
so French non-breaking spaces (U+00A0, U+202F) keep « », : ; ! ? with their words; a word
wider than the box is broken between characters. Only the lines that show are rendered.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import pygame

from game.ui.theme import INK, MIN_TEXT, Color, font

#: Rendered lines kept for the next frames, in bytes of pixels.
RENDER_CACHE_BYTES = 24 * 1024 * 1024
#: Wrapped texts kept, in characters.
WRAP_CACHE_CHARS = 400_000
#: At most this many lines come out of one text (scenario texts are far shorter).
MAX_LINES = 4000


@dataclass(frozen=True)
class TextBox:
    """A piece of text drawn: where it landed, the box it had to fit, whether it overflowed,
    and its size in pixels."""

    text: str
    rect: pygame.Rect
    box: pygame.Rect
    overflow: bool
    size: int = 0


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


class _Bounded:
    """A least-recently-used cache bounded by the total cost of its values."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.items: OrderedDict[object, tuple[object, int]] = OrderedDict()

    def get(self, key: object) -> object | None:
        hit = self.items.get(key)
        if hit is None:
            return None
        self.items.move_to_end(key)
        return hit[0]

    def put(self, key: object, value: object, cost: int) -> None:
        if cost > self.budget // 4:
            return  # too big to keep: drawn once, forgotten
        self.items[key] = (value, cost)
        self.used += cost
        while self.used > self.budget and self.items:
            _, (_, old) = self.items.popitem(last=False)
            self.used -= old

    def clear(self) -> None:
        self.items.clear()
        self.used = 0


_renders = _Bounded(RENDER_CACHE_BYTES)
_wraps = _Bounded(WRAP_CACHE_CHARS)


def clear_caches() -> None:
    """Forget rendered lines and wrapped texts (fonts of an earlier pygame session die)."""
    _renders.clear()
    _wraps.clear()


def render(text: str, size: int, color: Color = INK, family: str = "sans",
           bold: bool = False) -> pygame.Surface:
    """One line of text rendered (cached within a byte budget). Do not draw on the result."""
    key = (text, size, color, family, bold)
    surf = _renders.get(key)
    if surf is None:
        surf = font(size, family, bold).render(text, True, color)
        _renders.put(key, surf, surf.get_width() * surf.get_height() * 4 + 64)
    return surf  # type: ignore[return-value]


def _break_word(f: pygame.font.Font, word: str, width: int) -> list[str]:
    """A word too wide for the line, cut into pieces that fit (at least one character each)."""
    pieces = []
    avg = max(1, f.size("n")[0])
    while word:
        # Measure at most about two lines' worth of characters, never the whole word.
        hi = min(len(word), max(1, 2 * width // avg + 2))
        lo = 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if f.size(word[:mid])[0] <= width:
                lo = mid
            else:
                hi = mid - 1
        pieces.append(word[:lo])
        word = word[lo:]
        if len(pieces) >= MAX_LINES:
            break
    return pieces


def wrap_lines(text: str, size: int, width: int, family: str = "sans", bold: bool = False,
               max_lines: int = MAX_LINES) -> list[str]:
    """Break text into lines no wider than `width` pixels: at ordinary spaces and newlines
    only (never at U+00A0 or U+202F), long words cut between characters, leading spaces of a
    paragraph kept as its indent. Stops after `max_lines`."""
    key = (text, size, width, family, bold, max_lines)
    hit = _wraps.get(key)
    if hit is not None:
        return hit  # type: ignore[return-value]
    f = font(size, family, bold)
    width = max(1, width)
    out: list[str] = []
    for para in text.split("\n"):
        if len(out) >= max_lines:
            break
        stripped = para.lstrip(" ")
        indent = para[: len(para) - len(stripped)]
        line = ""
        for word in stripped.split(" "):
            if not word:
                continue
            candidate = f"{line} {word}" if line else indent + word
            if f.size(candidate)[0] <= width:
                line = candidate
                continue
            if line:
                out.append(line)
                line = ""
            if f.size(indent + word)[0] <= width:
                line = indent + word
            else:
                *full, line = _break_word(f, word, width)
                out.extend(full)
            if len(out) >= max_lines:
                break
        out.append(line)
    out = out[:max_lines]
    _wraps.put(key, out, sum(len(x) for x in out) + 16)
    return out


def line_height(size: int, family: str = "sans", bold: bool = False) -> int:
    """Distance between two lines of text."""
    return font(size, family, bold).get_linesize()


def text_height(text: str, size: int, width: int, family: str = "sans",
                bold: bool = False) -> int:
    """Height of `text` wrapped to `width`."""
    if not text:
        return 0
    return len(wrap_lines(text, size, width, family, bold)) * line_height(size, family, bold)


def text_width(text: str, size: int, family: str = "sans", bold: bool = False) -> int:
    """Width of one line of text."""
    return font(size, family, bold).size(text)[0]


def draw_lines(surface: pygame.Surface, log: TextLog | None, lines: list[str],
               box: pygame.Rect, size: int, color: Color = INK, *, family: str = "sans",
               bold: bool = False, align: str = "left", valign: str = "top",
               clip: pygame.Rect | None = None, record: str | None = None) -> pygame.Rect:
    """Draw lines already wrapped inside `box`; lines outside `box` (or `clip`) are skipped.
    Records the whole text once (as `record`, else the lines joined)."""
    lh = line_height(size, family, bold)
    h = len(lines) * lh
    y = box.y + {"top": 0, "middle": (box.height - h) // 2, "bottom": box.height - h}[valign]
    y = max(box.y, y)
    area = box if clip is None else box.clip(clip)
    used = pygame.Rect(box.x, y, 0, 0)
    widths = []
    first = max(0, (area.y - y) // lh) if lh else 0
    for i in range(first, len(lines)):
        ly = y + i * lh
        if ly >= area.bottom:
            break
        text = lines[i]
        if not text:
            continue
        surf = render(text, size, color, family, bold)
        w = surf.get_width()
        widths.append(w)
        x = box.x + {"left": 0, "center": (box.width - w) // 2, "right": box.width - w}[align]
        r = pygame.Rect(x, ly, w, surf.get_height())
        part = r.clip(area)
        if part.width > 0 and part.height > 0:
            surface.blit(surf, part.topleft, part.move(-r.x, -r.y))
        used = used.union(r) if used.width else r
    rect = pygame.Rect(used.x, y, max(widths, default=0), h)
    if align != "left" and widths:
        rect.x = box.x + {"center": (box.width - rect.width) // 2,
                          "right": box.width - rect.width}[align]
    overflow = h > box.height + 1 or rect.width > box.width
    if log is not None:
        shown, where = (rect if overflow else rect.clip(box)), box
        if clip is not None:  # in a scrolling view: what shows, inside what can show
            shown, where = shown.clip(area), area
        if clip is None or shown.height > 0:
            log.add(TextBox(record if record is not None else "\n".join(lines), shown, where,
                            overflow, size))
    return rect.clip(box)


def draw_text(surface: pygame.Surface, log: TextLog | None, text: str, box: pygame.Rect,
              size: int, color: Color = INK, *, family: str = "sans", bold: bool = False,
              align: str = "left", valign: str = "top",
              clip: pygame.Rect | None = None) -> pygame.Rect:
    """Draw text wrapped in `box` at `size` (never smaller than MIN_TEXT); returns its rect.

    Text that does not fit is cut at the box and recorded as an overflow: callers size their
    boxes with `text_height`, or use a scrolling view.
    """
    if not text:
        return pygame.Rect(box.x, box.y, 0, 0)
    size = max(MIN_TEXT, size)
    lines = wrap_lines(text, size, box.width, family, bold)
    return draw_lines(surface, log, lines, box, size, color, family=family, bold=bold,
                      align=align, valign=valign, clip=clip, record=text)


def line(surface: pygame.Surface, log: TextLog | None, text: str, pos: tuple[int, int],
         size: int, color: Color = INK, *, family: str = "sans", bold: bool = False,
         bounds: pygame.Rect | None = None) -> pygame.Rect:
    """Draw one line of text at `pos` (kept inside `bounds` if given); returns its rect."""
    size = max(MIN_TEXT, size)
    surf = render(text, size, color, family, bold)
    rect = surf.get_rect(topleft=pos)
    if bounds is not None:
        rect.clamp_ip(bounds)
    surface.blit(surf, rect)
    if log is not None:
        box = bounds if bounds is not None else rect
        log.add(TextBox(text, rect, box, not box.contains(rect), size))
    return rect
