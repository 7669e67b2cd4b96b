"""Input mapped to commands before scenes see it: keys, mouse and window events."""

from __future__ import annotations

from dataclasses import dataclass

import pygame


@dataclass(frozen=True)
class Command:
    """What the player asked for. `value` is a digit, a position, a scroll amount, the text
    typed, or which key stood for "back" (Backspace: "erase") or "confirm" (Space: "space");
    `repeat` marks a key held down (auto-repeat), which never decides anything."""

    kind: str
    value: object = None
    repeat: bool = False
    key: int = 0


DIGITS = {getattr(pygame, f"K_{i}"): i for i in range(1, 10)}
DIGITS.update({getattr(pygame, f"K_KP{i}"): i for i in range(1, 10)})
KEYS = {
    pygame.K_RETURN: "confirm", pygame.K_KP_ENTER: "confirm", pygame.K_SPACE: "confirm",
    pygame.K_ESCAPE: "back", pygame.K_BACKSPACE: "back",
    pygame.K_UP: "up", pygame.K_DOWN: "down", pygame.K_LEFT: "left", pygame.K_RIGHT: "right",
    pygame.K_PAGEUP: "page_up", pygame.K_PAGEDOWN: "page_down",
    pygame.K_HOME: "home", pygame.K_END: "end",
    pygame.K_F5: "reload", pygame.K_F11: "fullscreen", pygame.K_F1: "help",
    pygame.K_l: "log", pygame.K_h: "help", pygame.K_m: "map", pygame.K_d: "documents",
    pygame.K_g: "glossary",
}
#: Keys that keep their meaning while a scene takes typed text.
KEYS_IN_TEXT = frozenset({pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_ESCAPE, pygame.K_TAB,
                          pygame.K_BACKSPACE, pygame.K_SPACE, pygame.K_UP, pygame.K_DOWN})
#: What a held key may do again and again: move the focus and scroll, nothing else.
REPEATABLE = frozenset({"up", "down", "page_up", "page_down", "next", "prev"})
#: Events that are presses (a key, a mouse button): each acts once, in the scene it meets.
PRESSES = (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN, pygame.MOUSEWHEEL)


def to_commands(event: pygame.event.Event, repeat: bool = False,
                text: bool = False) -> list[Command]:
    """The commands an event stands for (none for events the game ignores); `repeat` says
    that a key press comes from a key already down; with `text` (a scene taking typed text),
    printable keys are no shortcuts: their text comes as ('text', what was typed)."""
    t = event.type
    if t == pygame.QUIT:
        return [Command("quit")]
    if t == pygame.KEYDOWN:
        k = event.key
        char = getattr(event, "unicode", "")
        if text and char and char.isprintable() and k not in KEYS_IN_TEXT:
            return []  # typed text arrives as a TEXTINPUT event
        if k in DIGITS:
            return [Command("digit", DIGITS[k], repeat, k)]
        if k == pygame.K_TAB:
            return [Command("prev" if event.mod & pygame.KMOD_SHIFT else "next", None, repeat,
                            k)]
        if k == pygame.K_q and event.mod & pygame.KMOD_CTRL:
            return [Command("quit", None, repeat, k)]
        if event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            return []
        if k in (pygame.K_BACKSPACE, pygame.K_SPACE):  # a text field tells them apart
            return [Command(KEYS[k], "erase" if k == pygame.K_BACKSPACE else "space", repeat,
                            k)]
        kind = KEYS.get(k)
        return [Command(kind, None, repeat, k)] if kind else []
    if t == pygame.TEXTINPUT:
        return [Command("text", event.text)]
    if t == pygame.MOUSEMOTION:
        return [Command("point", tuple(event.pos))]
    if t == pygame.MOUSEBUTTONDOWN and event.button == 1:
        return [Command("point", tuple(event.pos)), Command("click", tuple(event.pos))]
    if t == pygame.MOUSEWHEEL:
        return [Command("scroll", -int(event.y))]
    if t == pygame.WINDOWFOCUSLOST:
        return [Command("redraw")]
    if t in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
        return [Command("resize")]
    if t in (pygame.WINDOWEXPOSED, pygame.WINDOWRESTORED, pygame.WINDOWSHOWN):
        return [Command("redraw")]
    return []
