"""Text-mode play: plain lines in, plain lines out (works with a screen reader, no display)."""

from __future__ import annotations

from collections.abc import Callable

from game import present
from game.engine.game import Game
from game.i18n import Translator, languages
from game.invocation import command
from game.narrate import Narrator
from game.present.build import ADVISORS_NOTE
from game.resources import shipped_scenarios
from game.saves import MAX_NAME, player_name
from game.scenario import ScenarioError, load_scenario
from game.scenario.tables import Compiled
from game.session import SaveScan, Session, game_label
from game.settings import load_settings, store_settings

Input = Callable[[str], str]
Output = Callable[[str], None]


def _number(answer: str, n: int) -> bool:
    """Whether `answer` is a number from 1 to `n` in ASCII digits (not '²' or '٣')."""
    return answer.isascii() and answer.isdigit() and 1 <= int(answer) <= n


class Quit(Exception):
    """The player asked to stop (or input ended)."""


class NoScenario(Exception):
    """No playable scenario was found."""


class TextGame:
    """One text-mode session."""

    def __init__(self, t: Translator, inp: Input, out: Output) -> None:
        self.t = t
        self.inp = inp
        self.out = out

    # -- prompting -------------------------------------------------------------------------
    def ask(self, prompt: str) -> str:
        try:
            return self.inp(prompt).strip()
        except EOFError:
            raise Quit from None

    def pick(self, title: str, items: list[str]) -> int:
        """Let the player pick one item by number; returns its index."""
        self.out(title)
        for i, item in enumerate(items, 1):
            self.out(f"  {i}. {item}")
        while True:
            answer = self.ask(self.t("Your choice (1-{n}): ", n=len(items)))
            if answer.lower() in ("q", "quit"):
                raise Quit
            if _number(answer, len(items)):
                return int(answer) - 1
            self.out(self.t("Please type a number from 1 to {n}.", n=len(items)))

    # -- the game --------------------------------------------------------------------------
    def choose_scenario(self) -> Compiled:
        paths = shipped_scenarios()
        loaded = []
        for p in paths:
            try:
                loaded.append(load_scenario(p))
            except ScenarioError as exc:
                self.out(self.t("Skipping {path}: it has errors.", path=p.name))
                self.out(str(exc))
        if not loaded:
            raise NoScenario
        n = Narrator(loaded[0], self.t)
        titles = [f"{n.text(c.model.title)} ({c.dates[0].year}–{c.dates[-1].year})"
                  if c.dates[0].year != c.dates[-1].year
                  else f"{n.text(c.model.title)} ({c.dates[0].year})" for c in loaded]
        return loaded[self.pick(self.t("Choose a scenario:"), titles)]

    def choose_side(self, c: Compiled) -> str:
        n = Narrator(c, self.t)
        sides = [s for s in c.model.sides if s.playable]
        labels = [n.text(s.name) + (f" ({n.text(s.leader)})" if s.leader else "") for s in sides]
        return sides[self.pick(self.t("Choose your side:"), labels)].id

    def briefing(self, game: Game, side: str) -> None:
        c = game.scenario
        n = Narrator(c, self.t)
        self.out("")
        self.out(f"=== {n.text(c.model.title)} ===")
        self.out(n.text(c.model.summary))
        model_side = c.model.sides[c.side_index(side)]
        self.out("")
        self.out(self.t("You lead: {side}.", side=n.text(model_side.name)))
        if model_side.briefing is not None:
            self.out(n.text(model_side.briefing))
        self.out(self.t(ADVISORS_NOTE))
        self.out(self.t("Game seed: {seed}. Type h at any prompt for help.", seed=game.seed))

    def status(self, game: Game) -> None:
        n = Narrator(game.scenario, self.t)
        parts = [n.tension_line(game.tension)]
        for m in present.meters(game, self.t):
            parts.append(self.t("{name}: {value}", name=m.name, value=m.value_text))
        self.out(" · ".join(parts))

    def show_event(self, game: Game) -> list[str]:
        """Print the pending event card; returns the ids of the legal options, in order."""
        card = present.card(game, self.t)
        assert card is not None
        self.out("")
        self.out(f"--- {card.title} ---")
        self.out(card.text)
        for opt in card.options:
            self.out(f"  {opt.number}. [{opt.kind_label}] {opt.text}")
            for adv in opt.advisors:
                self.out("       " + adv.text)
        return [o.id for o in card.options]

    def ask_name(self, current: str | None) -> str | None:
        """Ask for the player's name (optional: Enter keeps `current`, '-' removes it)."""
        while True:
            prompt = (self.t("Your name (Enter keeps {name}, - for none): ", name=current)
                      if current else self.t("Your name (optional, Enter to skip): "))
            answer = self.ask(prompt)
            if not answer:
                return current
            if answer == "-":
                return None
            try:
                return player_name(answer)
            except ValueError:
                self.out(self.t("A name has at most {n} characters and no control "
                                "characters.", n=MAX_NAME))

    def help(self, game: Game | None = None) -> None:
        view = present.help_view(self.t, game.scenario if game else None, mode="text")
        self.out("")
        self.out(view.title)
        for section in view.sections:
            self.out("")
            self.out(section.heading)
            self.out(section.text)
        self.out(self.t("Continue later with: {command}", command=f"{command()} play --text "
                        "--resume"))

    def documents(self, game: Game) -> None:
        """Print the documents unlocked so far, whole."""
        n = Narrator(game.scenario, self.t, game.humans)
        docs = game.scenario.model.documents
        unlocked = n.unlocked_documents(game)
        if not unlocked:
            self.out(self.t("No document yet: they are unlocked as the crisis advances."))
        for k in unlocked:
            d = docs[k]
            self.out("")
            self.out(f"--- {n.text(d.title)} ---")
            self.out(self.t("{author}, {date}", author=n.text(d.author), date=self.t.date(d.date)))
            self.out(n.text(d.text))
            self.out(self.t("Source: {source}", source=n.source_note(d.source, d.language)))
        mine = [d for d in docs if d.sides is None or set(d.sides) & set(game.humans)]
        locked = len(mine) - len(unlocked)
        if locked:
            self.out(present.locked_documents(self.t, locked))

    def glossary(self, game: Game) -> None:
        """Print the glossary, the terms of the current card first."""
        c = game.scenario
        n = Narrator(c, self.t, game.humans)
        terms = c.model.glossary
        if not terms:
            self.out(self.t("This scenario has no glossary."))
            return
        first: list[int] = []
        p = game.pending
        if p is not None:
            ev = c.model.events[[e.id for e in c.events].index(p.event)]
            card = " ".join([n.text(ev.title, game), n.text(ev.text, game)]
                            + [n.text(o.text, game) for o in ev.options])
            first = n.glossary_terms_in(card)
        rest = sorted((k for k in range(len(terms)) if k not in first),
                      key=lambda k: n.text(terms[k].term).lower())
        for heading, group in ((self.t("In this card:"), first), (self.t("All terms:"), rest)):
            if not group:
                continue
            if first:
                self.out(heading)
            for k in group:
                self.out(self.t("{name}: {value}", name=n.text(terms[k].term),
                                value=n.text(terms[k].text)))

    def loop(self, session: Session) -> None:
        game = session.game
        n = Narrator(game.scenario, self.t, game.humans)
        for line in present.log_lines(n, game.history):
            self.out(line.text)
        while not game.is_over():
            self.status(game)
            legal = self.show_event(game)
            while True:
                answer = self.ask(self.t("Your choice (1-{n}, h for help): ", n=len(legal)))
                low = answer.lower()
                if low in ("q", "quit"):
                    raise Quit
                if low in ("h", "?", "help"):
                    self.help(game)
                elif low in ("l", "log"):
                    for line in present.log_lines(n, game.history):
                        self.out(line.text)
                elif low in ("s", "state"):
                    self.status(game)
                elif low in ("d", "documents"):
                    self.documents(game)
                elif low in ("g", "glossary"):
                    self.glossary(game)
                elif _number(answer, len(legal)):
                    break
                else:
                    self.out(self.t("Please type a number from 1 to {n}.", n=len(legal)))
            records = session.choose(legal[int(answer) - 1])
            for line in present.dispatch(game, records, self.t).lines:
                self.out(line.text)
            warning = session.save_warning()
            if warning:
                self.out(self.t("Your game cannot be saved in {folder} ({reason}). You can play "
                                "on, but it will not be kept.", folder=session.save_folder,
                                reason=self.t(warning)))
        self.debrief(game)

    def debrief(self, game: Game) -> None:
        d = present.debrief(game, self.t)
        t = self.t
        self.out("")
        self.out("=== " + t("{name}: {value}", name=t("Debrief"), value=d.title) + " ===")
        self.out(d.explanation)
        self.out(d.text)
        self.out(t("Scores: {scores}", scores=", ".join(f"{s.name} {s.text}"
                                                       for s in d.scores)))
        self.out(d.score_note)
        self.out("")
        self.out(t("{heading}:", heading=d.chart.title))
        for p in d.chart.points:
            label = t("start") if p.index == 0 else p.date
            self.out(f"  {label}: {t.number(p.tension)}")
        self.out("")
        self.out(t("{heading}:", heading=d.decisions_heading))
        for row in d.decisions:
            self.out(f"  {row.date} — {row.event}")
            self.out("    " + t("You: [{kind}] {choice}", kind=row.kind_label, choice=row.choice))
            if row.as_history:
                self.out("    " + t("History: the same choice."))
            elif row.history == t("No such decision in history."):
                self.out("    " + row.history)
            else:
                self.out("    " + t("History: {choice}", choice=row.history))
            if row.followed:
                self.out("    " + t("Then: {what}", what=row.followed))
        if d.replay is not None:
            self.out("")
            self.out(d.replay.heading)
            for e in d.replay.endings:
                self.out("  " + t("{name}: {value}", name=e.title, value=e.share_text))
            self.out(d.replay.war_text)
        if d.history_text or d.history_title:
            self.out("")
            self.out(t("{heading}:", heading=d.history_heading))
            if d.history_title:
                self.out(f"  {d.history_title}")
            if d.history_text:
                self.out(d.history_text)
        if d.documents:
            self.out("")
            self.out(t("Documents of the crisis (d during a game shows them whole):"))
            for doc in d.documents:
                self.out("  - " + t("{date}, {author}: {title}", date=doc.date,
                                    author=doc.author, title=doc.title))
        if d.sources:
            self.out(t("{heading}:", heading=t("Sources")))
            for src in d.sources:
                self.out("  - " + src)
        if d.discussion:
            self.out("")
            self.out(t("Questions for discussion:"))
            for i, q in enumerate(d.discussion, 1):
                self.out(f"  {i}. {q}")


