"""Safe YAML loading that remembers where every key and value stands in the file.

Scenario files are untrusted: only plain YAML values are read (no tags, so no Python objects),
and the limits below are checked while the file is read, before anything large is built.

Values follow YAML 1.2's core schema: only true and false are true/false values (Yes, No, On,
Off, Oui, Non are text), 1:30 is text, 0755 is the number 755. libyaml's C parser reads the
file when PyYAML has it (about ten times faster); its events feed the same composer, with the
same limits. Without libyaml the pure-Python parser is used; the two differ only on a few
texts inside { } (libyaml accepts `{en: What now?}`, the pure-Python parser asks for quotes).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.error import Mark
from yaml.events import AliasEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from game.scenario.problems import Msg, Problem
from game.scenario.yamlhelp import explain

try:  # libyaml's parser, shipped in PyYAML's wheels
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    CParser = None

#: Largest file, in bytes.
MAX_BYTES = 1_000_000
#: Most values (keys, texts, numbers, lists, mappings) once aliases (*name) are expanded.
MAX_NODES = 100_000
#: Deepest nesting of lists and mappings.
MAX_DEPTH = 40
#: Longest single text (or key), in characters.
MAX_STRING = 10_000
#: Most keys in one mapping, or items in one list.
MAX_ITEMS = 1_000
#: Largest number, in absolute value.
MAX_NUMBER = 1e15

Path = tuple[str | int, ...]

_YAML_TAG = "tag:yaml.org,2002:"
_STR = _YAML_TAG + "str"
_STANDARD_TAGS = {
    _YAML_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
# Characters YAML does not allow in a file (PyYAML's own rule), and those that must not
# reach a text either (written with an escape such as "\0"): controls and lone surrogates.
# C1 controls (U+0080-U+009F: U+009B starts a terminal's escape sequences) are refused like
# C0 ones, U+0085 (a YAML line break) included.
_NOT_IN_FILE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd"
                          "\U00010000-\U0010ffff]")
_NOT_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class CoreResolver(BaseResolver):
    """YAML 1.2's core schema: what a plain (unquoted) value is, from how it is written.

    Dates written YYYY-MM-DD (YAML 1.1's timestamps) are kept: scenario files are full of them.
    """


for _tag, _pattern, _first in (
        ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
        ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                  r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+.0123456789"),
        ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
        ("merge", r"^(?:<<)$", "<"),  # refused below, with its own message
        ("timestamp", r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
                      r"(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
                      r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?)$", "0123456789"),
):
    CoreResolver.add_implicit_resolver(_YAML_TAG + _tag, re.compile(_pattern), list(_first))


@dataclass(frozen=True)
class Block:
    """A folded (>) or literal (|) text: its path, and the lines (1-based) it spans: the line
    of its > or | sign, and its last line of text."""

    path: Path
    start: int
    end: int


@dataclass
class Source:
    """A parsed YAML document: plain Python data plus the position of each path."""

    path: str
    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    def where(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value (or key) at `path`, else of its nearest parent."""
        table = self.keys if key else self.values
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), (1, 1))

    def label(self, path: Path) -> str | Msg:
        """A readable name for a path: list items are named by their id where they have one
        ('events.photos.options.strike.requires'), else by their position counted from 1
        ('debrief.sources.2.title'); a turn's label or date by its turn ("turn 7's label")."""
        path = tuple(path)
        if len(path) >= 3 and path[0] == "turns" and path[1] in ("labels", "dates") \
                and isinstance(path[2], int):
            rest = ".".join(str(x) for x in path[3:])
            turn = (Msg("turn {n}'s label", n=path[2] + 1) if path[1] == "labels"
                    else Msg("turn {n}'s date", n=path[2] + 1))
            return turn + ("." + rest if rest else "")
        parts: list[str] = []
        node: Any = self.data
        for part in path:
            child = None
            if isinstance(node, dict):
                child = node.get(part)  # type: ignore[call-overload]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                child = node[part]
            if isinstance(part, int) and isinstance(child, dict) and isinstance(
                    child.get("id"), str) and child["id"]:
                parts.append(child["id"])
            elif isinstance(part, int):
                parts.append(str(part + 1))
            else:
                parts.append(str(part))
            node = child
        return ".".join(parts)

    def problem(self, path: Path, message: str | Msg, *, severity: str = "error",
                key: bool = False, offset: int = 0) -> Problem:
        """A problem located at `path`; `offset` moves the column right (inside a string)."""
        line, col = self.where(path, key=key)
        return Problem(self.path, line, col + offset, severity, message)  # type: ignore[arg-type]


