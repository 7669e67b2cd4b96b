"""The application: window, main loop, scene stack, settings, translator, sounds."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
import warnings
from collections.abc import Iterable

import pygame

from game.i18n import Translator
from game.mapdata import WorldMap, load_map
from game.settings import Settings, load_settings, store_settings
from game.ui.commands import PRESSES, REPEATABLE, Command, to_commands
from game.ui.scene import Scene, SceneStack
from game.ui.sound import Sounds
from game.ui.text import TextLog, clear_caches
from game.ui.theme import PAPER, Metrics, font

LOG = logging.getLogger("brink.ui")
MIN_SIZE = (1024, 640)
DEFAULT_SIZE = (1280, 720)
FPS = 60
#: A scene ignores clicks this long after it appears (seconds).
CLICK_GRACE = 0.25


class App:
    """Owns the window and runs the scenes. Tests drive it with `step(events)`."""

    def __init__(self, size: tuple[int, int] = DEFAULT_SIZE, settings: Settings | None = None,
                 *, persist: bool = True, sound: bool | None = None) -> None:
        self.settings = settings or load_settings()
        self.persist = persist
        pygame.display.init()
        pygame.font.init()
        font.cache_clear()  # fonts from an earlier pygame session are no longer valid
        clear_caches()
        pygame.display.set_caption("Brink")
        flags = pygame.RESIZABLE | (pygame.FULLSCREEN if self.settings.fullscreen else 0)
        self.screen = pygame.display.set_mode(size, flags)
        with warnings.catch_warnings(), contextlib.suppress(AttributeError, pygame.error):
            warnings.simplefilter("ignore", DeprecationWarning)
            pygame.Window.from_display_module().minimum_size = MIN_SIZE
        pygame.key.set_repeat(400, 40)
        self.t = Translator(self.settings.lang)
        self.text_log = TextLog()
        self.stack = SceneStack()
        self.running = True
        self.scene_changed = False
        self.dirty = True
        self.animating = False
        self.frame_times: list[float] = []
        #: Keys down now: a key press of a key already down is a repeat.
        self.keys_down: set[int] = set()
        #: Where the pointer was last seen (wheel turns scroll what is under it).
        self.pointer: tuple[int, int] = (-1, -1)
        want_sound = self.settings.sound if sound is None else sound
        headless = os.environ.get("SDL_VIDEODRIVER") in ("dummy", "offscreen")
        self.sounds = Sounds(enabled=want_sound and not headless)
        #: When animations last moved (reset after an idle wait, so that they do not jump).
        self._last = time.perf_counter()
        #: When scenes last aged (never reset: a scene's age counts the time it waited too).
        self._aged = self._last
        self._clock = pygame.time.Clock()
        self._world: WorldMap | None = None

    # -- state shared by scenes ------------------------------------------------------------
    @property
    def world(self) -> WorldMap:
        """The world map (loaded once, on first use)."""
        if self._world is None:
            self._world = load_map()
        return self._world

    @property
    def size(self) -> tuple[int, int]:
        """The window's size in pixels."""
        return self.screen.get_size()

    @property
    def metrics(self) -> Metrics:
        """Text sizes and spacing for the current window and settings."""
        w, h = self.size
        return Metrics(w, h, self.settings.scale)

    def change_settings(self, settings: Settings) -> None:
        """Apply and keep new settings."""
        old = self.settings
        self.settings = settings
        if settings.lang != old.lang:
            self.t = Translator(settings.lang)
        if settings.fullscreen != old.fullscreen:
            try:
                pygame.display.toggle_fullscreen()
            except pygame.error:  # not possible here (dummy driver, some Wayland set-ups)
                flags = pygame.RESIZABLE | (pygame.FULLSCREEN if settings.fullscreen else 0)
                try:
                    self.screen = pygame.display.set_mode(self.size, flags)
                except pygame.error:
                    self.settings = settings = settings.with_(fullscreen=old.fullscreen)
        self.sounds.enabled = settings.sound and self.sounds.available
        if self.persist:
            store_settings(settings)
        self.relayout()

    def relayout(self) -> None:
        """Every scene recomputes its layout (after a resize or a settings change)."""
        for scene in self.stack.scenes:
            scene.layout()
        self.dirty = True

    def push(self, scene: Scene) -> None:
        """Show a scene on top; keys already down when it appears are ignored by it."""
        scene.held = set(self.keys_down)
        scene.age = 0.0
        self.stack.push(scene)
        self.dirty = True
        LOG.info("scene %s", scene.name)

    def pop(self) -> None:
        """Close the top scene."""
        self.stack.pop()
        self.dirty = True
        if self.stack.top is not None:
            self.stack.top.held = set(self.keys_down)
            LOG.info("scene %s", self.stack.top.name)

    def pop_to(self, scene: Scene) -> None:
        """Close every scene above `scene` at once (it alone is told it is active again)."""
        while len(self.stack.scenes) > 1 and self.stack.scenes[-1] is not scene:
            self.stack.scenes.pop()
        self.dirty = True
        scene.held = set(self.keys_down)
        scene.entered()
        LOG.info("scene %s", scene.name)

    def replace(self, scene: Scene) -> None:
        """Make `scene` the only one."""
        scene.held = set(self.keys_down)
        scene.age = 0.0
        self.stack.replace(scene)
        self.dirty = True
        LOG.info("scene %s", scene.name)

    def quit(self) -> None:
        """Stop the main loop."""
        self.running = False

    # -- the loop --------------------------------------------------------------------------
    def handle(self, cmd: Command) -> None:
        """Global commands first, then the top scene."""
        if cmd.kind == "quit":
            from game.ui.scenes.confirm import ConfirmScene

            if isinstance(self.stack.top, ConfirmScene):
                self.quit()
            else:
                self.push(ConfirmScene(self, self.t("Quit Brink? Your game is saved."),
                                       self.quit))
            return
        if cmd.kind == "fullscreen":
            self.change_settings(self.settings.with_(fullscreen=not self.settings.fullscreen))
            return
        if cmd.kind in ("resize", "redraw"):
            if cmd.kind == "resize":
                self.relayout()
            self.dirty = True
            return
        top = self.stack.top
        if top is not None:
            top.process(cmd)
            if cmd.kind != "point":
                self.dirty = True

    def _track(self, event: pygame.event.Event) -> bool:
        """Keep `keys_down` and `pointer` up to date; True if a key press is a repeat (its
        key was down)."""
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            self.pointer = tuple(event.pos)  # type: ignore[assignment]
        if event.type == pygame.KEYDOWN:
            repeat = event.key in self.keys_down
            self.keys_down.add(event.key)
            return repeat
        if event.type == pygame.KEYUP:
            self.keys_down.discard(event.key)
            for scene in self.stack.scenes:
                scene.held.discard(event.key)
        elif event.type == pygame.WINDOWFOCUSLOST:
            self.keys_down.clear()
            for scene in self.stack.scenes:
                scene.held.clear()
        return False

    def _allowed(self, cmd: Command, top: Scene | None) -> bool:
        """Whether a command may act: a held key only moves the focus or scrolls, and a key
        that was down when the scene appeared does nothing there."""
        if cmd.kind == "click" and top is not None and top.age < CLICK_GRACE:
            return False  # the second click of a double click made on the scene before
        if not cmd.repeat:
            return True
        if top is not None and cmd.key in top.held:
            return False
        return cmd.kind in REPEATABLE

    def step(self, events: Iterable[pygame.event.Event] = (), dt: float | None = None) -> None:
        """One iteration: commands, update, and a redraw if anything changed.

        A press acts once, in the scene showing when it was pressed: once a press has changed
        the scene, the presses after it in the same batch were made before the new scene
        could be seen, and are dropped."""
        now = time.perf_counter()
        # Scenes age before the events are handled: a click made after a long idle wait
        # finds its scene as old as it looks.
        for scene in self.stack.scenes:
            scene.age += now - self._aged if dt is None else dt
        self._aged = now
        changed = False
        for event in events:
            repeat = self._track(event)
            if changed and event.type in PRESSES:
                continue
            top = self.stack.top
            text = top is not None and top.wants_text()
            for cmd in to_commands(event, repeat, text):
                if not self._allowed(cmd, top):
                    continue
                self.handle(cmd)
                self.dirty = True
                if self.stack.top is not top and cmd.kind != "point":
                    changed = True
        now = time.perf_counter()
        delta = now - self._last if dt is None else dt
        self._last = now
        # Every scene moves on (a list, not any(): one busy scene must not stop the others);
        # only what shows asks for frames.
        shown = self.stack.visible()
        moving = [s.update(delta) and s in shown for s in list(self.stack.scenes)]
        self.animating = any(moving)
        self.scene_changed = changed
        if self.dirty or self.animating:
            self.draw()

    def draw(self) -> None:
        """Draw the visible scenes and show the frame."""
        start = time.perf_counter()
        self.text_log.clear()
        self.screen.fill(PAPER)
        for scene in self.stack.visible():
            scene.draw(self.screen)
        pygame.display.flip()
        self.dirty = False
        if self.scene_changed:
            # Presses queued while the new scene was being built and drawn were made before
            # it showed: they belong to the scene that is gone.
            self.scene_changed = False
            for event in pygame.event.get(PRESSES):
                self._track(event)
        if LOG.isEnabledFor(logging.DEBUG) and self.stack.top is not None:
            LOG.debug("drew %s", self.stack.top.name)
        self.frame_times.append(time.perf_counter() - start)
        if len(self.frame_times) > 1000:
            del self.frame_times[:500]

    def wait_seconds(self) -> float:
        """How long the loop may sleep waiting for input: until the next timer of a scene."""
        waits = [w for s in self.stack.scenes if (w := s.wake_in()) is not None]
        return max(0.0, min([1.0, *waits]))

    def run(self) -> None:
        """Run until the player quits. Idle: wait for events (or a scene's timer) instead of
        spinning; every event is followed by a frame that shows its effect."""
        self.scene_changed = False
        # SIGTERM (a plain `kill`, a session logging out) quits at once, without the quit
        # dialog that SDL's own handler would open: every decision is already saved.
        previous = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, lambda *_: self.quit())
        try:
            self.step()
            while self.running and self.stack.top is not None:
                self.step(self.next_events())
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
            pygame.quit()

    def next_events(self) -> list[pygame.event.Event]:
        """The events to handle next: at the frame rate while something moves, else after
        waiting for input or the next timer."""
        if self.animating:
            self._clock.tick(FPS)
            return pygame.event.get()
        events = [pygame.event.wait(max(1, round(self.wait_seconds() * 1000)))]
        events += pygame.event.get()
        self._last = time.perf_counter()  # animations start from here, not from the wait
        return [e for e in events if e.type != pygame.NOEVENT]
