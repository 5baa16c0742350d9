"""A cache of compiled files keyed by content hash, so re-validating unchanged files is cheap.

Entries live in one JSON file per folder of quest files (never pickle): for each file, its
plain data after the schema fix-ups, its file-local diagnostics and the source positions
the model needs. An entry's key covers the file's bytes, its display path, its kind, and the
engine version and schemas, so any change to either misses. One file per folder keeps a
cold run to a single write; when a file changes, the entry for its old contents is dropped.
A broken or unwritable cache is simply ignored.
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

CACHE_VERSION = "2"


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
    """Get/put JSON entries, grouped in one file per source folder; failures are misses."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._buckets: dict[str, dict[str, Any]] = {}
        self._used: dict[str, set[str]] = {}
        self._dirty: set[str] = set()

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

    @staticmethod
    def bucket_for(source_file: Path) -> str:
        folder = os.path.abspath(source_file.parent)
        return hashlib.sha256(folder.encode("utf-8", "surrogateescape")).hexdigest()[:32]

    def _bucket(self, name: str) -> dict[str, Any]:
        bucket = self._buckets.get(name)
        if bucket is None:
            bucket = {}
            if self.folder is not None:
                try:
                    with open(self.folder / f"{name}.json", encoding="utf-8") as fh:
                        loaded = json.load(fh)
                    if isinstance(loaded, dict) and loaded.get("v") == CACHE_VERSION:
                        entries = loaded.get("entries")
                        if isinstance(entries, dict):
                            bucket = entries
                except (OSError, ValueError, RecursionError):
                    pass
            self._buckets[name] = bucket
            self._used[name] = set()
        return bucket

    def get(self, key: str, bucket: str) -> dict[str, Any] | None:
        if self.folder is None:
            return None
        entry = self._bucket(bucket).get(key)
        if not isinstance(entry, dict):
            return None
        self._used[bucket].add(key)
        return entry

    def put(self, key: str, entry: dict[str, Any], bucket: str) -> None:
        if self.folder is None:
            return
        self._bucket(bucket)[key] = entry
        self._used[bucket].add(key)
        self._dirty.add(bucket)

    def save(self) -> None:
        """Write changed buckets, dropping entries for older contents of the files used."""
        if self.folder is None:
            return
        for name in sorted(self._dirty):
            used = self._used.get(name, set())
            bucket = self._buckets[name]
            used_paths = {bucket[k].get("path") for k in used if k in bucket}
            entries = {
                k: v
                for k, v in bucket.items()
                if k in used or (isinstance(v, dict) and v.get("path") not in used_paths)
            }
            try:
                text = json.dumps({"v": CACHE_VERSION, "entries": entries}, separators=(",", ":"))
                self.folder.mkdir(parents=True, exist_ok=True)
                tmp = self.folder / f"{name}.{os.getpid()}.tmp"
                with open(tmp, "w", encoding="utf-8") as fh:
                    fh.write(text)
                os.replace(tmp, self.folder / f"{name}.json")
            except (OSError, ValueError, TypeError, RecursionError):
                pass
        self._dirty.clear()