def _short(text: str, limit: int = 40) -> str:
    """`text` cut to `limit` characters for a message."""
    return text if len(text) <= limit else text[:limit] + "..."


def _tag_name(tag: str) -> str:
    """A tag as it is written in a file: '!!binary' rather than 'tag:yaml.org,2002:binary'."""
    return "!!" + tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else tag


class _TooBig(Exception):
    """A limit was passed at `mark`; nothing more is read."""

    def __init__(self, mark: Mark, message: Msg) -> None:
        super().__init__(str(message))
        self.mark = mark
        self.msg = message


def _too_many() -> Msg:
    return Msg("the file has more than {n} values", n=MAX_NODES)


def _too_deep() -> Msg:
    return Msg("the file is nested more than {n} levels deep", n=MAX_DEPTH)


class _Limits(Composer):
    """PyYAML's composer with no constructor at all (values are built below), stopping at
    MAX_DEPTH levels and MAX_NODES values: before the composer's own recursion can overflow,
    and before a huge file is held in memory as nodes. It remembers where aliases and folded
    or literal texts stand."""

    def init_limits(self) -> None:
        """Set up the counters (called by each loader's __init__)."""
        Composer.__init__(self)
        self.count = 0
        self.depth = -1
        self.aliased = False
        #: (depth, node) of each alias used: the node it stands for, and how deep it stands.
        self.alias_uses: list[tuple[int, Node]] = []
        #: Where each alias (*name) was written: (id of the parent node, item index or id of
        #: the key node) -> position.
        self.alias_marks: dict[tuple[int, int], Mark] = {}

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        """Compose one node, counting it and its nesting, and noting where aliases stand."""
        event = self.peek_event()
        alias = isinstance(event, AliasEvent)
        if alias:
            self.aliased = True
            if parent is not None and index is not None:
                slot = index if isinstance(index, int) else id(index)
                self.alias_marks[(id(parent), slot)] = event.start_mark
        self.count += 1
        self.depth += 1
        try:
            if self.count > MAX_NODES:
                raise _TooBig(event.start_mark, _too_many())
            if self.depth > MAX_DEPTH:
                raise _TooBig(event.start_mark, _too_deep())
            if type(event) is ScalarEvent and event.anchor is None:
                return self._scalar()  # most nodes: the composer's way, without its detours
            node = super().compose_node(parent, index)
            if alias:
                self.alias_uses.append((self.depth, node))
            return node
        finally:
            self.depth -= 1

    def _scalar(self) -> ScalarNode:
        """A plain scalar node, as Composer.compose_scalar_node builds it."""
        event = self.get_event()
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolve(ScalarNode, event.value, event.implicit)
        return ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)


class _PyLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, _Limits,
                CoreResolver):
    """PyYAML's pure-Python reader and parser (when libyaml is missing)."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        CoreResolver.__init__(self)
        self.init_limits()


if CParser is not None:
    class _CLoader(_Limits, CParser, CoreResolver):  # type: ignore[valid-type,misc]
        """libyaml's parser; its events go through the Python composer above (libyaml's own
        composer recurses in C, without limits)."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            CoreResolver.__init__(self)
            self.init_limits()


