"""Every scene at three window sizes: text fits its boxes, nothing is drawn off the window."""

from __future__ import annotations

import pygame
import pytest

from game import present
from game.resources import shipped_scenarios
from game.ui.shot import SCENES, build_scene
from game.ui.theme import MIN_TEXT

from .conftest import MINI

SIZES = [(1024, 640), (1280, 720), (2560, 1440)]
SCENARIOS = [MINI, *shipped_scenarios()]


def first_choice(path) -> list[str]:
    from game.engine import Game
    from game.scenario import load_scenario

    c = load_scenario(path)
    side = next(s.id for s in c.model.sides if s.playable)
    return [Game.new(c, 7, [side]).legal_options()[0]]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", SCENES)
@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_text_fits_and_stays_inside(make_app, size, scene: str, path) -> None:
    for lang in ("en", "fr"):
        app = make_app(size, lang)
        choices = first_choice(path) if scene == "result" else []
        assert build_scene(app, str(path), scene, 7, None, choices) is None
        app.step(dt=30.0)
        app.draw()
        window = pygame.Rect((0, 0), size)
        assert app.text_log.items, "nothing was drawn"
        for item in app.text_log.items:
            assert not item.overflow, f"{scene} {size} {lang}: {item.text[:60]!r} overflows"
            assert window.contains(item.rect), f"{item.text[:60]!r} leaves the window"
            assert item.box.contains(item.rect) or item.rect.width == 0
            assert item.size >= MIN_TEXT, f"{item.text[:60]!r} drawn at {item.size} px"
        assert app.stack.top.name == scene or (scene == "crisis" and
                                               app.stack.top.name == "debrief")


def test_resize_relayouts(make_app) -> None:
    app = make_app((1280, 720))
    assert build_scene(app, str(MINI), "crisis", 7, None, []) is None
    app.step(dt=30.0)
    app.screen = pygame.display.set_mode((1024, 640), pygame.RESIZABLE)
    app.step([pygame.event.Event(pygame.VIDEORESIZE, size=(1024, 640), w=1024, h=640)], dt=0.0)
    crisis = app.stack.top
    assert crisis.map_rect.right <= 1024 and crisis.card.bottom <= 640
    for item in app.text_log.items:
        assert not item.overflow


def test_map_shows_layers_only_when_their_condition_holds(make_app) -> None:
    from game.ui.scenes.crisis import CrisisScene

    app = make_app((1280, 720))
    assert build_scene(app, str(MINI), "crisis", 7, None, []) is None
    app.step(dt=30.0)
    crisis = app.stack.top
    assert isinstance(crisis, CrisisScene)
    game = crisis.session.game
    assert not game.flags["blockade"]
    assert crisis.map.visible_layers(game) == []
    surf = pygame.Surface(app.size)
    crisis.map.draw(surf, present.map_view(game, app.t), {}, None, 12)
    before = pygame.surfarray.array3d(surf.subsurface(crisis.map_rect)).copy()
    crisis.session.choose("blockade")
    assert game.flags["blockade"] or crisis.session.game.flags["blockade"]
    assert crisis.map.visible_layers(crisis.session.game) == ["line"]
    crisis.map.draw(surf, present.map_view(crisis.session.game, app.t), {}, None, 12)
    after = pygame.surfarray.array3d(surf.subsurface(crisis.map_rect))
    changed = (before != after).any(axis=2)
    assert changed.sum() > 200  # the 500-mile circle was drawn


def test_french_interface(make_app) -> None:
    app = make_app((1280, 720), "fr")
    assert build_scene(app, str(MINI), "title", 7, None, []) is None
    app.step(dt=30.0)
    texts = " ".join(app.text_log.texts())
    assert "Commencer" in texts and "Langue\u00a0: Français" in texts
    assert "1958–1962" in texts  # a dash, not a hyphen
