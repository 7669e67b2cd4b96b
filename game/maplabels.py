"""Where the map's place names go: beside their point, inside the map, never over another
name, a marker or a place's dot, and across as few drawn lines as possible.

Pure geometry in pixels, shared by the window and the class mode's SVG map: each view
measures its text and its markers, this module chooses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: A box in pixels: left, top, right, bottom.
Box = tuple[float, float, float, float]
Point = tuple[float, float]

#: Where a name may go around its point, best first: (dx, dy) in units of the clearance,
#: the name's box being placed right of, left of, above or below that spot.
SPOTS = (("right", 1.0, 0.0), ("left", -1.0, 0.0), ("right", 0.7, -1.0), ("right", 0.7, 1.0),
         ("left", -0.7, -1.0), ("left", -0.7, 1.0), ("above", 0.0, -1.0),
         ("below", 0.0, 1.0))


@dataclass(frozen=True)
class Name:
    """A place's name to write: its point, its text's size and how far from the point it
    must stay (more where a marker stands)."""

    place: str
    at: Point
    width: float
    height: float
    clearance: float


def overlaps(a: Box, b: Box) -> bool:
    """Whether two boxes share some area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(a: Box, bounds: Box) -> bool:
    """Whether a box lies within another."""
    return a[0] >= bounds[0] and a[1] >= bounds[1] and a[2] <= bounds[2] and a[3] <= bounds[3]


def clip_segment(a: Point, b: Point, box: Box) -> tuple[Point, Point] | None:
    """The part of segment a–b inside `box` (Liang–Barsky), or None."""
    x0, y0 = a
    dx, dy = b[0] - x0, b[1] - y0
    lo, hi = 0.0, 1.0
    left, top, right, bottom = box
    for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
        if p == 0:
            if q < 0:
                return None
            continue
        r = q / p
        if p < 0:
            lo = max(lo, r)
        else:
            hi = min(hi, r)
        if lo > hi:
            return None
    return (x0 + dx * lo, y0 + dy * lo), (x0 + dx * hi, y0 + dy * hi)


def candidates(name: Name) -> list[Box]:
    """The boxes a name may take around its point, best first."""
    x, y = name.at
    w, h, c = name.width, name.height, name.clearance
    out = []
    for side, fx, fy in SPOTS:
        sx, sy = x + fx * c, y + fy * c
        if side == "right":
            left, top = sx, sy - h / 2 if fy == 0 else (sy - h if fy < 0 else sy)
        elif side == "left":
            left, top = sx - w, sy - h / 2 if fy == 0 else (sy - h if fy < 0 else sy)
        elif side == "above":
            left, top = sx - w / 2, sy - h
        else:
            left, top = sx - w / 2, sy
        out.append((left, top, left + w, top + h))
    return out


def place_labels(names: Sequence[Name], bounds: Box, obstacles: Sequence[Box] = (),
                 segments: Sequence[tuple[Point, Point]] = ()) -> dict[str, Box]:
    """Boxes for the names, most important first: each inside `bounds`, over no other name
    and no obstacle (markers, dots), crossing the fewest `segments` (the drawn lines); a
    name with no free spot is left out."""
    taken: list[Box] = []
    out: dict[str, Box] = {}
    points = [n.at for n in names]
    for name in names:
        best: tuple[bool, int, Box] | None = None
        for box in candidates(name):
            if not inside(box, bounds) or any(overlaps(box, t) for t in taken) \
                    or any(overlaps(box, o) for o in obstacles):
                continue
            # A name whose middle is nearer another place's point reads as that place's.
            misleading = _nearer_other(box, name.at, points)
            crossed = sum(1 for a, b in segments if clip_segment(a, b, box) is not None)
            if best is None or (misleading, crossed) < best[:2]:
                best = (misleading, crossed, box)
            if not misleading and crossed == 0:
                break
        if best is not None:
            taken.append(best[2])
            out[name.place] = best[2]
    return out


def _nearer_other(box: Box, own: Point, points: Sequence[Point]) -> bool:
    """Whether some other point is nearer the middle of `box` than `own` is."""
    mx, my = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    mine = (mx - own[0]) ** 2 + (my - own[1]) ** 2
    return any((mx - x) ** 2 + (my - y) ** 2 < mine for x, y in points if (x, y) != own)
