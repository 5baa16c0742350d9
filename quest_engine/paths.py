"""Where bundled schemas, quest packs and assets live, installed or in a checkout.

A wheel carries them under `quest_engine/_data/`; a source checkout (or an editable
install) keeps them at the repository's top level. Callers never care which.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_INSTALLED = _PACKAGE_DIR / "_data"
_CHECKOUT = _PACKAGE_DIR.parent


def _data_dir(name: str) -> Path:
    installed = _INSTALLED / name
    if installed.is_dir():
        return installed
    return _CHECKOUT / name


def schemas_dir() -> Path:
    """The folder of JSON Schemas (`pack.schema.json`, `quest.schema.json`, ...)."""
    return _data_dir("schemas")


def bundled_quests_dir() -> Path:
    """The folder holding the bundled quest packs, one sub-folder per pack."""
    return _data_dir("quests")


def assets_dir() -> Path:
    """Engine-wide assets: fonts, themes, sounds, avatar art."""
    return _data_dir("assets")


def bundled_pack_dirs() -> list[Path]:
    """Every bundled pack folder (one holding a `pack.yaml`), sorted by name."""
    root = bundled_quests_dir()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / "pack.yaml").is_file())
