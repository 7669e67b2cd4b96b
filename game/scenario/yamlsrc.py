"""Safe YAML loading that remembers where every key and value stands in the file.

Scenario files are untrusted: only plain YAML values are read (no tags, so no Python objects),
and the limits below are checked while the file is read, before anything large is built.
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
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from game.scenario.problems import Problem

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


@dataclass
class Source:
    """A parsed YAML document: plain Python data plus the position of each path."""

    path: str
    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

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

    def label(self, path: Path) -> str:
        """A readable name for a path: list items are named by their id where they have one
        ('events.photos.options.strike.requires')."""
        parts: list[str] = []
        node: Any = self.data
        for part in path:
            child = None
            if isinstance(node, dict):
                child = node.get(part)  # type: ignore[call-overload]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                child = node[part]
            if isinstance(part, int) and isinstance(child, dict) and isinstance(
                    child.get("id"), str):
                parts.append(child["id"])
            else:
                parts.append(str(part))
            node = child
        return ".".join(parts)

    def problem(self, path: Path, message: str, *, severity: str = "error", key: bool = False,
                offset: int = 0) -> Problem:
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

    def __init__(self, mark: Mark, message: str) -> None:
        super().__init__(message)
        self.mark = mark


class _Loader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, Composer, Resolver):
    """PyYAML's pure-Python reader and composer, with no constructor at all (values are built
    below), stopping at MAX_DEPTH levels and MAX_NODES values: before the composer's own
    recursion can overflow, and before a huge file is held in memory as nodes.

    libyaml's faster parser is not used: it accepts some text the pure-Python one rejects
    (`{en: What now?}`), and a file must mean the same thing on every machine.
    """

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        Composer.__init__(self)
        Resolver.__init__(self)
        self.count = 0
        self.depth = -1
        #: Where each alias (*name) was written: (id of the parent node, item index or id of
        #: the key node) -> position.
        self.alias_marks: dict[tuple[int, int], Mark] = {}

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        """Compose one node, counting it and its nesting, and noting where aliases stand."""
        event = self.peek_event()
        if parent is not None and index is not None and isinstance(event, AliasEvent):
            slot = index if isinstance(index, int) else id(index)
            self.alias_marks[(id(parent), slot)] = event.start_mark
        self.count += 1
        self.depth += 1
        try:
            if self.count > MAX_NODES:
                raise _TooBig(event.start_mark, f"the file has more than {MAX_NODES} values")
            if self.depth > MAX_DEPTH:
                raise _TooBig(event.start_mark, f"the file is nested more than {MAX_DEPTH} "
                                                "levels deep")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


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
            raise _TooBig(node.start_mark, "an alias (*name) is used inside the list or mapping "
                                           "it names, which would make it endless")
        if depth > MAX_DEPTH or (key in heights and depth + heights[key] > MAX_DEPTH):
            raise _TooBig(node.start_mark, f"the file is nested more than {MAX_DEPTH} levels "
                                           "deep once its aliases (*name) are expanded")
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
    raise _TooBig(where or node.start_mark, f"the file has more than {MAX_NODES} values once "
                                            "its aliases (*name) are expanded")


class _Builder:
    """Turns a composed YAML node tree into Python data, recording positions."""

    def __init__(self, src: Source) -> None:
        self.src = src
        self.problems: list[Problem] = []
        self.count = 0
        self.constructor = SafeConstructor()

    def fail(self, node: Node, message: str) -> None:
        m = node.start_mark
        self.problems.append(Problem(self.src.path, m.line + 1, m.column + 1, "error", message))

    def build(self, node: Node, path: Path, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:  # _measure has checked; this is a second line of defence
            raise _TooBig(node.start_mark, f"the file has more than {MAX_NODES} values")
        if depth > MAX_DEPTH:
            raise _TooBig(node.start_mark, f"the file is nested more than {MAX_DEPTH} levels "
                                           "deep")
        self.src.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in _STANDARD_TAGS:
            if node.tag == _YAML_TAG + "merge":
                self.fail(node, "merge keys ('<<') are not allowed in a scenario file; write the "
                                "keys out")
            else:
                self.fail(node, f"the tag '{_tag_name(node.tag)}' is not allowed in a scenario "
                                "file (only plain YAML values are)")
            return None
        if isinstance(node, (MappingNode, SequenceNode)) and len(node.value) > MAX_ITEMS:
            what = "keys" if isinstance(node, MappingNode) else "items"
            self.fail(node, f"this {'mapping' if what == 'keys' else 'list'} has "
                            f"{len(node.value)} {what}; the limit is {MAX_ITEMS}")
            return None
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            for knode, vnode in node.value:
                if not isinstance(knode, ScalarNode):
                    self.fail(knode, "a key must be a plain name, not a list or a mapping")
                    continue
                key = self.build(knode, (*path, "\0key"), depth + 1)
                key = str(key) if key is not None else "null"
                if key in out:
                    self.fail(knode, f"the key '{_short(key)}' appears twice in this mapping")
                    continue
                self.src.keys[(*path, key)] = (knode.start_mark.line + 1,
                                               knode.start_mark.column + 1)
                out[key] = self.build(vnode, (*path, key), depth + 1)
            self.src.values.pop((*path, "\0key"), None)
            return out
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self.scalar(node)

    def scalar(self, node: ScalarNode) -> Any:
        """A plain value (text, number, true/false, null, date), checked against the limits."""
        if len(node.value) > MAX_STRING:  # reported once; the cut text lets checks go on
            self.fail(node, f"this text is {len(node.value)} characters long; the limit is "
                            f"{MAX_STRING}")
            return node.value[:MAX_STRING]
        if node.tag == _YAML_TAG + "int" and len(node.value.lstrip("+-").replace("_", "")) > 18:
            self.fail(node, f"the number {_short(node.value)} is too large (the limit is "
                            f"{MAX_NUMBER:g} either way)")  # not converted: it could be huge
            return None
        if node.tag.endswith(":timestamp"):
            try:
                value = self.constructor.construct_object(node)
            except (ConstructorError, ValueError, OverflowError) as exc:
                self.fail(node, f"'{_short(node.value)}' is not a valid date: {exc}")
                return None
            return value.date() if isinstance(value, dt.datetime) else value
        try:
            value = self.constructor.construct_object(node)
        except (ConstructorError, ValueError, OverflowError) as exc:
            self.fail(node, f"cannot read '{_short(node.value)}': {_short(str(exc), 120)}")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.fail(node, f"'{_short(node.value)}' is not a usable number (NaN and infinity "
                            "are not allowed)")
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool) \
                and abs(value) > MAX_NUMBER:
            self.fail(node, f"the number {_short(node.value)} is too large (the limit is "
                            f"{MAX_NUMBER:g} either way)")
            return None
        if isinstance(value, str):
            bad = _NOT_IN_TEXT.search(value)
            if bad:
                self.fail(node, f"the text contains the character U+{ord(bad.group()):04X}, "
                                "which is not allowed (remove the escape that wrote it)")
                return _NOT_IN_TEXT.sub("\ufffd", value)
        return value


def _place(text: str, index: int) -> tuple[int, int]:
    """Line and column (1-based) of a character index in `text`."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(path, 1, 1, "error", "the file is UTF-16 text, not UTF-8 (save it "
                                                   "as UTF-8 in your editor)")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        return None, [Problem(path, line, col, "error",
                              "the file is not valid UTF-8 text (save it as UTF-8 in your "
                              "editor)")]
    bad = _NOT_IN_FILE.search(text)
    if bad:
        line, col = _place(text, bad.start())
        return None, [Problem(path, line, col, "error",
                              f"the file contains the control character U+{ord(bad.group()):04X},"
                              " which is not allowed in a scenario (is this a text file?)")]
    return text, []


