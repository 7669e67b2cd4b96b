"""Architecture: the engine, scenario, sim and presentation layers never import pygame."""

from __future__ import annotations

import subprocess
import sys


def test_core_layers_do_not_import_pygame() -> None:
    code = ("import sys, game.scenario, game.engine, game.sim, game.saves, game.textplay, "
            "game.present, game.cli; sys.exit(1 if 'pygame' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_scenario_layer_does_not_import_engine() -> None:
    code = ("import sys, game.scenario; "
            "sys.exit(1 if any(m.startswith(('game.engine', 'game.sim')) for m in sys.modules) "
            "else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