def play_text(scenario: str | None, lang: str | None, side: str | None, seed: int | None,
              resume: bool, inp: Input = input, out: Output = print, *,
              name: str | None = None, ask_name: bool = False) -> int:
    """Run a whole text-mode game; returns the process exit code. `lang` None: the game's
    language when resuming, else the one of the settings. `name`: the player's name (else
    the one of the settings); `ask_name`: ask for it first (Enter keeps it)."""
    settings = load_settings()
    t = Translator(lang or settings.lang)
    tg = TextGame(t, inp, out)
    session: Session | None = None
    try:
        if resume:
            return _resume(tg, lang)
        c = load_scenario(scenario) if scenario else tg.choose_scenario()
        if side is None:
            side = tg.choose_side(c)
        elif side not in [s.id for s in c.model.sides if s.playable]:
            out(t("'{side}' is not a playable side of this scenario.", side=side))
            return 1
        player = name if name is not None else settings.player
        if ask_name:
            player = tg.ask_name(player)
        if player != settings.player:
            store_settings(settings.with_(player=player))
        session = Session.new(c, side, t.lang, seed, player=player)
        tg.briefing(session.game, side)
        tg.loop(session)
        return 0
    except Quit:
        if session is not None and session.saved:
            out(t("Game saved. Continue it with: {command}", command=f"{command()} play "
                  "--text --resume"))
        elif session is not None and session.unsaved is not None:
            out(t("The game could not be saved in {folder} ({reason}).",
                  folder=session.save_folder, reason=t(session.unsaved)))
        else:
            out(t("No decision was taken, so there is nothing to save."))
        return 0
    except NoScenario:
        out(t("No scenario could be loaded. Give a scenario file: {command}",
              command=f"{command()} play --text FILE"))
        return 1
    except ScenarioError as exc:
        out(str(exc))
        return 1


