"""Text-mode play: plain lines in, plain lines out (works with a screen reader, no display)."""

from __future__ import annotations

from collections.abc import Callable

from game.engine.game import Game
from game.i18n import N_, Translator, languages
from game.narrate import KIND_LABELS, Narrator
from game.resources import shipped_scenarios
from game.saves import MAX_NAME, player_name
from game.scenario import ScenarioError, load_scenario
from game.scenario.tables import Compiled
from game.session import SaveScan, Session, game_label
from game.settings import load_settings, store_settings
from game.sim.batch import simulate
from game.sim.policies import scripted
from game.sim.stats import summarize

#: What the advisors' lines are, said once where a player meets them (and in the help).
ADVISORS_NOTE = N_("Advisors: a line in quotation marks, with its source, is what that person "
                   "really said or wrote; a line without quotation marks is a position "
                   "reconstructed from what they argued at the time, not their words.")
Input = Callable[[str], str]
Output = Callable[[str], None]
REPLAYS = 10_000


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
        n = Narrator(game.scenario, self.t, game.humans)
        parts = [n.tension_line(game.tension)]
        for name, value in game.meters.items():
            parts.append(f"{n.meter_name(name)} {value:.0f}")
        self.out(" · ".join(parts))

    def show_event(self, game: Game) -> list[str]:
        """Print the pending event card; returns the ids of the legal options, in order."""
        c = game.scenario
        n = Narrator(c, self.t, game.humans)
        p = game.pending
        assert p is not None
        ev = c.model.events[[e.id for e in c.events].index(p.event)]
        self.out("")
        self.out(f"--- {n.text(ev.title, game)} ---")
        self.out(n.text(ev.text, game))
        legal = []
        for opt, view in zip(ev.options, p.options, strict=False):
            if not view.legal:
                continue
            legal.append(opt.id)
            kind = self.t(KIND_LABELS[opt.kind])
            self.out(f"  {len(legal)}. [{kind}] {n.text(opt.text, game)}")
            for adv in opt.advisors:
                self.out("       " + n.advisor_line(adv, game))
        return legal

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

    def help(self) -> None:
        self.out(self.t("Type the number of an option to choose it; l shows the log; s shows "
                        "the state; d shows the documents; g shows the glossary; q saves and "
                        "quits (brink play --text --resume continues)."))
        self.out(self.t(ADVISORS_NOTE))

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
            self.out(self.t("{n} more document(s) will be unlocked as the crisis advances.",
                            n=locked))

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
        for r in game.history:
            for line in n.describe(r):
                self.out(line)
        while not game.is_over():
            self.status(game)
            legal = self.show_event(game)
            while True:
                answer = self.ask(self.t("Your choice (1-{n}, h for help): ", n=len(legal)))
                low = answer.lower()
                if low in ("q", "quit"):
                    raise Quit
                if low in ("h", "?", "help"):
                    self.help()
                elif low in ("l", "log"):
                    for r in game.history:
                        for line in n.describe(r):
                            self.out(line)
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
            for r in records:
                for line in n.describe(r):
                    self.out(line)
            warning = session.save_warning()
            if warning:
                self.out(self.t("Your game cannot be saved in {folder} ({reason}). You can play "
                                "on, but it will not be kept.", folder=session.save_folder,
                                reason=self.t(warning)))
        self.debrief(game)

    def debrief(self, game: Game) -> None:
        c = game.scenario
        n = Narrator(c, self.t, game.humans)
        outcome = game.outcome()
        assert outcome is not None
        title, text = n.ending(outcome.ending, game)
        self.out("")
        self.out("=== " + self.t("{name}: {value}", name=self.t("Debrief"), value=title) + " ===")
        self.out(text)
        self.out(self.t("Scores: {scores}", scores=", ".join(
            f"{n.side_name(s)} {v:+.1f}" for s, v in outcome.scores.items())))
        self.out("")
        self.out(self.t("Tension over the game:"))
        for k, value in enumerate(game.tension_path):
            label = self.t("start") if k == 0 else self.t.date(c.dates[k - 1])
            self.out(f"  {label:<20} {value:5.0f} {'#' * round(value / 5)}")
        self.out("")
        stats = self.replayed(game)
        self.out(self.t("Your strategy, replayed {n} times with other dice:",
                        n=self.t.integer(REPLAYS)))
        for ending, share in sorted(stats["endings"].items(), key=lambda kv: -kv[1]):
            self.out("  " + self.t("{name}: {value}", name=n.ending(ending)[0],
                                   value=self.t.percent(share)))
        self.out(self.t("Nuclear war in {p} of them.", p=self.t.percent(stats["war_rate"])))
        hist = [e for e in c.model.endings if e.historical]
        if hist or c.model.debrief is not None:
            self.out("")
            self.out(self.t("What really happened:"))
            if hist:
                self.out(f"  {n.text(hist[0].title)}")
            if c.model.debrief is not None:
                self.out(n.text(c.model.debrief.text, game))
                if c.model.debrief.sources:
                    self.out(self.t("Sources:"))
                    for s in c.model.debrief.sources:
                        bits = [x for x in (s.author, s.title, str(s.year) if s.year else None,
                                            s.url) if x]
                        self.out("  - " + ", ".join(bits))
        if c.model.documents:
            self.out("")
            self.out(self.t("Documents of the crisis (d during a game shows them whole):"))
            for d in c.model.documents:
                self.out("  - " + self.t("{date}, {author}: {title}", date=self.t.date(d.date),
                                         author=n.text(d.author), title=n.text(d.title)))
        if c.model.discussion:
            self.out("")
            self.out(self.t("Questions for discussion:"))
            for k, q in enumerate(c.model.discussion, 1):
                self.out(f"  {k}. {n.text(q, game)}")

    def replayed(self, game: Game) -> dict:
        """Endings when the player's choices are replayed as a policy with other seeds."""
        c = game.scenario
        policy = scripted(c, dict(game.choices), name="player")
        r = simulate(c, REPLAYS, game.seed, {s: policy for s in game.humans})
        return summarize(r)


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
            out(t("Game saved. Continue it with: brink play --text --resume"))
        elif session is not None and session.unsaved is not None:
            out(t("The game could not be saved in {folder} ({reason}).",
                  folder=session.save_folder, reason=t(session.unsaved)))
        else:
            out(t("No decision was taken, so there is nothing to save."))
        return 0
    except NoScenario:
        out(t("No scenario could be loaded. Give a scenario file: brink play --text FILE"))
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
