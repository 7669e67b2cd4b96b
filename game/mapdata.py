"""The world map of 1961 (states, coastlines, borders), pre-projected: loading, clipping, views.

The map file (``assets/maps/world_1961.npz``, built by ``assets/maps/build_map.py``) holds the
states of 1961 with their blocs, their fill rings (outer rings and holes), the coastlines and the
land borders between different states of 1961, all projected with the Miller cylindrical
projection in degree-like units: x is the longitude, y grows northwards (see ``project``).

Pure numpy: drawing is the UI's business. A typical view (the Caribbean)::

    world = load_map()
    box = fit_box(view_box(-90, 15, -70, 30), width, height)
    view = world.clip_box(box)
    for ring in view.rings:  # in order; holes in the background colour
        pixels = to_pixels(ring.points, box, width, height)
    for line in view.borders: ...
"""

from __future__ import annotations

import math
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike

from game.resources import assets_dir

FORMAT_VERSION = 1
BLOCS = ("nato", "warsaw", "communist_other", "western", "neutral")
Box = tuple[float, float, float, float]

#: The Earth's mean radius, for circles drawn at a distance around a place.
EARTH_KM = 6371.0
_MAX_LAT = 89.9
_REQUIRED = ("format_version", "projection", "grid", "state_ids", "state_names_en",
             "state_names_fr", "state_blocs", "ring_state", "ring_hole", "coast_state",
             "border_states", "lengths", "starts", "deltas")


class MapDataError(ValueError):
    """The map file is missing, corrupt or of an unknown format."""


