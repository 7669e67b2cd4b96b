"""YAML syntax errors in plain words: which line, indented how much compared with which line
above, and what to do, with the lines shown.

The parsers' own messages ("expected <block end>, but found '?'", "mapping values are not
allowed here") name tokens a teacher never wrote. Here each kind of error is recognised from
the parser's message and the lines of the file, and explained.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from game.scenario.problems import Excerpt, Msg

#: A line that holds a key: indentation, optional list dashes, the key, a colon.
_KEY = re.compile(r"^( *)((?:- +)*)([^\s#'\"{\[\]}&*!|>%@`-][^:#]*?|\"[^\"]*\"|'[^']*')"
                  r":(?: |$)")
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
_SHOWN = 90


@dataclass
class Explained:
    """A syntax error explained: where, the message, the lines to show, and the lines to
    blank before reading the file again to look for more errors."""

    line: int
    col: int
    msg: Msg
    excerpt: Excerpt
    blank: set[int] = field(default_factory=set)


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _content(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and not stripped.startswith("#")


class _Lines:
    """The file's lines, numbered from 1."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def __getitem__(self, n: int) -> str:
        return self.lines[n - 1] if 0 < n <= len(self.lines) else ""

    def above(self, n: int) -> int | None:
        """The nearest line above `n` with something on it (not blank, not a comment)."""
        for k in range(min(n, len(self.lines) + 1) - 1, 0, -1):
            if _content(self[k]):
                return k
        return None

    def shown(self, *numbers: int | None) -> Excerpt:
        """The given lines, in order, each once."""
        return tuple((n, self[n].rstrip()) for n in sorted({n for n in numbers if n}))

    def children(self, n: int) -> set[int]:
        """Line `n` and the lines after it that are indented more (what belongs to it)."""
        own = _indent(self[n])
        out = {n}
        for k in range(n + 1, len(self.lines) + 1):
            if _content(self[k]) and _indent(self[k]) <= own:
                break
            out.add(k)
        return out

    def levels(self, n: int) -> list[tuple[int, int, bool]]:
        """The indentations open above line `n`, nearest first: (spaces, line, is a '-')."""
        out: list[tuple[int, int, bool]] = []
        current = 10**9
        for k in range(n - 1, 0, -1):
            text = self[k]
            if not _content(text):
                continue
            m = _KEY.match(text)
            spaces = _indent(text)
            cols = [(spaces, k, text.lstrip().startswith("-"))]
            if m and m.group(2):  # '- key:': the key's own column is a level too
                cols.insert(0, (spaces + len(m.group(2)), k, False))
            for col, line, dash in cols:
                if col < current:
                    out.append((col, line, dash))
                    current = col
            if current == 0:
                break
        return out


def _key(text: str) -> str | None:
    m = _KEY.match(text)
    return m.group(3).strip() if m else None


def _quoted(text: str) -> str:
    """`text` in double quotes, as the teacher should write it (its middle cut when long)."""
    text = text.strip()
    if len(text) > _SHOWN:
        half = _SHOWN // 2 - 2
        text = text[:half] + " … " + text[-half:]
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _spaces(n: int) -> Msg:
    return Msg("1 space") if n == 1 else Msg("{n} spaces", n=n)


def _mark(exc: yaml.MarkedYAMLError) -> tuple[int, int]:
    mark = exc.problem_mark or exc.context_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _context_line(exc: yaml.MarkedYAMLError) -> int | None:
    return exc.context_mark.line + 1 if exc.context_mark else None


