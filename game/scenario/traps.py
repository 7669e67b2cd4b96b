"""Mistakes that are valid YAML but not what the teacher meant: a key swallowed by the folded
or literal text above it (`fr: >-` indented under `en: >-`)."""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel

from game.scenario import model
from game.scenario.problems import Msg, Problem
from game.scenario.yamlsrc import Source

_KEY_LINE = re.compile(r"^( *)([a-z][a-z0-9_]*):(?: |$)")


@lru_cache(maxsize=1)
def format_keys() -> frozenset[str]:
    """Every key of the scenario format, and the language codes."""
    keys: set[str] = set(model.LANGUAGE_CODES)
    todo: list[type[BaseModel]] = [model.Model]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        keys.update(info.alias or name for name, info in cls.model_fields.items())
    return frozenset(keys)


def swallowed_keys(src: Source) -> tuple[list[Problem], set[tuple[int, int]]]:
    """An error for each folded or literal text that holds a line looking like a key of the
    format: it was meant as the next key, but is indented as part of the text. Also the
    places of the texts whose language was swallowed (their 'missing translation' warning
    says nothing more)."""
    keys = format_keys()
    out = []
    quiet: set[tuple[int, int]] = set()
    for block in src.blocks:
        key_line, key_col = src.where(block.path, key=True)
        owner = block.path[-1] if block.path and isinstance(block.path[-1], str) else None
        own = key_col - 1
        for n in range(block.start + 1, min(block.end, len(src.lines)) + 1):
            m = _KEY_LINE.match(src.lines[n - 1])
            if not m or m.group(2) not in keys:
                continue
            spaces = len(m.group(1))
            what = Msg("'{owner}:'", owner=owner) if owner else Msg("the line above")
            out.append(Problem(
                src.path, n, spaces + 1, "error",
                Msg("line {line} ('{key}:') is part of the text that starts on line {start}, "
                    "because it is indented more ({n} spaces) than {owner} ({m} spaces): YAML "
                    "reads it as text, not as a key. Indent '{key}:' by {m} spaces, like "
                    "{owner}", line=n, key=m.group(2), start=block.start, n=spaces, owner=what,
                    m=own),
                excerpt=((key_line, src.lines[key_line - 1].rstrip()),
                         (n, src.lines[n - 1].rstrip()))))
            if m.group(2) in model.LANGUAGE_CODES:
                quiet.add(src.where(block.path[:-1]))
            break
    return out, quiet
