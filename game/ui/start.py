"""The scenes a run starts with: the title screen, or straight to a briefing."""

from __future__ import annotations

from game.scenario import ScenarioError, load_scenario
from game.session import Session
from game.ui.app import App
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.title import TitleScene


def first_scenes(app: App, scenario: str | None, side: str | None, seed: int | None,
                 autosave: bool = True) -> str | None:
    """Push the title screen (and a briefing if a scenario and side are given); an error
    message for a bad scenario or side, else None."""
    if scenario is None:
        app.push(TitleScene(app, seed=seed))
        return None
    try:
        c = load_scenario(scenario)
    except ScenarioError as exc:
        return str(exc)
    title = TitleScene(app, [c], seed=seed)
    app.push(title)
    playable = [s.id for s in c.model.sides if s.playable]
    if side is None:
        return None
    if side not in playable:
        return f"'{side}' is not a playable side of {c.id}; choose one of {', '.join(playable)}"
    app.push(BriefingScene(app, Session.new(c, side, app.settings.lang, seed,
                                            autosave=autosave)))
    return None
