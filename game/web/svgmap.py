"""The scenario's map as SVG: the 1961 world (from the same map asset as the window) for its
view, and the places and layers visible in a game, for the browser pages."""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from game.mapdata import WorldMap, circle_points, load_map, project
from game.maplabels import Name, place_labels
from game.present.model import LegendEntry, MapView
from game.scenario.tables import Compiled

WIDTH = 1000
SEA = "#e2ebef"
LAND = "#ded6be"
BLOC_FILL = {"nato": "#84acd4", "warsaw": "#e69e7c", "communist_other": "#d6aac4",
             "western": "#b2c8de", "neutral": LAND}
BORDER = "#605c56"
COAST = "#68808c"
INK = "#1c1c1e"
PAPER = "#ece5d2"
SIDE_COLORS = {"us": "#0072b2", "ussr": "#d55e00"}
OTHER_SIDE = "#cc79a7"


@lru_cache(maxsize=1)
def world() -> WorldMap:
    """The world map, loaded once."""
    return load_map()


@dataclass(frozen=True)
class Frame:
    """How a scenario's view maps onto the SVG's pixels."""

    left: float
    top: float
    scale: float
    width: int
    height: int

    @classmethod
    def of(cls, c: Compiled) -> Frame:
        """The frame of a scenario's view, WIDTH pixels wide."""
        return cls.of_box(view_of(c))

    @classmethod
    def of_box(cls, box: tuple[float, float, float, float]) -> Frame:
        """The frame of a view (west, south, east, north), WIDTH pixels wide."""
        x0, y0 = project(np.array([box[0]]), np.array([box[1]]))
        x1, y1 = project(np.array([box[2]]), np.array([box[3]]))
        scale = WIDTH / float(x1[0] - x0[0])
        height = max(1, round(float(y1[0] - y0[0]) * scale))
        return cls(float(x0[0]), float(y1[0]), scale, WIDTH, height)

    def px(self, xy: np.ndarray) -> np.ndarray:
        """Map units to pixels."""
        return np.column_stack([(xy[:, 0] - self.left) * self.scale,
                                (self.top - xy[:, 1]) * self.scale])

    def lonlat(self, lon: float, lat: float) -> tuple[float, float]:
        """A longitude/latitude to pixels."""
        x, y = project(np.array([lon]), np.array([lat]))
        p = self.px(np.column_stack([x, y]))[0]
        return float(p[0]), float(p[1])


def _path(points: np.ndarray, closed: bool) -> str:
    if len(points) < 2:
        return ""
    q = np.round(points, 1)
    keep = np.ones(len(q), dtype=bool)
    keep[1:] = np.abs(np.diff(q, axis=0)).sum(axis=1) >= 0.6
    q = q[keep]
    if len(q) < 2:
        return ""
    body = " ".join(f"{x:g},{y:g}" for x, y in q)
    return f"M{body}{'Z' if closed else ''}"


def view_of(c: Compiled) -> tuple[float, float, float, float]:
    """A scenario's view: west, south, east, north."""
    mp = c.model.map
    if mp is None:
        return (-100.0, 10.0, 40.0, 70.0)
    return (mp.view.west, mp.view.south, mp.view.east, mp.view.north)


def base_svg(c: Compiled) -> str:
    """The sea, the states in their blocs' colours, borders and coasts (a standalone SVG)."""
    return _base_svg(view_of(c))


@lru_cache(maxsize=16)
def _base_svg(box: tuple[float, float, float, float]) -> str:
    f = Frame.of_box(box)
    w = world()
    part = w.clip_box((f.left, f.top - f.height / f.scale, f.left + f.width / f.scale, f.top))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {f.width} {f.height}" '
           f'width="{f.width}" height="{f.height}">',
           f'<rect width="{f.width}" height="{f.height}" fill="{SEA}"/>']
    for ring in part.rings:
        d = _path(f.px(ring.points), True)
        if d:
            fill = SEA if ring.hole else BLOC_FILL.get(w.states[ring.state].bloc, LAND)
            out.append(f'<path d="{d}" fill="{fill}"/>')
    coasts = "".join(_path(f.px(x), False) for x in part.coasts)
    borders = "".join(_path(f.px(x), False) for x in part.borders)
    out.append(f'<path d="{coasts}" fill="none" stroke="{COAST}" stroke-width="1"/>')
    out.append(f'<path d="{borders}" fill="none" stroke="{BORDER}" stroke-width="1.5"/>')
    out.append("</svg>")
    return "".join(out)


ICONS = {  # unit shapes (path in a 2×2 box around the centre), scaled at drawing
    "missile": "M0,-1L.25,-.5V.5L.5,1H-.5L-.25,.5V-.5Z",
    "ship": "M-1,0H1L.5,.5H-.5ZM-.25,0V-.5H.17V0Z",
    "submarine": "M-1,0L-.5,-.25H.5L1,0L.5,.25H-.5Z",
    "tank": "M-1,0H1V.5H-1ZM-.5,-.5H.25V0H-.5ZM.25,-.38H1.25V-.25H.25Z",
    "plane": "M0,-1L.17,-.5L1,0H.17V.5L.5,1H-.5L-.17,.5V0H-1L-.17,-.5Z",
    "star": "M0,-1L.26,-.36L.95,-.31L.42,.14L.59,.81L0,.45L-.59,.81L-.42,.14L-.95,-.31L-.26,-.36Z",
    "flag": "M-.5,-1L1,-.75L-.5,-.25ZM-.55,-1H-.4V1H-.55Z",
    "wall": "M-1,-.25H1V.25H-1Z",
}


