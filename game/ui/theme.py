"""Colours (a colour-blind-safe palette after Okabe and Ito), fonts and sizes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pygame

from game.resources import assets_dir

Color = tuple[int, int, int]

# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
BLACK: Color = (0, 0, 0)
ORANGE: Color = (230, 159, 0)
SKY: Color = (86, 180, 233)
GREEN: Color = (0, 158, 115)
YELLOW: Color = (240, 228, 66)
BLUE: Color = (0, 114, 178)
VERMILION: Color = (213, 94, 0)
PURPLE: Color = (204, 121, 167)

PAPER: Color = (236, 229, 210)
PAPER_DARK: Color = (221, 212, 188)
INK: Color = (28, 28, 30)
INK_SOFT: Color = (88, 84, 76)
STAMP: Color = VERMILION
FOCUS: Color = BLUE

SEA: Color = (226, 235, 239)
LAND: Color = (222, 214, 190)
BLOC_FILL: dict[str, Color] = {
    "nato": (132, 172, 212),
    "warsaw": (230, 158, 124),
    "communist_other": (214, 170, 196),
    "western": (178, 200, 222),
    "neutral": LAND,
}
BORDER: Color = (96, 92, 86)
COAST: Color = (104, 128, 140)

#: Colour of each DEFCON level, 5 (calm) to 1.
DEFCON_COLORS: dict[int, Color] = {5: GREEN, 4: SKY, 3: YELLOW, 2: ORANGE, 1: VERMILION}
#: Colour of each option kind.
KIND_COLORS: dict[str, Color] = {"escalate": VERMILION, "hold": BLUE, "negotiate": GREEN,
                                 "concede": PURPLE}
SIDE_COLORS: dict[str, Color] = {"us": BLUE, "ussr": VERMILION}
OTHER_SIDE_COLOR: Color = PURPLE

FONT_FILES = {
    ("sans", False): "DejaVuSans.ttf",
    ("sans", True): "DejaVuSans-Bold.ttf",
    ("mono", False): "DejaVuSansMono.ttf",
    ("mono", True): "DejaVuSansMono-Bold.ttf",
}


#: Nothing a student must read is drawn smaller than this (pixels).
MIN_TEXT = 13
#: Body text is never smaller than this (pixels).
MIN_BODY = 16


@lru_cache(maxsize=64)
def font(size: int, family: str = "sans", bold: bool = False) -> pygame.font.Font:
    """A font from assets/fonts at a pixel size (cached)."""
    return pygame.font.Font(str(assets_dir() / "fonts" / FONT_FILES[(family, bold)]),
                            max(MIN_TEXT, int(size)))


@dataclass(frozen=True)
class Metrics:
    """Sizes for a window: a base text size and a spacing unit, scaled by the settings."""

    width: int
    height: int
    scale: float

    @property
    def text(self) -> int:
        """Base (body) text size in pixels: 17 at 1280×720 and 100 %, growing slowly with the
        window, times the interface scale; never under MIN_BODY."""
        grow = min(self.height / 720, self.width / 1280) ** 0.5
        return max(MIN_BODY, round(17 * grow * self.scale))

    @property
    def small(self) -> int:
        """Small text size (labels, the log); never under MIN_TEXT."""
        return max(MIN_TEXT, round(self.text * 0.85))

    @property
    def title(self) -> int:
        """Title text size."""
        return round(self.text * 1.45)

    @property
    def pad(self) -> int:
        """Spacing unit."""
        return max(4, round(self.text * 0.45))
