"""Player settings (text size, contrast, font, sound, motion), kept as JSON in the config dir.

Settings belong to the machine, not to a student's progress, so they live in the user's
config folder (platformdirs) rather than in the store. `QUEST_CONFIG_DIR` overrides the
folder (tests, kiosks). A damaged file never stops the game: defaults are used instead.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

TEXT_SIZES: tuple[str, ...] = ("small", "medium", "large", "x-large")
TEXT_SCALE: dict[str, float] = {"small": 0.88, "medium": 1.0, "large": 1.18, "x-large": 1.36}


@dataclass(frozen=True, slots=True)
class Settings:
    text_size: str = "medium"
    high_contrast: bool = False
    dyslexia_font: bool = False
    sound: bool = True
    reduced_motion: bool = False

    @property
    def text_scale(self) -> float:
        return TEXT_SCALE.get(self.text_size, 1.0)

    def with_changes(self, **changes: object) -> Settings:
        return replace(self, **changes)


def config_dir() -> Path:
    override = os.environ.get("QUEST_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("quest-engine", appauthor=False))


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    """Read settings; unknown keys and wrong types fall back to the defaults."""
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    defaults = Settings()
    values: dict[str, object] = {}
    for f in fields(Settings):
        value = raw.get(f.name, getattr(defaults, f.name))
        if isinstance(value, type(getattr(defaults, f.name))):
            values[f.name] = value
    settings = Settings(**values)
    if settings.text_size not in TEXT_SIZES:
        settings = settings.with_changes(text_size="medium")
    return settings


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically so a closed window never leaves half a file."""
    path = path or settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only config dir must not stop play