def overlay(view: MapView, size: float = 22.0) -> str:
    """SVG elements for the presentation model's map: the layers shown now, the places they
    use and the scenario's main places, with names over no other name, marker or dot."""
    f = Frame.of_box((view.west, view.south, view.east, view.north))
    places = {p.id: p for p in view.places}
    at = {p.id: f.lonlat(p.lon, p.lat) for p in view.places}
    e = html.escape
    out: list[str] = []
    used = {p.id for p in view.places if p.main}
    markers: dict[str, tuple[float, float, float, float]] = {}
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for layer in view.layers:
        color = SIDE_COLORS.get(layer.side, OTHER_SIDE if layer.side else INK)
        pts = [at[p] for p in layer.places if p in at]
        if not pts:
            continue
        used.update(layer.places)
        out.append(f'<g class="layer {e(layer.kind)}" data-layer="{e(layer.id)}">'
                   f"<title>{e(layer.what)}</title>")
        if layer.kind == "marker":
            x, y = pts[0]
            markers[layer.places[0]] = (x - 1.25 * size - 2, y - size - 2,
                                        x + 1.25 * size + 2, y + size + 2)
            shape = ICONS.get(layer.icon)
            if shape:
                out.append(f'<path d="{shape}" transform="translate({x:.1f},{y:.1f}) '
                           f'scale({size:.1f})" fill="{color}" stroke="{PAPER}" '
                           f'stroke-width="{2 / size:.3f}"/>')
            else:
                out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size * .6:.1f}" '
                           f'fill="{color}" stroke="{PAPER}" stroke-width="2"/>')
        elif layer.kind == "line":
            segments += list(itertools.pairwise(pts))
            d = "M" + " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
            if layer.icon == "wall":
                out.append(f'<path d="{d}" fill="none" stroke="{INK}" stroke-width="7"/>'
                           f'<path d="{d}" fill="none" stroke="{color}" stroke-width="3"/>')
            else:
                dash = ' stroke-dasharray="10 8"' if layer.icon == "ship" else ""
                out.append(f'<path d="{d}" fill="none" stroke="{color}" stroke-width="3"'
                           f'{dash}/>')
        elif layer.kind == "circle":
            p = places[layer.places[0]]
            ring = circle_points(p.lat, p.lon, layer.radius_km)
            px = f.px(np.column_stack(project(ring[:, 0], ring[:, 1])))
            ring_pts = [(float(x), float(y)) for x, y in px]
            segments += list(zip(ring_pts, ring_pts[1:] + ring_pts[:1], strict=True))
            out.append(f'<path d="{_path(px, True)}" fill="none" stroke="{color}" '
                       'stroke-width="3" stroke-dasharray="12 10"/>')
        elif layer.kind == "area":
            segments += list(zip(pts, pts[1:] + pts[:1], strict=True))
            d = "M" + " ".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z"
            out.append(f'<path d="{d}" fill="{color}" fill-opacity=".35" stroke="{color}" '
                       'stroke-width="2"/>')
        out.append("</g>")
    order = [pid for pid in sorted(used, key=lambda q: (not places[q].main, q))
             if 0 <= at[pid][0] <= f.width and 0 <= at[pid][1] <= f.height]
    dots = [(at[p][0] - 6, at[p][1] - 6, at[p][0] + 6, at[p][1] + 6) for p in order]
    names = [Name(pid, at[pid], len(places[pid].name) * size * 0.62, size * 1.2,
                  1.25 * size + 4 if pid in markers else 8) for pid in order]
    boxes = place_labels(names, (0, 0, f.width, f.height), [*markers.values(), *dots],
                         segments)
    for pid in order:
        x, y = at[pid]
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{INK}"/>')
        if pid in boxes:
            left, top = boxes[pid][:2]
            out.append(f'<text x="{left:.1f}" y="{top + size * .95:.1f}" class="place">'
                       f"{e(places[pid].name)}</text>")
    return "".join(out)


def legend_symbol(entry: LegendEntry) -> str:
    """A small inline SVG of what a legend entry stands for, drawn as the map draws it."""
    color = SIDE_COLORS.get(entry.side, OTHER_SIDE if entry.side else INK)
    if entry.kind == "marker":
        shape = ICONS.get(entry.icon)
        inner = (f'<path d="{shape}" transform="translate(14,9) scale(7)" fill="{color}" '
                 f'stroke="{PAPER}" stroke-width=".28"/>' if shape else
                 f'<circle cx="14" cy="9" r="5" fill="{color}"/>')
    elif entry.kind == "line":
        dash = ' stroke-dasharray="5 4"' if entry.icon == "ship" else ""
        under = (f'<path d="M2,9 H26" stroke="{INK}" stroke-width="6"/>'
                 if entry.icon == "wall" else "")
        inner = f'{under}<path d="M2,9 H26" stroke="{color}" stroke-width="3"{dash}/>'
    elif entry.kind == "circle":
        inner = (f'<circle cx="14" cy="9" r="7" fill="none" stroke="{color}" stroke-width="2" '
                 'stroke-dasharray="4 3"/>')
    else:
        inner = (f'<rect x="3" y="3" width="22" height="12" fill="{color}" fill-opacity=".35" '
                 f'stroke="{color}" stroke-width="2"/>')
    return (f'<svg class="sym" viewBox="0 0 28 18" width="28" height="18" aria-hidden="true">'
            f"{inner}</svg>")
