"""Shared plumbing for the commands that use the progress store (not a command itself).

Opens the store named by `--store` / `QUEST_STORE` / the default, asks for the facilitator
passphrase only when one is set, and prints aligned plain-text tables.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence

from quest_engine.errors import QuestError
from quest_engine.store import open_store, resolve_store_location
from quest_engine.store.api import FacilitatorToken, Store

ENV_PASSPHRASE = "QUEST_FACILITATOR_PASSPHRASE"


def store_location(args: argparse.Namespace) -> str:
    return resolve_store_location(getattr(args, "store", None))


def open_cli_store(args: argparse.Namespace, *, create: bool = False) -> Store:
    """The store for this command; `create=False` refuses to invent an empty one."""
    return open_store(store_location(args), create=create)


def ask_secret(prompt: str, env: str | None) -> str:
    """A secret from the environment variable `env` (scripts, tests) or typed unseen."""
    value = os.environ.get(env) if env else None
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise QuestError(
            "the facilitator passphrase is needed",
            hint=f"type it at a terminal, or set {env or ENV_PASSPHRASE}",
        )
    return getpass.getpass(prompt)


def facilitator_token(store: Store) -> FacilitatorToken:
    """Sign in as the facilitator: asks for the passphrase only when one is set."""
    if not store.facilitator_has_passphrase():
        return store.verify_facilitator(None)
    return store.verify_facilitator(ask_secret("Facilitator passphrase: ", ENV_PASSPHRASE))


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Columns padded to the widest cell; numbers right-aligned."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    numeric = [
        all(isinstance(row[i], int | float) for row in rows) if rows else False
        for i in range(len(headers))
    ]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(widths[i]) if numeric[i] else v.ljust(widths[i]) for i, v in enumerate(values)
        ]
        return "  ".join(parts).rstrip()

    print(line(list(headers)))
    print(line(["-" * w for w in widths]))
    for row in cells:
        print(line(row))


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
