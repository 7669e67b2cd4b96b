"""The title screen: choose a scenario, a side and a language; start, continue, settings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.i18n import languages
from game.resources import shipped_scenarios
from game.saves import save_dir, save_problem
from game.scenario import ScenarioError, load_scenario
from game.scenario.problems import shorten
from game.scenario.tables import Compiled
from game.scenario.text import localize
from game.session import SaveScan, Session
from game.ui.commands import Command
from game.ui.scene import Scene
from game.ui.text import draw_text, line_height, text_height
from game.ui.theme import INK, INK_SOFT, STAMP
from game.ui.widgets import Block, Button, FocusGroup, ScrollView

if TYPE_CHECKING:
    from game.ui.app import App

LANGUAGE_NAMES = {"en": "English", "fr": "Français"}
START, CONTINUE, SETTINGS, QUIT, NAME = "start", "continue", "settings", "quit", "name"
HELP = "help"
ARROWS = ("scenario", "side", "lang")
#: The longest notice shown at the foot of the title screen, in characters.
NOTICE = 240


class TitleScene(Scene):
    """The first screen."""

    name = "title"

    def __init__(self, app: App, scenarios: list[Compiled] | None = None,
                 seed: int | None = None) -> None:
        super().__init__(app)
        self.seed = seed
        self.notices: list[str] = []
        # Scenario files are compiled when first shown, so the title appears at once.
        self.sources: list[Path | Compiled] = (list(scenarios) if scenarios is not None
                                               else list(shipped_scenarios()))
        self.scenario_i = 0
        self.side_i = 0
        self._remembered()
        problem = save_problem()
        if problem is not None:
            self.notice(app.t("Games cannot be saved in {folder} ({reason}). You can play, but "
                              "nothing will be kept.", folder=str(save_dir()),
                              reason=app.t(problem)))
        # The search starts once the title has been drawn (see update), on its own thread.
        self.scan = SaveScan()
        self.drawn = False
        self.found = 0
        self.scan_told = False
        self.group = FocusGroup()
        self.view = ScrollView()
        self._build()

    def notice(self, text: str) -> None:
        """Add a line to the notices at the foot of the screen (kept short)."""
        self.notices.append(shorten(text, NOTICE))
        if hasattr(self, "view"):
            self.layout()  # room for it at the foot

    def _remembered(self) -> None:
        """Select the scenario and side chosen last time (kept in the settings)."""
        s = self.app.settings
        ids = [x.stem if isinstance(x, Path) else x.id for x in self.sources]
        if s.scenario in ids:
            self.scenario_i = ids.index(s.scenario)
            if s.side in self.playable():
                self.side_i = self.playable().index(s.side)

    def _compile(self, i: int) -> Compiled | None:
        item = self.sources[i]
        if isinstance(item, Path):
            try:
                self.sources[i] = load_scenario(item)
            except ScenarioError as exc:
                self.notice(f"{item.name}: {exc.brief()}")
                del self.sources[i]
                return None
        return self.sources[i]  # type: ignore[return-value]

    # -- content ---------------------------------------------------------------------------
    @property
    def scenario(self) -> Compiled | None:
        """The scenario chosen (compiled on first use; files with errors are dropped)."""
        while self.sources:
            self.scenario_i %= len(self.sources)
            c = self._compile(self.scenario_i)
            if c is not None:
                return c
        return None

    def playable(self) -> list[str]:
        """Ids of the playable sides of the chosen scenario."""
        c = self.scenario
        return [s.id for s in c.model.sides if s.playable] if c else []

    def _labels(self) -> list[tuple[str, str]]:
        t = self.app.t
        lang = self.app.settings.lang
        items = []
        c = self.scenario
        if c is not None:
            items.append(("scenario", t("Scenario: {name}", name=localize(c.model.title, lang))))
            side = c.model.sides[c.side_index(self.playable()[self.side_i])]
            items.append(("side", t("Side: {name}", name=localize(side.name, lang))))
        items.append(("lang", t("Language: {name}", name=LANGUAGE_NAMES.get(lang, lang))))
        if c is not None:
            items.append((START, t("Start")))
        if self.found:
            items.append((CONTINUE, t("Continue a game ({n})", n=self.found)))
        player = self.app.settings.player
        items.append((NAME, t("Your name: {name}", name=player) if player
                      else t("Your name: none")))
        items.append((HELP, t("How to play")))
        items.append((SETTINGS, t("Settings")))
        items.append((QUIT, t("Quit")))
        return items

    def _build(self) -> None:
        first = not self.group.buttons
        focus = self.group.focus
        labels = self._labels()
        self.keys = [k for k, _ in labels]
        if first and START in self.keys:
            focus = self.keys.index(START)
        self.group.buttons = [Button(text, key=k, arrows=k in ARROWS) for k, text in labels]
        self.group.focus = min(focus, len(self.group.buttons) - 1)
        self.layout()

    def layout(self) -> None:
        if not self.group.buttons:
            return
        w, h = self.app.size
        m = self.app.metrics
        self.title_box = pygame.Rect(2 * m.pad, m.pad, w - 4 * m.pad,
                                     line_height(m.title * 2, "mono", True))
        self.sub_box = pygame.Rect(self.title_box.x, self.title_box.bottom, self.title_box.width,
                                   line_height(m.text, "mono"))
        top = self.sub_box.bottom + m.pad
        self.notice_box = pygame.Rect(2 * m.pad, h, w - 4 * m.pad, 0)
        if self.notices:
            self.notice_box.height = text_height(self.notices[-1], m.small, w - 4 * m.pad)
            self.notice_box.bottom = h - m.pad
        left = pygame.Rect(2 * m.pad, top, int(w * 0.48), self.notice_box.y - top - m.pad)
        y = left.y
        for b in self.group.buttons:
            bh = max(int(m.text * 2), b.height_for(m.text, left.width))
            if b.key in ("scenario", "side"):
                # Room for two lines whatever the name, so the buttons below do not move
                # when the arrows change it.
                bh = max(bh, 2 * line_height(m.text) + m.text)
            b.rect = pygame.Rect(left.x, y, left.width, bh)
            y += bh + m.pad // 2
        self.info = pygame.Rect(left.right + 2 * m.pad, left.y,
                                w - left.right - 4 * m.pad, left.height)
        self.view.rect = self.info
        c = self.scenario
        if c is not None:
            lang = self.app.settings.lang
            t = self.app.t
            self.view.set_blocks([
                Block(localize(c.model.title, lang), m.text, INK, bold=True),
                Block(f"{t.date(c.dates[0])} – {t.date(c.dates[-1])}", m.text, INK_SOFT,
                      gap=m.pad),
                Block(localize(c.model.summary, lang), m.text, INK, gap=m.pad)])

    # -- input -----------------------------------------------------------------------------
    def _cycle(self, key: str, step: int) -> None:
        if key == "scenario" and self.sources:
            self.scenario_i = (self.scenario_i + step) % len(self.sources)
            self.side_i = 0
            self._remember()
        elif key == "side" and self.playable():
            self.side_i = (self.side_i + step) % len(self.playable())
            self._remember()
        elif key == "lang":
            langs = languages()
            lang = langs[(langs.index(self.app.settings.lang) + step) % len(langs)]
            self.app.change_settings(self.app.settings.with_(lang=lang))
        self._build()

    def _remember(self) -> None:
        """Keep the scenario and side shown in the settings, for the next start."""
        c = self.scenario
        if c is not None and self.playable():
            side = self.playable()[self.side_i % len(self.playable())]
            self.app.change_settings(self.app.settings.with_(scenario=c.id, side=side))

    def update(self, dt: float) -> bool:
        if not self.scan.started and not self.scan.done:
            if self.drawn:  # the title is on screen: now look for games to continue
                self.scan.start()
            return True
        found = len(self.scan.found)
        if found != self.found:
            self.found = found
            self._build()
            self.app.dirty = True
        if self.scan.done and not self.scan_told and self.scan.notices:
            self.scan_told = True
            n = len(self.scan.notices)
            self.notice(self.app.t("A save could not be used: {msg}", msg=self.scan.notices[0])
                        if n == 1 else self.app.t("{n} saves could not be used; the first: {msg}",
                                                  n=n, msg=self.scan.notices[0]))
            self.app.dirty = True
        return not self.scan.done

    def process(self, cmd: Command) -> None:
        if cmd.kind == "back":
            self.app.handle(Command("quit"))
            return
        if cmd.kind == "help":
            self.help()
            return
        if cmd.kind in ("page_up", "page_down", "home", "end", "scroll"):
            self.view.process(cmd.kind, cmd.value)
            return
        result = self.group.process(cmd.kind, cmd.value)
        if result is None:
            return
        action, i = result
        key = self.keys[i]
        if action in ("left", "right"):
            if key in ARROWS:
                self._cycle(key, -1 if action == "left" else 1)
            return
        if key in ("scenario", "side", "lang"):
            self._cycle(key, 1)
        elif key == START:
            self.start()
        elif key == CONTINUE:
            from game.ui.scenes.games import GamesScene

            self.app.push(GamesScene(self.app, self.scan))
        elif key == NAME:
            from game.ui.scenes.games import NameScene

            self.app.push(NameScene(self.app))
        elif key == HELP:
            self.help()
        elif key == SETTINGS:
            from game.ui.scenes.settings import SettingsScene

            self.app.push(SettingsScene(self.app))
        elif key == QUIT:
            self.app.handle(Command("quit"))

    def help(self) -> None:
        """How to play, over the title screen."""
        from game.ui.scenes.help import open_help

        open_help(self.app, self.scenario)

    def start(self) -> None:
        """Start a new game with the chosen scenario and side (and the title's seed, if any)."""
        from game.ui.scenes.briefing import BriefingScene

        c = self.scenario
        if c is None:
            return
        self._remember()
        self.scan.stop()  # a new game: the search for old ones can rest
        session = Session.new(c, self.playable()[self.side_i], self.app.settings.lang, self.seed,
                              player=self.app.settings.player)
        self.app.push(BriefingScene(self.app, session))

    def entered(self) -> None:
        self.scan.stop()
        self.scan = SaveScan(memory=self.scan.memory)  # saves and scenarios already read
        self.found = 0
        self.scan_told = False
        self._build()

    # -- drawing ---------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        self.drawn = True
        m = self.app.metrics
        t = self.app.t
        log = self.app.text_log
        draw_text(surface, log, "BRINK", self.title_box, m.title * 2, STAMP, bold=True,
                  family="mono")
        draw_text(surface, log, t("Cold War crises, 1958–1962"), self.sub_box, m.text,
                  INK_SOFT, family="mono")
        self.group.draw(surface, log, m.text)
        if self.scenario is not None:
            self.view.draw(surface, log)
        else:
            draw_text(surface, log, t("No scenario could be loaded."), self.info, m.text, STAMP)
        if self.notices:
            draw_text(surface, log, self.notices[-1], self.notice_box, m.small, STAMP)
