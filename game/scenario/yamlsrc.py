"""Safe YAML loading that remembers where every key and value stands in the file."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from game.scenario.problems import Problem

MAX_BYTES = 1_000_000
MAX_NODES = 200_000
MAX_DEPTH = 40

Path = tuple[str | int, ...]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


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
        if self.count > MAX_NODES:
            raise _TooBig(node, f"the file has more than {MAX_NODES} values (are aliases "
                                "expanding it?)")
        if depth > MAX_DEPTH:
            raise _TooBig(node, f"the file is nested more than {MAX_DEPTH} levels deep")
        self.src.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in _STANDARD_TAGS:
            self.fail(node, f"the tag '{node.tag}' is not allowed in a scenario file "
                            "(only plain YAML values are)")
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
                    self.fail(knode, f"the key '{key}' appears twice in this mapping")
                    continue
                self.src.keys[(*path, key)] = (knode.start_mark.line + 1,
                                               knode.start_mark.column + 1)
                out[key] = self.build(vnode, (*path, key), depth + 1)
            self.src.values.pop((*path, "\0key"), None)
            return out
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if node.tag.endswith(":timestamp"):
            try:
                value = self.constructor.construct_object(node)
            except (ConstructorError, ValueError) as exc:
                self.fail(node, f"'{node.value}' is not a valid date: {exc}")
                return None
            return value.date() if isinstance(value, dt.datetime) else value
        try:
            value = self.constructor.construct_object(node)
        except (ConstructorError, ValueError) as exc:
            self.fail(node, f"cannot read '{node.value}': {exc}")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.fail(node, f"'{node.value}' is not a usable number (NaN and infinity are not "
                            "allowed)")
            return None
        return value


class _TooBig(Exception):
    def __init__(self, node: Node, message: str) -> None:
        super().__init__(message)
        self.node = node


def _decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        return None, [Problem(path, line, col, "error",
                              "the file is not valid UTF-8 text (save it as UTF-8 in your "
                              "editor)")]


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
        node = yaml.compose(text, Loader=yaml.SafeLoader)
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
    except (yaml.YAMLError, RecursionError) as exc:
        return None, [Problem(path, 1, 1, "error", f"YAML syntax: {exc}")]
    if node is None:
        return None, [Problem(path, 1, 1, "error", "the file is empty")]
    builder = _Builder(src)
    try:
        src.data = builder.build(node, (), 0)
    except _TooBig as exc:
        m = exc.node.start_mark
        return None, [Problem(path, m.line + 1, m.column + 1, "error", str(exc))]
    except RecursionError:
        return None, [Problem(path, 1, 1, "error", "the file is nested too deeply")]
    return src, builder.problems
