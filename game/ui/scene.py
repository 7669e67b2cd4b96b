"""Scenes and the scene stack: each scene processes commands, updates, then draws."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.ui.commands import Command

if TYPE_CHECKING:
    from game.ui.app import App


class Scene:
    """A screen of the game. Scenes that are not `opaque` are drawn over the one below."""

    name = "scene"
    opaque = True

    def __init__(self, app: App) -> None:
        self.app = app
        #: Keys that were down when the scene appeared: ignored here until released.
        self.held: set[int] = set()
        #: Seconds since it appeared (a click in its first moments is ignored).
        self.age = 0.0

    def process(self, cmd: Command) -> None:
        """React to one command."""

    def update(self, dt: float) -> bool:
        """Advance animations by `dt` seconds; True while something still moves."""
        return False

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the whole scene."""

    def layout(self) -> None:
        """Recompute positions after the window size or the settings changed."""

    def entered(self) -> None:
        """Called when the scene becomes the top of the stack again."""

    def wake_in(self) -> float | None:
        """Seconds until the scene needs a frame without input (a timer), or None."""
        return None

    def wants_text(self) -> bool:
        """Whether printable keys are typed text here (a name field) rather than shortcuts."""
        return False


class SceneStack:
    """Scenes on top of each other; the top one gets the commands."""

    def __init__(self) -> None:
        self.scenes: list[Scene] = []

    @property
    def top(self) -> Scene | None:
        """The active scene."""
        return self.scenes[-1] if self.scenes else None

    def push(self, scene: Scene) -> None:
        """Put a scene on top."""
        self.scenes.append(scene)
        scene.layout()

    def pop(self) -> Scene | None:
        """Remove the top scene; the one below is told it is active again."""
        scene = self.scenes.pop() if self.scenes else None
        if self.top is not None:
            self.top.entered()
        return scene

    def replace(self, scene: Scene) -> None:
        """Replace the whole stack with one scene."""
        self.scenes = []
        self.push(scene)

    def visible(self) -> list[Scene]:
        """The scenes to draw, bottom first: the top one and those it shows through."""
        out: list[Scene] = []
        for scene in reversed(self.scenes):
            out.insert(0, scene)
            if scene.opaque:
                break
        return out
