"""Input mapped to commands before scenes see it: keys, mouse and window events."""

from __future__ import annotations

from dataclasses import dataclass

import pygame


@dataclass(frozen=True)
class Command:
    """What the player asked for. `value` is a digit, a position, a scroll amount, the text
    typed, or which key stood for "back" (Backspace: "erase") or "confirm" (Space: "space")."""

    kind: str
    value: object = None


DIGITS = {getattr(pygame, f"K_{i}"): i for i in range(1, 10)}
DIGITS.update({getattr(pygame, f"K_KP{i}"): i for i in range(1, 10)})
KEYS = {
    pygame.K_RETURN: "confirm", pygame.K_KP_ENTER: "confirm", pygame.K_SPACE: "confirm",
    pygame.K_ESCAPE: "back", pygame.K_BACKSPACE: "back",
    pygame.K_UP: "up", pygame.K_DOWN: "down", pygame.K_LEFT: "left", pygame.K_RIGHT: "right",
    pygame.K_PAGEUP: "page_up", pygame.K_PAGEDOWN: "page_down",
    pygame.K_HOME: "home", pygame.K_END: "end",
    pygame.K_F5: "reload", pygame.K_F11: "fullscreen", pygame.K_F1: "help",
    pygame.K_l: "log",
}


def to_commands(event: pygame.event.Event) -> list[Command]:
    """The commands an event stands for (none for events the game ignores)."""
    t = event.type
    if t == pygame.QUIT:
        return [Command("quit")]
    if t == pygame.KEYDOWN:
        if event.key in DIGITS:
            return [Command("digit", DIGITS[event.key])]
        if event.key == pygame.K_TAB:
            return [Command("prev" if event.mod & pygame.KMOD_SHIFT else "next")]
        if event.key == pygame.K_q and event.mod & pygame.KMOD_CTRL:
            return [Command("quit")]
        if event.key in (pygame.K_BACKSPACE, pygame.K_SPACE):  # a text field tells them apart
            return [Command(KEYS[event.key], "erase" if event.key == pygame.K_BACKSPACE
                            else "space")]
        kind = KEYS.get(event.key)
        return [Command(kind)] if kind else []
    if t == pygame.TEXTINPUT:
        return [Command("text", event.text)]
    if t == pygame.MOUSEMOTION:
        return [Command("point", tuple(event.pos))]
    if t == pygame.MOUSEBUTTONDOWN and event.button == 1:
        return [Command("point", tuple(event.pos)), Command("click", tuple(event.pos))]
    if t == pygame.MOUSEWHEEL:
        return [Command("scroll", -int(event.y))]
    if t in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
        return [Command("resize")]
    if t in (pygame.WINDOWEXPOSED, pygame.WINDOWRESTORED, pygame.WINDOWSHOWN):
        return [Command("redraw")]
    return []
