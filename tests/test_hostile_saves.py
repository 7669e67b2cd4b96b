"""Issue 13 (items 2, 6, 7, 9, 11) and issue 9 item 8: no save, no file a save names, no data
folder and no settings file can stop the game; Continue finds the player's game. Each class
of input is generated (seeded generators, Hypothesis), not only the issue's examples."""

from __future__ import annotations

import errno
import json
import os
import random
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import Game
from game.files import is_regular_file
from game.resources import shipped_scenarios
from game.saves import SaveData, clean_leftovers, read_save, save_dir, save_problem, write_save
from game.scenario import load_scenario
from game.scenario.tables import Compiled
from game.session import SaveScan, Session, find_scenario_file
from game.settings import MAX_BYTES, Settings, load_settings, settings_path
from game.textplay import play_text
from tests.scenario import costly

ROOT = Path(__file__).parent.parent
MINI = ROOT / "tests" / "data" / "mini.yaml"
CUBA = next(p for p in shipped_scenarios() if p.stem == "cuban_missile_crisis_1962")
#: "Does not hang": seconds (a hang would take forever).
HANG = 60.0


def game_of(c: Compiled, moves: int, seed: int = 7, side: str = "us") -> Game:
    """A game of `c` with `moves` decisions taken (fewer if it ends first)."""
    g = Game.new(c, seed, [side])
    for _ in range(moves):
        if g.is_over():
            break
        g.apply(g.legal_options()[0])
    return g


def finished(c: Compiled, seed: int) -> Game:
    """A game of `c` played to its end."""
    g = Game.new(c, seed, ["us"])
    while not g.is_over():
        g.apply(g.legal_options()[-1])
    return g


def put_save(data: SaveData | dict | bytes, name: str, age: float = 0.0) -> Path:
    """A file in the save folder, `age` seconds old."""
    save_dir().mkdir(parents=True, exist_ok=True)
    path = save_dir() / name
    if isinstance(data, SaveData):
        raw = data.to_json().encode()
    elif isinstance(data, dict):
        raw = json.dumps(data).encode()
    else:
        raw = data
    path.write_bytes(raw)
    stamp = time.time() - age
    os.utime(path, (stamp, stamp))
    return path


def in_thread(fn: Callable[[], object]) -> object:
    """Run `fn` in a thread; fail if it blocks (a pipe read would)."""
    out: list[object] = []
    t = threading.Thread(target=lambda: out.append(fn()), daemon=True)
    t.start()
    t.join(HANG)
    assert not t.is_alive(), "blocked"
    return out[0]


