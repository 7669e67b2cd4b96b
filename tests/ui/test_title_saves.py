"""The title screen and saves (issue 9 item 8, issue 12 item 7, issue 13 items 2, 6, 7): the
games to continue, the player's name, the scenario and side remembered, a save folder that
cannot be written."""

from __future__ import annotations

import errno
import os
import tempfile

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import Game
from game.saves import MAX_NAME, SaveData, save_dir, write_save
from game.scenario import load_scenario
from game.settings import Settings, load_settings
from game.ui.app import App
from game.ui.scenes.crisis import CrisisScene
from game.ui.scenes.games import GamesScene, NameScene
from game.ui.scenes.title import TitleScene
from tests.ui.conftest import MINI, press


def typed(app: App, text: str) -> None:
    """Text typed on the keyboard, as SDL reports it."""
    app.step([pygame.event.Event(pygame.TEXTINPUT, text=text)], dt=0.0)


def saved_game(moves: int, name: str, player: str | None = None, age: float = 0.0) -> None:
    c = load_scenario(MINI)
    g = Game.new(c, 11, ["us"])
    for _ in range(moves):
        g.apply(g.legal_options()[0])
    path = save_dir() / name
    write_save(SaveData.of(g, "en", player), path)
    stamp = path.stat().st_mtime - age
    os.utime(path, (stamp, stamp))


def title_of(make_app, **kw: object) -> tuple[App, TitleScene]:
    app = make_app(**kw)
    title = TitleScene(app, [load_scenario(MINI)], seed=5)
    app.push(title)
    title.scan.wait(60)
    app.step(dt=0.0)
    return app, title


def test_continue_lists_the_unfinished_games_and_resumes_the_one_chosen(make_app) -> None:
    saved_game(1, "older.json", "Léa", age=100)
    saved_game(2, "newer.json")
    app, title = title_of(make_app)
    assert "Continue a game (2)" in app.text_log.texts()
    title.group.focus = title.keys.index("continue")
    press(app, pygame.K_RETURN)
    games = app.stack.top
    assert isinstance(games, GamesScene)
    shown = app.text_log.texts()
    assert "Mini crisis · United States · turn 3, 18 October 1962" in shown
    assert "Mini crisis · United States · turn 2, 17 October 1962 · Léa" in shown
    press(app, pygame.K_DOWN, pygame.K_RETURN)  # the second: Léa's game
    assert app.stack.top.name == "briefing"
    assert app.stack.top.session.player == "Léa"
    press(app, pygame.K_RETURN)
    crisis = app.stack.top
    assert isinstance(crisis, CrisisScene) and len(crisis.session.game.choices) == 1


def test_many_games_are_listed_a_page_at_a_time(make_app) -> None:
    for k in range(9):
        saved_game(1, f"g{k}.json", f"Student {k}", age=k)
    app, title = title_of(make_app)
    title.group.focus = title.keys.index("continue")
    press(app, pygame.K_RETURN)
    games = app.stack.top
    keys = [b.key for b in games.group.buttons]
    assert keys == [f"game:{k}" for k in range(6)] + ["older", "back"]
    games.group.focus = keys.index("older")
    press(app, pygame.K_RETURN)
    assert [b.key for b in games.group.buttons] == ["newer", "game:6", "game:7", "game:8",
                                                    "back"]
    press(app, pygame.K_ESCAPE)
    assert app.stack.top is title


def test_the_name_is_typed_kept_and_written_in_saves(make_app) -> None:
    app, title = title_of(make_app)
    title.group.focus = title.keys.index("name")
    press(app, pygame.K_RETURN)
    assert isinstance(app.stack.top, NameScene)
    for ch in "Zoé ":
        typed(app, ch)
        if ch == " ":  # SDL also reports the Space key: it must not confirm
            press(app, pygame.K_SPACE)
    typed(app, "X")
    press(app, pygame.K_BACKSPACE)
    typed(app, "Martin")
    press(app, pygame.K_RETURN)
    assert app.stack.top is title
    assert app.settings.player == "Zoé Martin"
    assert "Your name: Zoé Martin" in app.text_log.texts()
    title.group.focus = title.keys.index("start")
    press(app, pygame.K_RETURN, pygame.K_RETURN, pygame.K_1, pygame.K_RETURN)
    (save,) = save_dir().glob("*.json")
    from game.saves import read_save

    assert read_save(save).player == "Zoé Martin"


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=MAX_NAME * 3))
def test_whatever_is_typed_the_name_kept_is_valid(text: str) -> None:
    from game.saves import player_name

    app = App((1280, 720), Settings(), persist=False, sound=False)
    try:
        app.push(NameScene(app))
        typed(app, text)
        press(app, pygame.K_RETURN)
        name = app.settings.player
        assert name is None or player_name(name) == name
    finally:
        pygame.quit()


def test_the_title_remembers_scenario_side_and_language(make_app, tmp_path) -> None:
    from game.resources import shipped_scenarios

    app = App((1280, 720), Settings(), persist=True, sound=False)
    try:
        title = TitleScene(app)
        app.push(title)
        press(app, pygame.K_UP, pygame.K_UP, pygame.K_UP, pygame.K_RIGHT)  # next scenario
        press(app, pygame.K_DOWN, pygame.K_RIGHT)  # its second side
        press(app, pygame.K_DOWN, pygame.K_RIGHT)  # the other language
        chosen = (title.scenario.id, title.playable()[title.side_i], app.settings.lang)
    finally:
        pygame.quit()
    s = load_settings()
    assert (s.scenario, s.side, s.lang) == chosen
    assert chosen[0] == shipped_scenarios()[1].stem and chosen[2] == "fr"
    app = App((1280, 720), sound=False)
    try:
        title = TitleScene(app)
        assert (title.scenario.id, title.playable()[title.side_i], app.settings.lang) == chosen
    finally:
        pygame.quit()


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC, errno.EACCES])
def test_a_save_that_fails_is_said_on_screen_and_play_goes_on(make_app, code: int,
                                                              monkeypatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise OSError(code, os.strerror(code))

    app, _title = title_of(make_app)
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    press(app, pygame.K_RETURN, pygame.K_RETURN, pygame.K_1, pygame.K_RETURN)
    assert app.stack.top.name == "message"
    assert any(t.startswith("Your game cannot be saved in ") for t in app.text_log.texts())
    press(app, pygame.K_RETURN)
    assert app.stack.top.name == "result"  # the game goes on


def test_the_title_says_when_games_cannot_be_saved(make_app, tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file")
    monkeypatch.setenv("BRINK_DATA_DIR", str(blocker))
    app, _title = title_of(make_app)
    assert any("Games cannot be saved in" in t and "a file stands where a folder should be"
               in t for t in app.text_log.texts())


def test_the_name_dialog_works_with_the_mouse(make_app) -> None:
    from tests.ui.conftest import click

    app, title = title_of(make_app)
    app.push(NameScene(app))
    app.step(dt=0.0)
    typed(app, "Ada")
    app.step(click(app.stack.top.buttons.buttons[0].rect.center), dt=0.0)
    assert app.stack.top is title and app.settings.player == "Ada"
    app.push(NameScene(app))
    app.step(dt=0.0)
    typed(app, "Lovelace")
    app.step(click(app.stack.top.buttons.buttons[1].rect.center), dt=0.0)
    assert app.stack.top is title and app.settings.player == "Ada"
