"""Start a new scenario from the commented template (`brink new NAME`)."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from game.resources import scenarios_dir
from game.scenario.problems import Msg, MsgError
from game.scenario.schema import SCHEMA_PATH

TEMPLATE_PATH = scenarios_dir() / "_template.yaml"
#: The languages the template's texts are written in.
TEMPLATE_LANGUAGES = ("en", "fr")
SCHEMA_COMMENT = "# yaml-language-server: $schema="
MAX_ID = 48


def scenario_id(name: str) -> str:
    """The id a scenario named `name` gets: lower case, accents dropped, other characters `_`,
    starting with a letter ('Suez crisis 1956' -> 'suez_crisis_1956'); ValueError if none."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "_", plain.lower())
    ident = re.sub(r"^[^a-z]+", "", words)[:MAX_ID].strip("_")
    if not ident:
        raise MsgError(Msg("the name {name} gives no id: it needs at least one letter from a "
                           "to z (accents are fine), such as 'Suez crisis 1956'",
                           name=repr(name)))
    return ident


def schema_reference(schema: str | Path = SCHEMA_PATH) -> str:
    """How a new scenario names the schema: its absolute path (a file URI on Windows), so that
    the link holds wherever the scenario file is moved, and when the game is installed."""
    schema = Path(schema).resolve()
    return schema.as_uri() if os.name == "nt" else schema.as_posix()


def _replace_line(text: str, key: str, value: str) -> str:
    pattern = re.compile(rf"^{re.escape(key)}:.*$", re.MULTILINE)
    if len(pattern.findall(text)) != 1:
        raise RuntimeError(f"the template {TEMPLATE_PATH} needs exactly one top-level "
                           f"'{key}:' line")
    return pattern.sub(lambda _: f"{key}: {value}", text, count=1)


def render_template(name: str, languages: Sequence[str] | None = None,
                    title_language: str | None = None) -> str:
    """The text of a new scenario named `name` (see new_scenario)."""
    title = " ".join(name.split())
    if not title:
        raise MsgError(Msg("the name of the scenario is empty"))
    if any(unicodedata.category(c).startswith("C") for c in title):
        raise MsgError(Msg("the name of the scenario must be plain text on one line"))
    langs = list(dict.fromkeys(languages or TEMPLATE_LANGUAGES))
    unknown = [lang for lang in langs if lang not in TEMPLATE_LANGUAGES]
    if unknown:
        raise MsgError(Msg("the template is written in {written}, not {asked}",
                           written=" and ".join(TEMPLATE_LANGUAGES), asked=", ".join(unknown)))
    title_language = title_language or langs[0]
    if title_language not in langs:
        raise MsgError(Msg("the title's language, {lang}, is not one of the scenario's: "
                           "{langs}", lang=title_language, langs=", ".join(langs)))
    quoted = json.dumps(title, ensure_ascii=False)  # a JSON string is a YAML string
    text = TEMPLATE_PATH.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    if not first.startswith(SCHEMA_COMMENT):
        raise RuntimeError(f"the template {TEMPLATE_PATH} must start with '{SCHEMA_COMMENT}'")
    text = f"{SCHEMA_COMMENT}{schema_reference()}\n{rest}"
    text = _replace_line(text, "id", scenario_id(name))
    text = _replace_line(text, "title", "{" + f"{title_language}: {quoted}" + "}")
    return _replace_line(text, "languages", "[" + ", ".join(langs) + "]")


def new_scenario(name: str, folder: str | Path = ".",
                 languages: Sequence[str] | None = None,
                 title_language: str | None = None) -> Path:
    """Write `<folder>/<id>.yaml`, a new scenario titled `name`, from the commented template.

    `languages` (default: en and fr) are the languages the scenario is written in; the title
    is written in `title_language` only (default: the first of them): the others are left to
    translate, and `brink validate` says so. Raises ValueError for a name that gives no id,
    FileNotFoundError if `folder` is not a folder, FileExistsError if the file exists; the
    file is never overwritten.
    """
    folder = Path(folder)
    text = render_template(name, languages, title_language)
    if not folder.is_dir():
        raise _NoFolder(Msg("no such folder: {path}", path=str(folder)))
    path = folder / f"{scenario_id(name)}.yaml"
    try:
        with path.open("x", encoding="utf-8", newline="\n") as f:
            f.write(text)
    except FileExistsError:
        raise _Exists(Msg("{path} already exists: choose another name, or move that file "
                          "away first", path=str(path))) from None
    return path


class _NoFolder(FileNotFoundError):
    def __init__(self, msg: Msg) -> None:
        super().__init__(str(msg))
        self.msg = msg


class _Exists(FileExistsError):
    def __init__(self, msg: Msg) -> None:
        super().__init__(str(msg))
        self.msg = msg
