"""The command named in messages is the one the person can type here."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from game import invocation


def test_brink_on_the_path_is_named_brink(monkeypatch, tmp_path: Path) -> None:
    script = tmp_path / "brink"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(sys, "argv", [str(script)])
    assert invocation.command() == "brink"


def test_brink_off_the_path_is_named_as_typed(monkeypatch, tmp_path: Path) -> None:
    venv = tmp_path / ".venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "brink").write_text("#!/bin/sh\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "elsewhere"))
    monkeypatch.setattr(sys, "argv", [".venv/bin/brink"])
    assert invocation.command() == os.path.join(".venv", "bin", "brink")


def test_python_m_game_names_this_python(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "game" / "__main__.py")])
    monkeypatch.setattr(sys, "executable", str(tmp_path / ".venv" / "bin" / "python"))
    monkeypatch.chdir(tmp_path)
    assert invocation.command() == f"{os.path.join('.venv', 'bin', 'python')} -m game"


@pytest.mark.parametrize("display", ["", ":99"])
def test_no_display_message_names_the_command(monkeypatch, display: str) -> None:
    from game.ui import no_display

    monkeypatch.setattr(invocation, "command", lambda: ".venv/bin/brink")
    text = no_display()
    assert ".venv/bin/brink play --text" in text and "brink simulate" in text