# -- 13.2, 13.6, 13.11: whatever a save names as its scenario --------------------------------
def recorded_paths(tmp: Path) -> list[tuple[str, str, bool]]:
    """(case, path a save records, whether that file may be read) — generated: long names,
    folders, pipes, devices, system files, links to them, files that are not .yaml."""
    rng = random.Random(13)
    (tmp / "folder.yaml").mkdir()
    os.mkfifo(tmp / "pipe.yaml")
    (tmp / "notes.txt").write_bytes(MINI.read_bytes())
    (tmp / "mini.YML").write_bytes(MINI.read_bytes())
    (tmp / "zero.yaml").symlink_to("/dev/zero")
    (tmp / "environ.yaml").symlink_to("/proc/self/environ")
    (tmp / "loop.yaml").symlink_to(tmp / "loop.yaml")
    cases = [("folder", str(tmp / "folder.yaml"), False), ("pipe", str(tmp / "pipe.yaml"), False),
             ("not_yaml", str(tmp / "notes.txt"), False), ("yml", str(tmp / "mini.YML"), True),
             ("dev_zero_link", str(tmp / "zero.yaml"), False),
             ("proc_link", str(tmp / "environ.yaml"), False),
             ("link_loop", str(tmp / "loop.yaml"), False),
             ("dev_null", "/dev/null", False), ("proc", "/proc/self/environ", False),
             ("root", "/", False), ("empty", "", False), ("dot", ".", False)]
    for n in (255, 256, 300, 1_000, 4_000):  # ENAMETOOLONG for a part, or for the whole path
        cases.append((f"long_{n}", "/" + "a" * n + ".yaml", False))
        cases.append((f"deep_{n}", "/" + "/".join(["b" * 50] * (n // 51 + 1)) + ".yaml", False))
    alphabet = "abc/._-éü😀 ?*\\"
    for k in range(12):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 400)))
        cases.append((f"random_{k}", text + rng.choice(["", ".yaml", ".yml"]), False))
    return cases


def test_a_saves_scenario_path_is_read_only_when_it_is_a_yaml_file(mini: Compiled,
                                                                    tmp_path: Path) -> None:
    for case, recorded, readable in recorded_paths(tmp_path):
        data = SaveData.of(game_of(mini, 1))
        data = SaveData(**{**data.__dict__, "scenario_path": recorded})
        found = in_thread(lambda d=data: find_scenario_file(d))
        if readable:
            assert found == Path(recorded), case
        else:
            assert found is None, case  # mini is not shipped: no fallback


def test_an_unreadable_or_too_long_path_falls_back_to_the_shipped_scenario(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENAMETOOLONG or EACCES at the recorded path: the shipped scenario of that id is used,
    the game resumes, in text mode and through the title's search."""
    cuba = load_scenario(CUBA)
    locked = tmp_path / "locked"
    locked.mkdir()
    real_stat = os.stat

    def stat(path: object, *args: object, **kw: object) -> os.stat_result:
        if str(path).startswith(str(locked)):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_stat(path, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    for k, recorded in enumerate([str(locked / "cuba.yaml"), "/" + "c" * 300 + ".yaml"]):
        data = SaveData.of(game_of(cuba, 2, side="us"))
        put_save(SaveData(**{**data.__dict__, "scenario_path": recorded}), f"cuba-{k}.json",
                 age=k)
    scan = SaveScan().run()
    assert len(scan.found) == 2 and not scan.notices
    lines: list[str] = []
    answers = iter(["1", "q"])
    assert play_text(None, None, None, None, True, inp=lambda _: next(answers),
                     out=lines.append) == 0
    assert "Choose a game to continue:" in lines


@pytest.mark.parametrize("make", [
    lambda: costly.repeated_text(10_000, 20_000, 300),
    lambda: costly.many_requires(101, 9, 100, 399),
    lambda: costly.deep_outcomes(4, 8, 2),
    lambda: b"\xff\xfe" + b"x" * 1000,
    lambda: b"a: " + b"[" * 100_000,
], ids=["repeated_text", "costly_conditions", "deep_outcomes", "utf16", "deep"])
def test_the_title_survives_a_save_naming_any_file(make: Callable[[], bytes], mini: Compiled,
                                                   tmp_path: Path) -> None:
    """The file a save names is compiled on the search's own thread; what it costs is
    bounded, and what the title shows of it is a short notice."""
    from game.ui.scenes.title import NOTICE, TitleScene
    from tests.ui.conftest import make_app as _  # noqa: F401 - the UI fixtures' environment

    bad = tmp_path / "mini.yaml"
    bad.write_bytes(make())
    data = SaveData.of(game_of(mini, 1))
    put_save(SaveData(**{**data.__dict__, "scenario_path": str(bad)}), "victim.json")
    from game.ui.app import App

    app = App((1280, 720), Settings(), persist=False, sound=False)
    try:
        title = TitleScene(app, [mini])
        app.push(title)
        title.scan.wait(HANG)
        assert title.scan.done
        app.step(dt=0.0)
        assert title.notices and all(len(n) <= NOTICE + 1 for n in title.notices)
        assert "A save could not be used" in title.notices[-1]
    finally:
        import pygame

        pygame.quit()


# -- 13.7: Continue finds the player's game --------------------------------------------------
JUNK = ("damaged", "finished", "foreign", "unknown_scenario", "edited", "temporary", "empty",
        "deep", "pipe")


def put_junk(kind: str, mini: Compiled, name: str, age: float, seed: int) -> None:
    """A save that must not count as a game to continue."""
    if kind == "pipe":
        save_dir().mkdir(parents=True, exist_ok=True)
        os.mkfifo(save_dir() / name)
        return
    data = json.loads(SaveData.of(game_of(mini, 1, seed)).to_json())
    raw: SaveData | dict | bytes = data
    if kind == "damaged":
        raw = json.dumps(data).encode()[: 10 + seed % 50]
    elif kind == "finished":
        raw = SaveData.of(finished(mini, seed))
    elif kind == "foreign":
        raw = {"name": "x", "seed": seed}
    elif kind == "unknown_scenario":
        raw = {**data, "scenario_id": "atlantis", "scenario_path": "/nowhere/atlantis.yaml"}
    elif kind == "edited":
        raw = {**data, "choices": [["photos", "nuke"]]}
    elif kind == "temporary":
        name = f".tmp-{seed}.part"
    elif kind == "empty":
        raw = b""
    elif kind == "deep":
        raw = b"[" * 100_000
    put_save(raw, name, age)


@pytest.mark.parametrize("seed", range(8))
def test_continue_finds_the_players_game_under_any_newer_junk(seed: int,
                                                              mini: Compiled) -> None:
    rng = random.Random(seed)
    mine = put_save(SaveData.of(game_of(mini, 1, seed), player="Léa"), "mine.json", age=1000)
    kinds = [rng.choice(JUNK) for _ in range(rng.randrange(5, 15))]
    for k, kind in enumerate(kinds):
        put_junk(kind, mini, f"junk-{k}.json", age=rng.uniform(0, 999), seed=seed * 100 + k)
    scan = in_thread(lambda: SaveScan().run())
    assert [r.session.save_path for r in scan.found] == [mine]  # type: ignore[attr-defined]
    assert scan.found[0].session.player == "Léa"  # type: ignore[attr-defined]
    assert all(len(n) < 400 for n in scan.notices)  # type: ignore[attr-defined]


def test_the_search_is_bounded_in_count_and_time(mini: Compiled) -> None:
    for k in range(30):
        put_save(SaveData.of(game_of(mini, 1, k)), f"g{k:02}.json", age=k)
    scan = SaveScan(games=5).run()
    assert len(scan.found) == 5 and scan.done
    assert [r.session.save_path.name for r in scan.found] == [f"g{k:02}.json" for k in range(5)]
    slow = SaveScan(seconds=0.0)
    slow.step()
    assert slow.done and slow.looked == 1  # a bound of no time still looks at one save


# -- 9.8: saves a student can trust ----------------------------------------------------------
def test_a_save_is_created_at_the_first_decision_not_before(mini: Compiled) -> None:
    s = Session.new(mini, "us", "en", 3)
    assert not list(save_dir().glob("*.json")) if save_dir().is_dir() else True
    assert not s.saved
    s.choose(s.game.legal_options()[0])
    assert s.saved and read_save(s.save_path).choices == tuple(s.game.choices)  # type: ignore


def test_text_mode_resume_keeps_the_games_language(mini: Compiled) -> None:
    put_save(SaveData.of(game_of(mini, 1), "fr", "Zoé"), "fr.json")
    lines: list[str] = []
    assert play_text(None, None, None, None, True, inp=lambda _: "q", out=lines.append) == 0
    assert "Partie enregistrée. Reprenez-la avec : brink play --text --resume" in lines \
        or any("Vous dirigez" in line for line in lines), lines[:5]
    lines.clear()
    assert play_text(None, "en", None, None, True, inp=lambda _: "q", out=lines.append) == 0
    assert any(line.startswith("You lead:") for line in lines)


def test_text_mode_lists_several_games_with_scenario_side_turn_date_and_name(
        mini: Compiled) -> None:
    put_save(SaveData.of(game_of(mini, 1), player="Léa"), "a.json", age=10)
    put_save(SaveData.of(game_of(mini, 2)), "b.json", age=0)
    lines: list[str] = []
    answers = iter(["2", "q"])
    assert play_text(None, "en", None, None, True, inp=lambda _: next(answers),
                     out=lines.append) == 0
    listed = [line for line in lines if line.startswith(("  1. ", "  2. "))]
    assert listed[:2] == ["  1. Mini crisis · United States · turn 3, 18 October 1962",
                          "  2. Mini crisis · United States · turn 2, 17 October 1962 · Léa"]
    assert "You lead: United States." in lines


@settings(max_examples=40, deadline=None)
@given(st.characters(whitelist_categories=("Nd", "No")).filter(lambda ch: not ch.isascii()))
def test_a_digit_that_is_not_ascii_is_an_invalid_choice(digit: str) -> None:
    answers = iter([digit, digit * 3, "q"])
    lines: list[str] = []
    code = play_text(str(MINI), "en", "us", 5, False, inp=lambda _: next(answers),
                     out=lines.append)
    assert code == 0
    assert lines.count("Please type a number from 1 to 3.") == 2


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=200))
def test_text_mode_name_is_kept_or_asked_again(typed: str) -> None:
    from game.saves import player_name

    settings_path().unlink(missing_ok=True)  # each example starts without a name
    answers = iter([typed, "Ada", "q"])
    lines: list[str] = []
    assert play_text(str(MINI), "en", "us", 5, False, inp=lambda _: next(answers),
                     out=lines.append, ask_name=True) == 0
    try:
        expected = player_name(typed.strip()) if typed.strip() not in ("", "-") else None
    except ValueError:
        expected = "Ada"
    assert load_settings().player == expected


# -- 13.6: every OSError is a message --------------------------------------------------------
@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC, errno.EACCES, errno.ENOTDIR,
                                  errno.EDQUOT, errno.EIO, errno.ENAMETOOLONG])
