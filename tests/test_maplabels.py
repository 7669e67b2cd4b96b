"""Where the map's place names go: inside the map, over no other name and no marker."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from game.maplabels import Name, clip_segment, inside, overlaps, place_labels

BOUNDS = (0.0, 0.0, 400.0, 300.0)


def test_a_name_goes_beside_its_point_and_around_a_marker() -> None:
    marker = (90.0, 90.0, 110.0, 110.0)
    boxes = place_labels([Name("a", (100.0, 100.0), 60.0, 16.0, 14.0)], BOUNDS, [marker])
    assert not overlaps(boxes["a"], marker) and inside(boxes["a"], BOUNDS)
    assert boxes["a"][0] == 114.0  # the first choice: to the right, clear of the marker


def test_a_name_with_no_free_spot_is_left_out() -> None:
    boxes = place_labels([Name("a", (5.0, 5.0), 500.0, 16.0, 8.0)], BOUNDS)
    assert boxes == {}


def test_names_avoid_the_lines_when_they_can() -> None:
    line = ((100.0, 0.0), (100.0, 300.0))
    right_of = ((130.0, 0.0), (130.0, 300.0))
    boxes = place_labels([Name("a", (100.0, 150.0), 60.0, 16.0, 8.0)], BOUNDS, (), [right_of])
    assert clip_segment(*right_of, boxes["a"]) is None
    assert clip_segment(*line, (0.0, 0.0, 50.0, 50.0)) is None


names = st.lists(st.tuples(st.floats(0, 400), st.floats(0, 300), st.floats(10, 120),
                           st.floats(8, 24), st.floats(4, 20)), max_size=25)
markers = st.lists(st.tuples(st.floats(0, 400), st.floats(0, 300), st.floats(2, 20)),
                   max_size=10)


@settings(max_examples=200, deadline=None)
@given(names, markers)
def test_names_never_overlap_each_other_or_a_marker(raw, marks) -> None:
    obstacles = [(x - r, y - r, x + r, y + r) for x, y, r in marks]
    todo = [Name(str(k), (x, y), w, h, c) for k, (x, y, w, h, c) in enumerate(raw)]
    boxes = list(place_labels(todo, BOUNDS, obstacles).values())
    for k, box in enumerate(boxes):
        assert inside(box, BOUNDS)
        assert not any(overlaps(box, o) for o in obstacles)
        assert not any(overlaps(box, other) for other in boxes[k + 1:])
