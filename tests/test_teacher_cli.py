"""The commands teachers use, as they run them: the language of the messages, scenarios named
by id from any folder, brink list, schema -, new --lang, --json with a closed pipe, report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.i18n import system_language

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.yaml"
ROOT = Path(__file__).parent.parent


def brink(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
          stdin: str = "") -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items()
            if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    run_env = {**base, "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, text=True,
                          capture_output=True, env=run_env, cwd=cwd, timeout=180)


@pytest.mark.parametrize(("env", "lang"), [
    ({}, "en"), ({"LANG": "fr_FR.UTF-8"}, "fr"), ({"LANG": "C"}, "en"),
    ({"LC_ALL": "fr_CA.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),
    ({"LANGUAGE": "de:fr", "LANG": "en_GB.UTF-8"}, "fr"), ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LC_MESSAGES": "fr_FR", "LANG": "en_US"}, "fr"),
])
def test_system_language(env: dict[str, str], lang: str) -> None:
    assert system_language(env) == lang


def test_validate_speaks_the_system_language_or_the_one_given() -> None:
    bad = str(DATA / "bad" / "unknown_flag.yaml")
    fr = brink("validate", bad, env={"LANG": "fr_FR.UTF-8"})
    assert fr.returncode == 1
    assert "erreur: indicateur\u00a0«\u202fblockad\u202f» inconnu" not in fr.stdout
    assert "33:15: erreur: indicateur «\u202fblockad\u202f» inconnu (vouliez-vous dire " \
           "«\u202fblockade\u202f»\u202f?)" in fr.stdout
    assert "1 erreur(s), 0 avertissement(s)" in fr.stdout
    en = brink("validate", "--lang", "en", bad, env={"LANG": "fr_FR.UTF-8"})
    assert "33:15: error: unknown flag 'blockad' (did you mean 'blockade'?)" in en.stdout


def test_shipped_scenarios_by_id_from_any_folder(tmp_path: Path) -> None:
    r = brink("simulate", "cuban_missile_crisis_1962", "--runs", "200", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("cuban_missile_crisis_1962: 200 runs")
    listing = brink("list", cwd=tmp_path)
    assert listing.returncode == 0
    for sid in ("bay_of_pigs_1961", "berlin_1958_1961", "cuban_missile_crisis_1962"):
        line = next(x for x in listing.stdout.splitlines() if x.startswith(sid))
        assert line.rstrip().endswith(f"{sid}.yaml") and Path(line.split()[-1]).is_file()
    assert "The Cuban missile crisis" in listing.stdout or "Cuban" in listing.stdout
    missing = brink("validate", "atlantis_1963", cwd=tmp_path)
    assert missing.returncode == 1 and "'brink list' shows" in missing.stdout


def test_list_a_folder_in_french(tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_bytes(MINI.read_bytes())
    (tmp_path / "broken.yaml").write_text("format: 1\nid: [\n", encoding="utf-8")
    r = brink("list", str(tmp_path), "--lang", "fr")
    assert r.returncode == 0
    assert "identifiant" in r.stdout and "Mini-crise" in r.stdout
    assert "(inutilisable\u00a0: 1 erreur(s)" in r.stdout


def test_schema_to_standard_output(tmp_path: Path) -> None:
    r = brink("schema", "-", cwd=tmp_path)
    assert r.returncode == 0
    assert json.loads(r.stdout)["$schema"].startswith("https://json-schema.org/")
    assert not (tmp_path / "-").exists()


def test_new_writes_the_title_in_one_language(tmp_path: Path) -> None:
    r = brink("new", "Crise de Suez 1956", "--dir", str(tmp_path), "--lang", "fr")
    assert r.returncode == 0, r.stderr
    assert "intitulé «\u202fCrise de Suez 1956\u202f» en français" in r.stdout
    path = tmp_path / "crise_de_suez_1956.yaml"
    text = path.read_text(encoding="utf-8")
    assert 'title: {fr: "Crise de Suez 1956"}' in text
    schema = Path(text.splitlines()[0].split("$schema=")[1])
    assert schema.is_absolute() and schema.is_file()
    v = brink("validate", str(path), "--lang", "fr")
    assert "traduction manquante\u00a0: pas de texte en ici" in v.stdout


def test_json_is_written_whole_when_the_output_is_closed_early(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8"}
    with subprocess.Popen([sys.executable, "-m", "game", "simulate", str(MINI), "--runs",
                           "3000", "--json", str(out)], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, env=env) as proc:
        assert proc.stdout is not None
        proc.stdout.close()  # like `| head -0`: nobody reads the table
        assert proc.wait(timeout=180) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["runs"] == 3000
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]  # no temporary file left


def test_a_closed_pipe_keeps_the_exit_code_and_the_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for args, code in ((["validate", str(bad), str(MINI)], 1),
                       (["report", str(tmp_path / "none"), "--out",
                         str(tmp_path / "class.html")], 1)):
        (tmp_path / "none").mkdir(exist_ok=True)
        with subprocess.Popen([sys.executable, "-m", "game", *args], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env) as proc:
            assert proc.stdout is not None and proc.stderr is not None
            proc.stdout.close()  # like `| head -0`
            assert proc.wait(timeout=180) == code, args
            assert "Traceback" not in proc.stderr.read().decode()


def test_quitting_before_a_game_starts_saves_nothing(tmp_path: Path) -> None:
    r = brink("play", "--text", stdin="q\n", env={"BRINK_DATA_DIR": str(tmp_path)})
    assert r.returncode == 0
    assert "Game saved" not in r.stdout and "nothing to save" in r.stdout
    assert not (tmp_path / "saves").exists() or not list((tmp_path / "saves").iterdir())


def test_argparse_errors_in_french() -> None:
    r = brink("simulate", "--lang", "fr")
    assert r.returncode == 2
    assert "utilisation\u00a0: brink simulate" in r.stderr
    assert "il manque\u00a0: scenario" in r.stderr


def test_bench_reports_validation_and_reload_times() -> None:
    r = brink("bench", "--runs", "1000", "--seconds", "0.1", "--scenario", str(MINI))
    assert r.returncode == 0, r.stderr
    assert "validation, CPU ms" in r.stdout and "F5 reload" in r.stdout
    row = next(x for x in r.stdout.splitlines() if x.startswith("mini ") and "F5" not in x)
    assert len(row.split()) == 5