def test_a_save_folder_that_cannot_be_written_is_said_once_and_play_goes_on(
        code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def refuse(*_: object, **__: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    lines: list[str] = []
    answers = iter(["1"] * 20)
    assert play_text(str(MINI), "en", "us", 5, False, inp=lambda _: next(answers),
                     out=lines.append) == 0
    warned = [line for line in lines if line.startswith("Your game cannot be saved in ")]
    assert len(warned) == 1 and "You can play on" in warned[0]
    assert any(line.startswith("=== Debrief") for line in lines)
    assert save_problem() is not None


def test_a_data_folder_that_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BRINK_DATA_DIR", str(blocker))
    assert save_problem() == "a file stands where a folder should be"
    lines: list[str] = []
    answers = iter(["1", "q"])
    assert play_text(str(MINI), "en", "us", 5, False, inp=lambda _: next(answers),
                     out=lines.append) == 0
    assert lines[-1] == (f"The game could not be saved in {blocker / 'saves'} (a file stands "
                         "where a folder should be).")
    assert load_settings() == Settings()
    assert play_text(None, None, None, None, True, inp=lambda _: "q", out=lines.append) == 1


def settings_files() -> list[tuple[str, bytes]]:
    """Damaged settings files, generated."""
    rng = random.Random(6)
    out = [(f"brackets_{n}", b"[" * n) for n in (1, 1000, 100_000)]
    out += [(f"objects_{n}", b'{"a":' * n) for n in (10, 100_000)]
    out += [("huge", b'{"lang": "fr", "x": "' + b"y" * (MAX_BYTES * 3) + b'"}'),
            ("nan", b'{"scale": NaN}'), ("true_scale", b'{"scale": true}'),
            ("utf16", '{"lang": "fr"}'.encode("utf-16")), ("nul", b"\x00" * 50)]
    out += [(f"random_{k}", bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000))))
            for k in range(8)]
    return out


