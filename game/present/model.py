"""What each screen shows, as plain data: strings, numbers, tuples and None.

Built once from a game and a translator by `game.present.build`; the window, text mode and
the browser only lay it out. Every text is already in the player's language and format, so
a view never translates or formats numbers itself. `as_dict` turns any of these into JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


def as_dict(view: Any) -> dict[str, Any]:
    """A view as a JSON-serialisable dict (tuples become lists)."""
    return asdict(view)


@dataclass(frozen=True)
class Briefing:
    """Before the first decision: the scenario, the side and what it knows."""

    scenario: str
    title: str
    period: str
    side: str
    side_name: str
    leader: str
    summary: str
    briefing: str
    stamp: str
    begin: str


@dataclass(frozen=True)
class Strip:
    """The turn strip: scenario, turn, date and the side led."""

    title: str
    turn: int
    turns: int
    date: str
    date_iso: str
    label: str
    side_name: str
    text: str


@dataclass(frozen=True)
class Gauge:
    """World tension and the DEFCON level, with what the level means."""

    tension: float
    defcon: int
    label: str
    defcon_label: str
    meaning: str


@dataclass(frozen=True)
class Meter:
    """One meter: its value in the language's format, its range and what it measures."""

    id: str
    name: str
    value: float
    value_text: str
    lo: float
    hi: float
    fraction: float
    side: str
    description: str


@dataclass(frozen=True)
class Advisor:
    """An advisor's line: a documented quotation (`quote`, with its source) or a position."""

    actor: str
    name: str
    stance: str
    text: str
    quote: bool
    source: str
    translated: bool


@dataclass(frozen=True)
class Option:
    """One option of the card, numbered from 1."""

    number: int
    id: str
    kind: str
    kind_label: str
    text: str
    advisors: tuple[Advisor, ...]


@dataclass(frozen=True)
class Card:
    """The decision waiting for the player."""

    event: str
    title: str
    text: str
    options: tuple[Option, ...]
    hint: str
    advisors_note: str


@dataclass(frozen=True)
class Place:
    """A named point of the map."""

    id: str
    name: str
    lat: float
    lon: float
    main: bool


@dataclass(frozen=True)
class Layer:
    """A map layer shown now, with its legend entry ('what') and its places."""

    id: str
    kind: str
    icon: str
    side: str
    label: str
    what: str
    places: tuple[str, ...]
    radius_km: float


@dataclass(frozen=True)
class LegendEntry:
    """One entry of the map's legend: what a kind of symbol means, drawn like `layer`."""

    layer: str
    kind: str
    icon: str
    side: str
    text: str


@dataclass(frozen=True)
class MapView:
    """The map: its view box (degrees), its places, the layers shown and the legend (one
    entry per kind of thing shown that can be named; unnamed lines and zones are left out)."""

    west: float
    south: float
    east: float
    north: float
    places: tuple[Place, ...]
    layers: tuple[Layer, ...]
    legend_title: str
    legend: tuple[LegendEntry, ...] = ()


@dataclass(frozen=True)
class LogLine:
    """A line of the log or the dispatch; `style` is turn, decision, detail, incident,
    ending or plain."""

    text: str
    style: str
    turn: int


@dataclass(frozen=True)
class Crisis:
    """The crisis screen."""

    strip: Strip
    gauge: Gauge
    meters: tuple[Meter, ...]
    card: Card | None
    map: MapView
    log: tuple[LogLine, ...]


@dataclass(frozen=True)
class Dispatch:
    """What happened after a decision."""

    title: str
    lines: tuple[LogLine, ...]
    over: bool
    alarm: bool


@dataclass(frozen=True)
class Score:
    """One side's score."""

    side: str
    name: str
    value: float
    text: str
    yours: bool


@dataclass(frozen=True)
class ChartPoint:
    """Tension at the start (index 0) or at the end of a turn."""

    index: int
    date: str
    axis: str
    tension: float


@dataclass(frozen=True)
class ChartMark:
    """One of the player's decisions on the chart."""

    index: int
    kind: str


@dataclass(frozen=True)
class Chart:
    """The tension chart: the game's path, the historical choices' mean path, the marks."""

    title: str
    points: tuple[ChartPoint, ...]
    historical: tuple[float | None, ...]
    marks: tuple[ChartMark, ...]
    turns: int
    legend: tuple[tuple[str, str], ...]
    axis_label: str


@dataclass(frozen=True)
class DecisionRow:
    """A decision the player took, set against what the real leader chose."""

    turn: int
    date: str
    event: str
    choice: str
    kind: str
    kind_label: str
    history: str
    as_history: bool
    followed: str


@dataclass(frozen=True)
class ReplayEnding:
    """One ending of the replays, with its share."""

    id: str
    title: str
    share: float
    share_text: str


@dataclass(frozen=True)
class Replay:
    """The player's strategy replayed with other dice."""

    runs: int
    heading: str
    endings: tuple[ReplayEnding, ...]
    war_share: float
    war_text: str


@dataclass(frozen=True)
class Document:
    """A primary source excerpt."""

    id: str
    date: str
    author: str
    title: str
    text: str
    source: str
    unlocked: bool


@dataclass(frozen=True)
class Term:
    """A glossary entry."""

    term: str
    text: str


@dataclass(frozen=True)
class Section:
    """A heading and its text."""

    heading: str
    text: str


@dataclass(frozen=True)
class Debrief:
    """The end of the game."""

    ending: str
    title: str
    text: str
    explanation: str
    war: bool
    scores: tuple[Score, ...]
    score_note: str
    chart: Chart
    decisions_heading: str
    decisions: tuple[DecisionRow, ...]
    replay: Replay | None
    history_heading: str
    history_title: str
    history_text: str
    sources: tuple[str, ...]
    documents: tuple[Document, ...]
    discussion: tuple[str, ...]


@dataclass(frozen=True)
class Help:
    """The help screen."""

    title: str
    sections: tuple[Section, ...]
