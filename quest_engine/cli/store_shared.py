"""`quest store migrate` and `quest store copy`: the shared-store actions of `quest store`.

Added to the `store` command by `store_cmd.register` (this module is not a command itself).
Both work on either backend: a SQLite path or a `postgresql://` URL.
"""

from __future__ import annotations

import argparse

from quest_engine.cli.store_session import ask_secret, facilitator_token, store_location
from quest_engine.errors import QuestError
from quest_engine.store import open_store
from quest_engine.store.location import is_postgres_url

ENV_TARGET_PASSPHRASE = "QUEST_TARGET_FACILITATOR_PASSPHRASE"


def register_actions(actions: argparse._SubParsersAction) -> None:
    migrate = actions.add_parser(
        "migrate", help="create or update the store's tables (run once on a new shared store)"
    )
    migrate.set_defaults(handler=run_migrate)
    copy = actions.add_parser(
        "copy",
        help="copy a class (or everything) from store SRC into store DST; safe to repeat",
        description="SRC and DST are SQLite files or postgresql:// URLs. Copying again adds "
        "only what is new, so the result of copying twice is the result of copying once.",
    )
    copy.add_argument("src", help="the store to copy from (path or postgresql:// URL)")
    copy.add_argument("dst", help="the store to copy into (created when missing)")
    copy.add_argument("--class", dest="class_name", help="copy only this class")
    copy.set_defaults(handler=run_copy)


def _open_direct(location: str, *, create: bool):
    """A direct connection: copies and migrations must not go through the offline outbox."""
    if is_postgres_url(location):
        return open_store(location, create=create, offline=False)
    return open_store(location, create=create)


def run_migrate(args: argparse.Namespace) -> int:
    location = store_location(args)
    if is_postgres_url(location):
        from quest_engine.store.postgres_backend import LATEST_VERSION, PostgresStore

        with PostgresStore(location, migrate_on_open=False) as store:
            ran = store.migrate()
            version = store.schema_version
            where = store.location
    else:
        from quest_engine.store.sqlite_backend import LATEST_VERSION, SQLiteStore  # type: ignore[assignment]

        with SQLiteStore(location) as store:  # migrations run on open
            version = store.schema_version
            where = store.location
        ran = []
    if ran:
        print(f"Applied {len(ran)} migration(s) to {where}: {', '.join(ran)}")
    print(f"Schema version {version} (latest {LATEST_VERSION}): up to date.")
    return 0


def run_copy(args: argparse.Namespace) -> int:
    from quest_engine.store.copy import copy_store

    if args.src == args.dst:
        raise QuestError("SRC and DST are the same store")
    with _open_direct(args.src, create=False) as src:
        facilitator_token(src)  # copying student data is a facilitator's job
        class_id = None
        label = "everything"
        if args.class_name:
            info = src.class_by_name(args.class_name)
            class_id, label = info.id, f"class {info.name!r}"
        with _open_direct(args.dst, create=True) as dst:
            if dst.facilitator_has_passphrase():
                dst.verify_facilitator(
                    ask_secret(
                        "Facilitator passphrase of the target store: ", ENV_TARGET_PASSPHRASE
                    )
                )
            report = copy_store(src, dst, class_id=class_id)
            src_where, dst_where = src.location, dst.location
    print(f"Copied {label} from {src_where} to {dst_where}:")
    print(f"  classes new:  {report.classes}")
    print(f"  students new: {report.students}")
    print(f"  events new:   {report.events_added} of {report.events_read}")
    for renamed in report.renamed_join_codes:
        print(f"  join code changed (the target already used it): {renamed}")
    return 0
