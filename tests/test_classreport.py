"""Class report: a folder of saves summed up per scenario; bad files listed and skipped."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from game.classreport import (
    ClassReport,
    class_report,
    class_report_html,
    format_class_report,
    write_class_report,
)
from game.engine import Game
from game.saves import SaveData, write_save
from game.scenario.tables import WAR, Compiled
from game.session import Session

MINI = Path(__file__).parent / "data" / "mini.yaml"


def play(mini: Compiled, side: str, seed: int, picks: list[str], limit: int = 99) -> Game:
    """Play `side`, taking the first of `picks` that is legal at each decision (else the last
    legal option), for at most `limit` decisions."""
    g = Game.new(mini, seed, [side])
    while not g.is_over() and len(g.choices) < limit:
        legal = g.legal_options()
        g.apply(next((p for p in picks if p in legal), legal[-1]))
    return g


@pytest.fixture
def folder(mini: Compiled, tmp_path: Path) -> tuple[Path, list[tuple[str, Game]]]:
    d = tmp_path / "class"
    games = [("alice.json", play(mini, "us", 1, ["blockade", "ease"])),
             ("bob.json", play(mini, "us", 2, ["strike", "press"])),
             ("chloe.json", play(mini, "ussr", 3, ["withdraw"])),
             ("dan.json", play(mini, "ussr", 4, ["push"])),
             ("<b>eve.json", play(mini, "us", 5, ["talk", "ease"])),
             ("fred.json", play(mini, "us", 6, ["strike"], limit=1))]
    assert not games[-1][1].is_over(), "fred's game should stop half-way"
    for name, g in games:
        write_save(SaveData.of(g), d / name)
    # A game played through a session (autosaved in BRINK_DATA_DIR), copied in by hand.
    s = Session.new(mini, "ussr", "fr", seed=7)
    while not s.game.is_over():
        s.choose(s.game.legal_options()[0])
    assert s.save_path is not None
    (d / "gus.json").write_bytes(s.save_path.read_bytes())
    games.append(("gus.json", s.game))
    raw = (d / "alice.json").read_bytes()
    (d / "damaged.json").write_bytes(raw[: len(raw) // 2])
    (d / "foreign.json").write_text(json.dumps({"name": "a recipe", "eggs": 3}))
    (d / "photo.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    (d / "notes.txt").write_text("bring the saves on Monday")
    other = json.loads(raw)
    other["scenario_id"] = "atlantis_1963"
    (d / "zoe.json").write_text(json.dumps(other))
    (d / "copy-of-alice.json").write_bytes(raw)
    (d / "sub").mkdir()
    return d, games


def test_counts_and_endings(folder: tuple[Path, list[tuple[str, Game]]]) -> None:
    d, games = folder
    report = class_report(d, [MINI])
    assert report.games == len(games) == 7
    (s,) = report.scenarios
    assert s.scenario.id == "mini"
    by_file = {g.file: g for g in s.games}
    assert set(by_file) == {name for name, _ in games}
    finished = [g for _, g in games if g.is_over()]
    assert s.finished == len(finished) == 6
    expected = Counter(g.outcome().ending for g in finished)  # type: ignore[union-attr]
    assert dict(s.endings) == dict(expected)
    assert s.wars == expected.get(WAR, 0)
    assert s.war_rate == pytest.approx(expected.get(WAR, 0) / 6)
    for name, g in games:
        got = by_file[name]
        assert got.sides == g.humans and got.turn == g.turn
        assert got.final_tension == pytest.approx(g.tension)
        assert got.path == tuple(g.tension_path)
        assert [(st.event, st.option) for st in got.steps] == g.choices
        out = g.outcome()
        assert got.ending == (out.ending if out else None)
        if out:
            assert got.peak_tension == pytest.approx(out.peak_tension)
    fred = by_file["fred.json"]
    assert not fred.finished and fred.peak_tension >= fred.final_tension
    assert not any(g.scenario_changed for g in s.games)


def test_decisions_against_history(folder: tuple[Path, list[tuple[str, Game]]],
                                   mini: Compiled) -> None:
    d, games = folder
    (s,) = class_report(d, [MINI]).scenarios
    played = Counter(c for _, g in games for c in g.choices)
    faced = Counter(e for _, g in games for e in {e for e, _ in g.choices})
    assert {t.event for t in s.decisions} == {e for e, _ in played}
    for t in s.decisions:
        assert t.decisions == sum(k for (e, _), k in played.items() if e == t.event)
        assert t.students == faced[t.event]
        for o in t.options:
            assert o.count == played.get((t.event, o.option), 0)
            assert o.historical == mini.options[mini.option_index(t.event, o.option)].historical
        hist = sum(o.count for o in t.options if o.historical)
        assert t.historical_share == pytest.approx(hist / t.decisions)
    photos = next(t for t in s.decisions if t.event == "photos")
    assert photos.side == "us" and photos.students == 4


def test_bad_files_are_listed_and_skipped(folder: tuple[Path, list[tuple[str, Game]]]) -> None:
    d, _ = folder
    report = class_report(d, [MINI])
    reasons = {x.name: x.reason for x in report.skipped}
    assert set(reasons) == {"damaged.json", "foreign.json", "photo.json", "notes.txt",
                            "zoe.json", "copy-of-alice.json", "sub"}
    assert "not a readable save" in reasons["damaged.json"]
    assert reasons["foreign.json"] == "not a Brink save"
    assert "not a readable save" in reasons["photo.json"]
    assert "not a saved game" in reasons["notes.txt"]
    assert "'atlantis_1963' was not found" in reasons["zoe.json"]
    assert reasons["copy-of-alice.json"] == "the same save as alice.json"
    assert str(d) not in "".join(reasons.values())
    text = format_class_report(report)
    assert "skipped: zoe.json — its scenario 'atlantis_1963' was not found" in text
    assert "skipped: foreign.json — not a Brink save" in text


def test_text_report(folder: tuple[Path, list[tuple[str, Game]]]) -> None:
    d, _ = folder
    report = class_report(d, [MINI])
    text = format_class_report(report, "fr")
    assert "Mini-crise (mini)" in text
    assert "7 parties\u00a0: 6 achevées, 1 inachevées" in text
    assert "Un accord" in text
    assert "fred.json\u00a0: États-Unis\u202f; inachevée, tour " in text
    assert "16 octobre 1962\u00a0: Les photographies\u00a0: Blocus (historique)" in text
    assert "comme dans l'histoire\u00a0:" in text and "Files skipped" not in text
    assert not re.search(r"\d\.\d", text.split("Fichiers ignorés")[0])  # decimal commas
    en = format_class_report(report, "en")
    assert "7 games: 6 finished, 1 unfinished" in en
    assert "fred.json: United States; unfinished, turn " in en
    assert "16 October 1962: The photographs: Blockade (historical)" in en
    assert "as in history:" in en


def test_html_report_escapes_and_charts(folder: tuple[Path, list[tuple[str, Game]]]) -> None:
    d, _ = folder
    report = class_report(d, [MINI])
    out = d.parent / "class.html"
    write_class_report(report, out, "en")
    page = out.read_text(encoding="utf-8")
    assert page.rstrip("\n") == class_report_html(report, "en").rstrip("\n")
    assert page.count("<svg") == 2
    assert "&lt;b&gt;eve.json" in page and "<b>eve" not in page
    assert "<script" not in page.lower()
    assert "skipped: damaged.json" in page
    txt = d.parent / "class.txt"
    write_class_report(report, txt)
    assert txt.read_text(encoding="utf-8").startswith("Class report for ")


def test_changed_scenario_is_reported_and_marked(mini: Compiled, tmp_path: Path) -> None:
    d = tmp_path / "class"
    talk = play(mini, "us", 11, ["talk", "ease"])
    blockade = play(mini, "us", 12, ["blockade", "ease"])
    # Played on the students' machines: the files the saves name are not on this one.
    elsewhere = str(tmp_path / "student-pc" / "mini.yaml")
    write_save(replace(SaveData.of(talk), scenario_path=elsewhere), d / "talk.json")
    write_save(replace(SaveData.of(blockade), scenario_path=elsewhere), d / "blockade.json")
    # The teacher's newer version: a hostile title, and 'talk' removed from the photographs.
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("title: {en: Mini crisis, fr: Mini-crise}",
                        'title: "<script>alert(1)</script>"')
    start = text.index("      - id: talk")
    end = text.index("  - id: answer")
    (d / "mini_v2.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    (d / "broken.yaml").write_text("format: 1\nid: [", encoding="utf-8")
    report = class_report(d)
    (s,) = report.scenarios
    assert s.scenario.sha256 != mini.sha256
    by_file = {g.file: g for g in s.games}
    assert all(g.scenario_changed for g in s.games)
    assert by_file["talk.json"].applied == 0 < by_file["talk.json"].total
    assert by_file["blockade.json"].steps[0].option == "blockade"
    assert [x.name for x in report.skipped] == ["broken.yaml"]
    assert "not a usable scenario file" in report.skipped[0].reason
    assert "another version of the scenario" in format_class_report(report)
    page = class_report_html(report)
    assert "<script" not in page.lower() and "&lt;script&gt;" in page


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nowhere: no such folder"):
        class_report(tmp_path / "nowhere")
    (tmp_path / "file.json").write_text("{}")
    with pytest.raises(NotADirectoryError, match="not a folder"):
        class_report(tmp_path / "file.json")


def test_empty_folder(tmp_path: Path) -> None:
    report = class_report(tmp_path)
    assert report == ClassReport(tmp_path, (), ())
    assert "0 games read, 0 files skipped" in format_class_report(report)
