"""UI fixtures: an App on the dummy video driver, and helpers to send keys and clicks."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from game.settings import Settings
from game.ui.app import App

MINI = Path(__file__).parent.parent / "data" / "mini.yaml"


def key(k: int, mod: int = 0) -> pygame.event.Event:
    """A key press."""
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)


def key_up(k: int, mod: int = 0) -> pygame.event.Event:
    """A key release."""
    return pygame.event.Event(pygame.KEYUP, key=k, mod=mod, unicode="", scancode=0)


def click(pos: tuple[int, int]) -> list[pygame.event.Event]:
    """A left click at a position."""
    return [pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
            pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1)]


def press(app: App, *keys: int) -> None:
    """Press and release keys one after the other, letting animations finish after each."""
    for k in keys:
        app.step([key(k)], dt=0.0)
        app.step([key_up(k)], dt=30.0)


def leave_game(app: App) -> None:
    """Esc opens the game's menu; its last entry saves and goes back to the title."""
    press(app, pygame.K_ESCAPE, pygame.K_UP, pygame.K_RETURN)


@pytest.fixture
def make_app() -> Iterator:
    """Build Apps at a size and language; closes pygame afterwards."""
    def make(size: tuple[int, int] = (1280, 720), lang: str = "en") -> App:
        return App(size, Settings(lang=lang), persist=False, sound=False)

    yield make
    pygame.quit()
