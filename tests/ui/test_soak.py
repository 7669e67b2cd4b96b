"""UI soak: 20,000 random keys, clicks, wheel turns, window resizes and quit requests on the
dummy video driver; no exception, and memory that stops growing."""

from __future__ import annotations

import random
import sys
import time
import tracemalloc
from pathlib import Path

import pygame
import pytest

from game.scenario import load_scenario
from game.settings import Settings
from game.ui.app import App
from game.ui.scenes.title import TitleScene

from .conftest import MINI, key, key_up

EVENTS = 20_000
WARM_UP = 2_000
#: Python memory (tracemalloc) may grow this much between WARM_UP and EVENTS events.
MAX_GROWTH = 30_000_000
#: The process (SDL surfaces and fonts included) may grow this much over the same span.
MAX_RSS_GROWTH = 200_000_000

KEYS = [
    *[getattr(pygame, f"K_{i}") for i in range(10)],
    *[getattr(pygame, f"K_{c}") for c in "abcdefghijklmnopqrstuvwxyz"],
    pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_TAB, pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT,
    pygame.K_RIGHT, pygame.K_F5, pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_HOME,
    pygame.K_END, pygame.K_SPACE, pygame.K_BACKSPACE, pygame.K_KP_ENTER, pygame.K_F1,
    pygame.K_F11,
]
MODS = [0, 0, 0, 0, pygame.KMOD_SHIFT, pygame.KMOD_CTRL]


def rss() -> int | None:
    """The process's resident memory in bytes (Linux), else None."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    import resource

    return pages * resource.getpagesize()


def random_event(rng: random.Random, app: App) -> pygame.event.Event:
    """One random input event, sized to the current window."""
    w, h = app.size
    pos = (rng.randrange(w), rng.randrange(h))
    r = rng.random()
    if r < 0.45:  # mostly presses and releases, sometimes a key held down (a repeat)
        k = rng.choice(KEYS)
        if k in app.keys_down and rng.random() < 0.8:
            return key_up(k)
        return key(k, rng.choice(MODS))
    if r < 0.65:
        return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
    if r < 0.85:
        kind = pygame.MOUSEBUTTONDOWN if rng.random() < 0.7 else pygame.MOUSEBUTTONUP
        return pygame.event.Event(kind, pos=pos, button=rng.choice([1, 1, 1, 2, 3, 4, 5]))
    if r < 0.93:
        return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=rng.randint(-3, 3), flipped=False)
    if r < 0.99:
        size = (rng.randint(1024, 2560), rng.randint(640, 1440))
        app.screen = pygame.display.set_mode(size, pygame.RESIZABLE)  # the window really changes
        return pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1])
    return pygame.event.Event(pygame.QUIT)


def test_twenty_thousand_random_events(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # F11 and the settings screen really ask for fullscreen, which the dummy driver refuses:
    # the game must carry on in a window.
    monkeypatch.chdir(tmp_path)
    scenario = load_scenario(MINI)
    rng = random.Random(20_000)

    def new_app() -> App:
        app = App((1280, 720), Settings(), persist=False, sound=False)
        app.push(TitleScene(app, [scenario], seed=rng.randrange(1000)))
        app.step(dt=0.0)
        return app

    restarts = 0
    app = new_app()
    scenes: set[str] = set()
    start = time.perf_counter()
    python_at = rss_at = None
    try:
        for i in range(EVENTS):
            if i == WARM_UP:
                tracemalloc.start()
                python_at, rss_at = tracemalloc.get_traced_memory()[0], rss()
            # The title's search for saves runs on a thread; finishing it before each event
            # makes the run the same every time (the Continue button appears at a fixed step).
            for scene in app.stack.scenes:
                if isinstance(scene, TitleScene) and scene.scan.started:
                    scene.scan.wait()
            event = random_event(rng, app)
            app.step([event], dt=rng.choice([0.0, 0.016, 0.016, 0.05, 0.3, 2.0]))
            scenes.add(app.stack.top.name if app.stack.top else "none")
            if not app.running or app.stack.top is None:
                restarts += 1
                pygame.quit()
                app = new_app()
        python_growth = tracemalloc.get_traced_memory()[0] - (python_at or 0)
        rss_end = rss()
    finally:
        tracemalloc.stop()
        pygame.quit()
    took = time.perf_counter() - start
    print(f"\nsoak: {EVENTS} events in {took:.1f}s, {restarts} restarts, scenes {sorted(scenes)}, "
          f"Python memory +{python_growth / 1e6:.1f} MB after {WARM_UP} events"
          + (f", RSS +{(rss_end - rss_at) / 1e6:.1f} MB" if rss_end and rss_at else ""),
          file=sys.stderr)
    assert python_growth < MAX_GROWTH
    if rss_end is not None and rss_at is not None:
        assert rss_end - rss_at < MAX_RSS_GROWTH
    # The random input went everywhere a player can go.
    assert {"title", "briefing", "crisis", "result", "debrief", "settings", "confirm"} <= scenes
    assert restarts >= 1


def test_fullscreen_where_the_system_refuses_it(make_app) -> None:
    app = make_app()
    app.push(TitleScene(app, [load_scenario(MINI)], seed=1))
    app.step([key(pygame.K_F11)], dt=0.0)
    assert app.running
