"""`brink shot`: render one scene headless to a PNG (for the README, bug reports and tests)."""

from __future__ import annotations

import os
from pathlib import Path

SCENES = ("title", "settings", "briefing", "crisis", "result", "confirm", "debrief")


def build_scene(app: object, scenario: str | None, scene: str, seed: int, side: str | None,
                choices: list[str]) -> str | None:
    """Put `scene` on top of `app`'s stack in the state the choices lead to; an error message
    or None."""
    from game.engine.game import IllegalChoice
    from game.resources import shipped_scenarios
    from game.scenario import ScenarioError, load_scenario
    from game.session import Session
    from game.ui.app import App
    from game.ui.scenes.briefing import BriefingScene
    from game.ui.scenes.confirm import ConfirmScene
    from game.ui.scenes.crisis import CrisisScene
    from game.ui.scenes.debrief import DebriefScene
    from game.ui.scenes.result import ResultScene
    from game.ui.scenes.settings import SettingsScene
    from game.ui.scenes.title import TitleScene

    assert isinstance(app, App)
    if scene not in SCENES:
        return f"unknown scene '{scene}'; the scenes are {', '.join(SCENES)}"
    try:
        c = load_scenario(scenario or shipped_scenarios()[0])
    except (ScenarioError, IndexError) as exc:
        return str(exc) or "no scenario found"
    playable = [s.id for s in c.model.sides if s.playable]
    side = side or playable[0]
    if side not in playable:
        return f"'{side}' is not a playable side; choose one of {', '.join(playable)}"
    app.push(TitleScene(app, [c]))
    if scene == "title":
        return None
    if scene == "settings":
        app.push(SettingsScene(app))
        return None
    session = Session.new(c, side, app.settings.lang, seed, autosave=False)
    records = []
    try:
        for option in choices:
            records = session.choose(option)
        if scene == "debrief":
            while not session.game.is_over():
                p = session.game.pending
                hist = [o.id for o in p.options if o.legal and o.historical]
                session.choose(hist[0] if hist else p.legal[0])
    except IllegalChoice as exc:
        return str(exc)
    if scene == "briefing":
        app.push(BriefingScene(app, session))
    elif scene == "debrief" or (session.game.is_over() and scene == "crisis"):
        app.push(DebriefScene(app, session))
    else:
        crisis = CrisisScene(app, session)
        app.push(crisis)
        if scene == "result":
            app.push(ResultScene(app, session, records, crisis.card))
        elif scene == "confirm":
            app.push(ConfirmScene(app, app.t("Leave this game for the title screen? It is "
                                             "saved, and you can continue it later."),
                                  crisis.leave))
    return None


def shot(out: str, scenario: str | None, scene: str, size: tuple[int, int], lang: str,
         seed: int, side: str | None, choices: list[str]) -> str | None:
    """Render the scene to `out` (PNG); returns an error message or None."""
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from game.settings import Settings
    from game.ui.app import App

    app = App(size, Settings(lang=lang), persist=False, sound=False)
    error = build_scene(app, scenario, scene, seed, side, choices)
    if error:
        pygame.quit()
        return error
    app.step(dt=30.0)
    app.draw()
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(app.screen, out)
    pygame.quit()
    return None
