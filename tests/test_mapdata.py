"""The world map of 1961: the data file, the states and blocs, the borders, the loader."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from game.mapdata import (
    MapDataError,
    WorldMap,
    fit_box,
    load_map,
    project,
    to_pixels,
    unproject,
    view_box,
)
from game.resources import assets_dir

MAP_FILE = assets_dir() / "maps" / "world_1961.npz"


@pytest.fixture(scope="module")
def world() -> WorldMap:
    """The shipped map."""
    return load_map()


def test_file_loads_without_pickle() -> None:
    with np.load(MAP_FILE, allow_pickle=False) as data:
        for name in data.files:
            assert data[name].dtype != object, name


def test_file_is_small() -> None:
    assert MAP_FILE.stat().st_size < 400 * 1024


@pytest.mark.parametrize(("state_id", "bloc", "name_fr"), [
    ("ussr", "warsaw", "URSS (Union soviétique)"),
    ("gdr", "warsaw", "RDA (Allemagne de l'Est)"),
    ("frg", "nato", "RFA (Allemagne de l'Ouest)"),
    ("west_berlin", "nato", "Berlin-Ouest"),
    ("cuba", "neutral", "Cuba"),
    ("usa", "nato", "États-Unis"),
    ("uk", "nato", "Royaume-Uni"),
    ("czechoslovakia", "warsaw", "Tchécoslovaquie"),
    ("yugoslavia", "neutral", "Yougoslavie"),
    ("china", "communist_other", "Chine populaire"),
    ("north_vietnam", "communist_other", "Nord-Vietnam"),
])
def test_states_of_1961(world: WorldMap, state_id: str, bloc: str, name_fr: str) -> None:
    state = world.state_by_id(state_id)
    assert state.bloc == bloc
    assert state.name_fr == name_fr
    assert state.name("fr") == name_fr and state.name("en") == state.name_en
    assert world.rings_of(state_id)


def test_states_merged_or_split(world: WorldMap) -> None:
    ids = {state.id for state in world.states}
    assert len(ids) == len(world.states)
    for gone in ("russia", "ukraine", "germany", "czechia", "slovakia", "serbia", "vietnam"):
        assert gone not in ids
    with pytest.raises(KeyError):
        world.state_by_id("germany")


def _inside(points: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """Which points are inside a ring (even-odd rule), vectorised in chunks."""
    result = np.zeros(len(points), dtype=bool)
    x1, y1 = ring[:, 0], ring[:, 1]
    x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
    for start in range(0, len(points), 512):
        px = points[start: start + 512, 0, None]
        py = points[start: start + 512, 1, None]
        crosses = (y1 > py) != (y2 > py)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = x1 + (py - y1) * (x2 - x1) / (y2 - y1)
        result[start: start + 512] = np.count_nonzero(crosses & (px < at), axis=1) % 2 == 1
    return result


def _distance_to_rings(points: np.ndarray, rings: list[np.ndarray]) -> np.ndarray:
    """The distance from each point to the nearest edge of some rings."""
    a = np.concatenate(rings)
    b = np.concatenate([np.roll(ring, -1, axis=0) for ring in rings])
    best = np.full(len(points), np.inf)
    for i, p in enumerate(points):
        d = b - a
        t = np.clip(np.einsum("ij,ij->i", p - a, d) / np.maximum((d * d).sum(1), 1e-12), 0, 1)
        best[i] = np.min(np.hypot(*(a + t[:, None] * d - p).T))
    return best


@pytest.mark.parametrize("state_id", ["ussr", "czechoslovakia", "yugoslavia", "gdr", "frg"])
def test_no_border_inside_a_state(world: WorldMap, state_id: str) -> None:
    index = world.state_index(state_id)
    rings = [ring.points for ring in world.rings_of(state_id)]
    mids = np.concatenate([(line[1:] + line[:-1]) / 2 for line in world.borders])
    inside = np.zeros(len(mids), dtype=bool)
    for ring in rings:  # even-odd over all rings: holes count
        inside ^= _inside(mids, ring)
    deep = _distance_to_rings(mids[inside], rings) > 0.05
    assert np.count_nonzero(deep) == 0, mids[inside][deep][:5]
    assert not np.any(world.border_states[:, 0] == world.border_states[:, 1])
    assert np.any(world.border_states == index)


def test_no_border_near_former_soviet_republic_borders(world: WorldMap) -> None:
    points = np.concatenate(world.borders)
    for lon, lat in [(35.5, 51.0), (25.5, 57.8), (26.5, 55.8), (60.0, 51.0), (70.0, 41.5)]:
        x, y = project(lon, lat)
        assert np.min(np.hypot(points[:, 0] - x, points[:, 1] - y)) > 0.3, (lon, lat)


def test_iron_curtain_borders(world: WorldMap) -> None:
    pairs = {frozenset(world.states[i].id for i in pair) for pair in world.border_states}
    assert frozenset({"frg", "gdr"}) in pairs
    assert frozenset({"gdr", "west_berlin"}) in pairs
    assert frozenset({"frg", "czechoslovakia"}) in pairs
    assert frozenset({"north_vietnam", "south_vietnam"}) in pairs
    assert frozenset({"russia", "ukraine"}) not in pairs


@pytest.mark.parametrize(("place", "lat", "lon", "state_id"), [
    ("Havana", 23.13, -82.38, "cuba"),
    ("West Berlin (Charlottenburg)", 52.50, 13.30, "west_berlin"),
    ("West Berlin (Spandau)", 52.535, 13.20, "west_berlin"),
    ("East Berlin (Alexanderplatz)", 52.52, 13.41, "gdr"),
    ("Leipzig", 51.34, 12.37, "gdr"),
    ("Rügen", 54.45, 13.40, "gdr"),
    ("Frankfurt", 50.11, 8.68, "frg"),
    ("Kyiv", 50.45, 30.52, "ussr"),
    ("Tallinn", 59.44, 24.75, "ussr"),
    ("Moscow", 55.75, 37.62, "ussr"),
    ("Prague", 50.08, 14.42, "czechoslovakia"),
    ("Bratislava", 48.15, 17.11, "czechoslovakia"),
    ("Belgrade", 44.82, 20.46, "yugoslavia"),
    ("Zagreb", 45.81, 15.98, "yugoslavia"),
    ("Washington", 38.90, -77.04, "usa"),
    ("Orlando", 28.54, -81.38, "usa"),
    ("Paris", 48.86, 2.35, "france"),
    ("Ankara", 39.93, 32.86, "turkey"),
    ("Hanoi", 21.03, 105.85, "north_vietnam"),
    ("Saigon", 10.78, 106.70, "south_vietnam"),
])
def test_places(world: WorldMap, place: str, lat: float, lon: float, state_id: str) -> None:
    state = world.state_at(lon, lat)
    assert state is not None and state.id == state_id, (place, state)


def test_sea_is_no_state(world: WorldMap) -> None:
    assert world.state_at(-40.0, 40.0) is None  # the middle of the North Atlantic


def test_project_round_trip() -> None:
    lon = np.linspace(-180, 180, 37)
    lat = np.linspace(-80, 85, 37)
    x, y = project(lon, lat)
    assert np.allclose(x, lon)
    assert np.all(np.diff(y) > 0)
    assert abs(float(project(0.0, 0.0)[1])) < 1e-12
    back_lon, back_lat = unproject(x, y)
    assert np.allclose(back_lon, lon) and np.allclose(back_lat, lat, atol=1e-9)


def test_view_box_fit_and_pixels() -> None:
    box = view_box(-90, 15, -70, 30)
    assert box[0] == -90 and box[2] == -70 and box[1] < box[3]
    fitted = fit_box(box, 1000, 500)
    assert fitted[2] - fitted[0] == pytest.approx(2 * (fitted[3] - fitted[1]))
    assert fitted[0] <= box[0] and fitted[2] >= box[2]
    corners = np.array([[box[0], box[3]], [box[2], box[1]]])
    assert np.allclose(to_pixels(corners, box, 800, 600), [[0, 0], [800, 600]])


def test_clip(world: WorldMap) -> None:
    caribbean = world.clip(-90, 15, -70, 30)
    assert 0 < len(caribbean.rings) < len(world.rings)
    assert 0 < len(caribbean.coasts) < len(world.coasts)
    assert {world.states[r.state].id for r in caribbean.rings} >= {"cuba", "usa"}
    europe = world.clip(5, 45, 25, 56)
    assert {world.states[r.state].id for r in europe.rings} >= {"gdr", "frg", "west_berlin"}
    assert "australia" not in {world.states[r.state].id for r in europe.rings}
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        world.clip(-100, 10, 40, 70)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.05


def test_rings_are_read_only(world: WorldMap) -> None:
    ring = world.rings[0]
    assert ring.points.dtype == np.float64 and ring.points.shape[1] == 2
    with pytest.raises(ValueError):
        ring.points[0, 0] = 0.0


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MapDataError, match="not found"):
        load_map(tmp_path / "nothing.npz")


def test_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.npz"
    path.write_bytes(b"this is not a zip file")
    with pytest.raises(MapDataError):
        load_map(path)
    assert issubclass(MapDataError, ValueError)


def test_incomplete_file(tmp_path: Path) -> None:
    path = tmp_path / "partial.npz"
    with np.load(MAP_FILE, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files if name != "deltas"}
    np.savez_compressed(path, **arrays)
    with pytest.raises(MapDataError, match="deltas"):
        load_map(path)


def test_inconsistent_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.npz"
    with np.load(MAP_FILE, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    arrays["deltas"] = arrays["deltas"][:-3]
    np.savez_compressed(path, **arrays)
    with pytest.raises(MapDataError, match="corrupt"):
        load_map(path)
