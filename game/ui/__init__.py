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


def no_display() -> str:
    """What to do without a display, with the command written as it can be typed here."""
    from game.invocation import command

    cmd = command()
    return ("No display was found, so the map window cannot open.\n"
            f"Play in this terminal instead:     {cmd} play --text\n"
            f"Or run games headless:            {cmd} simulate SCENARIO --runs 10000")


def run_ui(scenario: str | None = None, side: str | None = None, lang: str | None = None,
           seed: int | None = None, size: tuple[int, int] | None = None) -> int:
    """Open the window and run the game; returns the exit code."""
    if not has_display():
        print(no_display(), file=sys.stderr)
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
        print(f"The window could not be opened ({exc}).\n{no_display()}", file=sys.stderr)
        return 1
    if lang is not None and lang != app.settings.lang:
        app.change_settings(app.settings.with_(lang=lang))
    error = first_scenes(app, scenario, side, seed)
    if error:
        print(error, file=sys.stderr)
        pygame.quit()
        return 1
    try:
        app.run()
    except Exception as exc:  # never close without a word
        import traceback

        from game.saves import save_dir

        report = save_dir().parent / "brink-error.txt"
        try:
            report.parent.mkdir(parents=True, exist_ok=True)
            report.write_text(traceback.format_exc(), encoding="utf-8")
            where = f" The details are in {report}."
        except OSError:
            where = ""
        print(f"Brink stopped because of an unexpected error ({type(exc).__name__}: {exc}). "
              f"Your game was saved after your last decision.{where}", file=sys.stderr)
        pygame.quit()
        return 1
    return 0
