"""`quest export`: progress summaries and standard exports for facilitators.

Formats: csv (two files), json, html (one self-contained page), xapi (statements, or
straight to a Learning Record Store with --lrs) and openbadges (one signed credential per
badge earned). Files are written to a temporary name and renamed, so an interrupted export
leaves nothing half-written.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from quest_engine.cli.store_session import (
    check_pack_folder,
    facilitator_token,
    open_cli_store,
    store_location,
)
from quest_engine.errors import QuestError, UsageError
from quest_engine.exports.xapi import DEFAULT_HOME_PAGE

FORMATS = ("csv", "json", "html", "xapi", "openbadges")
SUFFIX_FORMAT = {".csv": "csv", ".json": "json", ".html": "html", ".htm": "html"}
KIND_OF_FILE = {"csv": "a CSV", "json": "a JSON", "html": "an HTML"}
ENV_LRS_USER = "QUEST_LRS_USER"
ENV_LRS_PASSWORD = "QUEST_LRS_PASSWORD"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="export progress: csv, json, html report, xAPI statements or Open Badges",
        description="Export a class's progress. Asks for the facilitator passphrase when one "
        "is set (or reads QUEST_FACILITATOR_PASSPHRASE).",
    )
    p.add_argument("--format", choices=FORMATS, help="default: from the -o file's extension")
    p.add_argument("--class", dest="class_name", metavar="NAME", help="one class (default: all)")
    p.add_argument(
        "--anonymize",
        action="store_true",
        help='replace student names with stable pseudonyms ("Student Falcon-42")',
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="file to write (a folder for openbadges; csv also writes NAME-students.csv)",
    )
    p.add_argument(
        "--home-page",
        default=DEFAULT_HOME_PAGE,
        metavar="IRI",
        help="your school's address: the home of xAPI accounts and activity and badge ids "
        f"(default {DEFAULT_HOME_PAGE})",
    )
    p.add_argument(
        "--xapi-names",
        action="store_true",
        help="put display names in xAPI actors (default: only the pseudonymous account)",
    )
    p.add_argument("--lrs", metavar="URL", help="post xAPI statements to this LRS endpoint")
    p.add_argument("--lrs-user", metavar="USER", help=f"LRS basic-auth user (or ${ENV_LRS_USER})")
    p.add_argument(
        "--lrs-password", metavar="PASSWORD", help=f"LRS password (or ${ENV_LRS_PASSWORD})"
    )
    p.add_argument("--batch-size", type=int, default=100, help="statements per LRS request")
    p.add_argument(
        "--pack",
        action="append",
        default=[],
        metavar="FOLDER",
        help="a pack of your own whose quests the class played (titles, badges); repeatable",
    )
    p.set_defaults(handler=run)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        written = SUFFIX_FORMAT.get(Path(args.output).suffix.lower()) if args.output else None
        if args.format == "openbadges" and (written or Path(args.output or "").suffix == ".jwt"):
            raise UsageError(
                f"openbadges writes a folder of credentials, and -o {args.output} names a file",
                "give a folder, e.g. -o badges/",
            )
        if written and written != args.format and not (args.format == "xapi" and written == "json"):
            stem = Path(args.output).with_suffix("")
            suffix = ".json" if args.format == "xapi" else "." + args.format
            raise UsageError(
                f"--format {args.format} but -o {args.output} is named like "
                f"{KIND_OF_FILE[written]} file",
                f"name it {stem}{suffix}, or leave out --format to write {written}",
            )
        return args.format
    if args.lrs:
        return "xapi"
    if args.output:
        fmt = SUFFIX_FORMAT.get(Path(args.output).suffix.lower())
        if fmt:
            return fmt
    raise UsageError(
        "which format?", "add --format csv|json|html|xapi|openbadges (or -o NAME.csv/.json/.html)"
    )


def _packs(folders: list[str]) -> list | None:
    """The bundled packs plus the given ones (None: just the bundled packs)."""
    if not folders:
        return None
    from quest_engine.content import load_bundled_packs, load_pack

    packs = [r.pack for r in load_bundled_packs() if r.pack is not None]
    for folder in folders:
        check_pack_folder(folder)
        result = load_pack(folder)
        if result.pack is None:
            raise QuestError(f"the pack {folder} has errors", f"see: quest validate {folder}")
        packs.append(result.pack)
    return packs


def run(args: argparse.Namespace) -> int:
    fmt = _format(args)
    if not args.output and not (fmt == "xapi" and args.lrs):
        raise UsageError("where should the export go?", "add -o PATH")
    if args.lrs and fmt != "xapi":
        raise UsageError("--lrs only works with --format xapi")
    if args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    location = store_location(args)
    out = Path(args.output) if args.output else None
    if out is not None and fmt != "openbadges" and out.is_dir():
        raise QuestError(f"{out} is a folder", "give a file name, e.g. -o report." + fmt)

    from quest_engine.exports.datadir import data_dir_for, export_secret
    from quest_engine.exports.report_builder import build_report

    packs = _packs(args.pack)
    with open_cli_store(args) as store:
        facilitator_token(store)
        report = build_report(
            store,
            class_name=args.class_name,
            anonymize=args.anonymize,
            packs=packs,
            secret=export_secret(location),
            activities=fmt == "xapi",
            writing=fmt != "xapi",
        )
    written: list[Path] = []
    if fmt == "csv":
        from quest_engine.exports.csv_export import write_csv

        written = write_csv(report, out)
    elif fmt == "json":
        from quest_engine.exports.json_export import write_json

        written = write_json(report, out)
    elif fmt == "html":
        from quest_engine.exports.html_report import write_html

        written = write_html(report, out)
    elif fmt == "openbadges":
        from quest_engine.exports.issuer_key import load_or_create_issuer_key
        from quest_engine.exports.openbadges import write_openbadges

        if out.exists() and not out.is_dir():
            raise QuestError(f"{out} is a file", "openbadges writes a folder: give a folder path")
        key = load_or_create_issuer_key(data_dir_for(location))
        written = write_openbadges(report, out, key, args.home_page)
        print(f"{len(report.badges)} credentials signed; check one with: quest badges verify FILE")
    else:
        from quest_engine.exports.xapi import statements, write_xapi

        if out is not None:
            written = write_xapi(report, out, args.home_page, args.xapi_names)
        if args.lrs:
            from quest_engine.exports.lrs import post_statements

            stmts = statements(report, args.home_page, args.xapi_names)
            user = args.lrs_user or os.environ.get(ENV_LRS_USER)
            password = args.lrs_password or os.environ.get(ENV_LRS_PASSWORD)
            result = post_statements(stmts, args.lrs, user, password, args.batch_size)
            line = (
                f"posted {result.statements} statements to {args.lrs} in {result.batches} batches"
            )
            if result.conflicts:
                line += f" ({result.conflicts} already there with other content, left as they were)"
            print(line)
        else:
            print(f"{len(report.activities)} xAPI statements")
    for path in written:
        print(f"wrote {path}")
    who = "pseudonymised " if report.anonymized else ""
    print(f"{report.class_name}: {len(report.students)} {who}students, {len(report.quests)} quests")
    return 0
