"""Typed models of scenario format v1 (pydantic). Descriptions here are the field reference."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

FORMAT_VERSION = 1
LANGUAGE_CODES = ("en", "fr", "de", "es", "it", "ru", "pt", "nl", "pl")


def _text(value: Any) -> Any:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("the text is empty")
        return value
    if isinstance(value, dict) and value:
        for lang, item in value.items():
            if not (isinstance(lang, str) and len(lang) == 2 and lang.isalpha()
                    and lang.islower()):
                raise ValueError(f"'{lang}' is not a two-letter language code such as en or fr")
            if not isinstance(item, str) or not item.strip():
                raise ValueError(f"the '{lang}' text must be non-empty text")
        return value
    raise ValueError("text must be a string, or a mapping of languages like {en: ..., fr: ...}")


def _number_or_expr(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("must be a number or an expression, not true/false")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and value.strip():
        return value
    raise ValueError("must be a number or an expression in quotes, such as \"tension / 200\"")


def _condition(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.strip():
        return value
    raise ValueError("must be a condition, such as \"tension >= 60 and quarantine\"")


def _start(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("must be a number")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dict) and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                       for v in value.values()):
        return {str(k): float(v) for k, v in value.items()}
    raise ValueError("must be a number, or one number per side such as {us: 60, ussr: 40}")


Text = Annotated[str | dict[str, str], BeforeValidator(_text)]
NumberOrExpr = Annotated[float | str, BeforeValidator(_number_or_expr)]
Condition = Annotated[str, BeforeValidator(_condition)]
Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=48)]
Kind = Literal["escalate", "negotiate", "hold", "concede"]
TurnRef = int | dt.date


class Model(BaseModel):
    """Base: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(Model):
    """When the scenario takes place."""

    start: dt.date = Field(description="Date of the first turn (YYYY-MM-DD).")
    end: dt.date = Field(description="Date after which no turn is played (YYYY-MM-DD).")


class Turns(Model):
    """What one turn is, and so the date of each turn."""

    unit: Literal["day", "week", "month", "phase"] = Field(
        description="day, week or month: turns step from the period's start to its end; "
                    "phase: turns fall on the listed dates.")
    every: int = Field(1, ge=1, le=31, description="Step between turns, in units (day, week, "
                                                   "month).")
    dates: list[dt.date] | None = Field(None, description="For unit: phase, the date of each "
                                                          "turn, in order.")
    labels: list[Text] | None = Field(None, description="Optional name of each turn (for "
                                                        "phases), shown on the turn strip.")


class Temperament(Model):
    """How this side's AI chooses: see the authoring guide's 'The opponent'."""

    aggression: float = Field(0.3, ge=-3, le=3, description="Leaning to escalate when "
                                                              "nothing provokes it.")
    reciprocity: float = Field(1.0, ge=0, le=3, description="How strongly it answers "
                                                            "escalation with escalation.")
    fear: float = Field(1.5, ge=0, le=5, description="How much caution grows with tension "
                                                     "(multiplies tension/100).")
    randomness: float = Field(0.5, gt=0, le=5, description="How unpredictable its choices are.")


class Side(Model):
    """A party to the crisis."""

    id: Id = Field(description="Short name used elsewhere in the file (us, ussr, cuba).")
    name: Text = Field(description="Name shown to players.")
    leader: Text | None = Field(None, description="Who decides for this side.")
    playable: bool = Field(False, description="Whether a player may lead this side.")
    briefing: Text | None = Field(None, description="What a player leading this side reads "
                                                    "before the first turn.")
    temperament: Temperament = Field(default_factory=Temperament,
                                     description="How the AI plays this side.")


class Actor(Model):
    """A named person who can advise on options."""

    id: Id
    name: Text = Field(description="The person's name (text, or {en: ..., fr: ...} where the "
                                   "spelling differs, as Khrushchev / Khrouchtchev).")
    role: Text | None = Field(None, description="Their post at the time.")
    side: Id | None = Field(None, description="The side they belong to.")


class Meter(Model):
    """A quantity the scenario tracks, such as prestige or refugees."""

    id: Id
    name: Text
    description: Text | None = None
    min: float = Field(0.0, description="Lowest value; changes are clamped to the range.")
    max: float = Field(100.0, description="Highest value.")
    start: Annotated[float | dict[str, float], BeforeValidator(_start)] = Field(
        description="Starting value; for a per-side meter, a number for all or {side: value}.")
    sides: list[Id] | None = Field(None, description="If given, each of these sides has its "
                                                     "own copy, written side.id (us.prestige).")


class Flag(Model):
    """A true/false fact of the story, such as 'quarantine'."""

    id: Id
    name: Text | None = None
    start: bool = False


class Tension(Model):
    """Parameters of the tension model (see the authoring guide)."""

    start: float = Field(30.0, ge=0, lt=100, description="World tension at the start, 0-100.")
    relax: float = Field(3.0, ge=0, le=50, description="Drop in tension at the end of a turn in "
                                                       "which nobody escalated.")
    incident_chance: float = Field(0.25, ge=0, le=1, description="Chance of an incident in a "
                                                                 "turn when tension is 100.")
    incident_exponent: float = Field(2.0, ge=0.5, le=6, description="How sharply the chance of "
                                     "an incident grows with tension.")
    climbdown: float = Field(1.0, ge=0, le=5, description="How much more backing down costs at "
                                                          "high tension.")


