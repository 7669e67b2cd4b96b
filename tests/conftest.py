"""Shared fixtures: the small test scenario, and a private save folder for every test."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario import load_scenario
from game.scenario.tables import Compiled

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.yaml"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRINK_DATA_DIR", str(tmp_path / "brink-data"))
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")


@pytest.fixture(scope="session")
def mini() -> Compiled:
    """The small test scenario, compiled."""
    return load_scenario(MINI)
