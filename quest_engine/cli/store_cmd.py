"""`quest store`: back up, restore and check the progress store."""

from __future__ import annotations

import argparse
from pathlib import Path

from quest_engine.cli import store_shared
from quest_engine.cli.store_session import facilitator_token, open_cli_store, store_location
from quest_engine.errors import QuestError
from quest_engine.store import open_store
from quest_engine.store.location import is_postgres_url


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "store", help="back up, restore, check, rebuild, locate or copy the progress store"
    )
    actions = p.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    backup = actions.add_parser("backup", help="copy the store to PATH (safe while playing)")
    backup.add_argument("path", help="the backup file to write, e.g. room12-june.sqlite3")
    backup.add_argument(
        "--replace",
        action="store_true",
        help="write over PATH when it exists (without it, an existing file is left alone)",
    )
    backup.set_defaults(handler=run_backup)
    restore = actions.add_parser(
        "restore", help="replace the store with a backup (checked first; the current one is kept)"
    )
    restore.add_argument("path", help="a backup made by `quest store backup`")
    restore.set_defaults(handler=run_restore)
    check = actions.add_parser("check", help="check integrity and schema version")
    check.set_defaults(handler=run_check)
    rebuild = actions.add_parser("rebuild", help="recompute progress and badges from the event log")
    rebuild.set_defaults(handler=run_rebuild)
    where = actions.add_parser("path", help="print where the store is")
    where.set_defaults(handler=run_path)
    store_shared.register_actions(actions)  # migrate, copy


def run_backup(args: argparse.Namespace) -> int:
    target = Path(args.path)
    if target.is_dir():
        raise QuestError(f"{target} is a folder", "give a file name, e.g. room12-june.sqlite3")
    replacing = target.exists()
    if replacing and not getattr(args, "replace", False):
        # it could be another class's store, or a file that is not a backup at all
        raise QuestError(
            f"{target} already exists; nothing was written",
            "give a new name (a date in it helps), or add --replace to write over it",
        )
    with open_cli_store(args) as store:
        facilitator_token(store)  # a backup holds every student's writing: an export
        store.backup_to(args.path)
    print(f"Backed up {store.location} to {args.path}" + (" (replaced)" if replacing else ""))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    location = store_location(args)
    try:
        store = open_store(location, create=True)
    except QuestError as exc:
        from quest_engine.store.sqlite_backend import UnusableStoreError, restore_file

        if is_postgres_url(location) or not isinstance(exc, UnusableStoreError):
            raise
        # A store that cannot be opened (damaged, not a database, too new) is exactly
        # what a restore is for: move it aside untouched and copy the checked backup in.
        aside = restore_file(location, args.path)
        print(f"Restored {location} from {args.path}.")
        if aside:
            print(f"The damaged store was kept as {aside}")
        return 0
    with store:
        facilitator_token(store)  # a restore replaces the roster and everyone's progress
        aside = store.restore_from(args.path)
        result = store.check()
    print(f"Restored {store.location} from {args.path} ({result.events} events).")
    print(f"The previous store was kept as {aside}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    with open_cli_store(args) as store:
        result = store.check()
    print(f"Store:          {result.location}")
    print(f"Schema version: {result.schema_version} (latest {result.latest_version})")
    print(f"Events:         {result.events}")
    if not result.ok:
        for problem in result.problems:
            print(f"Problem:        {problem}")
        raise QuestError(
            "the progress store has problems", hint="restore a backup: quest store restore PATH"
        )
    print("Integrity:      ok")
    return 0


def run_rebuild(args: argparse.Namespace) -> int:
    with open_cli_store(args) as store:
        n = store.rebuild()
    print(f"Rebuilt progress, badges and the class board from {n} events.")
    return 0


def run_path(args: argparse.Namespace) -> int:
    location = store_location(args)
    if is_postgres_url(location):
        from quest_engine.store.postgres_backend import redact_url

        location = redact_url(location)  # a URL's password is never printed
    print(location)
    return 0
