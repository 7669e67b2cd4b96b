"""The scenario's map as SVG: the 1961 world (from the same map asset as the window) for its
view, and the places and layers visible in a game, for the browser pages."""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from game.mapdata import WorldMap, load_map, project
from game.present.model import MapView
from game.scenario.tables import Compiled

WIDTH = 1000
EARTH_KM = 6371.0
MILE_KM = 1.609344
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


def circle_points(lat: float, lon: float, radius_km: float, n: int = 72) -> np.ndarray:
    """Points (lon, lat) of a circle on the globe around a centre (great-circle distance)."""
    d = radius_km / EARTH_KM
    phi1, lam1 = math.radians(lat), math.radians(lon)
    theta = np.linspace(0, 2 * math.pi, n, endpoint=False)
    phi2 = np.arcsin(math.sin(phi1) * math.cos(d) + math.cos(phi1) * math.sin(d) * np.cos(theta))
    lam2 = lam1 + np.arctan2(np.sin(theta) * math.sin(d) * math.cos(phi1),
                             math.cos(d) - math.sin(phi1) * np.sin(phi2))
    return np.column_stack([np.degrees(lam2), np.degrees(phi2)])


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
    use and the scenario's main places, with labels that never overlap."""
    f = Frame.of_box((view.west, view.south, view.east, view.north))
    places = {p.id: p for p in view.places}
    at = {p.id: f.lonlat(p.lon, p.lat) for p in view.places}
    e = html.escape
    out: list[str] = []
    used = {p.id for p in view.places if p.main}
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
            shape = ICONS.get(layer.icon)
            if shape:
                out.append(f'<path d="{shape}" transform="translate({x:.1f},{y:.1f}) '
                           f'scale({size:.1f})" fill="{color}" stroke="{PAPER}" '
                           f'stroke-width="{2 / size:.3f}"/>')
            else:
                out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size * .6:.1f}" '
                           f'fill="{color}" stroke="{PAPER}" stroke-width="2"/>')
        elif layer.kind == "line":
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
            xy = np.column_stack(project(ring[:, 0], ring[:, 1]))
            out.append(f'<path d="{_path(f.px(xy), True)}" fill="none" stroke="{color}" '
                       'stroke-width="3" stroke-dasharray="12 10"/>')
        elif layer.kind == "area":
            d = "M" + " ".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z"
            out.append(f'<path d="{d}" fill="{color}" fill-opacity=".35" stroke="{color}" '
                       'stroke-width="2"/>')
        out.append("</g>")
    labelled: list[tuple[float, float, float, float]] = []
    for pid in sorted(used, key=lambda q: (not places[q].main, q)):
        x, y = at[pid]
        if not (0 <= x <= f.width and 0 <= y <= f.height):
            continue
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{INK}"/>')
        name = places[pid].name
        w = len(name) * size * 0.62
        right = x + 7 + w <= f.width
        box = (x + 7, y - size * .7, x + 7 + w, y + size * .5) if right else (
            x - 7 - w, y - size * .7, x - 7, y + size * .5)
        if any(not (box[2] < b[0] or b[2] < box[0] or box[3] < b[1] or b[3] < box[1])
               for b in labelled):
            continue
        labelled.append(box)
        anchor, tx = ("start", x + 7) if right else ("end", x - 7)
        out.append(f'<text x="{tx:.1f}" y="{y + size * .35:.1f}" text-anchor="{anchor}" '
                   f'class="place">{e(name)}</text>')
    return "".join(out)
