"""Player settings (language, fullscreen, interface scale, sound), kept in the data folder."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from game.i18n import languages
from game.saves import save_dir

SCALES = (0.8, 1.0, 1.25, 1.5)


@dataclass(frozen=True)
class Settings:
    """What the settings screen changes."""

    lang: str = "en"
    fullscreen: bool = False
    scale: float = 1.0
    sound: bool = True

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


def settings_path() -> Path:
    """Where settings are kept (beside the saves folder)."""
    return save_dir().parent / "settings.json"


def load_settings() -> Settings:
    """The saved settings, or the defaults if there are none or they are damaged."""
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    s = Settings()
    if data.get("lang") in languages():
        s = s.with_(lang=data["lang"])
    if isinstance(data.get("fullscreen"), bool):
        s = s.with_(fullscreen=data["fullscreen"])
    if data.get("scale") in SCALES:
        s = s.with_(scale=float(data["scale"]))
    if isinstance(data.get("sound"), bool):
        s = s.with_(sound=data["sound"])
    return s


def store_settings(s: Settings) -> None:
    """Save the settings (best effort: a read-only disk is not fatal)."""
    path = settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(s)), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass
