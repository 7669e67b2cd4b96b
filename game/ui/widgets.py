"""Small widgets drawn by hand: buttons, a focus ring, panels, scrolling views and lists.

Hand-written rather than pygame_gui: keyboard focus (Tab, arrows, digits) must reach every
control, and tests check every text box, which needs layout we fully control.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pygame

from game.ui.text import TextLog, draw_lines, line_height, wrap_lines
from game.ui.theme import FOCUS, INK, INK_SOFT, PAPER, PAPER_DARK, Color

#: Commands a scrolling view answers, and how far each goes (lines; pages for page keys).
SCROLL_KINDS = ("up", "down", "page_up", "page_down", "home", "end", "scroll")


def panel(surface: pygame.Surface, rect: pygame.Rect, fill: Color = PAPER,
          border: Color = INK_SOFT, width: int = 2) -> None:
    """A flat panel with a border."""
    pygame.draw.rect(surface, fill, rect)
    pygame.draw.rect(surface, border, rect, width)


@dataclass
class Button:
    """A clickable, focusable box with a label. With `arrows`, it shows ◀ and ▶: a click on
    its left part steps back, on its right part forward."""

    label: str
    rect: pygame.Rect = field(default_factory=pygame.Rect)
    enabled: bool = True
    color: Color = INK
    key: str = ""
    arrows: bool = False

    def text(self) -> str:
        """The label as drawn."""
        return f"◀ {self.label} ▶" if self.arrows else self.label

    def inner(self, size: int) -> pygame.Rect:
        """The box its label must fit in."""
        return self.rect.inflate(-size, -size // 2)

    def height_for(self, size: int, width: int) -> int:
        """The height a button of `width` needs for its label at `size`."""
        lines = wrap_lines(self.text(), size, max(1, width - size))
        return len(lines) * line_height(size) + size

    def draw(self, surface: pygame.Surface, log: TextLog | None, size: int, focused: bool,
             hovered: bool = False, align: str = "center",
             clip: pygame.Rect | None = None) -> None:
        """Draw it; a thick blue ring shows keyboard focus."""
        fill = PAPER_DARK if (focused or hovered) and self.enabled else PAPER
        pygame.draw.rect(surface, fill, self.rect, border_radius=4)
        pygame.draw.rect(surface, FOCUS if focused else INK_SOFT, self.rect,
                         4 if focused else 2, border_radius=4)
        color = self.color if self.enabled else INK_SOFT
        box = self.inner(size)
        lines = wrap_lines(self.text(), size, box.width)
        draw_lines(surface, log, lines, box, size, color, align=align, valign="middle",
                   clip=clip, record=self.text())


@dataclass
class Block:
    """One item of a scrolling view: a paragraph of text, a button, or a drawn figure.

    `gap` is the space above it; a figure has a fixed `height` and a `paint` callback that
    gets the surface and the block's rect on screen.
    """

    text: str = ""
    size: int = 16
    color: Color = INK
    bold: bool = False
    family: str = "sans"
    indent: int = 0
    gap: int = 0
    button: Button | None = None
    height: int = 0
    paint: Callable[[pygame.Surface, pygame.Rect], None] | None = None
    # computed by the view's layout:
    top: int = 0
    h: int = 0
    lines: list[str] = field(default_factory=list)


class ScrollView:
    """A column of blocks in a box that scrolls (wheel, arrows, Page Up/Down, Home/End) with
    a visible scroll bar when the content is taller than the box. Text keeps its size.

    With `whole_lines` (the default), it scrolls line by line and never shows a line of text
    or a figure cut by its edges: what does not show in full is not drawn (a button may
    show in part: its visible part can be clicked)."""

    def __init__(self, whole_lines: bool = True) -> None:
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.blocks: list[Block] = []
        self.offset = 0
        self.follow = False
        self.whole_lines = whole_lines
        self.content_h = 0
        self._laid: tuple[int, int] | None = None

    # -- content and layout ----------------------------------------------------------------
    def set_blocks(self, blocks: list[Block], keep_offset: bool = False) -> None:
        """Replace the content."""
        self.blocks = blocks
        self._laid = None
        if not keep_offset:
            self.offset = 0

    def bar_width(self) -> int:
        """Width of the scroll bar."""
        return max(8, min(14, self.rect.width // 40))

    def content_width(self) -> int:
        """Width available to the blocks."""
        return max(1, self.rect.width - self.bar_width() - 8)

    def layout(self) -> None:
        """Measure every block (once per width and content)."""
        key = (self.rect.width, id(self.blocks))
        if self._laid == key:
            return
        width = self.content_width()
        y = 4
        for b in self.blocks:
            y += b.gap
            b.top = y
            if b.button is not None:
                b.h = b.button.height_for(b.size, width - b.indent)
            elif b.paint is not None:
                b.h = b.height
            else:
                b.lines = wrap_lines(b.text, b.size, width - b.indent, b.family, b.bold) \
                    if b.text else [""]
                b.h = len(b.lines) * line_height(b.size, b.family, b.bold)
            y += b.h
        self.content_h = y + 4
        self._laid = key
        self.clamp()

    def max_offset(self) -> int:
        """How far the view can scroll."""
        self.layout()
        return max(0, self.content_h - self.rect.height)

    def clamp(self) -> None:
        """Keep the offset within the content (or at its end when following)."""
        last = max(0, self.content_h - self.rect.height)
        self.offset = last if self.follow else max(0, min(last, self.offset))

    def screen_rect(self, b: Block) -> pygame.Rect:
        """Where a block is on screen now."""
        return pygame.Rect(self.rect.x + 4 + b.indent, self.rect.y + b.top - self.offset,
                           self.content_width() - b.indent, b.h)

    # -- scrolling -------------------------------------------------------------------------
    def stops(self) -> list[int]:
        """The offsets that put the top of a line (or of a figure or button) just under the
        top of the box, and the first and last offsets."""
        self.layout()
        last = max(0, self.content_h - self.rect.height)
        tops = {0, last}
        for b in self.blocks:
            if b.button is None and b.paint is None:
                lh = line_height(b.size, b.family, b.bold)
                tops.update(b.top + k * lh - 4 for k in range(len(b.lines)))
            else:
                tops.add(b.top - 4)
        # Stops closer than half a line are one stop, so that every step moves at least that.
        half = self.step() // 2
        kept: list[int] = []
        for x in sorted(x for x in tops if 0 <= x < last):
            if not kept or x - kept[-1] >= half:
                kept.append(x)
        if kept and last - kept[-1] < half and kept[-1] > 0:
            kept[-1] = last
        elif not kept or kept[-1] != last:
            kept.append(last)
        return kept

    def _go(self, target: int, up: bool, snap: bool = True) -> None:
        """Scroll to `target`, or with whole lines to the stop at or before it (`up`) or at or
        after it."""
        last = self.max_offset()
        target = max(0, min(last, target))
        if self.whole_lines and snap:
            stops = self.stops()
            target = max((x for x in stops if x <= target), default=0) if up else \
                min((x for x in stops if x >= target), default=last)
        self.offset = target
        self.follow = self.offset >= last

    def scroll_px(self, dy: int) -> None:
        """Scroll by pixels (negative: towards the start); with whole lines, by whole lines
        and at least one when the view can move."""
        self.layout()
        target = self.offset + dy
        if self.whole_lines and dy:
            stops = self.stops()
            if dy > 0:
                ahead = [x for x in stops if self.offset < x]
                target = max((x for x in ahead if x <= target), default=min(ahead, default=-1))
            else:
                behind = [x for x in stops if x < self.offset]
                target = min((x for x in behind if x >= target), default=max(behind,
                                                                             default=-1))
            if target < 0:
                return
        self._go(target, up=dy < 0)

    def step(self) -> int:
        """One line of scrolling, in pixels."""
        sizes = [b.size for b in self.blocks if not b.paint] or [16]
        return line_height(max(sizes))

    def process(self, kind: str, value: object = None) -> bool:
        """Scroll for a scrolling command; True if the command was one."""
        if kind not in SCROLL_KINDS:
            return False
        page = max(self.step(), self.rect.height - 2 * self.step())
        if kind == "up":
            self.scroll_px(-self.step())
        elif kind == "down":
            self.scroll_px(self.step())
        elif kind == "page_up":
            self.scroll_px(-page)
        elif kind == "page_down":
            self.scroll_px(page)
        elif kind == "home":
            self.scroll_px(-self.content_h)
        elif kind == "end":
            self.scroll_px(self.content_h)
        else:
            # three lines a notch, never more than the box shows less a line (none skipped)
            cap = max(self.step(), self.rect.height - self.step())
            dy = int(value or 0) * 3 * self.step()  # type: ignore[call-overload]
            self.scroll_px(max(-cap, min(cap, dy)))
        return True

    def show(self, b: Block, snap: bool = True) -> None:
        """Scroll so that a block is in view (its top first when it is taller than the
        box); with `snap` False, by exactly as much as needed, even with whole lines."""
        self.show_span(b.top, b.top + b.h, snap)

    def show_span(self, top: int, bottom: int, snap: bool = True) -> None:
        """Scroll as little as needed so that the content from `top` to `bottom` is in view
        (from `top` when it is taller than the box)."""
        self.layout()
        if bottom + 4 > self.offset + self.rect.height and top - 4 > self.offset:
            self._go(min(top - 4, bottom + 4 - self.rect.height), up=False, snap=snap)
        if top - 4 < self.offset:
            self._go(top - 4, up=True, snap=snap)

    def overflows(self) -> bool:
        """Whether the content is taller than the box (so a scroll bar shows)."""
        return self.max_offset() > 0

    # -- drawing ---------------------------------------------------------------------------
    def place_buttons(self) -> None:
        """Put the buttons' rects where they are on screen now (for clicks and drawing)."""
        self.layout()
        for b in self.blocks:
            if b.button is not None:
                b.button.rect = self.screen_rect(b)

    def draw(self, surface: pygame.Surface, log: TextLog | None,
             draw_button: Callable[[Button, pygame.Rect], None] | None = None) -> None:
        """Draw the visible blocks and the scroll bar."""
        self.layout()
        self.clamp()
        self.place_buttons()
        view = self.rect
        old = surface.get_clip()
        surface.set_clip(view.clip(old) if old else view)
        for b in self.blocks:
            r = self.screen_rect(b)
            if r.bottom < view.y or r.y > view.bottom:
                continue
            if self.whole_lines and b.paint is not None and not view.contains(r):
                continue  # a figure that does not show in full
            if b.button is not None:
                if draw_button is not None:
                    draw_button(b.button, view)
                else:
                    b.button.draw(surface, log, b.size, False, clip=view)
            elif b.paint is not None:
                b.paint(surface, r)
            elif b.text:
                self.draw_text(surface, log, b, b.lines, b.text)
        surface.set_clip(old)
        self.draw_bar(surface)

    def text_clip(self, b: Block) -> pygame.Rect:
        """Where a text block may draw: the box, or with whole lines only the part of the
        box its lines fill in full."""
        view = self.rect
        if not self.whole_lines:
            return view
        r = self.screen_rect(b)
        lh = line_height(b.size, b.family, b.bold)
        top = r.y if r.y >= view.y else r.y - (r.y - view.y) // lh * lh
        bottom = min(r.bottom, r.y + (view.bottom - r.y) // lh * lh)
        return pygame.Rect(view.x, top, view.width, max(0, bottom - top))

    def draw_text(self, surface: pygame.Surface, log: TextLog | None, b: Block,
                  lines: list[str], record: str) -> None:
        """Draw a text block's lines (all, or the first ones while they are typed out)."""
        draw_lines(surface, log, lines, self.screen_rect(b), b.size, b.color,
                   family=b.family, bold=b.bold, clip=self.text_clip(b), record=record)

    def draw_bar(self, surface: pygame.Surface) -> None:
        """The scroll bar, when the content is taller than the box."""
        if not self.overflows():
            return
        bw = self.bar_width()
        track = pygame.Rect(self.rect.right - bw - 2, self.rect.y + 2, bw, self.rect.height - 4)
        pygame.draw.rect(surface, PAPER_DARK, track, border_radius=bw // 2)
        h = max(bw * 2, track.height * self.rect.height // max(1, self.content_h))
        y = track.y + (track.height - h) * self.offset // max(1, self.max_offset())
        pygame.draw.rect(surface, INK_SOFT, (track.x, y, bw, h), border_radius=bw // 2)

    def bar_click(self, pos: tuple[int, int]) -> bool:
        """A click on the scroll bar's track pages towards it; True if it was on the bar."""
        if not self.overflows():
            return False
        bw = self.bar_width()
        track = pygame.Rect(self.rect.right - bw - 4, self.rect.y, bw + 4, self.rect.height)
        if not track.collidepoint(pos):
            return False
        frac = (pos[1] - self.rect.y) / max(1, self.rect.height)
        target = round(frac * self.max_offset())
        self._go(target, up=target < self.offset)
        return True


class ScrollList(ScrollView):
    """Lines of text (text, colour, bold) at one size in a scrolling box; can stick to the
    end as lines come in."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[tuple[str, Color, bool]] = []
        self.follow = True
        self._size = 0

    def set_lines(self, lines: list[tuple[str, Color, bool]]) -> None:
        """Replace the content (text, colour, bold)."""
        self.lines = lines
        self._size = 0

    def _ensure(self, size: int) -> None:
        if self._size != size:
            self._size = size
            self.set_blocks([Block(text or " ", size, color, bold) for text, color, bold
                             in self.lines], keep_offset=True)

    def scroll(self, lines: int, size: int) -> None:
        """Scroll by a number of lines (negative: towards the start)."""
        self._ensure(size)
        self.scroll_px(lines * line_height(size))

    def process_at(self, kind: str, value: object, size: int) -> bool:
        """Handle a scrolling command at a text size; True if it was one."""
        self._ensure(size)
        return self.process(kind, value)

    def draw(self, surface: pygame.Surface, log: TextLog | None,  # type: ignore[override]
             size: int) -> None:
        """Draw the visible lines and the scroll bar."""
        self._ensure(size)
        super().draw(surface, log)


class FocusGroup:
    """Buttons that share a keyboard focus: arrows and Tab move it, Enter or a click activates.

    `focus` is -1 when nothing has the focus. `process` returns ('activate', i), ('left', i),
    ('right', i) or None.
    """

    def __init__(self, buttons: list[Button] | None = None, horizontal: bool = False,
                 focus: int = 0) -> None:
        self.buttons: list[Button] = buttons or []
        self.focus = focus
        self.hover = -1
        self.horizontal = horizontal

    def move(self, step: int) -> None:
        """Move the focus to the next enabled button."""
        n = len(self.buttons)
        start = self.focus if self.focus >= 0 else (-1 if step > 0 else n)
        for k in range(1, n + 1):
            i = (start + step * k) % n
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
            if self.focus >= 0:
                return (cmd_kind, self.focus)
        elif cmd_kind == "confirm":
            if 0 <= self.focus < len(self.buttons) and self.buttons[self.focus].enabled:
                return ("activate", self.focus)
        elif cmd_kind == "point" and isinstance(value, tuple):
            self.hover = self.at(value)
        elif cmd_kind == "click" and isinstance(value, tuple):
            i = self.at(value)
            if i >= 0:
                self.focus = i
                b = self.buttons[i]
                if b.arrows:
                    return ("left" if value[0] < b.rect.centerx else "right", i)
                return ("activate", i)
        return None

    def draw(self, surface: pygame.Surface, log: TextLog | None, size: int) -> None:
        """Draw every button, the focused one with its ring."""
        for i, b in enumerate(self.buttons):
            b.draw(surface, log, size, i == self.focus, i == self.hover)
