"""`quest student purge NAME`: remove a student and every trace of them (retention rules).

Adds `purge` to the `quest student` command (registered by class_cmd, which sorts first).
"""

from __future__ import annotations

import argparse
import difflib
import shlex
import sys
import unicodedata

from quest_engine.cli.store_session import facilitator_token, open_cli_store
from quest_engine.errors import QuestError
from quest_engine.store.api import Store, StudentInfo


def student_actions(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """The actions of `quest student` (made here when class_cmd has not made them yet), for
    the modules that add one: purge here, pin in student_pin_cmd."""
    parser = sub.choices.get("student")
    if parser is None:
        parser = sub.add_parser("student", help="manage the students of a class")
        return parser.add_subparsers(dest="student_command", metavar="ACTION", required=True)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return parser.add_subparsers(dest="student_command", metavar="ACTION", required=True)


def register(sub: argparse._SubParsersAction) -> None:
    p = student_actions(sub).add_parser(
        "purge",
        help="remove a student and every trace of them (events, drafts, writing)",
        description="Removes the student, their events, drafts and submissions (and the "
        "feedback on them) from the store and its backups. Feedback they gave classmates is "
        "kept without their name; where classmates' words name them, the name becomes 'a "
        "classmate'. Copies you saved elsewhere with `quest store backup PATH` are not "
        "found: purge each with --store PATH. This cannot be undone.",
    )
    p.add_argument("name", help="the student's display name")
    p.add_argument("--class", dest="class_name", metavar="NAME", help="the student's class")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(handler=run)


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


def _plain(name: str) -> str:
    """A name without accents, case or extra spaces: `Zoe martin` finds `Zoë Martin`."""
    decomposed = unicodedata.normalize("NFKD", _norm(name))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _name_hint(name: str, everyone: list[str]) -> str:
    """Did you mean ...? (a name that differs by accents or a typo), else where to look."""
    by_plain = {_plain(n): n for n in everyone}
    close = difflib.get_close_matches(_plain(name), list(by_plain), n=3, cutoff=0.75)
    if close:
        return "did you mean " + " or ".join(repr(by_plain[c]) for c in close) + "?"
    return "names are written as `quest progress` shows them"


def find_student(store: Store, name: str, class_name: str | None) -> tuple[StudentInfo, str]:
    """The one student called `name` (any case and spacing), in `class_name` or in any
    class, and their class's name; a clear error when there is none or more than one."""
    classes = [store.class_by_name(class_name)] if class_name else store.classes()
    names = {c.id: c.name for c in classes}
    matches = [
        s for c in classes for s in store.students(c.id) if _norm(s.display_name) == _norm(name)
    ]
    if not matches:
        where = f" in {classes[0].name}" if class_name else ""
        if class_name:
            elsewhere = sorted(
                c.name
                for c in store.classes()
                if any(_norm(s.display_name) == _norm(name) for s in store.students(c.id))
            )
            if elsewhere:
                raise QuestError(
                    f"no student called {name!r}{where}",
                    f"{name} is in {' and '.join(elsewhere)}: use --class "
                    + shlex.quote(elsewhere[0]),
                )
        everyone = [s.display_name for c in classes for s in store.students(c.id)]
        raise QuestError(f"no student called {name!r}{where}", _name_hint(name, everyone))
    if len(matches) > 1:
        in_classes = ", ".join(sorted(names[s.class_id] for s in matches))
        raise QuestError(
            f"{len(matches)} students are called {name!r} ({in_classes})", "add --class NAME"
        )
    return matches[0], names[matches[0].class_id]


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def run(args: argparse.Namespace) -> int:
    with open_cli_store(args) as store:
        token = facilitator_token(store)
        student, class_name = find_student(store, args.name, args.class_name)
        purge = getattr(store, "purge_student", None)
        if purge is None:
            raise QuestError("this kind of store cannot purge students yet")
        if not args.yes:
            if not sys.stdin.isatty():
                raise QuestError("purging a student needs confirmation", "add --yes")
            typed = input(
                f"This removes {student.display_name} ({class_name}) for good.\n"
                "Type their name to confirm: "
            )
            if _norm(typed) != _norm(student.display_name):
                print("Nothing removed.")
                return 1
        report = purge(token, student.id)
    kept = report.feedback_kept
    print(
        f"removed {student.display_name} from {class_name}: "
        f"{_count(report.events_deleted, 'event')} and "
        f"{_count(report.submissions_deleted, 'piece', 'pieces')} of writing deleted"
    )
    if kept:
        print(
            f"  {_count(kept, 'piece', 'pieces')} of feedback they gave classmates kept, "
            "without their name"
        )
    replaced = getattr(report, "names_replaced", 0)
    if replaced:
        texts = "text" if replaced == 1 else "texts"
        print(f"  their name replaced by 'a classmate' in {replaced} {texts} classmates wrote")
    if report.backups_cleaned:
        print(f"  also removed from {_count(report.backups_cleaned, 'backup')}")
    print(
        "  copies saved elsewhere with `quest store backup PATH` still hold them: "
        f"quest student purge {shlex.quote(student.display_name)} --yes --store PATH"
    )
    return 0
