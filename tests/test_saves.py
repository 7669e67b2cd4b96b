"""Saves: atomic writes, exact replay, damaged and foreign files rejected with a message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import Game
from game.saves import (
    MAX_NAME,
    SaveData,
    SaveError,
    list_saves,
    parse_save,
    player_name,
    read_save,
    restore,
    save_dir,
    write_save,
)
from game.scenario import check_bytes
from game.scenario.tables import Compiled


def played(mini: Compiled, moves: int = 2) -> Game:
    g = Game.new(mini, seed=17, humans=["us"])
    for _ in range(moves):
        if g.is_over():
            break
        g.apply(g.legal_options()[-1])
    return g


def test_round_trip_reproduces_the_game(mini: Compiled, tmp_path: Path) -> None:
    g = played(mini)
    path = tmp_path / "s.json"
    write_save(SaveData.of(g, "fr"), path)
    data = read_save(path)
    assert data.seed == 17 and data.humans == ("us",) and data.lang == "fr"
    assert data.scenario_sha256 == mini.sha256
    r = restore(data, mini)
    assert r.applied == r.total == len(g.choices)
    assert r.game.same_state(g)
    assert not list(tmp_path.glob(".tmp-*")), "temporary file left behind"


def test_save_dir_follows_the_environment(tmp_path: Path) -> None:
    assert save_dir() == tmp_path / "brink-data" / "saves"
    assert list_saves() == []


@pytest.mark.parametrize(("content", "message"), [
    (b"", "not a readable save"),
    (b"{\"format\": \"brink-save\", \"version\": 1", "not a readable save"),
    (b"[1, 2]", "not a Brink save"),
    (b"{\"format\": \"brink-save\", \"version\": 99}", "version 99 is not supported"),
    (b"\xff\xfe", "not a readable save"),
])
def test_damaged_saves_are_rejected(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(SaveError, match=message):
        read_save(path)


def test_hand_edited_save_is_rejected(mini: Compiled, tmp_path: Path) -> None:
    g = played(mini)
    path = tmp_path / "s.json"
    write_save(SaveData.of(g), path)
    data = json.loads(path.read_text())
    data["seed"] = "seventeen"
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError, match="seed"):
        read_save(path)
    data["seed"] = 17
    data["choices"] = [["photos", "talk"], ["followup", "nuke"]]
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError, match="edited or damaged"):
        restore(read_save(path), mini)


def test_changed_scenario_keeps_the_choices_that_apply(mini: Compiled, tmp_path: Path) -> None:
    g = played(mini, 3)
    path = tmp_path / "s.json"
    write_save(SaveData.of(g), path)
    text = Path(mini.path).read_text().replace("effects: {tension: 10, us.prestige: 3}",
                                               "effects: {tension: 12, us.prestige: 3}")
    changed, _ = check_bytes(text.encode(), mini.path)
    assert changed is not None and changed.sha256 != mini.sha256
    r = restore(read_save(path), changed)
    assert r.scenario_changed and r.applied <= r.total


# -- the player's name -----------------------------------------------------------------------
def test_player_name_round_trips_and_old_saves_still_read(mini: Compiled, tmp_path: Path) -> None:
    g = played(mini)
    path = tmp_path / "s.json"
    write_save(SaveData.of(g, "fr", "Léa Dupont"), path)
    assert read_save(path).player == "Léa Dupont"
    write_save(SaveData.of(g, "fr"), path)
    raw = json.loads(path.read_text())
    assert "player" not in raw  # a nameless save is exactly a version-1 save of before
    assert read_save(path).player is None
    raw["player"] = None
    path.write_text(json.dumps(raw))
    assert read_save(path).player is None


@given(st.text(max_size=MAX_NAME + 20))
def test_any_typed_name_is_kept_or_refused_never_half(typed: str) -> None:
    try:
        name = player_name(typed)
    except ValueError:
        return
    assert name is None or (0 < len(name) <= MAX_NAME and name == name.strip())
    assert name is None or player_name(name) == name


CONTROLS = st.sampled_from([chr(c) for c in (*range(32), *range(0x7F, 0xA0))]
                           + ["\u2028", "\u2029", "\u202e", "\u2066"])


@given(st.text(max_size=30), CONTROLS, st.text(max_size=30))
def test_a_name_with_a_control_character_is_refused(before: str, control: str,
                                                     after: str) -> None:
    typed = before + control + after
    if not " ".join(typed.split()).count(control):  # whitespace controls are just spaces
        return
    with pytest.raises(ValueError):
        player_name(typed)


@settings(max_examples=60)
@given(st.one_of(st.text(min_size=MAX_NAME + 1, max_size=MAX_NAME + 50,
                         alphabet=st.characters(blacklist_categories=("Zs", "Cc", "Cs"))),
                 st.builds(lambda a, c, b: a + c + b, st.text(max_size=5), CONTROLS,
                           st.text(max_size=5)),
                 st.just(""), st.just(" x"), st.integers(), st.lists(st.text(), max_size=2)))
def test_a_save_with_a_bad_name_is_refused(mini: Compiled, value: object) -> None:
    data = json.loads(SaveData.of(played(mini, 1)).to_json())
    data["player"] = value
    with pytest.raises(SaveError, match="the player's name must be text"):
        parse_save(json.dumps(data).encode(), "named.json")
