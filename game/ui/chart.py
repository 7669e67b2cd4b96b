"""The debrief's chart: tension over the game against dates, DEFCON bands, the player's
decisions by kind, the historical choices' mean path, and a legend of everything drawn."""

from __future__ import annotations

import itertools
import math

import pygame

from game.present.model import Chart
from game.scenario.expr import DEFCON_THRESHOLDS
from game.ui.text import TextLog, line, line_height, text_width
from game.ui.theme import DEFCON_COLORS, INK, INK_SOFT, KIND_COLORS, PAPER


def _lighter(c: tuple[int, int, int], k: float = 0.75) -> tuple[int, int, int]:
    return tuple(int(x + (255 - x) * k) for x in c)  # type: ignore[return-value]


def legend_height(chart: Chart, size: int, width: int) -> int:
    """Height of the legend's rows at `size` in `width`."""
    return len(_legend_rows(chart, size, width)) * line_height(size)


def _legend_rows(chart: Chart, size: int, width: int) -> list[list[tuple[str, str, int]]]:
    rows: list[list[tuple[str, str, int]]] = [[]]
    x = 0
    for key, label in chart.legend:
        need = 2 * size + 6 + text_width(label, size) + size
        if rows[-1] and x + need > width:
            rows.append([])
            x = 0
        rows[-1].append((key, label, x))
        x += need
    return rows


def draw_chart(surface: pygame.Surface, rect: pygame.Rect, log: TextLog | None, chart: Chart,
               size: int) -> None:
    """Draw the chart inside `rect`; nothing is drawn outside it."""
    old_clip = surface.get_clip()
    surface.set_clip(rect.clip(old_clip) if old_clip else rect)
    pygame.draw.rect(surface, PAPER, rect)
    lh = line_height(size)
    title_h = lh
    legend_h = legend_height(chart, size, rect.width)
    left = text_width("100", size) + 6
    plot = pygame.Rect(rect.x + left, rect.y + title_h + lh // 2, rect.width - left - size,
                       rect.height - title_h - legend_h - 2 * lh)
    line(surface, log, chart.title, (rect.x, rect.y), size, INK, bold=True, bounds=rect)
    if plot.height < 10 or plot.width < 10:
        surface.set_clip(old_clip)
        return
    edges = [0.0, *DEFCON_THRESHOLDS, 100.0]
    for level, (lo, hi) in zip(range(5, 0, -1), itertools.pairwise(edges), strict=True):
        y0 = plot.bottom - plot.height * hi / 100
        y1 = plot.bottom - plot.height * lo / 100
        band = pygame.Rect(plot.x, round(y0), plot.width, round(y1) - round(y0))
        pygame.draw.rect(surface, _lighter(DEFCON_COLORS[level]), band)
    pygame.draw.rect(surface, INK_SOFT, plot, 1)
    for v in (0, 50, 100):
        y = plot.bottom - plot.height * v / 100
        line(surface, log, str(v), (rect.x, round(y - lh / 2)), size, INK_SOFT, bounds=rect)
    span = max(1, chart.turns)

    def pt(i: int, v: float) -> tuple[int, int]:
        return (round(plot.x + plot.width * min(i, span) / span),
                round(plot.bottom - plot.height * max(0.0, min(100.0, v)) / 100))

    # Dates along the axis: as many as fit without touching, the first and last always.
    taken: list[pygame.Rect] = []
    points = chart.points
    order = [0, len(points) - 1, *range(1, len(points) - 1)] if points else []
    for k in order:
        p = points[k]
        x = pt(p.index, 0)[0]
        w = text_width(p.axis, size)
        r = pygame.Rect(x - w // 2, plot.bottom + 2, w, lh).clamp(rect)
        if r.inflate(size, 0).collidelist(taken) >= 0:
            continue
        taken.append(r)
        pygame.draw.line(surface, INK_SOFT, (x, plot.bottom), (x, plot.bottom + 3))
        line(surface, log, p.axis, r.topleft, size, INK_SOFT, bounds=rect)
    surface.set_clip(plot.clip(surface.get_clip()))
    hist = [(i, v) for i, v in enumerate(chart.historical) if v is not None and
            not math.isnan(v) and i <= span]
    for (i0, v0), (i1, v1) in itertools.pairwise(hist):
        a, b = pt(i0, v0), pt(i1, v1)
        steps = max(1, int(math.dist(a, b) // 8))
        for k in range(0, steps, 2):
            p0 = (a[0] + (b[0] - a[0]) * k / steps, a[1] + (b[1] - a[1]) * k / steps)
            q = (a[0] + (b[0] - a[0]) * (k + 1) / steps, a[1] + (b[1] - a[1]) * (k + 1) / steps)
            pygame.draw.line(surface, INK_SOFT, p0, q, 2)
    path = [(p.index, p.tension) for p in points]
    if len(path) > 1:
        pygame.draw.lines(surface, INK, False, [pt(i, v) for i, v in path], 3)
    by_index = dict(path)
    for mark in chart.marks:
        if mark.index in by_index:
            x, y = pt(mark.index, by_index[mark.index])
            r = max(4, size // 3)
            pygame.draw.circle(surface, KIND_COLORS.get(mark.kind, INK), (x, y), r)
            pygame.draw.circle(surface, INK, (x, y), r, 1)
    surface.set_clip(rect.clip(old_clip) if old_clip else rect)
    y = rect.bottom - legend_h
    for row in _legend_rows(chart, size, rect.width):
        for key, label, x0 in row:
            x = rect.x + x0
            cy = y + lh // 2
            if key == "game":
                pygame.draw.line(surface, INK, (x, cy), (x + 2 * size, cy), 3)
            elif key == "historical":
                for k in range(0, 2 * size, 8):
                    pygame.draw.line(surface, INK_SOFT, (x + k, cy), (x + min(2 * size, k + 4),
                                                                      cy), 2)
            else:
                pygame.draw.circle(surface, KIND_COLORS[key], (x + size, cy), max(4, size // 3))
                pygame.draw.circle(surface, INK, (x + size, cy), max(4, size // 3), 1)
            line(surface, log, label, (x + 2 * size + 6, y), size,
                 INK if key != "historical" else INK_SOFT, bounds=rect)
        y += lh
    surface.set_clip(old_clip)