@pytest.mark.parametrize(("name", "raw"), settings_files(), ids=lambda x: x if isinstance(
    x, str) else "")
def test_damaged_settings_give_defaults(name: str, raw: bytes) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_bytes(raw)
    s = in_thread(load_settings)
    assert isinstance(s, Settings)
    assert s.scale in (0.8, 1.0, 1.25, 1.5) and isinstance(s.fullscreen, bool)


@pytest.mark.parametrize("kind", ["pipe", "folder", "dev_zero", "dev_null"])
def test_settings_that_are_not_a_file_give_defaults(kind: str) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "pipe":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero" if kind == "dev_zero" else "/dev/null")
    assert in_thread(load_settings) == Settings()


@settings(max_examples=80, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers()
                    | st.text(max_size=80),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(["lang", "scale", "fullscreen", "sound",
                                                       "player", "scenario", "side", "x"]),
                                      inner, max_size=8), max_leaves=20))
def test_any_json_settings_give_valid_settings(value: object) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value))
    s = load_settings()
    assert s.lang in ("en", "fr") and s.scale in (0.8, 1.0, 1.25, 1.5)
    assert s.player is None or (0 < len(s.player) <= 60)
    assert s.scenario is None or s.scenario.isidentifier()


# -- 13.11: leftovers --------------------------------------------------------------------------
def test_temporary_files_of_a_killed_save_are_removed_at_the_next_start(mini: Compiled) -> None:
    ages = [0, 5, 59, 61, 3600, 86_400 * 30]
    for k, age in enumerate(ages):
        put_save(b'{"format": "brink-sa', f".tmp-{k}.part", age=age)
    put_save(b"keep me", ".hidden-notes", age=99_999)
    SaveScan().run()  # what the title screen and --resume do at start
    left = sorted(p.name for p in save_dir().iterdir())
    assert left == [".hidden-notes", ".tmp-0.part", ".tmp-1.part", ".tmp-2.part"]
    assert clean_leftovers(age=0) == 3


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "/proc/self/environ",
                                    "/proc/self/status", "/sys/kernel/mm"])