#: Reasons for skipping saves printed before the rest are only counted.
MAX_NOTICES = 5


def _resume(tg: TextGame, lang: str | None) -> int:
    """Continue an unfinished game: the only one, or the one the player picks. The game
    keeps its language unless `lang` is given."""
    out = tg.out
    scan = SaveScan().run()
    for msg in scan.notices[:MAX_NOTICES]:
        out(tg.t("Skipping a save: {msg}", msg=msg))
    if len(scan.notices) > MAX_NOTICES:
        out(tg.t("Skipping {n} more saves that cannot be used.",
                 n=len(scan.notices) - MAX_NOTICES))
    if not scan.found:
        out(tg.t("There is no saved game to continue."))
        return 1
    r = scan.found[0]
    if len(scan.found) > 1:
        r = scan.found[tg.pick(tg.t("Choose a game to continue:"),
                               [game_label(x, tg.t) for x in scan.found])]
    if lang is None and r.session.lang != tg.t.lang and r.session.lang in languages():
        tg.t = Translator(r.session.lang)
    elif lang is not None:
        r.session.lang = lang
    t = tg.t
    if r.scenario_changed:
        out(t("The scenario has changed since this game was saved: {k} of {n} choices "
              "still apply.", k=r.applied, n=r.total))
        answer = tg.ask(t("Replay them and continue? (y/n): ")).lower()
        if answer not in ("y", "yes", "o", "oui"):
            return 1
        r.session.save()  # the save now holds the new version: the question is not asked again
    tg.briefing(r.session.game, r.session.side)
    try:
        tg.loop(r.session)
    except Quit:
        if r.session.unsaved is None:
            out(t("Game saved. Continue it with: brink play --text --resume"))
        else:
            out(t("The game could not be saved in {folder} ({reason}).",
                  folder=r.session.save_folder, reason=t(r.session.unsaved)))
    return 0
