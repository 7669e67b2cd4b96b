"""The debrief's chart: tension over the game, DEFCON bands, the player's decisions, and the
historical path beside it."""

from __future__ import annotations

import itertools
import math

import pygame

from game.i18n import Translator
from game.narrate import KIND_LABELS
from game.scenario.expr import DEFCON_THRESHOLDS
from game.ui.text import TextLog, line
from game.ui.theme import DEFCON_COLORS, INK, INK_SOFT, KIND_COLORS, PAPER


def _lighter(c: tuple[int, int, int], k: float = 0.75) -> tuple[int, int, int]:
    return tuple(int(x + (255 - x) * k) for x in c)  # type: ignore[return-value]


def draw_chart(surface: pygame.Surface, rect: pygame.Rect, log: TextLog | None, t: Translator,
               size: int, path: list[float], decisions: list[tuple[int, str]],
               historical: list[float | None], n_turns: int) -> None:
    """Tension (0-100) against turns (0 = start); `decisions` are (turn, kind) marks."""
    pygame.draw.rect(surface, PAPER, rect)
    legend_h = int(size * 1.6)
    plot = pygame.Rect(rect.x + int(size * 2.2), rect.y + size // 2,
                       rect.width - int(size * 2.6), rect.height - legend_h - int(size * 1.8))
    edges = [0.0, *DEFCON_THRESHOLDS, 100.0]
    for level, (lo, hi) in zip(range(5, 0, -1), itertools.pairwise(edges), strict=True):
        y0 = plot.bottom - plot.height * hi / 100
        y1 = plot.bottom - plot.height * lo / 100
        band = pygame.Rect(plot.x, round(y0), plot.width, round(y1) - round(y0))
        pygame.draw.rect(surface, _lighter(DEFCON_COLORS[level]), band)
    pygame.draw.rect(surface, INK_SOFT, plot, 1)
    for v in (0, 50, 100):
        y = plot.bottom - plot.height * v / 100
        line(surface, log, str(v), (rect.x, round(y - size / 2)), int(size * 0.8), INK_SOFT,
             bounds=rect)
    span = max(1, n_turns)

    def pt(i: int, v: float) -> tuple[int, int]:
        return (round(plot.x + plot.width * i / span), round(plot.bottom - plot.height * v / 100))

    hist = [(i, v) for i, v in enumerate(historical) if v is not None and not math.isnan(v)]
    for (i0, v0), (i1, v1) in itertools.pairwise(hist):
        a, b = pt(i0, v0), pt(i1, v1)
        steps = max(1, int(math.dist(a, b) // 8))
        for k in range(0, steps, 2):
            p = (a[0] + (b[0] - a[0]) * k / steps, a[1] + (b[1] - a[1]) * k / steps)
            q = (a[0] + (b[0] - a[0]) * (k + 1) / steps, a[1] + (b[1] - a[1]) * (k + 1) / steps)
            pygame.draw.line(surface, INK_SOFT, p, q, 2)
    if len(path) > 1:
        pygame.draw.lines(surface, INK, False, [pt(i, v) for i, v in enumerate(path)], 3)
    for turn, kind in decisions:
        if turn < len(path):
            x, y = pt(turn, path[turn])
            r = max(4, size // 3)
            pygame.draw.circle(surface, KIND_COLORS.get(kind, INK), (x, y), r)
            pygame.draw.circle(surface, INK, (x, y), r, 1)
    ly = rect.bottom - legend_h
    x = plot.x
    pygame.draw.line(surface, INK, (x, ly + size // 2), (x + size * 2, ly + size // 2), 3)
    r = line(surface, log, t("your game"), (x + size * 2 + 4, ly), int(size * 0.8), INK,
             bounds=rect)
    x = r.right + size
    pygame.draw.line(surface, INK_SOFT, (x, ly + size // 2), (x + size * 2, ly + size // 2), 2)
    r = line(surface, log, t("historical choices (average)"), (x + size * 2 + 4, ly),
             int(size * 0.8), INK_SOFT, bounds=rect)
    x = r.right + size
    for kind in ("escalate", "hold", "negotiate", "concede"):
        if x + size * 6 > rect.right:
            break
        pygame.draw.circle(surface, KIND_COLORS[kind], (x + size // 3, ly + size // 2), size // 3)
        r = line(surface, log, t(KIND_LABELS[kind]), (x + size, ly), int(size * 0.8), INK,
                 bounds=rect)
        x = r.right + size // 2
