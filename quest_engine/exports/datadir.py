"""The data folder of a store: where export secrets and the badge issuer key live.

For a SQLite store that is the folder holding the store file (by default the user data
folder); for a PostgreSQL store, the user data folder of this machine.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import platformdirs

from quest_engine.store.location import is_postgres_url, resolve_store_location

APP_NAME = "quest-engine"


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def store_location(args_store: str | None) -> str:
    """`--store` if given, else `$QUEST_STORE`, else the default file in the data folder."""
    return resolve_store_location(args_store)


def is_url(location: str) -> bool:
    return is_postgres_url(location) or "://" in location


def data_dir_for(location: str) -> Path:
    if is_url(location):
        return user_data_dir()
    return Path(location).expanduser().resolve().parent


def export_secret(location: str) -> bytes:
    """The per-store secret behind pseudonyms, made (mode 0600) on first use."""
    if is_url(location):
        tag = hashlib.sha256(location.encode()).hexdigest()[:16]
        path = user_data_dir() / f"export-secret-{tag}"
    else:
        store = Path(location).expanduser().resolve()
        path = store.with_name(store.name + ".export-secret")
    if path.exists():
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secret.hex() + "\n")
    return secret
