"""Problems found in a scenario file: values with a place, graded error or warning."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from game.files import printable

Severity = Literal["error", "warning"]

#: The most characters of a value a message quotes, and the longest message.
QUOTE = 40
MAX_MESSAGE = 600
#: The most problems shown of one kind (the same message but for names and numbers), and
#: the most shown in all; the rest are counted ("and 19,990 more like this").
MAX_SAME = 10
MAX_PROBLEMS = 100

_LONG_QUOTE = re.compile(r"'([^'\n]{" + str(QUOTE + 20) + r",})'")
_LONG_WORD = re.compile(r"[^\s.]{" + str(QUOTE + 20) + r",}")
_VARYING = re.compile(r"'[^']*'|\d+|^[\w.\-]+: ")


def shorten(text: str, limit: int = QUOTE) -> str:
    """`text` cut to `limit` characters, with … when cut."""
    return text if len(text) <= limit else text[:limit] + "…"


def quote(value: Any, limit: int = QUOTE) -> str:
    """A value as a message quotes it: repr-like, at most `limit` characters of it."""
    if isinstance(value, str):
        return repr(shorten(value, limit))
    return shorten(repr(value), limit)


def _bounded_message(message: str) -> str:
    """A message whose quoted values and long words are cut to a few dozen characters."""
    if len(message) <= QUOTE + 20:
        return message
    message = _LONG_QUOTE.sub(lambda m: f"'{shorten(m.group(1))}'", message)
    message = _LONG_WORD.sub(lambda m: shorten(m.group()), message)
    return shorten(message, MAX_MESSAGE)


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a file, at a 1-based line and column. Its message never quotes more
    than a few dozen characters of a value (the file decides how long its values are)."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", printable(self.path))
        object.__setattr__(self, "message", _bounded_message(self.message))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        """True for an error, False for a warning."""
        return self.severity == "error"


def kind(p: Problem) -> tuple[str, str]:
    """What problems "like this one" share: severity and message, but for the place named
    at its start, quoted names and numbers."""
    return p.severity, _VARYING.sub("_", p.message)


def problem_lines(problems: Iterable[Problem], render: Callable[[Problem], str] = str,
                  same: int = MAX_SAME, total: int = MAX_PROBLEMS) -> list[str]:
    """The lines that show `problems` (in order, each as `render` writes it): at most `same`
    of each kind, the last one saying how many more there are, and at most `total` lines of
    problems in all."""
    problems = list(problems)
    counts = Counter(kind(p) for p in problems)
    shown: Counter[tuple[str, str]] = Counter()
    lines: list[str] = []
    told = 0  # problems listed, or counted in an "and N more like this"
    for p in problems:
        k = kind(p)
        shown[k] += 1
        if shown[k] > same:
            continue
        if len(lines) == total:
            lines.append(f"... and {len(problems) - told:,} more problems not listed")
            break
        more = counts[k] - same if shown[k] == same else 0
        told += 1 + max(more, 0)
        lines.append(f"{render(p)} (and {more:,} more like this)" if more > 0 else render(p))
    return lines


class ScenarioError(ValueError):
    """A scenario file could not be loaded; carries every problem found (its text lists
    them, bounded as `problem_lines` does)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(problem_lines(self.problems)))

    def brief(self) -> str:
        """One line for a notice: the first problem, and how many more there are."""
        if not self.problems:
            return "the scenario could not be loaded"
        more = len(self.problems) - 1
        return str(self.problems[0]) + (f" (and {more:,} more problems)" if more else "")


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix when a known name is close to `name`, else ''."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
