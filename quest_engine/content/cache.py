"""A cache of compiled files keyed by content hash, so re-validating unchanged files is cheap.

Each entry is one small JSON file (never pickle): the file's plain data after the schema
fix-ups, its file-local diagnostics, and the source positions the model needs. The key
covers the file's bytes, its display path, its kind, and the engine version and schemas,
so any change to either invalidates it. A broken or unwritable cache is simply ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from quest_engine import __version__
from quest_engine.paths import schemas_dir

CACHE_VERSION = "1"


@cache
def engine_signature() -> bytes:
    """Changes whenever the engine or its schemas change (then every entry is stale)."""
    h = hashlib.sha256(f"{CACHE_VERSION}:{__version__}:".encode())
    for name in ("pack.schema.json", "quest.schema.json", "badges.schema.json"):
        try:
            h.update((schemas_dir() / name).read_bytes())
        except OSError:
            pass
    # The compiler's own source: editing it during development invalidates the cache.
    here = Path(__file__).resolve().parent
    for module in sorted(here.glob("*.py")):
        h.update(module.read_bytes())
    return h.digest()


def default_dir() -> Path | None:
    env = os.environ.get("QUEST_CACHE_DIR")
    if env:
        return Path(env)
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir("quest-engine", appauthor=False)) / "compiled"
    except Exception:  # noqa: BLE001 - no cache is a fine fallback
        return None


class CompileCache:
    """Get/put JSON entries in a folder; every failure degrades to a cache miss."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._made = False

    @classmethod
    def default(cls) -> CompileCache:
        if os.environ.get("QUEST_NO_CACHE"):
            return cls(None)
        return cls(default_dir())

    def key(self, raw: bytes, display_path: str, kind: str) -> str:
        h = hashlib.sha256(engine_signature())
        h.update(f"{kind}\0{display_path}\0".encode())
        h.update(raw)
        return h.hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        if self.folder is None:
            return None
        try:
            with open(self.folder / f"{key}.json", encoding="utf-8") as fh:
                entry = json.load(fh)
        except (OSError, ValueError):
            return None
        return entry if isinstance(entry, dict) and entry.get("v") == CACHE_VERSION else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        if self.folder is None:
            return
        entry["v"] = CACHE_VERSION
        try:
            if not self._made:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._made = True
            tmp = self.folder / f"{key}.{os.getpid()}.tmp"
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(entry, fh, separators=(",", ":"))
            os.replace(tmp, self.folder / f"{key}.json")
        except (OSError, ValueError, TypeError, RecursionError):
            pass