def explain(exc: yaml.MarkedYAMLError, lines: list[str]) -> Explained:
    """The error `exc` raised while reading the file of `lines`, in plain words."""
    f = _Lines(lines)
    problem = (exc.problem or "").lower()
    context = (exc.context or "").lower()
    line, col = _mark(exc)
    text = f[line]
    if "\t" in text[: max(col, _indent(text) + 1)] and ("tab" in problem or "token" in problem
                                                        or "indentation" in problem):
        return _tab(f, line)
    if "mapping values are not allowed" in problem:
        return _colon(f, line, col)
    if "block end" in problem or "expected key" in problem or "'-' indicator" in problem:
        return _indentation(f, line, col)
    if "expected ':'" in problem:
        return _no_colon(f, _context_line(exc) or line)
    if "flow" in context:
        return _flow(f, exc, line, col)
    if "quoted scalar" in context:
        return _quote(f, exc, line, col)
    if "block scalar" in context:
        return Explained(line, col, Msg("after '>' or '|' (with '-' or '+'), the text starts on "
                                        "the next line, indented more than its key: move what "
                                        "follows the sign to the next line"),
                         f.shown(line), {line})
    if "document" in problem:
        return Explained(line, col, Msg("a scenario file holds a single document, but a second "
                                        "one starts here (after '---' or '...', or after a "
                                        "line that is not a key): remove that line or join "
                                        "the two parts"), f.shown(line), {line})
    if "alias" in problem or "anchor" in problem:
        name = re.search(r"'([^']*)'", exc.problem or "")
        if "undefined alias" in problem and name:
            return Explained(line, col, Msg("'*{name}' refers to no '&{name}' above it: '*' "
                                            "repeats a value marked with '&' earlier in the "
                                            "file. If '*' is part of a text, put the text in "
                                            "double quotes", name=name.group(1)),
                             f.shown(line), {line})
        return Explained(line, col, Msg("'*' and '&' mark aliases and anchors in YAML, and this "
                                        "one does not fit: if it is part of a text, put the "
                                        "text in double quotes"), f.shown(line), {line})
    if "cannot start any token" in problem:
        char = text[col - 1] if 0 < col <= len(text) else "?"
        return Explained(line, col, Msg("a text cannot start with '{char}' in YAML: put the "
                                        "whole text in double quotes", char=char),
                         f.shown(line), {line})
    reason = f"{exc.context}, {exc.problem}" if exc.context else str(exc.problem)
    return Explained(line, col, Msg("YAML syntax: {reason}", reason=reason), f.shown(line),
                     {line})


def _tab(f: _Lines, line: int) -> Explained:
    above = f.above(line)
    hint: Msg | str = ""
    m = _KEY.match(f[above]) if above is not None else None
    column = (_indent(f[above]) + len(m.group(2))) if m else _indent(f[above]) if above else 0
    if above is not None and column:
        hint = Msg(" (the keys of line {above} start after {spaces})", above=above,
                   spaces=_spaces(column))
    return Explained(line, 1, Msg("line {line} is indented with a tab, and YAML allows only "
                                  "spaces: replace the tab with spaces{hint}", line=line,
                                  hint=hint),
                     f.shown(above, line), f.children(line))


def _colon(f: _Lines, line: int, col: int) -> Explained:
    text = f[line]
    m = _KEY.match(text)
    if m and m.end() - 1 < col - 1:
        # A colon after the key's own: 'text: Note: this'.
        key = m.group(3).strip()
        value = text[m.end():]
        return Explained(line, col, Msg("this text contains ': ' (a colon and a space), which "
                                        "YAML reads as the start of a key: put the whole text "
                                        "in double quotes, as in {fixed}",
                                        fixed=f"{key}: {_quoted(value)}"),
                         f.shown(line), {line})
    # The colon is the first on its line: the line continues the value of a line above.
    owner = None
    for k in range(line - 1, 0, -1):
        if _content(f[k]) and _indent(f[k]) < _indent(text):
            owner = k
            break
    before = text[:col - 1].strip().lstrip("- ").strip()
    n = _indent(text)
    if owner is not None and _key(f[owner]) and _PLAIN_KEY.match(before):
        owner_key = _key(f[owner]) or ""
        m_owner = _KEY.match(f[owner])
        spaces = _indent(f[owner]) + (len(m_owner.group(2)) if m_owner else 0)
        return Explained(line, col, Msg(
            "line {line} is indented more ({n}) than line {owner} above it ({m}), which already "
            "has a value after '{key}:'; so YAML reads '{new}:' as more of that value. If "
            "'{new}' is a key like '{key}', indent it by {m}, as line {owner}",
            line=line, n=_spaces(n), owner=owner, m=_spaces(spaces), key=owner_key, new=before),
            f.shown(owner, line), f.children(line))
    return Explained(line, col, Msg("line {line} continues a text and contains ': ' (a colon "
                                    "and a space), which YAML reads as the start of a key: put "
                                    "the whole text in double quotes, or write it after '>-' "
                                    "on the lines below its key", line=line),
                     f.shown(owner, line), {line})