def _measure(root: Node, alias_marks: dict[tuple[int, int], Mark]) -> None:
    """Check the expanded size and depth of the node graph without building it: aliases can
    make a tiny file stand for billions of values ("billion laughs"), or a cycle."""
    sizes: dict[int, int] = {}
    heights: dict[int, int] = {}
    active: set[int] = set()

    def children(node: Node) -> list[tuple[int, Node]]:
        """(slot, child) pairs; the slot names the child's place for `alias_marks`."""
        if isinstance(node, MappingNode):
            return [pair for k, v in node.value for pair in ((-1, k), (id(k), v))]
        if isinstance(node, SequenceNode):
            return list(enumerate(node.value))
        return []

    def visit(node: Node, depth: int) -> None:
        key = id(node)
        if key in active:
            raise _TooBig(node.start_mark, Msg("an alias (*name) is used inside the list or "
                                               "mapping it names, which would make it endless"))
        if depth > MAX_DEPTH or (key in heights and depth + heights[key] > MAX_DEPTH):
            raise _TooBig(node.start_mark, Msg("the file is nested more than {n} levels deep "
                                               "once its aliases (*name) are expanded",
                                               n=MAX_DEPTH))
        if key not in sizes:
            active.add(key)
            size, height = 1, 0
            for _, child in children(node):
                visit(child, depth + 1)
                size = min(size + sizes[id(child)], MAX_NODES + 1)
                height = max(height, heights[id(child)] + 1)
            active.discard(key)
            sizes[key], heights[key] = size, height

    visit(root, 0)
    if sizes[id(root)] <= MAX_NODES:
        return
    # Find where the count passes the limit, and the first alias used on the way there.
    node, budget, where = root, MAX_NODES - 1, None
    while True:
        for slot, child in children(node):
            if sizes[id(child)] <= budget:
                budget -= sizes[id(child)]
                continue
            where = where or alias_marks.get((id(node), slot))
            node, budget = child, budget - 1
            break
        else:
            break
    raise _TooBig(where or node.start_mark, Msg("the file has more than {n} values once its "
                                                "aliases (*name) are expanded", n=MAX_NODES))


