"""Tiny inline SVG charts for HTML reports: horizontal bars of shares, lines of tension.

Every text is escaped here, so callers may pass untrusted scenario text. No dependencies.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from game.scenario.expr import DEFCON_THRESHOLDS

#: Okabe-Ito colours (safe for colour-blind readers), in the order series get them.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
           "#F0E442")
#: Pale DEFCON bands, from DEFCON 5 (bottom) to DEFCON 1 (top).
BANDS = ("#e6f4ee", "#e8f3fb", "#fbf8dc", "#fbeedc", "#f9e3d9")
FONT = "font-family:sans-serif;font-size:12px"
#: Above this many lines, the chart has no legend (each line keeps its name as a tooltip).
MAX_LEGEND = 40
#: Dash patterns, combined with the colours when there are more lines than colours.
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 5")
#: About how wide a character of the legend's 12 px sans-serif text is, in pixels.
CHAR_WIDTH = 6.6


@dataclass(frozen=True)
class Bar:
    """One bar: a share 0-1 with an optional interval (low, high)."""

    label: str
    value: float
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Series:
    """One line: values by x position (None where there is no value)."""

    label: str
    values: tuple[float | None, ...]
    color: str | None = None
    width: float = 2.0


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _open(width: int, height: int, title: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}" '
            f'style="{FONT}"><title>{_e(title)}</title>']


def percent(share: float) -> str:
    """A share as a percentage: one decimal, two below 1% so that rare cases do not read 0."""
    return f"{share * 100:.2f}%" if 0 < share < 0.01 else f"{share * 100:.1f}%"


def _short(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(bars: Sequence[Bar], title: str, width: int = 640, *,
              fmt: Callable[[float], str] | None = None) -> str:
    """Horizontal bars of shares (0-100%), with whiskers for intervals; an SVG element.
    `fmt` writes a share (default: `percent`)."""
    fmt = fmt or percent
    row, top, left, right = 22, 8, 230, 60
    height = top * 2 + row * max(len(bars), 1)
    plot = width - left - right
    out = _open(width, height, title)
    for i, b in enumerate(bars):
        y = top + i * row
        w = max(0.0, min(1.0, b.value)) * plot
        out.append(f'<text x="{left - 6}" y="{y + 15}" text-anchor="end">'
                   f'{_e(_short(b.label, 34))}</text>')
        out.append(f'<rect x="{left}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" '
                   f'fill="{PALETTE[0]}" stroke="none"/>')
        if b.low is not None and b.high is not None:
            x0, x1 = left + b.low * plot, left + b.high * plot
            out.append(f'<line x1="{x0:.1f}" x2="{x1:.1f}" y1="{y + row / 2}" '
                       f'y2="{y + row / 2}" stroke="#000" stroke-width="1.5"/>')
        out.append(f'<text x="{left + w + 6:.1f}" y="{y + 15}">{_e(fmt(b.value))}</text>')
    out.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{height - top}" stroke="#555"/>')
    out.append("</svg>")
    return "".join(out)


def line_chart(series: Sequence[Series], title: str, x_labels: Sequence[str],
               width: int = 640, height: int = 260, y_max: float = 100.0,
               bands: bool = True) -> str:
    """Lines over x positions 0..n-1, y from 0 to `y_max`, DEFCON bands and (for 2 to
    MAX_LEGEND lines) a legend below, which makes the chart taller: names are cut to their
    column's width, and beyond the eight colours lines also differ by their dashes."""
    left, right, top = 40, 20, 10
    keyed = 1 < len(series) <= MAX_LEGEND
    columns = 3 if len(series) > 8 else 2
    rows = (len(series) + columns - 1) // columns if keyed else 0
    legend = 18 * rows + (8 if keyed else 0)
    bottom = 40
    pw, ph = width - left - right, height - top - bottom
    total = height + legend
    n = max(len(x_labels), 2)
    col_width = pw // columns
    chars = max(8, int((col_width - 24) / CHAR_WIDTH))

    def px(i: int) -> float:
        return left + pw * i / (n - 1)

    def py(v: float) -> float:
        return top + ph * (1 - max(0.0, min(y_max, v)) / y_max)

    out = _open(width, total, title)
    if bands:
        edges = (0.0, *DEFCON_THRESHOLDS, 100.0)
        for k, colour in enumerate(BANDS):
            lo, hi = edges[k], edges[k + 1]
            out.append(f'<rect x="{left}" y="{py(hi):.1f}" width="{pw}" '
                       f'height="{py(lo) - py(hi):.1f}" fill="{colour}" stroke="none"/>')
    out.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" '
               'stroke="#555"/>')
    for v in (0, y_max / 2, y_max):
        out.append(f'<text x="{left - 4}" y="{py(v) + 4:.1f}" text-anchor="end">{v:g}</text>')
    step = max(1, len(x_labels) // 8)
    for i in range(0, len(x_labels), step):
        out.append(f'<text x="{px(i):.1f}" y="{top + ph + 16}" text-anchor="middle">'
                   f'{_e(x_labels[i])}</text>')
    for k, s in enumerate(series):
        colour = s.color or PALETTE[k % len(PALETTE)]
        dash = DASHES[(k // len(PALETTE)) % len(DASHES)] if s.color is None else ""
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        for run in _runs(s.values):
            pts = " ".join(f"{px(i):.1f},{py(v):.1f}" for i, v in run)
            out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" '
                       f'stroke-width="{s.width}" stroke-linecap="round" stroke-linejoin="round"'
                       f'{dashed}><title>{_e(s.label)}</title></polyline>')
        if keyed:
            lx = left + (k % columns) * col_width
            ly = top + ph + bottom + 6 + (k // columns) * 18
            out.append(f'<line x1="{lx}" x2="{lx + 16}" y1="{ly - 5}" y2="{ly - 5}" '
                       f'stroke="{colour}" stroke-width="3"{dashed}/>'
                       f'<text x="{lx + 22}" y="{ly}"><title>{_e(s.label)}</title>'
                       f'{_e(_short(s.label, chars))}</text>')
    out.append("</svg>")
    return "".join(out)


def _runs(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """Stretches of consecutive values that are not None (a single point is drawn as a dot)."""
    runs: list[list[tuple[int, float]]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((i, float(v)))
    out = [r for r in runs if r]
    return [r if len(r) > 1 else [r[0], r[0]] for r in out]
