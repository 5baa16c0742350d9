"""`quest student pin NAME`: give a student who forgot their PIN a new one, or none.

Students forget their PIN every week; after 5 wrong tries sign-in pauses for a minute. A
facilitator sets a new PIN (typed twice, unseen) or clears it, and the pause is lifted at
once. Adds `pin` to the `quest student` command (through student_purge_cmd's helper).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from quest_engine.cli.store_session import facilitator_token, open_cli_store
from quest_engine.cli.student_purge_cmd import find_student, student_actions
from quest_engine.errors import QuestError
from quest_engine.store import credentials

PIN_HINT = "for example 2580; nothing was changed"


def register(sub: argparse._SubParsersAction) -> None:
    p = student_actions(sub).add_parser(
        "pin",
        help="give a student a new PIN (or none) and lift their sign-in pause",
        description="Sets a new 4-digit PIN for a student who forgot theirs, typed twice "
        "unseen (or read from standard input with --pin-stdin), or with --clear lets them "
        "sign in without one. Either way a pause after wrong PINs ends at once and the old "
        "PIN stops working (with a shared store, offline on this computer too).",
    )
    p.add_argument("name", help="the student's display name")
    p.add_argument("--class", dest="class_name", metavar="NAME", help="the student's class")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--clear", action="store_true", help="remove the PIN: no PIN needed")
    how.add_argument(
        "--pin-stdin",
        action="store_true",
        help="read the new PIN from the first line of standard input (for scripts)",
    )
    p.set_defaults(handler=run)


def _checked(pin: str) -> str:
    try:
        return credentials.check_pin_format(pin)
    except QuestError as exc:
        raise QuestError(str(exc), hint=PIN_HINT) from None


def new_pin(args: argparse.Namespace, display_name: str) -> str | None:
    """The new PIN (None with --clear): from standard input with --pin-stdin, else typed
    twice unseen at a terminal."""
    if args.clear:
        return None
    return read_pin(
        display_name,
        from_stdin=args.pin_stdin,
        hint="type it at a terminal, pipe it in with --pin-stdin, or use --clear",
    )


def read_pin(display_name: str, *, from_stdin: bool, hint: str) -> str:
    """A PIN that never sits in argv or the shell's history: the first line of standard
    input, or typed twice unseen at a terminal (`hint` says what else to do without one)."""
    if from_stdin:
        return _checked(sys.stdin.readline().strip())
    if not sys.stdin.isatty():
        raise QuestError("the new PIN is needed", hint=hint)
    first = _checked(getpass.getpass(f"New PIN for {display_name}: "))
    if getpass.getpass("Type it again: ") != first:
        raise QuestError("the two PINs differ; nothing was changed")
    return first


def run(args: argparse.Namespace) -> int:
    with open_cli_store(args) as store:
        token = facilitator_token(store)
        student, class_name = find_student(store, args.name, args.class_name)
        pin = new_pin(args, student.display_name)
        store.set_student_pin(token, student.id, pin)
    if pin is None:
        print(f"{student.display_name} ({class_name}) can now sign in without a PIN.")
    else:
        print(f"New PIN set for {student.display_name} ({class_name}); they can sign in now.")
    return 0
