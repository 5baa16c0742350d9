"""`quest progress`: a readable table of where every student stands."""

from __future__ import annotations

import argparse

from quest_engine.cli.store_session import (
    open_cli_store,
    print_table,
    quest_titles,
    shorten,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("progress", help="show each student's level, XP, badges and quests")
    p.add_argument(
        "--class", dest="class_name", default=None, metavar="NAME", help="only this class"
    )
    p.add_argument(
        "--pack",
        action="append",
        default=[],
        metavar="FOLDER",
        help="a pack of your own the class plays (for quest titles); repeatable",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_cli_store(args) as store:
        class_id = store.class_by_name(args.class_name).id if args.class_name else None
        rows = store.progress(class_id)
    if not rows:
        print("No students yet. Add one with: quest student add --class NAME DISPLAY_NAME")
        return 0
    titles = quest_titles(args.pack)
    several = len({r.class_name for r in rows}) > 1
    headers = ["Student", "Level", "XP", "Badges", "Current quest", "Quests done"]
    table = [
        (
            shorten(r.display_name, 40),
            r.level,
            r.xp,
            shorten(", ".join(r.badges), 40) if r.badges else "-",
            shorten(titles.get(r.current_quest, r.current_quest), 30) if r.current_quest else "-",
            r.quests_done,
        )
        for r in rows
    ]
    if several:
        headers.insert(0, "Class")
        table = [(r.class_name, *row) for r, row in zip(rows, table, strict=True)]
    print_table(headers, table)
    return 0