def _compose(text: str) -> Node | None:
    """The document's node graph (aliases shared, not expanded), checked against the limits."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if node is not None:
        _measure(node, loader.alias_marks)
    return node


def parse_yaml(raw: bytes, path: str) -> tuple[Source | None, list[Problem]]:
    """Parse bytes as one YAML document with safe, plain values; never raises for bad input."""
    if len(raw) > MAX_BYTES:
        return None, [Problem(path, 1, 1, "error",
                              f"the file is {len(raw)} bytes; the limit is {MAX_BYTES}")]
    text, problems = _decode(raw, path)
    if text is None:
        return None, problems
    src = Source(path=path, data=None, lines=text.splitlines())
    if not text.strip():
        return None, [Problem(path, 1, 1, "error", "the file is empty")]
    try:
        node = _compose(text)
    except _TooBig as exc:
        return None, [Problem(path, exc.mark.line + 1, exc.mark.column + 1, "error", str(exc))]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        msg = f"{exc.problem or 'invalid YAML'}"
        if exc.context:
            msg = f"{exc.context}, {msg}"
        if "flow" in msg:
            msg += (" (inside { } or [ ], put text that contains ':', '?', ',' or '#' in "
                    "double quotes)")
        if "\t" in (src.lines[line - 1] if 0 < line <= len(src.lines) else ""):
            msg += " (YAML does not allow tabs for indentation; use spaces)"
        return None, [Problem(path, line, col, "error", f"YAML syntax: {msg}")]
    except (yaml.YAMLError, RecursionError, MemoryError) as exc:
        return None, [Problem(path, 1, 1, "error", f"YAML syntax: {_short(str(exc), 200)}")]
    if node is None:
        return None, [Problem(path, 1, 1, "error", "the file is empty")]
    builder = _Builder(src)
    try:
        src.data = builder.build(node, (), 0)
    except _TooBig as exc:
        return None, [Problem(path, exc.mark.line + 1, exc.mark.column + 1, "error", str(exc))]
    except RecursionError:
        return None, [Problem(path, 1, 1, "error", "the file is nested too deeply")]
    return src, builder.problems
