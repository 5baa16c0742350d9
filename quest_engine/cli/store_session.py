"""Shared plumbing for the commands that use the progress store (not a command itself).

Opens the store named by `--store` / `QUEST_STORE` / the default, asks for the facilitator
passphrase only when one is set, and prints aligned plain-text tables.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

from quest_engine.errors import QuestError, UsageError
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
    passphrase = ask_secret("Facilitator passphrase: ", ENV_PASSPHRASE)
    try:
        return store.verify_facilitator(passphrase)
    except QuestError as exc:
        if str(exc) != "wrong facilitator passphrase":  # a pause says how long to wait
            raise
        if ENV_PASSPHRASE in os.environ:
            hint = f"{ENV_PASSPHRASE} is set, but not to this store's passphrase: check it"
        else:
            hint = "type it again (capitals and spaces count)"
        raise QuestError(str(exc), hint=hint) from None


def display_width(text: str) -> int:
    """Terminal columns `text` takes: emoji and CJK take two, combining marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Columns padded to the widest cell (in terminal columns); numbers right-aligned."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [display_width(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], display_width(cell))
    numeric = [
        all(isinstance(row[i], int | float) for row in rows) if rows else False
        for i in range(len(headers))
    ]

    def line(values: Sequence[str]) -> str:
        parts = [_pad(v, widths[i], numeric[i]) for i, v in enumerate(values)]
        return "  ".join(parts).rstrip()

    print(line(list(headers)))
    print(line(["-" * w for w in widths]))
    for row in cells:
        print(line(row))


def safe_text(text: str) -> str:
    """Student text as a terminal may show it: control characters (an escape sequence could
    clear or recolour the facilitator's screen) become visible `?`, new lines stay."""
    return "".join(c if c in "\n\t" or unicodedata.category(c) != "Cc" else "?" for c in str(text))


def shorten(text: str, width: int) -> str:
    text = " ".join(safe_text(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def check_pack_folder(folder: str) -> None:
    """A clear line for a `--pack` that is not a pack (a loader would call it 'has errors')."""
    path = Path(folder)
    if path.name == "pack.yaml" and path.is_file():
        return
    if not path.is_dir():
        raise UsageError(f"--pack {folder}: no such folder", "give the folder of a pack")
    if not (path / "pack.yaml").is_file():
        raise UsageError(
            f"--pack {folder}: this folder has no pack.yaml",
            "give the folder that holds pack.yaml",
        )


def quest_titles(pack_folders: Sequence[str] = ()) -> Mapping[str, str]:
    """Quest id -> title from the bundled packs plus `pack_folders` (a class's own packs).

    Bundled content that cannot be loaded gives no titles (tables then show quest ids,
    still correct, just less friendly); a named pack with errors is a clear error."""
    titles: dict[str, str] = {}
    try:
        from quest_engine.content.loader import load_bundled_packs, load_pack

        results = load_bundled_packs()
    except (QuestError, OSError, ImportError):
        results = []
    for result in results:
        if result.pack is not None:
            titles.update((q.id, q.title) for q in result.pack.quests.values())
    for folder in pack_folders:
        check_pack_folder(folder)
        result = load_pack(folder)
        if result.pack is None:
            raise QuestError(f"the pack {folder} has errors", f"see: quest validate {folder}")
        titles.update((q.id, q.title) for q in result.pack.quests.values())
    return titles