def project(lon: ArrayLike, lat: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Miller cylindrical projection of longitudes/latitudes (degrees) to map units."""
    x = np.asarray(lon, dtype=np.float64)
    phi = np.radians(np.clip(np.asarray(lat, dtype=np.float64), -_MAX_LAT, _MAX_LAT))
    y = np.degrees(1.25 * np.log(np.tan(np.pi / 4 + 0.4 * phi)))
    return x.copy(), y


def unproject(x: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """The longitudes/latitudes (degrees) of map units: the inverse of ``project``."""
    lon = np.asarray(x, dtype=np.float64)
    yr = np.radians(np.asarray(y, dtype=np.float64))
    lat = np.degrees(2.5 * np.arctan(np.exp(0.8 * yr)) - 0.625 * np.pi)
    return lon.copy(), lat


def circle_points(lat: float, lon: float, radius_km: float, n: int = 72) -> np.ndarray:
    """Points (lon, lat) of a circle on the globe around a centre (great-circle distance)."""
    d = radius_km / EARTH_KM
    phi1, lam1 = math.radians(lat), math.radians(lon)
    theta = np.linspace(0, 2 * math.pi, n, endpoint=False)
    phi2 = np.arcsin(math.sin(phi1) * math.cos(d) + math.cos(phi1) * math.sin(d) * np.cos(theta))
    lam2 = lam1 + np.arctan2(np.sin(theta) * math.sin(d) * math.cos(phi1),
                             math.cos(d) - math.sin(phi1) * np.sin(phi2))
    return np.column_stack([np.degrees(lam2), np.degrees(phi2)])


def view_box(west: float, south: float, east: float, north: float) -> Box:
    """The box (x0, y0, x1, y1) in map units of a view given in longitudes/latitudes."""
    x, y = project([west, east], [south, north])
    return float(x[0]), float(y[0]), float(x[1]), float(y[1])


def fit_box(box: Box, width: int, height: int) -> Box:
    """The box grown around its centre to the aspect ratio of a width x height surface."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if w <= 0 or h <= 0 or width <= 0 or height <= 0:
        raise ValueError(f"empty box or surface: {box}, {width}x{height}")
    if w / h < width / height:
        w = h * width / height
    else:
        h = w * height / width
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def to_pixels(points: np.ndarray, box: Box, width: int, height: int) -> np.ndarray:
    """Map-unit points (N x 2) as pixel positions on a width x height surface showing box."""
    x0, y0, x1, y1 = box
    out = np.empty((len(points), 2), dtype=np.float64)
    out[:, 0] = (points[:, 0] - x0) * (width / (x1 - x0))
    out[:, 1] = (y1 - points[:, 1]) * (height / (y1 - y0))
    return out


@dataclass(frozen=True)
class MapState:
    """A state of 1961: its id, English and French names, and its bloc."""

    id: str
    name_en: str
    name_fr: str
    bloc: str

    def name(self, language: str) -> str:
        """The name in a language ("fr" gives French, anything else English)."""
        return self.name_fr if language.startswith("fr") else self.name_en


@dataclass(frozen=True, eq=False)
class Ring:
    """A fill ring (not closed: the last point joins the first) of a state, in map units."""

    state: int
    hole: bool
    points: np.ndarray


@dataclass(frozen=True, eq=False)
class WorldMap:
    """The states, fill rings, coastlines and borders of the map, in map units.

    Draw the rings in order, outer rings in their state's colour and holes in the background
    colour: enclaves (West Berlin, San Marino...) come after the states around them.
    """

    states: tuple[MapState, ...]
    rings: tuple[Ring, ...]
    coasts: tuple[np.ndarray, ...]
    borders: tuple[np.ndarray, ...]
    coast_states: np.ndarray = field(repr=False)  # (n,) state index of each coastline
    border_states: np.ndarray = field(repr=False)  # (n, 2) the two states of each border
    ring_boxes: np.ndarray = field(repr=False)  # (n, 4) x0, y0, x1, y1 of each ring
    coast_boxes: np.ndarray = field(repr=False)
    border_boxes: np.ndarray = field(repr=False)

    def state_index(self, state_id: str) -> int:
        """The index of a state in ``states`` (KeyError if there is no such state)."""
        for i, state in enumerate(self.states):
            if state.id == state_id:
                return i
        raise KeyError(state_id)

    def state_by_id(self, state_id: str) -> MapState:
        """The state with this id (KeyError if there is none)."""
        return self.states[self.state_index(state_id)]

    def rings_of(self, state_id: str) -> tuple[Ring, ...]:
        """The rings (outer rings and holes) of one state."""
        index = self.state_index(state_id)
        return tuple(ring for ring in self.rings if ring.state == index)

    def clip(self, west: float, south: float, east: float, north: float) -> WorldMap:
        """The map reduced to the rings and lines whose bounding boxes meet a lon/lat view."""
        return self.clip_box(view_box(west, south, east, north))

    def clip_box(self, box: Box) -> WorldMap:
        """The map reduced to the rings and lines whose bounding boxes meet a map-unit box."""
        rings = _meeting(self.ring_boxes, box)
        coasts = _meeting(self.coast_boxes, box)
        borders = _meeting(self.border_boxes, box)
        return WorldMap(
            states=self.states,
            rings=tuple(self.rings[i] for i in rings),
            coasts=tuple(self.coasts[i] for i in coasts),
            borders=tuple(self.borders[i] for i in borders),
            coast_states=_frozen(self.coast_states[coasts]),
            border_states=_frozen(self.border_states[borders]),
            ring_boxes=_frozen(self.ring_boxes[rings]),
            coast_boxes=_frozen(self.coast_boxes[coasts]),
            border_boxes=_frozen(self.border_boxes[borders]),
        )

    def state_at(self, lon: float, lat: float) -> MapState | None:
        """The state at a longitude/latitude (the topmost in drawing order), or None (sea)."""
        x, y = project(lon, lat)
        px, py = float(x), float(y)
        boxes = self.ring_boxes
        near = np.flatnonzero((boxes[:, 0] <= px) & (px <= boxes[:, 2])
                              & (boxes[:, 1] <= py) & (py <= boxes[:, 3]))
        inside: dict[int, bool] = {}
        for i in near:
            ring = self.rings[i]
            if _contains(ring.points, px, py):
                inside[ring.state] = not inside.get(ring.state, False)
        found = [s for s, odd in inside.items() if odd]
        return self.states[max(found)] if found else None


def load_map(path: Path | None = None) -> WorldMap:
    """Load the map file (by default the one in the assets folder)."""
    if path is None:
        path = assets_dir() / "maps" / "world_1961.npz"
    path = Path(path)
    if not path.is_file():
        raise MapDataError(f"map file not found: {path}")
    try:
        with np.load(path, allow_pickle=False) as data:
            missing = [name for name in _REQUIRED if name not in data.files]
            if missing:
                raise MapDataError(f"map file {path} lacks {', '.join(missing)}")
            arrays = {name: data[name] for name in _REQUIRED}
    except MapDataError:
        raise
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        raise MapDataError(f"cannot read the map file {path}: {error}") from error
    try:
        return _decode(arrays)
    except (ValueError, IndexError, TypeError) as error:
        raise MapDataError(f"corrupt map file {path}: {error}") from error


def _decode(a: dict[str, np.ndarray]) -> WorldMap:
    if a["format_version"].shape != (1,) or int(a["format_version"][0]) != FORMAT_VERSION:
        raise MapDataError(f"unknown map format version {a['format_version']!r}")
    if str(a["projection"][0]) != "miller":
        raise MapDataError(f"unknown projection {a['projection'][0]!r}")
    grid = int(a["grid"][0])
    ids, blocs = a["state_ids"], a["state_blocs"]
    n_states = len(ids)
    if not (len(a["state_names_en"]) == len(a["state_names_fr"]) == len(blocs) == n_states):
        raise ValueError("state arrays of different lengths")
    unknown = set(blocs.tolist()) - set(BLOCS)
    if unknown:
        raise ValueError(f"unknown blocs {sorted(unknown)}")
    ring_state = a["ring_state"].astype(np.int64)
    ring_hole = a["ring_hole"].astype(bool)
    coast_state = a["coast_state"].astype(np.int64)
    border_states = a["border_states"].astype(np.int64).reshape(-1, 2)
    for name, index in (("ring", ring_state), ("coast", coast_state), ("border", border_states)):
        if index.size and (index.min() < 0 or index.max() >= n_states):
            raise ValueError(f"{name} state index out of range")
    n_rings, n_coasts = len(ring_state), len(coast_state)
    if len(ring_hole) != n_rings:
        raise ValueError("ring arrays of different lengths")

    lengths = a["lengths"].astype(np.int64)
    starts = a["starts"].astype(np.int64)
    deltas = a["deltas"].astype(np.int64)
    if len(lengths) != n_rings + n_coasts + len(border_states) or starts.shape != (
            len(lengths), 2):
        raise ValueError("polyline counts do not match")
    if lengths.size and lengths.min() < 1:
        raise ValueError("empty polyline")
    if deltas.shape != (int(lengths.sum()) - len(lengths), 2):
        raise ValueError("point counts do not match")
    points = _undelta(lengths, starts, deltas) / grid
    points.flags.writeable = False
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    pieces = np.split(points, offsets[1:-1]) if len(lengths) else []
    boxes = _boxes(points, offsets)

    states = tuple(MapState(str(i), str(en), str(fr), str(b)) for i, en, fr, b in zip(
        ids.tolist(), a["state_names_en"].tolist(), a["state_names_fr"].tolist(),
        blocs.tolist(), strict=True))
    rings = tuple(Ring(int(s), bool(h), p) for s, h, p in zip(
        ring_state.tolist(), ring_hole.tolist(), pieces[:n_rings], strict=True))
    end = n_rings + n_coasts
    return WorldMap(
        states=states,
        rings=rings,
        coasts=tuple(pieces[n_rings:end]),
        borders=tuple(pieces[end:]),
        coast_states=_frozen(coast_state),
        border_states=_frozen(border_states),
        ring_boxes=_frozen(boxes[:n_rings]),
        coast_boxes=_frozen(boxes[n_rings:end]),
        border_boxes=_frozen(boxes[end:]),
    )


def _undelta(lengths: np.ndarray, starts: np.ndarray, deltas: np.ndarray) -> np.ndarray:
    """Absolute points from each polyline's first point and the deltas of the others."""
    total = int(lengths.sum())
    first = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if len(lengths) else lengths
    full = np.empty((total, 2), dtype=np.int64)
    rest = np.ones(total, dtype=bool)
    rest[first] = False
    full[first] = starts
    full[rest] = deltas
    summed = np.cumsum(full, axis=0)
    before = summed[first] - starts  # the running sum just before each polyline
    return (summed - np.repeat(before, lengths, axis=0)).astype(np.float64)


def _boxes(points: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """The bounding box (x0, y0, x1, y1) of each polyline."""
    if len(offsets) < 2:
        return np.zeros((0, 4))
    first = offsets[:-1]
    low = np.minimum.reduceat(points, first, axis=0)
    high = np.maximum.reduceat(points, first, axis=0)
    return np.hstack([low, high])


def _meeting(boxes: np.ndarray, box: Box) -> np.ndarray:
    """The indices of the boxes that meet a box."""
    x0, y0, x1, y1 = box
    return np.flatnonzero((boxes[:, 0] <= x1) & (boxes[:, 2] >= x0)
                          & (boxes[:, 1] <= y1) & (boxes[:, 3] >= y0))


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array)
    array.flags.writeable = False
    return array


def _contains(points: np.ndarray, x: float, y: float) -> bool:
    """Whether a point is inside a ring (even-odd rule)."""
    x1, y1 = points[:, 0], points[:, 1]
    x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
    crosses = (y1 > y) != (y2 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
    return bool(np.count_nonzero(crosses & (x < at)) % 2)

