"""Running without the dependencies installed gives a message, not a traceback."""

from __future__ import annotations

import pytest

from game.missing import explain


def test_a_missing_package_is_named_with_the_install_command(capsys) -> None:
    assert explain(ModuleNotFoundError("No module named 'tqdm'", name="tqdm")) == 1
    err = capsys.readouterr().err
    assert "'tqdm' is not installed" in err and "pip install -e ." in err


def test_a_missing_module_of_the_game_itself_is_a_bug() -> None:
    with pytest.raises(ModuleNotFoundError):
        explain(ModuleNotFoundError("No module named 'game.nothing'", name="game.nothing"))
