"""The JSON Schema of scenario files and the guide's field reference, both from the models.

`python -m game.scenario.schema` rewrites `scenarios/scenario.schema.json` and the reference
section of `scenarios/README.md` (add `--check` to only report whether they are up to date).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import textwrap
import types
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic.json_schema import WithJsonSchema

from game.resources import scenarios_dir
from game.scenario.model import (
    CONDITION_JSON_SCHEMA,
    EFFECTS_JSON_SCHEMA,
    EXPRESSION_JSON_SCHEMA,
    TEXT_JSON_SCHEMA,
    Actor,
    Advisor,
    Debrief,
    Document,
    Ending,
    Event,
    Flag,
    GlossaryTerm,
    Incident,
    Layer,
    Map,
    Meter,
    Option,
    Outcome,
    Period,
    Place,
    Scenario,
    Side,
    SourceRef,
    Temperament,
    Tension,
    Turns,
    View,
)

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://brink.invalid/scenario.schema.json"
SCHEMA_PATH = scenarios_dir() / "scenario.schema.json"
GUIDE_PATH = scenarios_dir() / "README.md"
START_MARKER = "<!-- reference:start -->"
END_MARKER = "<!-- reference:end -->"
REGENERATE = "python -m game.scenario.schema"
ID_PATTERN = "^[a-z][a-z0-9_]*$"

#: The value types that have a name of their own in the schema's $defs.
NAMED_TYPES: dict[str, tuple[dict[str, Any], str]] = {
    "Text": (TEXT_JSON_SCHEMA, "Text: a plain string, shown the same in every language, one "
                               "string per language, such as {en: A deal, fr: Un accord}, or a "
                               "list of variants, each with a 'when:' condition but the last: "
                               "the first whose condition holds is shown."),
    "Condition": (CONDITION_JSON_SCHEMA, "A condition: an expression that is true or false, in "
                                         "quotes, such as \"tension >= 60 and quarantine\" "
                                         "(or simply true or false)."),
    "Expression": (EXPRESSION_JSON_SCHEMA, "A number, or an expression in quotes that computes "
                                           "one, such as \"tension / 200\"."),
}

#: The reference's sections, in order: (model, heading). The heading is the key that holds it.
SECTIONS: tuple[tuple[type[BaseModel], str], ...] = (
    (Scenario, "Top level"), (Period, "period"), (Turns, "turns"), (Side, "sides"),
    (Temperament, "temperament"), (Actor, "actors"), (Meter, "meters"), (Flag, "flags"),
    (Tension, "tension"), (Event, "events"), (Option, "options"), (Outcome, "outcomes"),
    (Advisor, "advisors"), (Incident, "incidents"), (Ending, "endings"), (Map, "map"),
    (View, "view"), (Place, "places"), (Layer, "layers"), (Debrief, "debrief"),
    (SourceRef, "sources"), (Document, "documents"), (GlossaryTerm, "glossary"),
)

INTRO = f"""\
## The fields

This reference is generated from the descriptions in `game/scenario/model.py` (after changing
them, run `{REGENERATE}`). Editors show the same text, through the JSON Schema
[`scenario.schema.json`](scenario.schema.json), when you point at a key.

Every key not listed here is an error (with a "did you mean …?" when it looks like a typo).
Each value is of one of these kinds:

