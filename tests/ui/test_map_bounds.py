"""Maps that cannot hang: a minimum view, bounded places and layers, and drawing whose cost
depends on what shows, not on how far the geometry runs off the map."""

from __future__ import annotations

import math
from pathlib import Path

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.maplabels import clip_segment
from game.scenario import ScenarioError, load_scenario
from game.ui.maprender import _dashed

from .conftest import MINI

VIEW = "view: {west: -90, south: 15, east: -70, north: 30}"


def variant(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "map.yaml"
    path.write_text(MINI.read_text().replace(old, new))
    return path


@pytest.mark.parametrize("width", [1e-6, 1e-4, 0.01, 0.49])
def test_a_tiny_view_is_an_error(tmp_path: Path, width: float) -> None:
    path = variant(tmp_path, VIEW, f"view: {{west: -82.4, south: 23.1, east: {-82.4 + width}, "
                                   f"north: 23.6}}")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert "at least 0.5 degree wide and high" in str(err.value)
    assert ":122:" in str(err.value)


@pytest.mark.parametrize("kind,count", [("places", 201), ("layers", 201)])
def test_places_and_layers_are_bounded(tmp_path: Path, kind: str, count: int) -> None:
    if kind == "places":
        extra = "".join(f"\n    - {{id: p{i}, name: P{i}, lat: 20, lon: -80}}"
                        for i in range(count))
        path = variant(tmp_path, "  places:", "  places:" + extra)
    else:
        extra = "".join(f"\n    - {{id: l{i}, kind: marker, places: [havana]}}"
                        for i in range(count))
        path = variant(tmp_path, "  layers:", "  layers:" + extra)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert "200" in str(err.value)


@settings(max_examples=200, deadline=None)
@given(st.tuples(*[st.floats(-1e9, 1e9, allow_nan=False)] * 4))
def test_clipped_segments_stay_in_the_box(coords) -> None:
    rect = pygame.Rect(10, 20, 300, 200)
    seg = clip_segment(coords[:2], coords[2:], (rect.left, rect.top, rect.right, rect.bottom))
    if seg is not None:
        for x, y in seg:
            assert rect.left - 1e-6 <= x <= rect.right + 1e-6
            assert rect.top - 1e-6 <= y <= rect.bottom + 1e-6


def test_a_huge_dashed_circle_costs_what_shows(monkeypatch) -> None:
    """A circle millions of pixels round, of which a corner crosses the map: the dashes drawn
    are bounded by the visible length, not the circumference."""
    surface = pygame.Surface((400, 300))
    view = surface.get_rect()
    calls = []
    monkeypatch.setattr(pygame.draw, "line", lambda *a, **k: calls.append(a))
    r = 5e6
    pts = [(200 + r * math.cos(a) - r, 150 + r * math.sin(a))
           for a in (2 * math.pi * k / 72 for k in range(73))]
    _dashed(surface, (0, 0, 0), pts, 3, 12, view)
    assert len(calls) <= 2 * (view.width + view.height) // 12 + 10


@pytest.mark.parametrize("scene", ["crisis", "result"])
def test_a_huge_title_or_side_name_leaves_the_map_its_room(make_app, tmp_path: Path,
                                                          scene: str) -> None:
    from game.ui.shot import build_scene

    word = "W" * 9999
    path = tmp_path / "long.yaml"
    path.write_text(MINI.read_text().replace("title: {en: Mini crisis, fr: Mini-crise}",
                                             f"title: {{en: {word}, fr: {word}}}"))
    app = make_app((1280, 720))
    choices = [] if scene == "crisis" else ["strike"]
    assert build_scene(app, str(path), scene, 7, None, choices) is None
    app.step(dt=30.0)
    app.draw()
    crisis = next(s for s in app.stack.scenes if s.name == "crisis")
    assert crisis.map_rect.height >= 200


def test_names_are_placed_once_per_view_not_on_every_frame(make_app, monkeypatch) -> None:
    import game.ui.maprender as maprender
    from game.ui.shot import build_scene

    calls = []
    real = maprender.place_labels
    monkeypatch.setattr(maprender, "place_labels", lambda *a, **k: calls.append(1) or real(*a, **k))
    app = make_app((1280, 720))
    assert build_scene(app, str(MINI), "crisis", 7, None, []) is None
    app.step(dt=30.0)
    for _ in range(5):
        app.draw()
    assert len(calls) == 1
