"""Problems found in a scenario file: values with a place, graded error or warning.

A problem's message is a `Msg`: an English template with named fields, translated and filled
when it is shown (`Problem.render(t)`), so that `brink validate --lang fr` speaks French. The
templates are the message ids of the game's .po files (`game/i18n.py` collects them).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from game.files import printable

if TYPE_CHECKING:
    from game.i18n import Translator

Severity = Literal["error", "warning"]
#: Names listed in a message at most (the meters, the flags...); more are not listed.
MAX_LISTED = 12
#: The most characters of one field of a message (a name, a list of names, a value).
MAX_FIELD = 200


def _number(value: float, lang: str) -> str:
    """A number as a message shows it: whole numbers plain (in French with thousands grouped
    from 10 000), others to three significant digits, with the language's decimal mark."""
    if float(value).is_integer() and abs(value) < 1e15:
        n = int(value)
        if lang == "fr" and abs(n) >= 10_000:
            return f"{n:,}".replace(",", "\u202f")
        return str(n)
    text = f"{value:.3g}"
    return text.replace(".", ",") if lang == "fr" else text


class Msg:
    """A message to show a teacher: an English template with {fields}, rendered in a language.

    Field values may be text, numbers (written in the language's format) or other Msg
    (rendered in the same language). `Msg("unknown flag '{flag}'", flag="airlfit")`.
    """

    __slots__ = ("fields", "text")

    def __init__(self, text: str, /, **fields: Any) -> None:
        self.text = text
        self.fields = fields

    def render(self, t: Translator | None = None) -> str:
        """The message in `t`'s language (English without a translator)."""
        lang = t.lang if t is not None else "en"
        template = t(self.text) if t is not None else self.text
        if not self.fields:
            return template
        values = {k: _render(v, t, lang) for k, v in self.fields.items()}
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):  # a broken translation: fall back
            return self.text.format(**values)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Msg({self.render()!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __add__(self, other: Msg | str) -> Msg:
        """Two messages one after the other."""
        return Msg("{a}{b}", a=self, b=other)


def _render(value: Any, t: Translator | None, lang: str) -> str:
    if isinstance(value, Msg) or hasattr(value, "render"):
        return str(value.render(t))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _number(value, lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(_render(v, t, lang) for v in value)
    return shorten(str(value), MAX_FIELD)


class Code:
    """Words to type as they are, quoted the language's way: 'and' / « and »."""

    __slots__ = ("words",)

    def __init__(self, *words: str) -> None:
        self.words = words

    def render(self, t: Translator | None = None) -> str:
        french = t is not None and t.lang == "fr"
        return ", ".join(f"\u00ab\u202f{w}\u202f\u00bb" if french else f"'{w}'"
                         for w in self.words)

    def __str__(self) -> str:
        return self.render()


def either(names: Iterable[str]) -> Msg | str:
    """'a', 'a or b', 'a, b or c' (the 'or' in the message's language)."""
    names = list(names)
    if len(names) < 2:
        return names[0] if names else ""
    return Msg("{first} or {last}", first=", ".join(names[:-1]), last=names[-1])


def listing(names: Iterable[str]) -> str:
    """Names in a message: 'a, b, c' (or the first MAX_LISTED and '...')."""
    names = list(names)
    shown = ", ".join(names[:MAX_LISTED])
    return shown + ", ..." if len(names) > MAX_LISTED else shown


#: One line of the file shown under a message: (line number, text).
Excerpt = tuple[tuple[int, str], ...]

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


def _bounded_words(message: str) -> str:
    """A message whose long words (a value without spaces) are cut, and which is cut to
    MAX_MESSAGE characters; quotes are left alone (a message's prose has apostrophes)."""
    return shorten(_LONG_WORD.sub(lambda m: shorten(m.group()), message), MAX_MESSAGE)


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
    than a few dozen characters of a value (the file decides how long its values are).

    `message` may be given as a Msg; it is then kept (as `msg`) to be translated, and
    `message` holds its English text. `excerpt` holds lines of the file to show under it.
    """

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    msg: Msg | None = field(default=None, compare=False, repr=False)
    excerpt: Excerpt = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        raw: Any = self.message
        object.__setattr__(self, "path", printable(self.path))
        if isinstance(raw, Msg):  # its fields are bounded (MAX_FIELD), its words too:
            object.__setattr__(self, "msg", raw)
            object.__setattr__(self, "message", _bounded_words(raw.render()))
        else:
            object.__setattr__(self, "message", _bounded_message(raw))
        # A tab is shown as an arrow (the messages about tabs point at it).
        object.__setattr__(self, "excerpt", tuple(
            (n, shorten(printable(line.replace("\t", "\u2192")), 160))
            for n, line in self.excerpt))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        """True for an error, False for a warning."""
        return self.severity == "error"

    def as_error(self) -> Problem:
        """The same problem graded as an error (for --strict)."""
        return Problem(self.path, self.line, self.col, "error", self.msg or self.message,
                       excerpt=self.excerpt)

    def text(self, t: Translator | None = None) -> str:
        """The message alone, in `t`'s language."""
        if t is None or self.msg is None:
            return self.message
        return _bounded_words(self.msg.render(t))

    def render(self, t: Translator | None = None, *, excerpt: bool = True) -> str:
        """'file:line:col: error: message' in `t`'s language, with the lines of the file it
        shows under it."""
        if t is None:
            head = str(self)
        else:
            word = t("error") if self.is_error else t("warning")
            head = f"{self.path}:{self.line}:{self.col}: {word}: {self.text(t)}"
        if not excerpt or not self.excerpt:
            return head
        width = len(str(max(n for n, _ in self.excerpt)))
        return "\n".join([head, *(f"  {n:>{width}} | {line}" for n, line in self.excerpt)])


class MsgError(ValueError):
    """A ValueError whose message is a Msg (raised by the models' validators)."""

    def __init__(self, message: Msg) -> None:
        super().__init__(str(message))
        self.msg = message


def kind(p: Problem) -> tuple[str, str]:
    """What problems "like this one" share: severity and message, but for the place named
    at its start, quoted names and numbers."""
    return p.severity, _VARYING.sub("_", p.message)


def problem_lines(problems: Iterable[Problem], render: Callable[[Problem], str] = str,
                  same: int = MAX_SAME, total: int = MAX_PROBLEMS,
                  t: Translator | None = None) -> list[str]:
    """The lines that show `problems` (in order, each as `render` writes it): at most `same`
    of each kind, the last one saying how many more there are, and at most `total` lines of
    problems in all (those two sentences in `t`'s language)."""
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
            lines.append(Msg("... and {n} more problems not listed",
                             n=_Count(len(problems) - told)).render(t))
            break
        more = counts[k] - same if shown[k] == same else 0
        told += 1 + max(more, 0)
        text = render(p)
        if more > 0:
            head, *rest = text.split("\n")
            text = "\n".join([head + Msg(" (and {n} more like this)",
                                          n=_Count(more)).render(t), *rest])
        lines.append(text)
    return lines


class _Count:
    """A count in a message, with thousands grouped the language's way."""

    def __init__(self, n: int) -> None:
        self.n = n

    def render(self, t: Translator | None = None) -> str:
        return t.integer(self.n) if t is not None else f"{self.n:,}"


class ScenarioError(ValueError):
    """A scenario file could not be loaded; carries every problem found (its text lists
    them, bounded as `problem_lines` does)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(problem_lines(self.problems, lambda p: p.render())))

    def render(self, t: Translator | None = None) -> str:
        """Every problem (bounded as `problem_lines` does), in `t`'s language."""
        return "\n".join(problem_lines(self.problems, lambda p: p.render(t), t=t))

    def brief(self, t: Translator | None = None) -> str:
        """One line for a notice: the first problem, and how many more there are."""
        if not self.problems:
            return Msg("the scenario could not be loaded").render(t)
        more = len(self.problems) - 1
        first = self.problems[0].render(t, excerpt=False)
        return first + (Msg(" (and {n} more problems)", n=_Count(more)).render(t) if more
                        else "")


def did_you_mean(name: str, known: Iterable[str]) -> Msg | str:
    """A ' (did you mean 'x'?)' suffix when a known name is close to `name`, else ''."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return Msg(" (did you mean '{name}'?)", name=close[0]) if close else ""
