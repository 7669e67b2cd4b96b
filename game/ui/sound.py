"""Simple sound effects synthesised with numpy (a teletype click, an alarm, a bell)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pygame

RATE = 22050


def _tone(freq: float, seconds: float, volume: float = 0.3, decay: float = 6.0) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    wave = np.sin(2 * np.pi * freq * t) * np.exp(-decay * t) * volume
    return wave


def _click() -> np.ndarray:
    rng = np.random.default_rng(0)
    n = int(RATE * 0.025)
    return rng.uniform(-1, 1, n) * np.exp(-np.arange(n) / (n / 6)) * 0.25


def audio_possible() -> bool:
    """Whether opening audio can work here without noise. On Linux with no sound card and no
    sound server, SDL would fall back to ALSA, which prints errors to the terminal: stay
    silent instead."""
    if os.environ.get("SDL_AUDIODRIVER") or not sys.platform.startswith("linux"):
        return True
    runtime = Path(os.environ.get("XDG_RUNTIME_DIR", "/nonexistent"))
    if os.environ.get("PULSE_SERVER") or (runtime / "pulse" / "native").exists() or \
            (runtime / "pipewire-0").exists():
        return True
    try:
        cards = Path("/proc/asound/cards").read_text(errors="replace")
    except OSError:
        return False
    return "no soundcards" not in cards and bool(cards.strip())


class Sounds:
    """Named effects; silent when disabled or when no audio device can be opened."""

    def __init__(self, enabled: bool) -> None:
        self.available = False
        self.enabled = False
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        if not enabled or not audio_possible():
            return
        try:
            pygame.mixer.init(RATE, -16, 1, 512)
        except pygame.error:
            return
        waves = {
            "type": _click(),
            "alarm": np.concatenate([_tone(660, 0.18, decay=2), _tone(520, 0.25, decay=2)]),
            "bell": _tone(880, 0.9, 0.25, 3) + _tone(1320, 0.9, 0.1, 4),
            "select": _tone(1000, 0.05, 0.15, 30),
        }
        for name, wave in waves.items():
            data = (np.clip(wave, -1, 1) * 32767).astype(np.int16)
            channels = pygame.mixer.get_init()[2]
            if channels > 1:
                data = np.repeat(data[:, None], channels, axis=1)
            self._sounds[name] = pygame.sndarray.make_sound(np.ascontiguousarray(data))
        self.available = True
        self.enabled = True

    def play(self, name: str) -> None:
        """Play an effect if sound is on."""
        if self.enabled and name in self._sounds:
            self._sounds[name].play()
