"""brink report on a teacher's own scenario: found through the saves' recorded files, the
folder or --scenario; students shown by name; a legend that holds a class of thirty; exit 1
when no game could be read."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from game.classreport import class_report, class_report_html, format_class_report
from game.engine import Game
from game.saves import SaveData, write_save
from game.scenario import load_scenario
from game.sim.svgchart import Series, line_chart

DATA = Path(__file__).parent / "data"
TEACHER = DATA / "teacher" / "taiwan_strait_1958.yaml"
ROOT = Path(__file__).parent.parent


def brink(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8"}
    env.pop("LANGUAGE", None)
    return subprocess.run([sys.executable, "-m", "game", *args], text=True,
                          capture_output=True, env=env, timeout=180)


def class_of(folder: Path, scenario: Path, n: int, recorded: str | None = None) -> None:
    """`n` students' finished games of `scenario`, saved in `folder` with their names."""
    c = load_scenario(scenario)
    for k in range(n):
        g = Game.new(c, 100 + k, ["us"])
        while not g.is_over():
            g.apply(g.legal_options()[k % len(g.legal_options())])
        data = SaveData.of(g, "en", player=f"Élève numéro {k + 1} avec un nom assez long")
        if recorded is not None:
            data = replace(data, scenario_path=recorded)
        write_save(data, folder / f"student{k + 1:02d}.json")


def test_the_saves_recorded_file_is_found(tmp_path: Path) -> None:
    """Students played the teacher's file where it is: nothing else to give."""
    saves = tmp_path / "saves"
    class_of(saves, TEACHER, 3)
    report = class_report(saves)
    assert report.games == 3 and report.skipped == ()
    text = format_class_report(report)
    assert "Élève numéro 1 avec un nom assez long (student01.json): United States" in text


def test_a_missing_recorded_file_is_replaced_by_the_folder_or_scenario(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    class_of(saves, TEACHER, 2, recorded="/home/student/Documents/taiwan_strait_1958.yaml")
    r = brink("report", str(saves))
    assert r.returncode == 1
    assert "0 games read, 2 files skipped" in r.stdout
    assert "--scenario" in r.stdout
    given = brink("report", str(saves), "--scenario", str(TEACHER))
    assert given.returncode == 0, given.stdout + given.stderr
    assert "2 games read" in given.stdout
    (saves / TEACHER.name).write_bytes(TEACHER.read_bytes())
    assert brink("report", str(saves)).returncode == 0


def test_a_recorded_path_that_is_not_a_yaml_file_is_not_read(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    class_of(saves, TEACHER, 1, recorded=str(tmp_path))  # a folder, not a .yaml file
    report = class_report(saves)
    assert report.games == 0
    assert "was not found" in report.skipped[0].reason


def test_thirty_names_in_a_readable_legend(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    class_of(saves, TEACHER, 30)
    page = class_report_html(class_report(saves), "fr")
    chart = next(x for x in page.split("<svg")[1:] if "<polyline" in x)
    chart = chart[:chart.index("</svg>")]
    legend = re.findall(r'<text x="(\d+)" y="(\d+)"><title>([^<]*)</title>([^<]*)</text>',
                        chart)
    assert len(legend) == 30
    width = int(re.search(r'width="(\d+)"', chart).group(1))  # type: ignore[union-attr]
    spots = set()
    for x, y, full, shown in legend:
        assert full.startswith("Élève numéro")
        assert shown == full or shown.endswith("…")
        assert int(x) + 6.6 * len(shown) <= width  # inside the chart
        spots.add((x, y))
    assert len(spots) == 30  # no two names on the same spot
    columns = sorted({int(x) for x, _, _, _ in legend})
    for a, b in itertools.pairwise(columns):
        longest = max(len(s) for x, _, _, s in legend if int(x) == a)
        assert a + 22 + 6.6 * longest <= b  # a column's names end before the next column


def test_more_lines_than_colours_differ_by_their_dashes() -> None:
    series = [Series(f"s{k}", (10.0 * k, 20.0)) for k in range(20)]
    svg = line_chart(series, "t", ["start", "1"])
    styles = re.findall(r'<polyline [^>]*stroke="(#[0-9A-Fa-f]+)"[^>]*?(?: stroke-dasharray="'
                        r'([^"]+)")?>', svg)
    assert len(styles) == 20 and len(set(styles)) == 20
