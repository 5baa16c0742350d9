"""The progress store: an event log plus read models, behind one interface (`api.Store`).

`open_store(location)` picks the backend: a file path opens the embedded SQLite store; a
`postgresql://` URL opens the shared PostgreSQL store (when that backend is installed).
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from quest_engine.errors import QuestError
from quest_engine.store.api import LoggedEvent, Store, stamp
from quest_engine.store.location import is_postgres_url, resolve_store_location

__all__ = ["LoggedEvent", "Store", "open_store", "resolve_store_location", "stamp"]


def open_store(location: str | os.PathLike[str], *, create: bool = True, **options: Any) -> Store:
    """Open (and migrate) the store at a SQLite path or a postgresql:// URL.

    `create=False` refuses to make a new SQLite file: commands that read progress say
    "no progress store" instead of silently creating an empty one.
    """
    text = os.fspath(location)
    if is_postgres_url(text):
        try:
            backend = importlib.import_module("quest_engine.store.postgres_backend")
        except ImportError:
            raise QuestError(
                "the shared PostgreSQL store is not available in this version",
                hint="use a SQLite file: --store PATH",
            ) from None
        return backend.open_postgres_store(text, create=create, **options)
    from quest_engine.store.sqlite_backend import SQLiteStore

    return SQLiteStore(text, create=create, **options)
