"""The help screen (F1, h, or the menus), and the documents (d) and glossary (g) pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine.game import Game
from game.narrate import Narrator
from game.present import card, documents, glossary, help_view, locked_documents
from game.scenario.tables import Compiled
from game.ui.scenes.confirm import ReaderScene, sections_blocks
from game.ui.theme import INK, INK_SOFT, STAMP
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


class DocumentsScene(ReaderScene):
    """The documents unlocked so far, whole; how many more the crisis will unlock."""

    name = "documents"

    def __init__(self, app: App, game: Game) -> None:
        super().__init__(app, app.t("Documents"))
        self.game = game

    def blocks(self) -> list[Block]:
        t = self.app.t
        m = self.app.metrics
        docs = documents(self.game, t)
        shown = [d for d in docs if d.unlocked]
        out: list[Block] = []
        if not shown:
            out.append(Block(t("No document yet: they are unlocked as the crisis advances."),
                             m.text, INK))
        for k, d in enumerate(shown):
            out.append(Block(d.title, m.text, STAMP, bold=True, gap=m.text if k else 0))
            out.append(Block(t("{author}, {date}", author=d.author, date=d.date), m.text,
                             INK_SOFT))
            out.append(Block(d.text, m.text, INK, gap=m.pad))
            out.append(Block(t("Source: {source}", source=d.source), m.small, INK_SOFT,
                             gap=m.pad))
        locked = len(docs) - len(shown)
        if locked:
            out.append(Block(locked_documents(t, locked), m.small, INK_SOFT,
                             gap=m.text))
        return out


class GlossaryScene(ReaderScene):
    """The glossary, the terms of the current card first."""

    name = "glossary"

    def __init__(self, app: App, game: Game) -> None:
        super().__init__(app, app.t("Glossary"))
        self.game = game

    def blocks(self) -> list[Block]:
        t = self.app.t
        m = self.app.metrics
        c = self.game.scenario
        view = card(self.game, t)
        text = " ".join([view.title, view.text, *(o.text for o in view.options)]) if view else ""
        n_first = len(Narrator(c, t).glossary_terms_in(text)) if text else 0
        terms = glossary(c, t, text)
        if not terms:
            return [Block(t("This scenario has no glossary."), m.text, INK)]
        out: list[Block] = []
        for heading, group in ((t("In this card:"), terms[:n_first]),
                               (t("All terms:"), terms[n_first:])):
            if not group:
                continue
            if n_first:
                out.append(Block(heading, m.text, STAMP, bold=True, gap=m.text if out else 0))
            for term in group:
                out.append(Block(term.term, m.text, INK, bold=True, gap=m.pad))
                out.append(Block(term.text, m.text, INK))
        return out


def open_page(app: App, kind: str, game: Game) -> None:
    """Show the documents or the glossary over the current screen (not over itself)."""
    scene = {"documents": DocumentsScene, "glossary": GlossaryScene}[kind]
    if not isinstance(app.stack.top, scene):
        app.push(scene(app, game))
