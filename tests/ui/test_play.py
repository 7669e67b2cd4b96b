"""Play whole games through synthetic input, by keyboard and by mouse, in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest

from game.narrate import Narrator
from game.resources import shipped_scenarios
from game.saves import list_saves
from game.scenario import load_scenario
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.confirm import MessageScene
from game.ui.scenes.crisis import CrisisScene
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.result import ResultScene
from game.ui.scenes.title import TitleScene

from .conftest import MINI, click, press


def play_by_keys(app, max_steps: int = 200) -> None:
    for _ in range(max_steps):
        top = app.stack.top
        if isinstance(top, DebriefScene):
            return
        if isinstance(top, CrisisScene):
            press(app, pygame.K_1, pygame.K_RETURN)
        elif isinstance(top, ResultScene):
            press(app, pygame.K_RETURN)
        else:
            press(app, pygame.K_RETURN)
    pytest.fail(f"no debrief after {max_steps} steps; top scene is {app.stack.top.name}")


@pytest.mark.parametrize("path", [MINI, *shipped_scenarios()], ids=lambda p: p.stem)
@pytest.mark.parametrize("side_steps", [0, 1])
def test_keyboard_alone_reaches_the_debrief(make_app, path: Path, side_steps: int) -> None:
    app = make_app(lang="fr" if side_steps else "en")
    c = load_scenario(path)
    app.push(TitleScene(app, [c], seed=5))
    title = app.stack.top
    assert title.keys[title.group.focus] == "start"
    if side_steps:  # choose the second playable side with the arrow keys
        press(app, pygame.K_UP, pygame.K_UP, pygame.K_RIGHT, pygame.K_DOWN, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    assert isinstance(app.stack.top, BriefingScene)
    session = app.stack.top.session
    playable = [s.id for s in c.model.sides if s.playable]
    assert session.side == playable[side_steps % len(playable)]
    play_by_keys(app)
    game = session.game
    assert game.is_over() and game.outcome() is not None
    assert len(game.choices) >= 1
    saved = json.loads(list_saves()[0].read_text())
    assert [tuple(x) for x in saved["choices"]] == game.choices


def test_mouse_alone_reaches_the_debrief(make_app) -> None:
    app = make_app()
    app.push(TitleScene(app, [load_scenario(MINI)], seed=5))
    start = app.stack.top.group.buttons[app.stack.top.keys.index("start")]
    app.step(click(start.rect.center), dt=0.0)
    assert isinstance(app.stack.top, BriefingScene)
    app.step(click(app.stack.top.group.buttons[0].rect.center), dt=0.0)
    for _ in range(100):
        top = app.stack.top
        if isinstance(top, DebriefScene):
            break
        if isinstance(top, CrisisScene):
            target = top.options.buttons[-1].rect.center
            app.step(click(target), dt=0.0)
            assert top.selected == len(top.options.buttons) - 1
            app.step(click(target), dt=0.0)
        elif isinstance(top, ResultScene):
            app.step(click(top.group.buttons[0].rect.center), dt=30.0)
            app.step(click(top.group.buttons[0].rect.center), dt=0.0)
        app.step(dt=30.0)
    assert isinstance(app.stack.top, DebriefScene)
    app.step(click(app.stack.top.group.buttons[0].rect.center), dt=0.0)
    assert isinstance(app.stack.top, TitleScene)


def test_log_matches_the_engine_history(make_app) -> None:
    app = make_app()
    app.push(TitleScene(app, [load_scenario(MINI)], seed=5))
    press(app, pygame.K_RETURN, pygame.K_RETURN)
    crisis = app.stack.top
    assert isinstance(crisis, CrisisScene)
    press(app, pygame.K_1, pygame.K_RETURN, pygame.K_RETURN, pygame.K_RETURN)
    assert app.stack.top is crisis
    n = Narrator(crisis.session.scenario, app.t)
    expected = [line for r in crisis.session.game.history for line in n.describe(r)]
    assert [text for text, _, _ in crisis.log.lines] == expected
    drawn = app.text_log.texts()
    assert expected[-1] in drawn  # the newest line is visible


def test_digit_selects_and_enter_decides(make_app) -> None:
    app = make_app()
    app.push(TitleScene(app, [load_scenario(MINI)], seed=5))
    press(app, pygame.K_RETURN, pygame.K_RETURN)
    crisis = app.stack.top
    press(app, pygame.K_2)
    assert crisis.selected == 1 and crisis.session.game.choices == []
    assert "Curtis LeMay" not in " ".join(app.text_log.texts())
    press(app, pygame.K_1)
    said = "Curtis LeMay (hawk) argued for bombing the sites at once."
    assert said in " ".join(app.text_log.texts())
    press(app, pygame.K_RETURN)
    assert crisis.session.game.choices == [("photos", "strike")]
    assert isinstance(app.stack.top, ResultScene)


def test_escape_asks_before_leaving(make_app) -> None:
    from game.saves import save_dir

    app = make_app()
    app.push(TitleScene(app, [load_scenario(MINI)], seed=5))
    press(app, pygame.K_RETURN, pygame.K_RETURN, pygame.K_ESCAPE)
    assert app.stack.top.name == "confirm"
    press(app, pygame.K_ESCAPE)
    assert isinstance(app.stack.top, CrisisScene)
    press(app, pygame.K_ESCAPE, pygame.K_RETURN)
    title = app.stack.top
    assert isinstance(title, TitleScene)
    title.scan.wait(60)
    app.step(dt=0.0)
    # No decision was taken: a briefing and a look at the crisis leave no save behind.
    assert title.scan.found == [] and "continue" not in title.keys
    assert not list(save_dir().glob("*.json"))


def test_window_close_asks_then_quits(make_app) -> None:
    app = make_app()
    app.push(TitleScene(app, [load_scenario(MINI)], seed=5))
    app.step([pygame.event.Event(pygame.QUIT)], dt=0.0)
    assert app.stack.top.name == "confirm" and app.running
    press(app, pygame.K_RETURN)
    assert not app.running


def test_f5_reload_keeps_choices_or_reports_errors(make_app, tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    text = MINI.read_text()
    path.write_text(text)
    app = make_app()
    app.push(TitleScene(app, [load_scenario(path)], seed=5))
    press(app, pygame.K_RETURN, pygame.K_RETURN, pygame.K_1, pygame.K_RETURN, pygame.K_RETURN,
          pygame.K_RETURN)
    crisis = app.stack.top
    assert isinstance(crisis, CrisisScene)
    choices = list(crisis.session.game.choices)
    path.write_text(text.replace("set: [blockade]", "set: [blockad]"))
    press(app, pygame.K_F5)
    assert isinstance(app.stack.top, MessageScene)
    assert any("unknown flag 'blockad'" in t for t in app.text_log.texts())
    press(app, pygame.K_RETURN)
    assert app.stack.top is crisis and crisis.session.game.choices == choices
    path.write_text(text.replace("title: {en: Follow-up, fr: Et ensuite}",
                                 "title: {en: Next step, fr: Étape suivante}"))
    press(app, pygame.K_F5)
    assert app.stack.top is crisis
    assert crisis.session.game.choices == choices
    assert "Next step" in app.text_log.texts()


def test_damaged_save_is_reported_not_fatal(make_app) -> None:
    from game.saves import save_dir

    save_dir().mkdir(parents=True)
    (save_dir() / "broken.json").write_text("{not json")
    app = make_app()
    app.push(TitleScene(app, [load_scenario(MINI)], seed=5))
    app.stack.top.scan.wait(60)
    app.step(dt=0.0)
    assert any("A save could not be used" in t and "broken.json" in t
               for t in app.text_log.texts())
    assert app.stack.top.scan.found == [] and "continue" not in app.stack.top.keys


def test_continue_a_saved_game(make_app) -> None:
    app = make_app()
    app.push(TitleScene(app, [load_scenario(MINI)], seed=5))
    press(app, pygame.K_RETURN, pygame.K_RETURN, pygame.K_1, pygame.K_RETURN, pygame.K_RETURN,
          pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_RETURN)
    title = app.stack.top
    assert isinstance(title, TitleScene)
    title.scan.wait(60)
    app.step(dt=0.0)
    title.group.focus = title.keys.index("continue")
    press(app, pygame.K_RETURN)  # the list of games to continue: the only one is focused
    assert app.stack.top.name == "games"
    press(app, pygame.K_RETURN, pygame.K_RETURN)
    crisis = app.stack.top
    assert isinstance(crisis, CrisisScene)
    assert crisis.session.game.choices[0] == ("photos", "strike")
