"""Plain-language descriptions of the engine's records and state, for the log and text mode."""

from __future__ import annotations

from typing import Any

from game.engine.records import Record
from game.i18n import N_, Translator
from game.scenario.expr import defcon_of
from game.scenario.model import Outcome as OutcomeModel
from game.scenario.tables import TIME_OUT, WAR, Compiled
from game.scenario.text import localize

KIND_LABELS = {"escalate": N_("Escalate"), "hold": N_("Hold firm"),
               "negotiate": N_("Negotiate"), "concede": N_("Concede")}


class Narrator:
    """Turns records into sentences in one language."""

    def __init__(self, c: Compiled, t: Translator) -> None:
        self.c = c
        self.t = t
        self.lang = t.lang

    def text(self, value: Any) -> str:
        """Localise scenario text."""
        return localize(value, self.lang)

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

    def ending(self, ending_id: str) -> tuple[str, str]:
        """Title and text of an ending (built-in ones included)."""
        c = self.c
        end = c.endings[c.ending_index(ending_id)]
        if end.model_index >= 0:
            m = c.model.endings[end.model_index]
            return self.text(m.title), self.text(m.text)
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
            g = c.option_index(r.event or "", r.option or "")
            opt = c.model.events[c.options[g].event].options[c.options[g].local]
            who = self.side_name(r.side or "")
            lines.append(t("{side} chose: {option}", side=who, option=self.text(opt.text)))
            if opt.result is not None:
                lines.append(self.text(opt.result))
        elif r.kind == "outcome":
            out = self._outcome_model(r)
            lines.append(t("Chance ({p}): {text}", p=t.percent(r.chance or 0.0),
                           text=self.text(out.text)))
        elif r.kind == "incident":
            inc = c.model.incidents[[i.id for i in c.incidents].index(r.incident or "")]
            lines.append(t("Incident: {title}. {text}", title=self.text(inc.title),
                           text=self.text(inc.text)))
        elif r.kind == "relax":
            lines.append(t("A quiet turn: nobody escalated, and tension eased."))
        elif r.kind == "ending":
            title, _ = self.ending(r.ending or "")
            lines.append(t("The crisis is over: {title}.", title=title))
        if r.changes and r.kind != "ending":
            lines.append("  " + self.changes(r.changes))
        # Flags are the story's bookkeeping: what they mean is told by the texts themselves.
        return lines

    def advisor_line(self, actor_id: str, stance: str, says: object) -> str:
        """'Curtis LeMay (hawk): “Bomb them.”' in the language's punctuation."""
        actor = next(a for a in self.c.model.actors if a.id == actor_id)
        label = {"hawk": self.t("hawk"), "dove": self.t("dove")}.get(stance)
        who = self.text(actor.name) + (f" ({label})" if label else "")
        return self.t("{who}: “{said}”", who=who, said=self.text(says))

    def flag_name(self, flag: str) -> str:
        """A flag's name (its id if it has none)."""
        f = self.c.model.flags[self.c.flags.index(flag)]
        return self.text(f.name) if f.name is not None else flag.replace("_", " ")
