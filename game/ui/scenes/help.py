"""The help screen (F1, h, or the menus), and the other pages opened the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.present import help_view
from game.scenario.tables import Compiled
from game.ui.scenes.confirm import ReaderScene, sections_blocks
from game.ui.widgets import Block

if TYPE_CHECKING:
    from game.ui.app import App


class HelpScene(ReaderScene):
    """How to play: tension and DEFCON, the meters, the kinds of options, advisors, keys."""

    name = "help"

    def __init__(self, app: App, scenario: Compiled | None = None) -> None:
        super().__init__(app, help_view(app.t).title)
        self.scenario = scenario

    def blocks(self) -> list[Block]:
        view = help_view(self.app.t, self.scenario)
        return sections_blocks(self.app.metrics, [(s.heading, s.text) for s in view.sections])


def open_help(app: App, scenario: Compiled | None = None) -> None:
    """Show the help over the current screen (once: not over itself)."""
    if not isinstance(app.stack.top, HelpScene):
        app.push(HelpScene(app, scenario))