Effects = dict[str, NumberOrExpr]


class Outcome(Model):
    """A chance result of an option or incident."""

    chance: NumberOrExpr = Field(description="Probability 0-1, a number or an expression.")
    text: Text = Field(description="What happened, shown in the log.")
    effects: Effects = Field(default_factory=dict)
    set: list[Id] = Field(default_factory=list)
    clear: list[Id] = Field(default_factory=list)


class Advisor(Model):
    """What an actor said about an option."""

    actor: Id
    says: Text
    stance: Literal["hawk", "dove", "neutral"] = "neutral"


class Option(Model):
    """One choice in an event."""

    id: Id
    kind: Kind = Field(description="escalate, negotiate, hold or concede.")
    text: Text = Field(description="The choice as the player reads it.")
    result: Text | None = Field(None, description="What happens, shown after choosing.")
    requires: Condition | None = Field(None, description="Condition for the option to be "
                                                         "offered.")
    effects: Effects = Field(default_factory=dict, description="Changes: tension, meters.")
    set: list[Id] = Field(default_factory=list, description="Flags made true.")
    clear: list[Id] = Field(default_factory=list, description="Flags made false.")
    outcomes: list[Outcome] = Field(default_factory=list, max_length=8)
    historical: bool = Field(False, description="What really happened.")
    advisors: list[Advisor] = Field(default_factory=list, max_length=8)
    ai_bias: float = Field(0.0, ge=-5, le=5, description="Added to the AI's liking for it.")


class Event(Model):
    """A decision one side must take."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: Id
    side: Id = Field(description="The side that decides.")
    title: Text
    text: Text
    from_: TurnRef | None = Field(None, alias="from", description="First turn (number from 1) "
                                  "or date it can happen.")
    to: TurnRef | None = Field(None, description="Last turn or date it can happen.")
    when: Condition | None = Field(None, description="Condition for it to happen.")
    once: bool = Field(True, description="Whether it happens at most once.")
    options: list[Option] = Field(min_length=1, max_length=9)


class Incident(Model):
    """An accident that may happen at the end of a turn; likelier as tension rises."""

    id: Id
    title: Text
    text: Text
    when: Condition | None = None
    weight: float = Field(1.0, gt=0, le=1000, description="Relative likelihood among incidents.")
    once: bool = True
    effects: Effects = Field(default_factory=dict)
    set: list[Id] = Field(default_factory=list)
    clear: list[Id] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list, max_length=8)


class Ending(Model):
    """A way the crisis ends."""

    id: Id
    title: Text
    text: Text
    when: Condition | None = Field(None, description="Condition that ends the game.")
    at_end: bool = Field(False, description="Only checked when the last turn is over.")
    score: dict[Id, NumberOrExpr] = Field(default_factory=dict, description="Score per side.")
    historical: bool = Field(False, description="What really happened.")


class View(Model):
    """The map's window in degrees."""

    west: float = Field(ge=-180, le=180)
    south: float = Field(ge=-90, le=90)
    east: float = Field(ge=-180, le=180)
    north: float = Field(ge=-90, le=90)


class Place(Model):
    """A named point on the map."""

    id: Id
    name: Text
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Layer(Model):
    """Something drawn on the map while its condition holds."""

    id: Id
    kind: Literal["marker", "line", "circle", "area"]
    places: list[Id] = Field(min_length=1, max_length=64)
    label: Text | None = None
    icon: Literal["missile", "ship", "tank", "plane", "troops", "star", "flag", "wall",
                  "submarine", "dot"] = "dot"
    side: Id | None = None
    radius_km: float | None = Field(None, gt=0, le=20000)
    radius_miles: float | None = Field(None, gt=0, le=12500)
    when: Condition | None = None


class Map(Model):
    """The scenario's map."""

    view: View
    places: list[Place] = Field(default_factory=list)
    layers: list[Layer] = Field(default_factory=list)


class SourceRef(Model):
    """A source for the debrief."""

    title: str
    author: str | None = None
    year: int | None = None
    url: str | None = None


class Debrief(Model):
    """What really happened."""

    text: Text
    sources: list[SourceRef] = Field(default_factory=list)


def _format(v: int) -> int:
    if v != FORMAT_VERSION:
        raise ValueError(f"this game reads format {FORMAT_VERSION}, not {v}")
    return v


class Scenario(Model):
    """A whole scenario file."""

    format: Annotated[int, AfterValidator(_format)] = Field(description="Format version: 1.")
    id: Id
    title: Text
    summary: Text
    languages: list[Literal[LANGUAGE_CODES]] = Field(["en"], min_length=1)  # type: ignore[valid-type]
    period: Period
    turns: Turns
    sides: list[Side] = Field(min_length=2, max_length=8)
    actors: list[Actor] = Field(default_factory=list, max_length=200)
    meters: list[Meter] = Field(default_factory=list, max_length=40)
    flags: list[Flag] = Field(default_factory=list, max_length=200)
    tension: Tension = Field(default_factory=Tension)
    events: list[Event] = Field(min_length=1, max_length=300)
    incidents: list[Incident] = Field(default_factory=list, max_length=100)
    endings: list[Ending] = Field(min_length=1, max_length=40)
    map: Map | None = None
    debrief: Debrief | None = None
    notes: str | None = Field(None, description="Notes for teachers (calibration, sources).")