def _indentation(f: _Lines, line: int, col: int) -> Explained:
    text = f[line]
    n = _indent(text)
    levels = f.levels(line)
    deeper = [lv for lv in levels if lv[0] > n]
    # Only the level just below it, if it is a key (not a list's '-'), is worth suggesting.
    shallower = [lv for lv in levels if lv[0] < n][:1]
    shallower = [lv for lv in shallower if not lv[2]]
    if deeper:
        near = min(deeper, key=lambda lv: lv[0])
        near = max((lv for lv in deeper if lv[0] == near[0]), key=lambda lv: lv[1])
        hint: Msg | str = ""
        if shallower:
            hint = Msg(", or by {m} to put it with line {other}", m=_spaces(shallower[0][0]),
                       other=shallower[0][1])
        msg = Msg("line {line} is indented by {n}, which lines it up with nothing above it: "
                  "line {near} is indented by {m}. Indent it by {m} to put it with line "
                  "{near}{hint}", line=line, n=_spaces(n), near=near[1], m=_spaces(near[0]),
                  hint=hint)
        return Explained(line, n + 1, msg, f.shown(near[1], line), f.children(line))
    above = f.above(line)
    m = _indent(f[above]) if above else 0
    msg = Msg("line {line} is indented by {n} and line {above} by {m}: YAML cannot tell where "
              "line {line} belongs. A key of the same mapping as line {above} needs the same "
              "indentation; a list item ('- ') needs the indentation of the other items",
              line=line, n=_spaces(n), above=above or 1, m=_spaces(m))
    return Explained(line, max(col, 1), msg, f.shown(above, line), f.children(line))


def _no_colon(f: _Lines, line: int) -> Explained:
    text = f[line]
    n = _indent(text)
    above = f.above(line)
    key = _key(f[above]) if above else None
    if above is not None and key and _indent(f[above]) == n:
        msg = Msg("line {line} has no ':', so it is not a key, but it stands where keys stand "
                  "(indented by {n}, like line {above}). If it continues the text of line "
                  "{above}, indent it more than '{key}:' or put the whole text in double "
                  "quotes; if it is a key, add ':' after its name", line=line, n=_spaces(n),
                  above=above, key=key)
    else:
        msg = Msg("line {line} has no ':' after a name, so YAML cannot read it as a key: add "
                  "the ':' (and a space before the value), or if it continues a text, put the "
                  "whole text in double quotes", line=line)
    return Explained(line, n + 1, msg, f.shown(above, line), {line})


def _flow(f: _Lines, exc: yaml.MarkedYAMLError, line: int, col: int) -> Explained:
    start = _context_line(exc) or line
    opening = exc.context_mark.column if exc.context_mark else 0
    bracket = f[start][opening] if opening < len(f[start]) else "{"
    close = "]" if bracket == "[" else "}"
    if line != start:
        return Explained(start, opening + 1, Msg(
            "the '{open}' on line {line} is not closed on its line: end it with '{close}' (a "
            "text inside {open} {close} that contains ',', ':' or '#' must be in double quotes)",
            open=bracket, close=close, line=start), f.shown(start), {start})
    text = f[line]
    # The text around the mistake: from the ',' or '{' before it to the ',' or '}' after it.
    left = max(text.rfind(",", 0, col - 1), text.rfind("{", 0, col - 1),
               text.rfind("[", 0, col - 1)) + 1
    right_end = [i for i in (text.find(",", col), text.find("}", col), text.find("]", col))
                 if i >= 0]
    piece = text[left: min(right_end) if right_end else len(text)].strip()
    m = re.match(r"^([A-Za-z_][A-Za-z0-9_.]*): (.*)$", piece)
    fixed = f"{m.group(1)}: {_quoted(m.group(2))}" if m else _quoted(piece)
    return Explained(line, col, Msg("inside {open} {close}, a text that contains ':', '?', ',' "
                                    "or '#' must be in double quotes, as in {fixed}",
                                    open=bracket, close=close, fixed=fixed),
                     f.shown(line), {line})


def _quote(f: _Lines, exc: yaml.MarkedYAMLError, line: int, col: int) -> Explained:
    problem = (exc.problem or "").lower()
    if "escape" in problem:
        return Explained(line, col, Msg("inside double quotes, a backslash (\\) starts a special "
                                        "character such as \\n: write two backslashes for one, "
                                        "or use single quotes"), f.shown(line), {line})
    start = _context_line(exc) or line
    return Explained(start, (exc.context_mark.column + 1) if exc.context_mark else 1,
                     Msg("the quotes opened on line {line} are never closed: add the closing "
                         "quote at the end of the text", line=start),
                     f.shown(start), set(range(start, line + 1)))
