"""The map interface (pygame-ce). The only package that imports pygame."""

from __future__ import annotations

import os
import sys


def has_display() -> bool:
    """Whether a window can be opened here (a desktop session, or an explicit SDL driver)."""
    driver = os.environ.get("SDL_VIDEODRIVER", "")
    if driver in ("dummy", "offscreen"):
        return False
    if sys.platform.startswith("linux") and not driver:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


NO_DISPLAY = ("No display was found, so the map window cannot open.\n"
              "Play in this terminal instead:     brink play --text\n"
              "Or run games headless:            brink simulate SCENARIO --runs 10000")


def run_ui(scenario: str | None = None, side: str | None = None, lang: str | None = None,
           seed: int | None = None, size: tuple[int, int] | None = None) -> int:
    """Open the window and run the game; returns the exit code."""
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    os.environ.setdefault("SDL_VIDEO_X11_WMCLASS", "brink")
    level = os.environ.get("BRINK_LOG", "").upper()
    if level in ("DEBUG", "INFO", "WARNING"):
        import logging

        logging.basicConfig(level=level, format="%(name)s: %(message)s", stream=sys.stderr)
    import pygame

    from game.ui.app import DEFAULT_SIZE, App
    from game.ui.start import first_scenes

    try:
        app = App(size or DEFAULT_SIZE)
    except pygame.error as exc:
        print(f"The window could not be opened ({exc}).\n{NO_DISPLAY}", file=sys.stderr)
        return 1
    if lang is not None and lang != app.settings.lang:
        app.change_settings(app.settings.with_(lang=lang))
    error = first_scenes(app, scenario, side, seed)
    if error:
        print(error, file=sys.stderr)
        pygame.quit()
        return 1
    app.run()
    return 0
