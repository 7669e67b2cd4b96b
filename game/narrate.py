"""Plain-language descriptions of the engine's records and state, for the log and text mode."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import numpy as np

from game.engine.game import Game
from game.engine.records import Record, Snapshot
from game.i18n import N_, Translator
from game.scenario.expr import Env, Expr, defcon_of
from game.scenario.model import Advisor
from game.scenario.model import Option as OptionModel
from game.scenario.model import Outcome as OutcomeModel
from game.scenario.tables import TIME_OUT, WAR, Compiled
from game.scenario.text import Holds, localize

KIND_LABELS = {"escalate": N_("Escalate"), "hold": N_("Hold firm"),
               "negotiate": N_("Negotiate"), "concede": N_("Concede")}


#: The note on a quotation or a document shown in another language than its own.
TRANSLATED_FROM = {"en": N_("(translated from English)"), "fr": N_("(translated from French)"),
                   "de": N_("(translated from German)"), "es": N_("(translated from Spanish)"),
                   "ru": N_("(translated from Russian)"), "it": N_("(translated from Italian)"),
                   "pl": N_("(translated from Polish)"), "cs": N_("(translated from Czech)")}
State = Snapshot | Game | None


def holds_in(c: Compiled, state: State) -> Holds | None:
    """Whether text variants' conditions hold in `state` (a record's snapshot or a game now)."""
    if state is None:
        return None
    env = snapshot_env(state.snapshot() if isinstance(state, Game) else state)

    def holds(when: str) -> bool:
        return bool(np.broadcast_to(c.text_conditions[when](env), (1,))[0])

    return holds


class Narrator:
    """Turns records into sentences in one language, for the players of `viewers`.

    Decisions of the other sides are told with their option's `report:` text when it has one.
    """

    def __init__(self, c: Compiled, t: Translator, viewers: Iterable[str] = ()) -> None:
        self.c = c
        self.t = t
        self.lang = t.lang
        self.viewers = tuple(viewers)

    def text(self, value: Any, state: State = None) -> str:
        """Localise scenario text; variants are chosen by `state` (the fallback without)."""
        return localize(value, self.lang, holds_in(self.c, state))

    def side_name(self, side: str) -> str:
        """A side's name."""
        return self.text(self.c.model.sides[self.c.side_index(side)].name)

    def meter_name(self, column: str) -> str:
        """A meter's name, with its side for per-side meters ('Prestige (United States)')."""
        if column == "tension":
            return self.t("tension")
        i = self.c.meters.index(column)
        name = self.text(self.c.model.meters[self.c.meter_model[i]].name)
        owner = self.c.meter_owner[i]
        return f"{name} ({self.side_name(self.c.sides[owner])})" if owner >= 0 else name

    def changes(self, changes: dict[str, float]) -> str:
        """'tension +10, Prestige (United States) −5', in the language's number format."""
        return ", ".join(f"{self.meter_name(k)} {self.t.signed(v, 0 if abs(v) >= 0.5 else 1)}"
                         for k, v in changes.items())

    def tension_line(self, tension: float) -> str:
        """'Tension 45/100, DEFCON 3'."""
        return self.t("Tension {t}/100, DEFCON {d}", t=round(tension), d=defcon_of(tension))

    def option_model(self, event: str, option: str) -> OptionModel:
        """The scenario's option `option` of event `event`."""
        c = self.c
        g = c.option_index(event, option)
        return c.model.events[c.options[g].event].options[c.options[g].local]

    def ending(self, ending_id: str, state: State = None) -> tuple[str, str]:
        """Title and text of an ending (built-in ones included), chosen by the final state."""
        c = self.c
        end = c.endings[c.ending_index(ending_id)]
        if end.model_index >= 0:
            m = c.model.endings[end.model_index]
            return self.text(m.title, state), self.text(m.text, state)
        if ending_id == WAR:
            return (self.t("Nuclear war"),
                    self.t("Tension reached the breaking point. The missiles flew, and everyone "
                           "lost."))
        assert ending_id == TIME_OUT
        return self.t("Time ran out"), self.t("The crisis dragged on with nothing settled.")

    def _outcome_model(self, r: Record) -> OutcomeModel:
        c = self.c
        if r.incident is not None:
            item: Any = c.model.incidents[[i.id for i in c.incidents].index(r.incident)]
        else:
            g = c.option_index(r.event or "", r.option or "")
            item = c.model.events[c.options[g].event].options[c.options[g].local]
        for k in r.outcome:
            item = item.outcomes[k]
        return item

    def describe(self, r: Record) -> list[str]:
        """One or more plain lines describing a record."""
        c, t = self.c, self.t
        lines: list[str] = []
        if r.kind == "turn":
            day = c.dates[r.turn - 1]
            lines.append(t("Turn {n} of {total}, {date}. {tension}.", n=r.turn, total=c.n_turns,
                           date=t.date(day), tension=self.tension_line(r.tension)))
        elif r.kind == "decision":
            opt = self.option_model(r.event or "", r.option or "")
            if opt.report is not None and self.viewers and r.side not in self.viewers:
                lines.append(self.text(opt.report, r.state))
            else:
                who = self.side_name(r.side or "")
                lines.append(t("{side} chose: {option}", side=who,
                               option=self.text(opt.text, r.state)))
                if opt.result is not None:
                    lines.append(self.text(opt.result, r.state))
        elif r.kind == "outcome":
            out = self._outcome_model(r)
            lines.append(t("Chance ({p}): {text}", p=t.percent(r.chance or 0.0),
                           text=self.text(out.text, r.state)))
        elif r.kind == "incident":
            inc = c.model.incidents[[i.id for i in c.incidents].index(r.incident or "")]
            lines.append(t("Incident: {title}. {text}", title=self.text(inc.title, r.state),
                           text=self.text(inc.text, r.state)))
        elif r.kind == "relax":
            lines.append(t("A quiet turn: nobody escalated, and tension eased."))
        elif r.kind == "ending":
            title, _ = self.ending(r.ending or "")
            lines.append(t("The crisis is over: {title}.", title=title))
        if r.changes and r.kind != "ending":
            lines.append("  " + self.changes(r.changes))
        # Flags are the story's bookkeeping: what they mean is told by the texts themselves.
        return lines

    def advisor_line(self, adv: Advisor, state: State = None) -> str:
        """A quotation with its source ('Adlai Stevenson (dove): “…” — source'), or a
        reconstructed position ('Curtis LeMay (hawk) argued for …'), never in quotation marks."""
        actor = next(a for a in self.c.model.actors if a.id == adv.actor)
        label = {"hawk": self.t("hawk"), "dove": self.t("dove")}.get(adv.stance)
        who = self.text(actor.name) + (f" ({label})" if label else "")
        said = self.text(adv.says, state).strip()
        if adv.source is None:
            end = "" if said[-1:] in ".!?…" else "."
            return f"{who} {said}{end}"
        line = self.t("{who}: “{said}”", who=who, said=said)
        return f"{line} — {self.source_note(adv.source, adv.language)}"

    def source_note(self, source: Any, language: str | None) -> str:
        """A source, marked '(translated from Russian)' when shown in another language."""
        text = self.text(source)
        if language is not None and language != self.lang:
            text += " " + self.t(TRANSLATED_FROM[language])
        return text

    def unlocked_documents(self, game: Game) -> list[int]:
        """Indices of the documents a player of `game` may read now: one meant for their side,
        whose date the game has reached and whose condition held at the start of some turn (or
        holds now); all of them once the game is over."""
        c = self.c
        docs = c.model.documents
        if game.is_over():
            return list(range(len(docs)))
        states = [r.state for r in game.history if r.kind == "turn" and r.state is not None]
        states.append(game.snapshot())
        readers = set(self.viewers or game.humans)
        out = []
        for k, doc in enumerate(docs):
            if doc.sides is not None and not readers & set(doc.sides):
                continue
            for snap in states:
                if c.dates[min(snap.turn, c.n_turns) - 1] < doc.date:
                    continue
                when = c.document_when[k]
                if when is None or holds_expr(when, snap):
                    out.append(k)
                    break
        return out

    def glossary_terms_in(self, text: str) -> list[int]:
        """Indices of the glossary terms that appear in `text` (whole words, any case)."""
        found = []
        for k, item in enumerate(self.c.model.glossary):
            term = self.text(item.term)
            if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE):
                found.append(k)
        return found


def snapshot_env(snap: Snapshot) -> Env:
    """The expression environment of one game's snapshot."""
    return Env(np.array([snap.tension]), np.array([snap.meters], dtype=float).reshape(1, -1),
               np.array([snap.flags], dtype=bool).reshape(1, -1), snap.turn)


def holds_expr(expr: Expr, snap: Snapshot) -> bool:
    """Whether a compiled condition holds in a snapshot."""
    return bool(np.broadcast_to(expr(snapshot_env(snap)), (1,))[0])
