"""The brink command as users run it: validate, simulate, play --text (en and fr), resume."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.yaml"


def brink(*args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, text=True,
                          capture_output=True, env={**os.environ, **(env or {})}, timeout=120)


def test_validate_exit_codes() -> None:
    ok = brink("validate", str(MINI))
    assert ok.returncode == 0 and "OK" in ok.stdout
    bad = brink("validate", str(MINI), str(DATA / "bad" / "unknown_flag.yaml"),
                str(DATA / "bad" / "unknown_side.yaml"))
    assert bad.returncode == 1
    assert "unknown_flag.yaml:33:15: error: unknown flag 'blockad'" in bad.stdout
    assert "unknown_side.yaml:18:11: error: unknown side 'usa'" in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr


def test_validate_never_shows_a_traceback() -> None:
    files = [str(p) for p in sorted((DATA / "bad").glob("*.yaml"))]
    r = brink("validate", *files, "missing.yaml")
    assert r.returncode == 1
    assert "Traceback" not in r.stdout + r.stderr
    assert "missing.yaml:1:1: error: no such file" in r.stdout


def test_simulate_prints_a_table_and_json(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    r = brink("simulate", str(MINI), "--runs", "2000", "--seed", "3", "--us", "hawk",
              "--ussr", "dove", "--json", str(out))
    assert r.returncode == 0, r.stderr
    assert "war rate:" in r.stdout and "us=hawk, ussr=dove" in r.stdout
    data = json.loads(out.read_text())
    assert data["runs"] == 2000 and data["seed"] == 3
    assert {"endings", "war_rate", "peak_tension", "mean_scores"} <= set(data)


def test_simulate_bad_policy_is_a_clear_error() -> None:
    r = brink("simulate", str(MINI), "--us", "hwak")
    assert r.returncode == 1 and "did you mean 'hawk'" in r.stderr
    r = brink("simulate", str(DATA / "bad" / "unknown_flag.yaml"))
    assert r.returncode == 1 and "unknown flag" in r.stderr


def test_play_text_to_the_debrief() -> None:
    r = brink("play", "--text", str(MINI), "--side", "us", "--seed", "3", stdin="2\n" * 10)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "=== Mini crisis ===" in out and "You lead: United States." in out
    assert "[Hold firm] Blockade" in out
    assert "Curtis LeMay (hawk) argued for bombing the sites at once." in out
    assert "United States chose: Blockade" in out
    assert "Tension 40/100, DEFCON 3" in out
    assert "=== Debrief:" in out and "replayed 10,000 times" in out
    assert "What really happened:" in out and "Michael Dobbs" in out


def test_play_text_in_french() -> None:
    r = brink("play", "--text", str(MINI), "--side", "ussr", "--seed", "3", "--lang", "fr",
              stdin="1\n" * 10)
    assert r.returncode == 0, r.stderr
    assert "Vous dirigez : Union soviétique." in r.stdout
    assert "octobre 1962" in r.stdout
    assert "Bilan" in r.stdout


def test_quit_then_resume(tmp_path: Path) -> None:
    env = {"BRINK_DATA_DIR": str(tmp_path)}
    first = brink("play", "--text", str(MINI), "--side", "us", "--seed", "8", stdin="1\nq\n",
                  env=env)
    assert first.returncode == 0 and "brink play --text --resume" in first.stdout
    saves = list((tmp_path / "saves").glob("*.json"))
    assert len(saves) == 1
    assert json.loads(saves[0].read_text())["choices"] == [["photos", "strike"]]
    second = brink("play", "--text", "--resume", stdin="1\n" * 10, env=env)
    assert second.returncode == 0, second.stderr
    assert "United States chose: Bomb the sites" in second.stdout  # the log so far
    assert "=== Debrief:" in second.stdout


def test_resume_without_saves(tmp_path: Path) -> None:
    r = brink("play", "--text", "--resume", env={"BRINK_DATA_DIR": str(tmp_path)})
    assert r.returncode == 1 and "no saved game" in r.stdout


def test_choose_scenario_and_side_from_menus() -> None:
    r = brink("play", "--text", "--seed", "1", stdin="1\n1\n" + "1\n" * 40)
    assert r.returncode == 0, r.stderr
    assert "Choose a scenario:" in r.stdout and "Choose your side:" in r.stdout
    assert "=== Debrief:" in r.stdout


def test_bench_runs() -> None:
    r = brink("bench", "--runs", "2000", "--seconds", "0.2", "--scenario", str(MINI))
    assert r.returncode == 0, r.stderr
    assert "batch games/s" in r.stdout and "mini" in r.stdout
