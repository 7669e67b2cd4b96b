"""The games a player can continue, found by the title screen's search of the save folder,
and the dialog where a player types their name."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.saves import MAX_NAME, player_name
from game.session import Resumed, SaveScan, game_label
from game.ui.commands import Command
from game.ui.scene import Scene
from game.ui.scenes.confirm import _dim
from game.ui.text import draw_text
from game.ui.theme import FOCUS, INK, INK_SOFT, PAPER, STAMP
from game.ui.widgets import Button, FocusGroup, panel

if TYPE_CHECKING:
    from game.ui.app import App

#: Games listed on one page of the list.
PAGE = 6


class GamesScene(Scene):
    """Unfinished games (scenario, side, turn and date, player's name), newest first; Enter
    or a click continues the one chosen, Esc goes back. More appear while the search goes on."""

    name = "games"

    def __init__(self, app: App, scan: SaveScan) -> None:
        super().__init__(app)
        self.scan = scan
        self.group = FocusGroup()
        self.first = 0
        self.shown = -1

    def _build(self) -> None:
        t = self.app.t
        found = self.scan.found
        self.shown = len(found)
        page = found[self.first:self.first + PAGE]
        buttons = [Button(game_label(r, t), key=f"game:{self.first + i}")
                   for i, r in enumerate(page)]
        if self.first > 0:
            buttons.insert(0, Button(t("▲ Newer games"), key="newer"))
        if self.first + PAGE < len(found):
            buttons.append(Button(t("▼ Older games"), key="older"))
        buttons.append(Button(t("Back"), key="back"))
        focus = self.group.focus if self.group.buttons else 0
        self.group.buttons = buttons
        self.group.focus = min(focus, len(buttons) - 1)
        self.layout()

    def layout(self) -> None:
        if self.shown < 0:
            self._build()
            return
        w, h = self.app.size
        m = self.app.metrics
        self.head = pygame.Rect(2 * m.pad, 2 * m.pad, w - 4 * m.pad, int(m.title * 1.6))
        bh = int(m.text * 2.2)
        y = self.head.bottom + m.pad
        for b in self.group.buttons:
            b.rect = pygame.Rect(2 * m.pad, y, w - 4 * m.pad, bh)
            y += bh + m.pad
        self.status = pygame.Rect(2 * m.pad, h - 3 * m.pad - m.text, w - 4 * m.pad,
                                  m.text + m.pad)

    def update(self, dt: float) -> bool:
        if len(self.scan.found) != self.shown:
            self._build()
            self.app.dirty = True
        return not self.scan.done

    def process(self, cmd: Command) -> None:
        if cmd.kind == "back":
            self.app.pop()
            return
        result = self.group.process(cmd.kind, cmd.value)
        if result is None or result[0] != "activate":
            return
        key = self.group.buttons[result[1]].key
        if key == "back":
            self.app.pop()
        elif key in ("newer", "older"):
            self.first = max(0, self.first + (PAGE if key == "older" else -PAGE))
            self.group.focus = 0
            self._build()
        else:
            self.open(self.scan.found[int(key.split(":")[1])])

    def open(self, r: Resumed) -> None:
        """Continue a game (asking first if its scenario changed since it was saved)."""
        from game.ui.scenes.briefing import BriefingScene
        from game.ui.scenes.confirm import ConfirmScene

        r.session.lang = self.app.settings.lang

        def go() -> None:
            if r.scenario_changed:
                r.session.save()  # with the new version's hash: not asked again next time
            self.app.pop()
            self.app.push(BriefingScene(self.app, r.session))

        if r.scenario_changed:
            self.app.push(ConfirmScene(self.app, self.app.t(
                "The scenario has changed since this game was saved: {k} of {n} choices still "
                "apply. Continue with them?", k=r.applied, n=r.total), go))
        else:
            go()

    def draw(self, surface: pygame.Surface) -> None:
        m = self.app.metrics
        t = self.app.t
        log = self.app.text_log
        draw_text(surface, log, t("Continue a game"), self.head, m.title, STAMP, bold=True,
                  min_size=m.text)
        self.group.draw(surface, log, m.text)
        if not self.scan.done:
            status = t("Looking for saved games…")
        elif not self.scan.found:
            status = t("There is no saved game to continue.")
        else:
            status = ""
        if status:
            draw_text(surface, log, status, self.status, m.small, INK_SOFT, min_size=m.small)


class NameScene(Scene):
    """Asks for the player's name (optional): typed letters, Backspace erases, Enter keeps
    it in the settings (empty: no name), Esc leaves it as it was."""

    name = "player_name"
    opaque = False

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.text = app.settings.player or ""
        self.buttons = FocusGroup([Button(app.t("OK")), Button(app.t("Cancel"))],
                                  horizontal=True)

    def layout(self) -> None:
        w, h = self.app.size
        m = self.app.metrics
        self.box = pygame.Rect(0, 0, min(w - 4 * m.pad, 36 * m.text), 14 * m.text)
        self.box.center = (w // 2, h // 2)
        inner = self.box.inflate(-4 * m.pad, -4 * m.pad)
        self.question = pygame.Rect(inner.x, inner.y, inner.width, 3 * m.text)
        self.field = pygame.Rect(inner.x, self.question.bottom + m.pad, inner.width,
                                 int(m.text * 2.2))
        bw, bh = 7 * m.text, 2 * m.text
        y = inner.bottom - bh
        self.buttons.buttons[0].rect = pygame.Rect(self.box.centerx - bw - m.pad, y, bw, bh)
        self.buttons.buttons[1].rect = pygame.Rect(self.box.centerx + m.pad, y, bw, bh)
        self.hint = pygame.Rect(inner.x, self.field.bottom + m.pad // 2, inner.width,
                                y - self.field.bottom - m.pad)

    def process(self, cmd: Command) -> None:
        if cmd.kind == "text" and isinstance(cmd.value, str):
            typed = "".join(ch for ch in cmd.value if ch.isprintable())
            self.text = (self.text + typed)[:MAX_NAME]
        elif cmd.kind == "back" and cmd.value == "erase":
            self.text = self.text[:-1]
        elif cmd.kind == "back":
            self.app.pop()
        elif cmd.kind == "confirm" and cmd.value != "space":
            self.keep()
        elif cmd.kind in ("click", "point"):
            clicked = self.buttons.process(cmd.kind, cmd.value)
            if clicked and clicked[1] == 0:
                self.keep()
            elif clicked:
                self.app.pop()

    def keep(self) -> None:
        """Keep the name typed in the settings and close."""
        try:
            name = player_name(self.text)
        except ValueError:  # only printable characters reach it; this is a safeguard
            return
        self.app.change_settings(self.app.settings.with_(player=name))
        self.app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        _dim(surface)
        m = self.app.metrics
        t = self.app.t
        log = self.app.text_log
        panel(surface, self.box, PAPER, STAMP, 3)
        draw_text(surface, log, t("Your name (optional): it is written in your saved games, "
                                  "so your teacher can tell them apart."), self.question,
                  m.text, INK, min_size=m.small)
        panel(surface, self.field, PAPER, FOCUS, 3)
        draw_text(surface, log, self.text + "|", self.field.inflate(-m.pad, -m.pad // 2),
                  m.text, INK, valign="middle", min_size=m.small)
        draw_text(surface, log, t("Enter keeps it, Esc cancels, Backspace erases; at most "
                                  "{n} characters.", n=MAX_NAME), self.hint, m.small,
                  INK_SOFT, min_size=m.small)
        self.buttons.draw(surface, log, m.text)