class _Builder:
    """Turns a composed YAML node tree into Python data, recording positions."""

    def __init__(self, src: Source) -> None:
        self.src = src
        self.problems: list[Problem] = []
        self.count = 0
        self.constructor = SafeConstructor()

    def fail(self, node: Node, message: Msg) -> None:
        m = node.start_mark
        self.problems.append(Problem(self.src.path, m.line + 1, m.column + 1, "error", message))

    def build(self, node: Node, path: Path, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:  # _measure has checked; this is a second line of defence
            raise _TooBig(node.start_mark, _too_many())
        if depth > MAX_DEPTH:
            raise _TooBig(node.start_mark, _too_deep())
        self.src.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in _STANDARD_TAGS:
            if node.tag == _YAML_TAG + "merge":
                self.fail(node, Msg("merge keys ('<<') are not allowed in a scenario file; "
                                    "write the keys out"))
            else:
                self.fail(node, Msg("the tag '{tag}' is not allowed in a scenario file (only "
                                    "plain YAML values are)", tag=_tag_name(node.tag)))
            return None
        if isinstance(node, (MappingNode, SequenceNode)) and len(node.value) > MAX_ITEMS:
            if isinstance(node, MappingNode):
                self.fail(node, Msg("this mapping has {n} keys; the limit is {limit}",
                                    n=len(node.value), limit=MAX_ITEMS))
            else:
                self.fail(node, Msg("this list has {n} items; the limit is {limit}",
                                    n=len(node.value), limit=MAX_ITEMS))
            return None
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            for knode, vnode in node.value:
                if not isinstance(knode, ScalarNode):
                    self.fail(knode, Msg("a key must be a plain name, not a list or a mapping"))
                    continue
                if knode.tag == _STR and len(knode.value) <= MAX_STRING \
                        and not _NOT_IN_TEXT.search(knode.value):
                    self.count += 1  # a plain key, as build() would count and return it
                    key = knode.value
                else:
                    key = _key_text(self.build(knode, (*path, "\0key"), depth + 1))
                if key in out:
                    first = self.src.keys.get((*path, key), (0, 0))[0]
                    self.fail(knode, Msg("the key '{key}' appears twice in this mapping (first "
                                         "on line {line}): keep one", key=_short(key),
                                         line=first))
                    continue
                self.src.keys[(*path, key)] = (knode.start_mark.line + 1,
                                               knode.start_mark.column + 1)
                out[key] = self.build(vnode, (*path, key), depth + 1)
            self.src.values.pop((*path, "\0key"), None)
            return out
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if node.style in (">", "|"):
            self.src.blocks.append(Block(path, node.start_mark.line + 1,
                                         _last_text_line(self.src.lines, node)))
        return self.scalar(node)

    def scalar(self, node: ScalarNode) -> Any:
        """A plain value (text, number, true/false, null, date), checked against the limits."""
        text, tag = node.value, node.tag[len(_YAML_TAG):]
        if len(text) > MAX_STRING:  # reported once; the cut text lets checks go on
            self.fail(node, Msg("this text is {n} characters long; the limit is {limit}",
                                n=len(text), limit=MAX_STRING))
            return text[:MAX_STRING]
        if tag == "str":
            bad = _NOT_IN_TEXT.search(text)
            if bad:
                self.fail(node, Msg("the text contains the character {char}, which is not "
                                    "allowed (remove the escape that wrote it)",
                                    char=f"U+{ord(bad.group()):04X}"))
                return _NOT_IN_TEXT.sub("\ufffd", text)
            return text
        if tag == "null":
            if text not in ("", "~", "null", "Null", "NULL"):
                self.fail(node, Msg("cannot read '{value}' as nothing (null)",
                                    value=_short(text)))
            return None
        if tag == "bool":
            if text in ("true", "True", "TRUE"):
                return True
            if text in ("false", "False", "FALSE"):
                return False
            self.fail(node, Msg("cannot read '{value}' as true or false", value=_short(text)))
            return None
        if tag == "timestamp":
            try:
                value = self.constructor.construct_yaml_timestamp(node)
            except (ConstructorError, ValueError, OverflowError, TypeError) as exc:
                self.fail(node, Msg("'{value}' is not a valid date: {reason}",
                                    value=_short(text), reason=str(exc)))
                return None
            return value.date() if isinstance(value, dt.datetime) else value
        return self.number(node, tag)

    def number(self, node: ScalarNode, tag: str) -> Any:
        """A whole number or a number with a point, as YAML 1.2 reads it (0755 is 755)."""
        text = node.value.replace("_", "") if node.tag != _YAML_TAG + "float" else node.value
        digits = text.lstrip("+-")
        if tag == "int" and len(digits) > 18:
            self.fail(node, Msg("the number {value} is too large (the limit is {limit} either "
                                "way)", value=_short(node.value), limit=MAX_NUMBER))
            return None  # not converted: it could be huge
        try:
            if tag == "int":
                base = 16 if digits[:2] in ("0x", "0X") else 8 if digits[:2] in ("0o", "0O") \
                    else 10
                value: float = int(text[2:] if base != 10 else text, base)
            else:
                low = text.lower()
                value = float("nan") if low == ".nan" else float(
                    low.replace(".inf", "inf")) if "inf" in low else float(text)
        except (ValueError, OverflowError):
            self.fail(node, Msg("cannot read '{value}' as a number", value=_short(node.value)))
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.fail(node, Msg("'{value}' is not a usable number (NaN and infinity are not "
                                "allowed)", value=_short(node.value)))
            return None
        if abs(value) > MAX_NUMBER:
            self.fail(node, Msg("the number {value} is too large (the limit is {limit} either "
                                "way)", value=_short(node.value), limit=MAX_NUMBER))
            return None
        return value


def _key_text(key: Any) -> str:
    """A key as text: 'null' for an empty key, 'true' for true, '12' for 12."""
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def _last_text_line(lines: list[str], node: ScalarNode) -> int:
    """The last line (1-based) holding text of a folded or literal scalar."""
    last = node.end_mark.line + 1  # the scalar ends where the next token starts
    if node.end_mark.column == 0:
        last -= 1
    while last > node.start_mark.line + 1 and not lines[last - 1].strip():
        last -= 1
    return min(last, len(lines))


def _place(text: str, index: int) -> tuple[int, int]:
    """Line and column (1-based) of a character index in `text`."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(path, 1, 1, "error", Msg("the file is UTF-16 text, not UTF-8 "
                                                       "(save it as UTF-8 in your editor)"))]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        return None, [Problem(path, line, col, "error",
                              Msg("the file is not valid UTF-8 text (save it as UTF-8 in your "
                                  "editor)"))]
    bad = _NOT_IN_FILE.search(text)
    if bad:
        line, col = _place(text, bad.start())
        return None, [Problem(path, line, col, "error",
                              Msg("the file contains the control character {char}, which is "
                                  "not allowed in a scenario (is this a text file?)",
                                  char=f"U+{ord(bad.group()):04X}"))]
    return text, []


def _compose(text: str, pure: bool = False) -> Node | None:
    """The document's node graph (aliases shared, not expanded), checked against the limits."""
    loader = _PyLoader(text) if pure or CParser is None else _CLoader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if node is not None and loader.aliased and not _few_aliases(loader):
        _measure(node, loader.alias_marks)
    return node


def _few_aliases(loader: _Limits) -> bool:
    """Whether the aliases of a file are plainly within the limits, without walking the
    whole file: each stands for a part with no alias inside, and once expanded they add few
    values and stay within MAX_DEPTH. Otherwise `_measure` walks the file (and finds where
    a limit is passed)."""
    sizes: dict[int, tuple[int, int]] = {}
    total = loader.count
    for depth, target in loader.alias_uses:
        key = id(target)
        if key not in sizes:
            found = _plain_size(target)
            if found is None:
                return False
            sizes[key] = found
        size, height = sizes[key]
        total += size - 1
        if total > MAX_NODES or depth + height > MAX_DEPTH:
            return False
    return True


def _plain_size(node: Node, limit: int = 10_000) -> tuple[int, int] | None:
    """(values, height) of a part of the file with no alias inside it, counted up to `limit`
    values; None if it holds an alias (a node met twice) or is larger than `limit`."""
    seen: set[int] = set()
    size, height = 0, 0
    stack = [(node, 0)]
    while stack:
        current, level = stack.pop()
        if id(current) in seen:
            return None
        seen.add(id(current))
        size += 1
        height = max(height, level)
        if size > limit:
            return None
        if isinstance(current, MappingNode):
            stack += [(x, level + 1) for pair in current.value for x in pair]
        elif isinstance(current, SequenceNode):
            stack += [(x, level + 1) for x in current.value]
    return size, height


#: Most YAML syntax errors reported in one run (each needs the file read again).
MAX_SYNTAX_ERRORS = 10


def _syntax_errors(text: str, path: str, first: yaml.MarkedYAMLError, pure: bool
                   ) -> list[Problem]:
    """Every syntax error that can be found: after each one, the lines at fault are blanked
    and the file is read again, as long as that finds a new error further on."""
    lines = text.split("\n")
    problems: list[Problem] = []
    exc: yaml.MarkedYAMLError | None = first
    while exc is not None and len(problems) < MAX_SYNTAX_ERRORS:
        found = explain(exc, lines)
        if problems and (found.line, found.col) <= (problems[-1].line, problems[-1].col):
            break  # no progress: what follows is not worth guessing at
        problems.append(Problem(path, found.line, found.col, "error", found.msg,
                                excerpt=found.excerpt))
        for n in found.blank:
            if 0 < n <= len(lines):
                lines[n - 1] = ""
        try:
            _compose("\n".join(lines), pure)
            exc = None
        except yaml.MarkedYAMLError as again:
            exc = again
        except (_TooBig, yaml.YAMLError, RecursionError, MemoryError):
            exc = None
    return problems


def parse_yaml(raw: bytes, path: str, *, pure: bool = False
               ) -> tuple[Source | None, list[Problem]]:
    """Parse bytes as one YAML document with safe, plain values; never raises for bad input.

    `pure` reads with PyYAML's pure-Python parser even when libyaml is there (for tests)."""
    if len(raw) > MAX_BYTES:
        return None, [Problem(path, 1, 1, "error",
                              Msg("the file is {n} bytes; the limit is {limit}", n=len(raw),
                                  limit=MAX_BYTES))]
    text, problems = _decode(raw, path)
    if text is None:
        return None, problems
    src = Source(path=path, data=None, lines=text.splitlines())
    if not text.strip():
        return None, [Problem(path, 1, 1, "error", Msg("the file is empty"))]
    try:
        try:
            node = _compose(text, pure)
        except yaml.MarkedYAMLError:
            if pure or CParser is None:
                raise
            # libyaml refused the file: read it again with the pure-Python parser, whose
            # verdict (and first message) is the same on every machine. Its own limits
            # (nesting, escapes) differ from ours; this keeps ours.
            node = _compose(text, True)
    except _TooBig as exc:
        return None, [Problem(path, exc.mark.line + 1, exc.mark.column + 1, "error", exc.msg)]
    except yaml.MarkedYAMLError as exc:
        return None, _syntax_errors(text, path, exc, pure)
    except (yaml.YAMLError, RecursionError, MemoryError) as exc:
        return None, [Problem(path, 1, 1, "error", Msg("YAML syntax: {reason}",
                                                       reason=_short(str(exc), 200)))]
    if node is None:
        return None, [Problem(path, 1, 1, "error", Msg("the file is empty"))]
    builder = _Builder(src)
    try:
        src.data = builder.build(node, (), 0)
    except _TooBig as exc:
        return None, [Problem(path, exc.mark.line + 1, exc.mark.column + 1, "error", exc.msg)]
    except RecursionError:
        return None, [Problem(path, 1, 1, "error", Msg("the file is nested too deeply"))]
    return src, builder.problems
