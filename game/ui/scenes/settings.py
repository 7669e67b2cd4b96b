"""The settings screen: language, fullscreen, interface scale, sound."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.i18n import languages
from game.settings import SCALES
from game.ui.commands import Command
from game.ui.scene import Scene
from game.ui.scenes.title import LANGUAGE_NAMES
from game.ui.text import draw_text, line_height
from game.ui.theme import STAMP, Metrics
from game.ui.widgets import Button, FocusGroup

if TYPE_CHECKING:
    from game.ui.app import App

KEYS = ("lang", "fullscreen", "scale", "sound", "back")


class SettingsScene(Scene):
    """Change the settings; each change applies at once and is kept."""

    name = "settings"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.group = FocusGroup()
        self._build()

    def _build(self) -> None:
        t = self.app.t
        s = self.app.settings
        on_off = {True: t("on"), False: t("off")}
        labels = [
            t("Language: {name}", name=LANGUAGE_NAMES.get(s.lang, s.lang)),
            t("Fullscreen: {value}", value=on_off[s.fullscreen]),
            t("Interface scale: {value}", value=t.percent(s.scale)),
            t("Sound: {value}", value=on_off[s.sound]),
            t("Back"),
        ]
        focus = self.group.focus
        self.group.buttons = [Button(x, key=KEYS[i], arrows=i < 4)
                              for i, x in enumerate(labels)]
        self.group.focus = focus
        self.layout()

    def metrics(self) -> Metrics:
        """Sizes at 100 %: this screen does not move under the cursor when the scale
        changes (the new scale shows on every other screen)."""
        w, h = self.app.size
        return Metrics(w, h, 1.0)

    def layout(self) -> None:
        if not self.group.buttons:
            return
        w, _h = self.app.size
        m = self.metrics()
        self.title_box = pygame.Rect(2 * m.pad, 2 * m.pad, w - 4 * m.pad,
                                     line_height(m.title, "mono", True))
        bw, bh = min(w - 4 * m.pad, 30 * m.text), int(m.text * 2.2)
        y = self.title_box.bottom + 2 * m.pad
        for b in self.group.buttons:
            b.rect = pygame.Rect((w - bw) // 2, y, bw, bh)
            y += bh + m.pad

    def change(self, key: str, step: int) -> None:
        """Change one setting by one step."""
        s = self.app.settings
        if key == "lang":
            langs = languages()
            s = s.with_(lang=langs[(langs.index(s.lang) + step) % len(langs)])
        elif key == "fullscreen":
            s = s.with_(fullscreen=not s.fullscreen)
        elif key == "scale":
            i = SCALES.index(s.scale) if s.scale in SCALES else 1
            s = s.with_(scale=SCALES[(i + step) % len(SCALES)])
        elif key == "sound":
            s = s.with_(sound=not s.sound)
        self.app.change_settings(s)
        self._build()

    def process(self, cmd: Command) -> None:
        if cmd.kind == "back":
            self.app.pop()
            return
        result = self.group.process(cmd.kind, cmd.value)
        if result is None:
            return
        action, i = result
        key = KEYS[i]
        if key == "back":
            if action == "activate":
                self.app.pop()
            return
        self.change(key, -1 if action == "left" else 1)

    def draw(self, surface: pygame.Surface) -> None:
        m = self.metrics()
        draw_text(surface, self.app.text_log, self.app.t("Settings"), self.title_box, m.title,
                  STAMP, bold=True, family="mono")
        self.group.draw(surface, self.app.text_log, m.text)
