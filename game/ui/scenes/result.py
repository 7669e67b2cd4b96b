"""The turn result: a teletype dispatch of what happened after a decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.engine.records import Record
from game.present import dispatch
from game.session import Session
from game.ui.commands import Command
from game.ui.scene import Scene
from game.ui.text import draw_text, line_height, wrap_lines
from game.ui.theme import INK, INK_SOFT, PAPER, STAMP
from game.ui.widgets import Block, Button, FocusGroup, ScrollView, panel

if TYPE_CHECKING:
    from game.ui.app import App

CHARS_PER_SECOND = 400.0
STYLE_COLORS = {"incident": STAMP, "ending": STAMP, "detail": INK_SOFT}


class ResultScene(Scene):
    """Shown over the crisis screen's right column. Enter (or a click) first shows the whole
    text, then goes on; Esc shows the whole text, then opens the game's menu."""

    name = "result"
    opaque = False

    def __init__(self, app: App, session: Session, records: list[Record],
                 area: pygame.Rect | None = None) -> None:
        super().__init__(app)
        self.session = session
        self.model = dispatch(session.game, records, app.t)
        self.lines = [x.text for x in self.model.lines]
        self.total = sum(len(x) for x in self.lines)
        self.shown = 0.0
        self.area = area
        self.view = ScrollView()
        self.group = FocusGroup([Button("")])
        app.sounds.play("alarm" if self.model.alarm else "type")

    @property
    def typing(self) -> bool:
        """Whether the text is still typing out."""
        return self.shown < self.total

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
                                self.box.width - 4 * m.pad, line_height(m.text, "mono", True))
        self.view.rect = pygame.Rect(self.head.x, self.head.bottom + m.pad, self.head.width,
                                     self.group.buttons[0].rect.y - self.head.bottom - 2 * m.pad)
        self.view.set_blocks([Block(x.text, m.text, STYLE_COLORS.get(x.style, INK),
                                    family="mono", bold=x.style in ("turn", "ending"),
                                    gap=m.pad // 2 if x.style != "detail" else 0)
                              for x in self.model.lines], keep_offset=True)

    def update(self, dt: float) -> bool:
        if self.typing:
            self.shown = min(self.total, self.shown + dt * CHARS_PER_SECOND)
            return True
        return False

    def typed(self) -> list[tuple[Block, list[str], str]]:
        """The blocks typed so far, each with its lines and text (the last maybe in part)."""
        view = self.view
        view.layout()
        left = int(self.shown)
        out = []
        for b in view.blocks:
            if left <= 0:
                break
            part = b.text[:left]
            left -= len(b.text)
            out.append((b, b.lines if len(part) == len(b.text) else wrap_lines(
                part, b.size, view.content_width(), b.family, b.bold), part))
        return out

    def finish_typing(self) -> None:
        """Show the whole dispatch at once."""
        self.shown = self.total

    def process(self, cmd: Command) -> None:
        k = cmd.kind
        if k in ("confirm", "click", "back") and self.typing:
            self.finish_typing()
            return
        if k == "back":
            from game.ui.scenes.crisis import open_game_menu

            open_game_menu(self.app, self.session)
            return
        if k == "help":
            from game.ui.scenes.help import open_help

            open_help(self.app, self.session.scenario)
            return
        if k in ("documents", "glossary"):
            from game.ui.scenes.help import open_page

            open_page(self.app, k, self.session.game)
            return
        if self.view.process(k, cmd.value):
            return
        if k == "click" and isinstance(cmd.value, tuple) and self.view.bar_click(cmd.value):
            return
        result = self.group.process(k, cmd.value)
        if result and result[0] == "activate":
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
        draw_text(surface, log, self.model.title, self.head, m.text, STAMP, bold=True,
                  family="mono")
        view = self.view
        view.layout()
        parts = self.typed()
        if self.typing and parts:  # the line being typed shows, the box moving line by line
            b, lines, _ = parts[-1]
            lh = line_height(b.size, b.family, b.bold)
            view.show_span(b.top + (len(lines) - 1) * lh, b.top + len(lines) * lh)
        for b, lines, part in parts:
            r = view.screen_rect(b)
            if r.bottom >= view.rect.y and r.y <= view.rect.bottom:
                view.draw_text(surface, log, b, lines, part)
        view.draw_bar(surface)
        self.group.draw(surface, log, m.text)
