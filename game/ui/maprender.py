"""Drawing a scenario's map: countries in 1961 (cached per view and size), places, and the
layers whose conditions hold, with a short animation when a layer appears."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pygame

from game.engine.game import Game
from game.i18n import Translator
from game.mapdata import WorldMap, circle_points, project
from game.maplabels import Box, Name, clip_segment, place_labels
from game.present.model import Layer, MapView
from game.scenario.tables import Compiled
from game.ui.text import TextLog, line
from game.ui.theme import (
    BLOC_FILL,
    BORDER,
    COAST,
    FOCUS,
    INK,
    LAND,
    OTHER_SIDE_COLOR,
    PAPER,
    SEA,
    SIDE_COLORS,
    Color,
    font,
)

#: How far each marker's drawing reaches around its point, in units of its size
#: (left, top, right, bottom; see `icon`).
ICON_REACH = {
    "missile": (-0.5, -1.0, 0.5, 1.0), "ship": (-1.0, -0.5, 1.0, 0.5),
    "submarine": (-1.0, -0.5, 1.0, 0.5), "tank": (-1.0, -0.5, 1.25, 0.5),
    "plane": (-1.0, -1.0, 1.0, 1.0), "star": (-1.0, -1.0, 1.0, 1.0),
    "flag": (-0.55, -1.0, 1.0, 1.0), "wall": (-1.0, -0.25, 1.0, 0.25),
    "troops": (-0.75, -0.25, 0.75, 0.25), "dot": (-0.5, -0.5, 0.5, 0.5),
}


def marker_size(size: int) -> int:
    """The size of the markers drawn beside text of `size`."""
    return max(6, int(size * 0.9))


def icon_box(kind: str, at: tuple[int, int], s: int) -> Box:
    """The box an icon of size `s` covers, its paper outline included."""
    left, top, right, bottom = ICON_REACH.get(kind, ICON_REACH["dot"])
    x, y = at
    return (x + left * s - 3, y + top * s - 3, x + right * s + 3, y + bottom * s + 3)


class MapRenderer:
    """Draws one scenario's view of the world into a rectangle."""

    def __init__(self, world: WorldMap, scenario: Compiled, lang: str) -> None:
        self.world = world
        self.scenario = scenario
        self.lang = lang
        mp = scenario.model.map
        if mp is not None:
            v = mp.view
            self.box = (v.west, v.south, v.east, v.north)
        else:
            self.box = (-100.0, 10.0, 40.0, 70.0)
        x0, y0 = project(np.array([self.box[0]]), np.array([self.box[1]]))
        x1, y1 = project(np.array([self.box[2]]), np.array([self.box[3]]))
        self.proj = (float(x0[0]), float(y0[0]), float(x1[0]), float(y1[0]))
        self._cache: tuple[tuple[int, int], pygame.Surface] | None = None
        self.rect = pygame.Rect(0, 0, 1, 1)
        self._frame = (0.0, 0.0, 1.0)
        self.places = {p.id: p for p in mp.places} if mp is not None else {}
        self._px: dict[tuple[str, int, int, int, int], tuple[int, int]] = {}
        #: Places drawn in the last frame and those named, most important first; the place
        #: in focus.
        self.points: list[str] = []
        self.labelled: list[str] = []
        self.focus: str | None = None
        #: Where the names went for the last view drawn: placing them weighs every name
        #: against every line, so it is done when the view changes, not on every frame.
        self._names: tuple[tuple, dict[str, Box]] | None = None

    # -- geometry --------------------------------------------------------------------------
    def set_rect(self, rect: pygame.Rect) -> None:
        """Fit the view into `rect`, widening it to the rectangle's shape."""
        if rect.size != self.rect.size:
            self._px.clear()
        self.rect = pygame.Rect(rect.x, rect.y, max(1, rect.width), max(1, rect.height))
        x0, y0, x1, y1 = self.proj
        w, h = max(1, rect.width), max(1, rect.height)
        scale = min(w / (x1 - x0), h / (y1 - y0))
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        self._frame = (cx - w / 2 / scale, cy + h / 2 / scale, scale)

    def to_px(self, xy: np.ndarray) -> np.ndarray:
        """Projected coordinates to pixels inside the rectangle."""
        left, top, scale = self._frame
        px = (xy[:, 0] - left) * scale + self.rect.x
        py = (top - xy[:, 1]) * scale + self.rect.y
        return np.column_stack([px, py])

    def lonlat_px(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Longitude/latitude to pixels."""
        x, y = project(np.asarray(lon, float), np.asarray(lat, float))
        return self.to_px(np.column_stack([x, y]))

    def place_px(self, place_id: str) -> tuple[int, int]:
        """Pixel position of a scenario place (computed once per rectangle)."""
        key = (place_id, self.rect.x, self.rect.y, self.rect.w, self.rect.h)
        if key not in self._px:
            p = self.places[place_id]
            xy = self.lonlat_px(np.array([p.lon]), np.array([p.lat]))[0]
            self._px[key] = (round(xy[0]), round(xy[1]))
        return self._px[key]

    # -- drawing ---------------------------------------------------------------------------
    def base(self) -> pygame.Surface:
        """Sea, countries, borders and coasts for the current rectangle (cached)."""
        size = self.rect.size
        if self._cache is not None and self._cache[0] == size:
            return self._cache[1]
        surf = pygame.Surface(size)
        surf.fill(SEA)
        left, top, scale = self._frame
        x1 = left + size[0] / scale
        y1 = top - size[1] / scale
        part = self.world.clip_box((left, y1, x1, top))
        offset = np.array([self.rect.x, self.rect.y])
        states = self.world.states
        for ring in part.rings:
            pts = self.to_px(ring.points) - offset
            if len(pts) < 3:
                continue
            color = SEA if ring.hole else BLOC_FILL.get(states[ring.state].bloc, LAND)
            pygame.draw.polygon(surf, color, pts)
        for coast in part.coasts:
            pts = self.to_px(coast) - offset
            if len(pts) >= 2:
                pygame.draw.lines(surf, COAST, False, pts, 1)
        for border in part.borders:
            pts = self.to_px(border) - offset
            if len(pts) >= 2:
                pygame.draw.lines(surf, BORDER, False, pts, 2)
        self._cache = (size, surf)
        return surf

    def visible_layers(self, game: Game) -> list[str]:
        """Ids of the layers whose conditions hold now."""
        return [cl.id for cl in self.scenario.layers if game.holds(cl.when)]

    def side_color(self, side: str) -> Color:
        """The colour of a side's layers."""
        return SIDE_COLORS.get(side, OTHER_SIDE_COLOR if side else INK)

    def draw(self, surface: pygame.Surface, view: MapView, anim: dict[str, float],
             log: TextLog | None, size: int) -> None:
        """Draw the map with the presentation model's layers and the names of their places
        (inside the map, over no other name, marker or dot); `anim` maps layer ids to 0..1."""
        surface.blit(self.base(), self.rect)
        clip = surface.get_clip()
        surface.set_clip(self.rect)
        segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
        for layer in view.layers:
            segments += self._layer(surface, layer, anim.get(layer.id, 1.0), size)
        s = marker_size(size)
        markers = [icon_box(layer.icon, self.place_px(layer.places[0]), s)
                   for layer in view.layers if layer.kind == "marker"]
        self.points = [pid for pid in self._label_order(view)
                       if pid in self.places and self.rect.collidepoint(self.place_px(pid))]
        dots = [(x - 4, y - 4, x + 4, y + 4) for x, y in map(self.place_px, self.points)]
        names = {p.id: p.name for p in view.places}
        reach = {}
        for layer in view.layers:
            if layer.kind == "marker":
                left, top, right, bottom = ICON_REACH.get(layer.icon, ICON_REACH["dot"])
                here = max(-left, -top, right, bottom) * s + 4
                reach[layer.places[0]] = max(reach.get(layer.places[0], 0.0), here)
        font_ = font(size, "sans", False)
        todo = []
        for pid in self.points:
            w, h = font_.size(names.get(pid, pid))
            todo.append(Name(pid, self.place_px(pid), w, h, reach.get(pid, 8.0)))
        r = self.rect.inflate(-4, -4)
        key = (tuple(self.rect), size, tuple(layer.id for layer in view.layers),
               tuple(self.points), tuple(sorted(k for k, v in anim.items() if v < 1.0)))
        if self._names is None or self._names[0] != key:
            self._names = (key, place_labels(todo, (r.left, r.top, r.right, r.bottom),
                                             markers + dots, segments))
        boxes = self._names[1]
        self.labelled = [pid for pid in self.points if pid in boxes]
        for pid in self.points:
            pygame.draw.circle(surface, INK, self.place_px(pid), 3)
        for pid in self.labelled:
            self._label(surface, log, names.get(pid, pid), boxes[pid], size)
        if self.focus is not None and self.focus in self.places:
            pygame.draw.circle(surface, FOCUS, self.place_px(self.focus), max(10, size), 3)
        surface.set_clip(clip)

    def _label_order(self, view: MapView) -> list[str]:
        """Places to name, most important first: places no layer uses, stars, markers, zones,
        then lines."""
        rank = {"marker": 1, "circle": 2, "area": 3, "line": 4}
        best: dict[str, int] = {p.id: 0 for p in view.places if p.main}
        for layer in view.layers:
            r = 0 if layer.icon == "star" else rank[layer.kind]
            for pid in layer.places:
                best[pid] = min(best.get(pid, 9), r)
        return sorted(best, key=lambda p: (best[p], p))

    def _label(self, surface: pygame.Surface, log: TextLog | None, text: str, box: Box,
               size: int) -> None:
        """A place's name on a light halo."""
        rect = pygame.Rect(round(box[0]), round(box[1]), round(box[2] - box[0]),
                           round(box[3] - box[1]))
        halo = pygame.Surface(rect.size, pygame.SRCALPHA)
        halo.fill((*PAPER, 170))
        surface.blit(halo, rect)
        line(surface, log, text, rect.topleft, size, INK, bounds=self.rect)

    def place_at(self, pos: tuple[int, int], radius: int = 16) -> str | None:
        """The place drawn nearest a point, within `radius` pixels."""
        best, dist = None, radius * radius
        for pid in self.points:
            x, y = self.place_px(pid)
            d = (x - pos[0]) ** 2 + (y - pos[1]) ** 2
            if d <= dist:
                best, dist = pid, d
        return best

    def describe_place(self, pid: str, view: MapView, t: Translator) -> str:
        """'Berlin: US garrison (troops); …' from the presentation model's map."""
        name = next((p.name for p in view.places if p.id == pid), pid)
        what = list(dict.fromkeys(layer.what for layer in view.layers if pid in layer.places))
        return t("{name}: {value}", name=name, value="; ".join(what)) if what else name

    def describe_at(self, pos: tuple[int, int], view: MapView, t: Translator) -> str:
        """What is under the pointer on the map ('' if nothing named)."""
        pid = self.place_at(pos)
        self.focus = pid
        return self.describe_place(pid, view, t) if pid else ""

    def _layer(self, surface: pygame.Surface, layer: Layer, t: float,
               size: int) -> list[tuple[tuple[float, float], tuple[float, float]]]:
        """Draw a layer; the segments it drew (names avoid crossing them)."""
        color = self.side_color(layer.side)
        pts = [self.place_px(p) for p in layer.places if p in self.places]
        if not pts:
            return []
        view = self.rect
        drawn: list[tuple[float, float]] = []
        if layer.kind == "marker":
            icon(surface, layer.icon, pts[0], max(6, int(marker_size(size) * (0.3 + 0.7 * t))),
                 color)
        elif layer.kind == "line":
            drawn = _partial(pts, t)
            if len(drawn) >= 2:
                if layer.icon == "wall":
                    _dashed(surface, INK, drawn, 6, 0, view)
                    _dashed(surface, color, drawn, 2, 0, view)
                else:
                    _dashed(surface, color, drawn, 3, 10 if layer.icon == "ship" else 0, view)
        elif layer.kind == "circle":
            p = self.places[layer.places[0]]
            ring = circle_points(p.lat, p.lon, layer.radius_km * t)
            px = self.lonlat_px(ring[:, 0], ring[:, 1])
            drawn = [(float(q[0]), float(q[1])) for q in px] + [(float(px[0][0]),
                                                                  float(px[0][1]))]
            _dashed(surface, color, drawn, 3, 12, view)
        elif layer.kind == "area":
            box = pygame.Rect(min(x for x, _ in pts), min(y for _, y in pts), 1, 1)
            box.union_ip(pygame.Rect(max(x for x, _ in pts), max(y for _, y in pts), 1, 1))
            box = box.clip(view)
            if box.width > 0 and box.height > 0:
                shade = pygame.Surface(box.size, pygame.SRCALPHA)
                pygame.draw.polygon(shade, (*color, int(90 * t)),
                                    [(x - box.x, y - box.y) for x, y in pts])
                surface.blit(shade, box)
            pygame.draw.polygon(surface, color, pts, 2)
            drawn = [(float(x), float(y)) for x, y in [*pts, pts[0]]]
        return list(itertools.pairwise(drawn))


def _partial(pts: list[tuple[int, int]], t: float) -> list[tuple[float, float]]:
    """The first fraction `t` of a polyline (for drawing it progressively)."""
    if t >= 1 or len(pts) < 2:
        return [(float(x), float(y)) for x, y in pts]
    lengths = [math.dist(a, b) for a, b in itertools.pairwise(pts)]
    goal = sum(lengths) * t
    out = [(float(pts[0][0]), float(pts[0][1]))]
    for (a, b), seg in zip(itertools.pairwise(pts), lengths, strict=True):
        if goal >= seg:
            out.append((float(b[0]), float(b[1])))
            goal -= seg
        else:
            k = goal / seg if seg else 0
            out.append((a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k))
            break
    return out


def _dashed(surface: pygame.Surface, color: Color, pts: list, width: int, dash: int,
            view: pygame.Rect | None = None) -> None:
    """A polyline, dashed if `dash` > 0; only the parts inside `view` are drawn, so the cost
    depends on what shows, not on how long the line is off the map."""
    area = (view or surface.get_rect()).inflate(2 * width, 2 * width)
    for a, b in itertools.pairwise(pts):
        seg = clip_segment(a, b, (area.left, area.top, area.right, area.bottom))
        if seg is None:
            continue
        p0, p1 = seg
        if dash <= 0:
            pygame.draw.line(surface, color, p0, p1, width)
            continue
        # Dashes keep their phase along the whole segment, so they do not crawl when clipped.
        full = math.dist(a, b)
        if full == 0:
            continue
        t0 = math.dist(a, p0) / full
        t1 = math.dist(a, p1) / full
        steps = max(1, int(full // dash))
        for k in range(int(t0 * steps) // 2 * 2, min(steps, int(t1 * steps) + 1), 2):
            p = (a[0] + (b[0] - a[0]) * k / steps, a[1] + (b[1] - a[1]) * k / steps)
            q = (a[0] + (b[0] - a[0]) * min(k + 1, steps) / steps,
                 a[1] + (b[1] - a[1]) * min(k + 1, steps) / steps)
            pygame.draw.line(surface, color, p, q, width)


def icon(surface: pygame.Surface, kind: str, at: tuple[int, int], s: int, color: Color) -> None:
    """A small vector icon (missile, ship, tank, plane, troops, star, flag, wall, submarine,
    dot) centred on `at`, outlined in paper colour so it reads on any fill."""
    x, y = at
    h = s // 2
    shapes: list[list[tuple[float, float]]] = []
    if kind == "missile":
        shapes = [[(x, y - s), (x + h // 2, y - h // 2), (x + h // 2, y + h), (x + h, y + s),
                   (x - h, y + s), (x - h // 2, y + h), (x - h // 2, y - h // 2)]]
    elif kind == "ship":
        shapes = [[(x - s, y), (x + s, y), (x + h, y + h), (x - h, y + h)],
                  [(x - h // 2, y), (x - h // 2, y - h), (x + h // 3, y - h), (x + h // 3, y)]]
    elif kind == "submarine":
        shapes = [[(x - s, y), (x - h, y - h // 2), (x + h, y - h // 2), (x + s, y),
                   (x + h, y + h // 2), (x - h, y + h // 2)],
                  [(x - h // 4, y - h // 2), (x - h // 4, y - h), (x + h // 3, y - h),
                   (x + h // 3, y - h // 2)]]
    elif kind == "tank":
        shapes = [[(x - s, y), (x + s, y), (x + s, y + h), (x - s, y + h)],
                  [(x - h, y - h), (x + h // 2, y - h), (x + h // 2, y), (x - h, y)],
                  [(x + h // 2, y - h * 3 // 4), (x + s + h // 2, y - h * 3 // 4),
                   (x + s + h // 2, y - h // 2), (x + h // 2, y - h // 2)]]
    elif kind == "plane":
        shapes = [[(x, y - s), (x + h // 3, y - h), (x + s, y), (x + h // 3, y),
                   (x + h // 3, y + h), (x + h, y + s), (x - h, y + s), (x - h // 3, y + h),
                   (x - h // 3, y), (x - s, y), (x - h // 3, y - h)]]
    elif kind == "star":
        shapes = [[(x + s * math.cos(math.pi / 2 + k * math.pi / 5) * (1 if k % 2 == 0 else 0.45),
                    y - s * math.sin(math.pi / 2 + k * math.pi / 5) * (1 if k % 2 == 0 else 0.45))
                   for k in range(10)]]
    elif kind == "flag":
        shapes = [[(x - h, y - s), (x + s, y - h - h // 2), (x - h, y - h // 2)],
                  [(x - h - 1, y - s), (x - h + 2, y - s), (x - h + 2, y + s), (x - h - 1, y + s)]]
    elif kind == "wall":
        shapes = [[(x - s, y - h // 2), (x + s, y - h // 2), (x + s, y + h // 2),
                   (x - s, y + h // 2)]]
    elif kind == "troops":
        for dx in (-h, 0, h):
            pygame.draw.circle(surface, PAPER, (x + dx, y), h // 2 + 2)
            pygame.draw.circle(surface, color, (x + dx, y), h // 2)
        return
    else:
        pygame.draw.circle(surface, PAPER, (x, y), h + 2)
        pygame.draw.circle(surface, color, (x, y), h)
        return
    for shape in shapes:
        pygame.draw.polygon(surface, color, shape)
        pygame.draw.polygon(surface, PAPER, shape, 2)