| kind | what to write |
|---|---|
| text | one string for all languages, one per language: `{{en: ..., fr: ...}}`, or \
[variants](#text-that-depends-on-what-happened) |
| plain text | a string, the same in every language |
| id | a short name in lower case: a letter, then letters, digits or `_` (at most 48 characters) |
| number, whole number | `12.5` or `-3`; `12` |
| true/false | `true` or `false` |
| date | `YYYY-MM-DD`, such as `1962-10-16` |
| condition | an [expression](#expressions), true or false: `"tension >= 60 and quarantine"` |
| number or expression | a number, or an [expression](#expressions) in quotes: `"tension / 200"` |
| list of … | `[a, b]` on one line, or one `- item` per line |

### In an editor

The first line of a scenario file, `# yaml-language-server: $schema=scenario.schema.json` (the
path to the schema, relative to the file), links it to the JSON Schema. Editors that read it
(VS Code with Red Hat's YAML extension, and others built on yaml-language-server) then offer
the keys as you type, show these descriptions, and underline many mistakes at once.
`brink validate` is still the judge: only it checks names, expressions, dates and chances.
"""


# -- the JSON Schema --------------------------------------------------------------------------

def _reflow(text: str) -> str:
    """Paragraphs on one line each (docstrings are wrapped in the source)."""
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def _name_types(node: dict[str, Any], names: Sequence[str]) -> dict[str, Any]:
    """Replace the inline schema of Text, Condition and Expression by a $ref to its $defs."""
    branches = node.get("anyOf")
    if not isinstance(branches, list):
        return node
    for name in names:
        inner = _named_schema(name)["anyOf"]
        if all(b in branches for b in inner):
            rest = [b for b in branches if b not in inner]
            ref = {"$ref": f"#/$defs/{name}"}
            node = {k: v for k, v in node.items() if k != "anyOf"}
            if rest:
                node["anyOf"] = [ref, *rest]
            else:
                node.update(ref)
            return node
    return node


def _named_schema(name: str) -> dict[str, Any]:
    """A named type's schema as it appears once cleaned (a Text's variants name the types
    listed after it)."""
    schema = NAMED_TYPES[name][0]
    later = list(NAMED_TYPES)[list(NAMED_TYPES).index(name) + 1:]
    return {**schema, "anyOf": [_clean(b, later) for b in schema["anyOf"]]}


def _clean(node: Any, names: Sequence[str] = tuple(NAMED_TYPES)) -> Any:
    """Make a pydantic schema plain and portable: named value types, no `default: null`,
    one-line paragraphs, and no keyword beside a $ref (older drafts would ignore it)."""
    if isinstance(node, list):
        return [_clean(x, names) for x in node]
    if not isinstance(node, dict):
        return node
    node = {k: _clean(v, names) if k not in ("default", "const", "enum") else v
            for k, v in node.items()}
    node = _name_types(node, names)
    if "default" in node and node["default"] is None:
        del node["default"]
    if isinstance(node.get("description"), str):
        node["description"] = _reflow(node["description"])
    if "$ref" in node and len(node) > 1:
        ref = node.pop("$ref")
        node = {"allOf": [{"$ref": ref}], **node}
    return node


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file, from the typed models."""
    raw = Scenario.model_json_schema(mode="validation")
    defs = raw.pop("$defs", {})
    raw.pop("title", None)
    raw.pop("description", None)
    named = {name: {"title": name, "description": text, **_named_schema(name)}
             for name, (_, text) in NAMED_TYPES.items()}
    return {
        "$schema": SCHEMA_DRAFT,
        "$id": SCHEMA_ID,
        "title": "Brink scenario",
        "description": "A scenario of Brink, the classroom game of Cold War crises (format 1). "
                       "The authoring guide is scenarios/README.md; check a file with "
                       "`brink validate FILE`.",
        **_clean(raw),
        "$defs": {**named, **_clean(defs)},
    }


def schema_text() -> str:
    """The JSON Schema as the text of a file (stable: same models, same bytes)."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: str | Path = SCHEMA_PATH) -> bool:
    """Write the JSON Schema to `path`; whether the file changed."""
    path = Path(path)
    text = schema_text()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


# -- the field reference ----------------------------------------------------------------------

def _is_union(tp: Any) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


def _has_id_pattern(meta: Sequence[Any]) -> bool:
    for m in meta:
        if getattr(m, "pattern", None) == ID_PATTERN:
            return True
        if isinstance(m, FieldInfo) and _has_id_pattern(m.metadata):
            return True
    return False


def _plural(words: str) -> str:
    first, _, rest = words.partition(" ")
    if first in ("number", "whole"):  # "numbers or expressions", "whole numbers"
        return {"number": "numbers", "whole": "whole"}[first] + (f" {rest}" if rest else "")
    return f"{first}s" + (f" {rest}" if rest else "")


def _anchor(model: type[BaseModel]) -> str:
    heading = dict(SECTIONS)[model]
    return heading.lower().replace(" ", "-")


def type_words(tp: Any, meta: Sequence[Any] = ()) -> str:
    """The kind of a value in words: text, number, list of ids, condition..."""
    meta = list(meta)
    while get_origin(tp) is Annotated:
        tp, *extra = get_args(tp)
        meta.extend(extra)
    for m in meta:
        if isinstance(m, WithJsonSchema):
            if m.json_schema == TEXT_JSON_SCHEMA:
                return "text"
            if m.json_schema == CONDITION_JSON_SCHEMA:
                return "condition"
            if m.json_schema == EXPRESSION_JSON_SCHEMA:
                return "number or expression"
            if m.json_schema == EFFECTS_JSON_SCHEMA:
                return "changes"
    if _has_id_pattern(meta):
        return "id"
    if _is_union(tp):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return type_words(args[0], meta)
        return " or ".join(type_words(a) for a in args)
    origin = get_origin(tp)
    if origin is list:
        (item,) = get_args(tp)
        if get_origin(item) is Literal:
            return "list of: " + ", ".join(f"`{v}`" for v in get_args(item))
        if isinstance(item, type) and issubclass(item, BaseModel):
            return f"list, see [`{dict(SECTIONS)[item]}`](#{_anchor(item)})"
        return "list of " + _plural(type_words(item))
    if origin is dict:
        key, value = get_args(tp)
        return f"for each {type_words(key)}, a {type_words(value)}"
    if origin is Literal:
        return "one of " + ", ".join(f"`{v}`" for v in get_args(tp))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"see [`{dict(SECTIONS)[tp]}`](#{_anchor(tp)})"
    simple = {bool: "true/false", int: "whole number", float: "number", str: "plain text",
              dt.date: "date"}
    if tp in simple:
        return simple[tp]
    raise TypeError(f"no words for the type {tp!r}")


def _field_words(info: FieldInfo) -> str:
    if info.annotation == float | dict[str, float]:  # a meter's start
        return "number, or one number per side"
    return type_words(info.annotation, info.metadata)


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "required"
    if info.default_factory is not None:
        made = info.default_factory()  # type: ignore[call-arg]
        return "its defaults" if isinstance(made, BaseModel) else "none"
    value = info.default
    if value is None:
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, float) and value.is_integer():
        return f"`{int(value)}`"
    if isinstance(value, list):
        return "`[" + ", ".join(str(v) for v in value) + "]`"
    return f"`{value}`"


def _what(info: FieldInfo) -> str:
    words = _field_words(info)
    text = _reflow(info.description or "")
    lead = f"{words.split(' ')[0].capitalize()}: "
    if words in ("text", "condition") and text.startswith(lead):
        text = text[len(lead):]
    return f"*{words}* — {text[:1].upper()}{text[1:]}"


def _paths() -> dict[type[BaseModel], list[str]]:
    """Where each model sits in a file, as dotted keys (events.options.outcomes)."""
    found: dict[type[BaseModel], list[str]] = {Scenario: []}
    todo: list[tuple[type[BaseModel], str]] = [(Scenario, "")]
    while todo:
        model, prefix = todo.pop(0)
        for name, info in model.model_fields.items():
            key = info.alias or name
            stack = [info.annotation]
            while stack:
                tp = stack.pop()
                if isinstance(tp, type) and issubclass(tp, BaseModel):
                    path = f"{prefix}.{key}" if prefix else key
                    if tp not in found:
                        found[tp] = [path]
                        todo.append((tp, path))
                    elif path not in found[tp] and tp is not model:
                        found[tp].append(path)
                    elif tp is model and path not in found[tp]:
                        found[tp].append(path)  # a model inside itself: listed, not walked
                else:
                    stack.extend(get_args(tp))
    return found


def _wrap(paragraph: str) -> str:
    return textwrap.fill(paragraph, width=95, break_long_words=False, break_on_hyphens=False)


def reference_markdown() -> str:
    """The guide's field reference: one table per model, from the models' descriptions."""
    paths = _paths()
    missing = set(paths) - {m for m, _ in SECTIONS}
    if missing:
        raise RuntimeError(f"no section of the reference for {sorted(m.__name__ for m in missing)}")
    out = [INTRO]
    for model, heading in SECTIONS:
        title = heading if model is Scenario else f"`{heading}`"
        doc = _reflow(model.__doc__ or "").split("\n\n")
        out.append(f"### {title}\n")
        out.append(_wrap(doc[0]) + "\n")
        where = paths.get(model, [])
        if any("." in p for p in where):
            out.append("Where: " + ", ".join(f"`{p}`" for p in where) + ".\n")
        rows = ["| key | what it is | default |", "|---|---|---|"]
        for name, info in model.model_fields.items():
            key = info.alias or name
            rows.append(f"| `{key}` | {_what(info)} | {_default(info)} |")
        out.append("\n".join(rows) + "\n")
        out.extend(_wrap(p) + "\n" for p in doc[1:])
    return "\n".join(out)


def _split_guide(text: str, path: Path) -> tuple[str, str, str]:
    before, start, rest = text.partition(START_MARKER)
    inside, end, after = rest.partition(END_MARKER)
    if not start or not end:
        raise ValueError(f"{path}: the markers {START_MARKER} and {END_MARKER} are missing")
    return before, inside, after


def guide_reference(path: str | Path = GUIDE_PATH) -> str:
    """The text between the guide's reference markers."""
    path = Path(path)
    return _split_guide(path.read_text(encoding="utf-8"), path)[1]


def update_guide(path: str | Path = GUIDE_PATH) -> bool:
    """Rewrite the guide's reference section (between its markers); whether it changed."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    before, inside, after = _split_guide(text, path)
    fresh = "\n" + reference_markdown()
    if inside == fresh:
        return False
    path.write_text(before + START_MARKER + fresh + END_MARKER + after, encoding="utf-8")
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the schema file and the guide's reference; `--check` only compares."""
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    stale = []
    if check:
        if not SCHEMA_PATH.is_file() or SCHEMA_PATH.read_text(encoding="utf-8") != schema_text():
            stale.append(str(SCHEMA_PATH))
        if guide_reference() != "\n" + reference_markdown():
            stale.append(f"{GUIDE_PATH} (field reference)")
        for name in stale:
            print(f"out of date: {name}; run: {REGENERATE}")
        if not stale:
            print("the schema and the field reference are up to date")
        return 1 if stale else 0
    print(f"{SCHEMA_PATH}: {'written' if write_schema() else 'unchanged'}")
    print(f"{GUIDE_PATH} (field reference): {'updated' if update_guide() else 'unchanged'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
