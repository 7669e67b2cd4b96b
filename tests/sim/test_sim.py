"""Policies and batch runs: choices per policy, determinism, statistics."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game.scenario.tables import Compiled
from game.sim import PolicyError, make_policy, simulate, summarize
from game.sim.stats import format_table, wilson

MINI = Path(__file__).parent.parent / "data" / "mini.yaml"


def first_choice(c: Compiled, policy: str, side: str = "us") -> str:
    r = simulate(c, 50, 0, {side: make_policy(c, policy)})
    used = summarize(r)["option_use"]
    return max((k for k in used if k.startswith("photos.")), key=used.get)


def test_policies_choose_by_kind(mini: Compiled) -> None:
    assert first_choice(mini, "hawk") == "photos.strike"
    assert first_choice(mini, "dove") == "photos.talk"
    assert first_choice(mini, "historical") == "photos.blockade"


def test_random_policy_uses_every_option(mini: Compiled) -> None:
    used = summarize(simulate(mini, 3000, 0, {"us": make_policy(mini, "random")}))["option_use"]
    shares = [used[f"photos.{o}"] / 3000 for o in ("strike", "blockade", "talk")]
    assert all(0.28 < s < 0.39 for s in shares), shares


def test_scripted_policy(tmp_path: Path, mini: Compiled) -> None:
    script = tmp_path / "plan.yaml"
    script.write_text("photos: talk\nanswer: push\n")
    r = simulate(mini, 100, 0, {"us": make_policy(mini, str(script)),
                                "ussr": make_policy(mini, str(script))})
    used = summarize(r)["option_use"]
    assert used["photos.talk"] == 100 and used["answer.push"] == 100
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"photos": "tlak"}))
    with pytest.raises(PolicyError, match="did you mean 'talk'"):
        make_policy(mini, str(bad))
    with pytest.raises(PolicyError, match="did you mean 'hawk'"):
        make_policy(mini, "hwak")


def test_hawks_make_war_likelier(mini: Compiled) -> None:
    hawk = summarize(simulate(mini, 5000, 1, {"us": make_policy(mini, "hawk")}))
    dove = summarize(simulate(mini, 5000, 1, {"us": make_policy(mini, "dove")}))
    assert hawk["war_rate"] > dove["war_rate"] + 0.2


def test_same_seed_same_result(mini: Compiled) -> None:
    a = simulate(mini, 30_000, 7)
    b = simulate(mini, 30_000, 7)
    for name in ("ending", "scores", "peak", "final", "length", "choices"):
        assert np.array_equal(getattr(a, name), getattr(b, name))
    assert np.array_equal(a.path, b.path, equal_nan=True)
    assert not np.array_equal(a.ending, simulate(mini, 30_000, 8).ending)


def test_same_result_in_another_process(mini: Compiled, tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    subprocess.run([sys.executable, "-m", "game", "simulate", str(MINI), "--runs", "4000",
                    "--seed", "5", "--us", "random", "--json", str(out)], check=True,
                   capture_output=True)
    here = summarize(simulate(mini, 4000, 5, {"us": make_policy(mini, "random")}))
    assert json.loads(out.read_text()) == json.loads(json.dumps(here))


def test_summary_figures(mini: Compiled) -> None:
    s = summarize(simulate(mini, 2000, 3))
    assert s["runs"] == 2000 and s["seed"] == 3
    assert abs(sum(s["endings"].values()) - 1) < 1e-6
    assert s["war_rate"] == s["endings"].get("nuclear_war", 0)
    for e, (lo, hi) in s["endings_ci95"].items():
        assert lo <= s["endings"][e] <= hi
    assert s["peak_tension"]["q05"] <= s["peak_tension"]["q50"] <= s["peak_tension"]["q95"]
    assert 1 <= s["mean_turns"] <= mini.n_turns
    assert set(s["mean_scores"]) == {"us", "ussr"}
    table = format_table(s)
    assert "war rate" in table and "95% interval" in table


def test_wilson_interval() -> None:
    lo, hi = wilson(50, 100)
    assert lo == pytest.approx(0.404, abs=1e-3) and hi == pytest.approx(0.596, abs=1e-3)
    assert wilson(0, 10)[0] == 0.0
