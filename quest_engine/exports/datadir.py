"""The data folder of a store: where export secrets and the badge issuer key live.

For a SQLite store that is the folder holding the store file (by default the user data
folder); for a PostgreSQL store, the user data folder of this machine.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote

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


def _hosts(hostport: str, query: dict[str, list[str]]) -> str:
    """The server(s) of a URL, lower-cased, each with its port (libpq's default 5432)."""
    hosts = [h for h in hostport.split(",") if h] or query.get("host", [""])[0].split(",")
    ports = query.get("port", [""])[0].split(",")
    out = []
    for i, host in enumerate(hosts):
        name, port = host, ""
        if host.startswith("["):  # [IPv6]:port
            name, _, rest = host[1:].partition("]")
            port = rest.lstrip(":")
        elif host.count(":") == 1:
            name, _, port = host.partition(":")
        port = port or (ports[i] if i < len(ports) else ports[-1]) or "5432"
        out.append(f"{unquote(name).lower()}:{port}")
    return ",".join(out)


def canonical_location(location: str) -> str:
    """Where a store lives, without who connects or how: the key of its export secret.

    A URL keeps only its servers and database, never the user, the password or options
    (so the masked URL a store reports and the URL typed with its password agree, and a
    new password keeps every pseudonym); a file is its resolved path."""
    if not is_url(location):
        return str(Path(location).expanduser().resolve())
    scheme, _, rest = location.partition("://")
    scheme = scheme.lower()
    if scheme == "postgres":
        scheme = "postgresql"
    netloc, _, tail = rest.partition("/")
    path, _, query_text = tail.partition("?")
    query = parse_qs(query_text.partition("#")[0])
    userinfo, _, hostport = netloc.rpartition("@")
    user = unquote(userinfo.partition(":")[0]) or query.get("user", [""])[0]
    dbname = unquote(path.partition("#")[0]) or query.get("dbname", [""])[0] or user
    return f"{scheme}://{_hosts(hostport, query)}/{dbname}"


def _secret_path(location: str) -> Path:
    if is_url(location):
        tag = hashlib.sha256(canonical_location(location).encode()).hexdigest()[:16]
        return user_data_dir() / f"export-secret-{tag}"
    store = Path(canonical_location(location))
    return store.with_name(store.name + ".export-secret")


def _legacy_secret_path(location: str) -> Path | None:
    """Where versions before the canonical key kept a URL store's secret (keyed by the
    whole URL as typed, password included)."""
    if not is_url(location):
        return None
    tag = hashlib.sha256(location.encode()).hexdigest()[:16]
    return user_data_dir() / f"export-secret-{tag}"


def _read_secret(path: Path) -> bytes:
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def export_secret(location: str) -> bytes:
    """The per-store secret behind pseudonyms, made (mode 0600) on first use.

    Keyed by `canonical_location`, so the same store gives the same secret however it is
    named (with or without a password, masked or not)."""
    path = _secret_path(location)
    if path.exists():
        return _read_secret(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    legacy = _legacy_secret_path(location)
    if legacy is not None and legacy != path and legacy.exists():
        secret = _read_secret(legacy)  # keep the pseudonyms an older version handed out
    else:
        secret = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_secret(path)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secret.hex() + "\n")
    return secret