def test_a_save_that_is_a_device_or_system_file_is_refused_unread(target: str,
                                                                  mini: Compiled) -> None:
    if not os.path.exists(target):
        pytest.skip(f"no {target} here")
    save_dir().mkdir(parents=True, exist_ok=True)
    link = save_dir() / "evil.json"
    link.symlink_to(target)
    assert not is_regular_file(link)
    scan = in_thread(lambda: SaveScan().run())
    assert scan.found == []  # type: ignore[attr-defined]
    # Not listed at all (a device, a folder), or read as nothing but refused.
    assert all("not a regular file" in n for n in scan.notices)  # type: ignore[attr-defined]


def test_write_save_then_the_scan_sees_only_real_saves(mini: Compiled) -> None:
    write_save(SaveData.of(game_of(mini, 1)), save_dir() / "a.json")
    assert len(SaveScan().run().found) == 1


def test_a_changed_scenario_is_asked_about_once(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    text = MINI.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    answers = iter(["1", "q"])
    assert play_text(str(path), "en", "us", 5, False, inp=lambda _: next(answers),
                     out=lambda _: None) == 0
    path.write_text(text.replace("effects: {tension: 10, us.prestige: 5}",
                                 "effects: {tension: 11, us.prestige: 5}"), encoding="utf-8")
    for asked in (True, False):
        lines: list[str] = []
        replies = iter(["y", "q"] if asked else ["q"])
        assert play_text(None, "en", None, None, True, inp=lambda _, r=replies: next(r),
                         out=lines.append) == 0
        changed = [x for x in lines if x.startswith("The scenario has changed")]
        assert bool(changed) == asked
