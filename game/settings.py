"""Player settings (language, fullscreen, interface scale, sound, the player's name, and the
scenario and side chosen last), kept in the data folder."""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from game.files import read_limited
from game.i18n import languages
from game.saves import player_name, save_dir

SCALES = (0.8, 1.0, 1.25, 1.5)
#: A settings file is a few hundred bytes; anything much larger is not one.
MAX_BYTES = 10_000
_ID = re.compile(r"[a-z][a-z0-9_]{0,47}")


@dataclass(frozen=True)
class Settings:
    """What the settings and title screens change."""

    lang: str = "en"
    fullscreen: bool = False
    scale: float = 1.0
    sound: bool = True
    player: str | None = None
    scenario: str | None = None
    side: str | None = None

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


def settings_path() -> Path:
    """Where settings are kept (beside the saves folder)."""
    return save_dir().parent / "settings.json"


def _name(value: object) -> str | None:
    try:
        return player_name(value) if isinstance(value, str) else None
    except ValueError:
        return None


def load_settings() -> Settings:
    """The saved settings, or the defaults for anything missing or damaged (a file that is
    not a regular file, too large, not JSON, or nested too deeply is no settings at all)."""
    try:
        data = json.loads(read_limited(settings_path(), MAX_BYTES).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    s = Settings()
    if data.get("lang") in languages():
        s = s.with_(lang=data["lang"])
    if isinstance(data.get("fullscreen"), bool):
        s = s.with_(fullscreen=data["fullscreen"])
    if data.get("scale") in SCALES and not isinstance(data.get("scale"), bool):
        s = s.with_(scale=float(data["scale"]))
    if isinstance(data.get("sound"), bool):
        s = s.with_(sound=data["sound"])
    for key in ("scenario", "side"):
        if isinstance(data.get(key), str) and _ID.fullmatch(data[key]):
            s = s.with_(**{key: data[key]})
    return s.with_(player=_name(data.get("player")))


def store_settings(s: Settings) -> bool:
    """Save the settings; False when the data folder cannot be written (not fatal: the game
    goes on with them for this session)."""
    path = settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".part", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(json.dumps(asdict(s), ensure_ascii=False))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True
