"""The JSON Schema, the guide's field reference and `brink new`: generated, current, usable."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from game.engine import Game
from game.resources import shipped_scenarios
from game.scenario import check_file
from game.scenario import schema as sch
from game.scenario.schema import (
    REGENERATE,
    SCHEMA_PATH,
    SECTIONS,
    guide_reference,
    json_schema,
    reference_markdown,
    update_guide,
    write_schema,
)
from game.scenario.template import (
    SCHEMA_COMMENT,
    TEMPLATE_PATH,
    new_scenario,
    scenario_id,
    schema_reference,
)
from game.scenario.yamlsrc import parse_yaml

DATA = Path(__file__).parent.parent / "data"
MINI = DATA / "mini.yaml"
FILES = [*shipped_scenarios(), TEMPLATE_PATH, MINI]


def _load(path: Path) -> Any:
    """A scenario file's data as an editor sees it: dates are strings."""
    src, problems = parse_yaml(path.read_bytes(), str(path))
    assert src is not None, problems

    def plain(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: plain(v) for k, v in node.items()}
        if isinstance(node, list):
            return [plain(v) for v in node]
        return node.isoformat() if isinstance(node, dt.date) else node

    return plain(src.data)


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> list[dict[str, Any]]:
    """The alternatives a (sub)schema allows: $ref, allOf and anyOf expanded."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return _resolve(root["$defs"][name], root)
    out = [schema]
    for key in ("allOf", "anyOf"):
        for sub in schema.get(key, []):
            out += _resolve(sub, root)
    return out


def unknown_keys(data: Any, schema: dict[str, Any], root: dict[str, Any],
                 path: str = "") -> list[str]:
    """Paths of the keys in `data` that the schema does not know (no jsonschema needed)."""
    import re

    options = _resolve(schema, root)
    found: list[str] = []
    if isinstance(data, dict):
        objects = [s for s in options if "properties" in s or "additionalProperties" in s
                   or "patternProperties" in s]
        for key, value in data.items():
            subs = []
            for s in objects:
                names = s.get("propertyNames", {}).get("pattern")
                if names is not None and not re.search(names, key):
                    continue
                if key in s.get("properties", {}):
                    subs.append(s["properties"][key])
                subs += [p for pat, p in s.get("patternProperties", {}).items()
                         if re.search(pat, key)]
                extra = s.get("additionalProperties", True)
                if not subs and extra is not False:
                    subs.append(extra if isinstance(extra, dict) else {})
            if not subs:
                found.append(f"{path}.{key}".lstrip("."))
            for sub in subs:
                found += unknown_keys(value, sub, root, f"{path}.{key}")
    elif isinstance(data, list):
        for i, item in enumerate(data):
            for s in options:
                if isinstance(s.get("items"), dict):
                    found += unknown_keys(item, s["items"], root, f"{path}[{i}]")
    return sorted(set(found))


# -- the schema --------------------------------------------------------------------------------

def test_shipped_schema_is_current() -> None:
    assert SCHEMA_PATH.is_file(), f"{SCHEMA_PATH} is missing: run {REGENERATE}"
    shipped = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert shipped == json_schema(), f"{SCHEMA_PATH} is out of date: run {REGENERATE}"


def test_schema_header_and_editor_friendly_shapes() -> None:
    s = json_schema()
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert s["$id"].endswith("scenario.schema.json") and ".invalid/" in s["$id"]
    assert s["title"] and s["description"]
    event = s["$defs"]["Event"]["properties"]
    assert "from" in event and "from_" not in event
    assert [b.get("type") for b in s["$defs"]["Text"]["anyOf"]] == ["string", "object", "array"]
    assert {"type": "boolean"} in s["$defs"]["Condition"]["anyOf"]
    assert {"type": "number"} in s["$defs"]["Expression"]["anyOf"]
    assert s["$defs"]["Period"]["properties"]["start"] == {
        **s["$defs"]["Period"]["properties"]["start"], "type": "string", "format": "date"}
    assert s["properties"]["format"]["const"] == 1

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            # older drafts (which editors use) ignore any keyword beside a $ref
            assert "$ref" not in node or len(node) == 1, node
            assert node.get("default", 0) is not None
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(s)


def test_every_property_of_the_schema_has_a_description() -> None:
    s = json_schema()
    missing = [f"{name}.{key}" for name, d in s["$defs"].items()
               for key, prop in d.get("properties", {}).items() if not prop.get("description")]
    missing += [key for key, prop in s["properties"].items() if not prop.get("description")]
    assert not missing


def test_write_schema_reports_a_change(tmp_path: Path) -> None:
    out = tmp_path / "scenario.schema.json"
    assert write_schema(out) is True
    assert json.loads(out.read_text(encoding="utf-8")) == json_schema()
    assert write_schema(out) is False
    out.write_text("{}", encoding="utf-8")
    assert write_schema(out) is True


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_key_of_the_files_is_in_the_schema(path: Path) -> None:
    s = json_schema()
    assert unknown_keys(_load(path), s, s) == []


def test_the_key_check_finds_unknown_keys() -> None:
    s = json_schema()
    data = _load(MINI)
    data["tittle"] = "x"
    data["events"][0]["options"][0]["efects"] = {}
    data["events"][0]["options"][0]["effects"]["us prestige"] = 1
    assert unknown_keys(data, s, s) == ["events[0].options[0].efects",
                                        "events[0].options[0].effects.us prestige", "tittle"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_files_validate_against_the_schema(path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    s = json_schema()
    validator = jsonschema.Draft202012Validator(
        s, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator.iter_errors(_load(path))]
    assert errors == []


def test_the_schema_refuses_what_the_validator_refuses() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    s = json_schema()
    jsonschema.Draft202012Validator.check_schema(s)
    validator = jsonschema.Draft202012Validator(
        s, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    good = _load(MINI)
    assert validator.is_valid(good)

    def changed(change: Any) -> bool:
        data = json.loads(json.dumps(good))
        change(data)
        return validator.is_valid(data)

    option = ("events", 0, "options", 0)

    def at(data: Any, path: tuple[Any, ...]) -> Any:
        for p in path:
            data = data[p]
        return data

    assert not changed(lambda d: d.update(format=2))
    assert not changed(lambda d: d.update(title={"EN": "x"}))
    assert not changed(lambda d: d.update(title="  "))
    assert not changed(lambda d: d["period"].update(start="16 October 1962"))
    assert not changed(lambda d: at(d, option).update(kind="wait"))
    assert not changed(lambda d: at(d, option)["effects"].update(tension=True))
    assert not changed(lambda d: at(d, option).update(requires=3))
    assert changed(lambda d: at(d, option).update(requires=True))
    assert changed(lambda d: at(d, option)["effects"].update(tension="tension / 10"))
    assert changed(lambda d: d["events"][0].update({"from": 2, "to": "1962-10-18"}))
    assert not changed(lambda d: d["endings"][0]["score"].update({"U S": 1}))


# -- the models' descriptions and the guide ---------------------------------------------------

def _models() -> list[type[BaseModel]]:
    return [model for model, _ in SECTIONS]


def test_every_model_is_in_the_reference() -> None:
    assert set(sch._paths()) == set(_models())


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_every_field_has_a_description(model: type[BaseModel]) -> None:
    assert (model.__doc__ or "").strip()
    for name, info in model.model_fields.items():
        text = (info.description or "").strip()
        assert text, f"{model.__name__}.{name} has no description"
        assert text.endswith("."), f"{model.__name__}.{name}: end the sentence with a full stop"
        assert "|" not in text, f"{model.__name__}.{name}: '|' would break the guide's table"


def test_the_reference_has_a_row_per_field_with_its_default() -> None:
    md = reference_markdown()
    for model, heading in SECTIONS:
        title = heading if heading == "Top level" else f"`{heading}`"
        section = md.split(f"\n### {title}\n", 1)[1].split("\n### ", 1)[0]
        for name, info in model.model_fields.items():
            row = next((line for line in section.splitlines()
                        if line.startswith(f"| `{info.alias or name}` |")), None)
            assert row is not None, f"no row for {model.__name__}.{name}"
            default = row.rsplit("|", 2)[1].strip()
            assert (default == "required") == info.is_required(), row
    assert "| `relax` | *number* — How much tension falls" in md
    assert "| `every` | *whole number* —" in md and "| `1` |" in md
    assert "| `when` | *condition* — A condition for it to happen, an expression such as" in md
    assert "| `name` | *text* — The side's name as players see it" in md


def test_the_guide_reference_is_current() -> None:
    assert guide_reference() == "\n" + reference_markdown(), (
        f"the field reference in {sch.GUIDE_PATH} is out of date: run {REGENERATE}")


def test_update_guide_rewrites_only_between_the_markers(tmp_path: Path) -> None:
    guide = tmp_path / "README.md"
    guide.write_text(f"# Guide\n\nbefore\n{sch.START_MARKER}\nstale text\n"
                     f"{sch.END_MARKER}\nafter\n", encoding="utf-8")
    assert update_guide(guide) is True
    text = guide.read_text(encoding="utf-8")
    assert text.startswith("# Guide\n\nbefore\n" + sch.START_MARKER + "\n## The fields\n")
    assert text.endswith(sch.END_MARKER + "\nafter\n")
    assert "stale text" not in text
    assert update_guide(guide) is False
    guide.write_text("# Guide without markers\n", encoding="utf-8")
    with pytest.raises(ValueError, match="markers"):
        update_guide(guide)


def test_the_regenerate_command_finds_everything_current(capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    assert sch.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


# -- the template and `brink new` -------------------------------------------------------------

def test_the_template_starts_with_the_schema_comment() -> None:
    first = TEMPLATE_PATH.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=scenario.schema.json"
    assert (TEMPLATE_PATH.parent / "scenario.schema.json").resolve() == SCHEMA_PATH.resolve()


def _validate_reports(path: Path) -> list[Any]:
    """Everything `brink validate` reports (its simulation warnings too, where available)."""
    try:
        from game.sim.lint import lint_file
    except ImportError:
        return check_file(path)[1]
    return lint_file(str(path))[1]


def test_the_template_validates_clean_and_reaches_several_endings() -> None:
    compiled, problems = check_file(TEMPLATE_PATH)
    assert problems == []
    assert _validate_reports(TEMPLATE_PATH) == []
    assert compiled is not None
    kinds = {o.kind for o in compiled.options}
    assert kinds == {"escalate", "hold", "negotiate", "concede"}
    endings: Counter[str] = Counter()
    for seed in range(300):
        game = Game.new(compiled, seed)
        assert game.is_over()
        endings[game.outcome().ending] += 1  # type: ignore[union-attr]
    assert len(endings) >= 2, endings
    assert endings["nuclear_war"] < 100, endings


@pytest.mark.parametrize(("name", "ident"), [
    ("Suez crisis 1956", "suez_crisis_1956"),
    ("Crise des missiles à Cuba", "crise_des_missiles_a_cuba"),
    ("  Berlin -- 1961!  ", "berlin_1961"),
    ("1956: Hungary", "hungary"),
    ("x" * 60, "x" * 48),
])
def test_scenario_id(name: str, ident: str) -> None:
    assert scenario_id(name) == ident


@pytest.mark.parametrize("name", ["", "   ", "1956", "Суэцкий кризис", "!!!"])
def test_a_name_without_letters_gives_no_id(name: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        new_scenario(name, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_new_scenario_validates_clean_and_plays_to_an_ending(tmp_path: Path) -> None:
    path = new_scenario("Suez crisis 1956", tmp_path)
    assert path == tmp_path / "suez_crisis_1956.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(SCHEMA_COMMENT)
    ref = first.removeprefix(SCHEMA_COMMENT)
    assert Path(ref).is_absolute() and Path(ref).resolve() == SCHEMA_PATH.resolve()
    compiled, problems = check_file(path)
    # The title is written in English only: the French one is left to translate, and said so.
    assert [p.message for p in problems] == ["missing translation: no fr text here; add fr: ..."]
    assert problems[0].severity == "warning"
    assert path.read_text(encoding="utf-8").splitlines()[problems[0].line - 1].startswith("title:")
    assert [p.message for p in _validate_reports(path)] == [problems[0].message]
    assert compiled is not None
    assert compiled.model.id == "suez_crisis_1956"
    assert compiled.model.title == {"en": "Suez crisis 1956"}
    french = new_scenario("Crise de Suez", tmp_path, title_language="fr")
    assert check_file(french)[0].model.title == {"fr": "Crise de Suez"}  # type: ignore[union-attr]
    for side in ("us", "ussr"):
        game = Game.new(compiled, seed=7, humans=[side])
        moves = 0
        while not game.is_over():
            game.apply(game.legal_options()[0])
            moves += 1
        assert moves >= 1
        assert game.outcome() is not None


def test_new_scenario_keeps_a_tricky_title_and_chosen_language(tmp_path: Path) -> None:
    name = 'L\'été "brûlant": #1, {vraiment}'
    path = new_scenario(name, tmp_path, languages=["fr"])
    compiled, problems = check_file(path)
    assert problems == []
    assert compiled is not None
    assert compiled.model.title == {"fr": name}
    assert compiled.model.languages == ["fr"]
    with pytest.raises(ValueError, match="en and fr"):
        new_scenario("Another", tmp_path, languages=["de"])


def test_new_scenario_never_overwrites(tmp_path: Path) -> None:
    path = new_scenario("Suez crisis 1956", tmp_path)
    path.write_text("# my work\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        new_scenario("Suez Crisis, 1956", tmp_path)
    assert path.read_text(encoding="utf-8") == "# my work\n"
    with pytest.raises(FileNotFoundError):
        new_scenario("Suez", tmp_path / "nowhere")


def test_schema_reference_is_absolute_so_the_file_can_move(tmp_path: Path) -> None:
    schema = tmp_path / "a" / "scenario.schema.json"
    assert schema_reference(schema) == str(schema.resolve().as_posix()) or \
        schema_reference(schema).startswith("file:")
    path = new_scenario("Moved", tmp_path)
    moved = tmp_path / "elsewhere" / "deeper"
    moved.mkdir(parents=True)
    text = path.read_text(encoding="utf-8")
    (moved / path.name).write_text(text, encoding="utf-8")
    ref = text.splitlines()[0].removeprefix(SCHEMA_COMMENT)
    assert Path(ref).is_file()  # the same reference still names the schema
