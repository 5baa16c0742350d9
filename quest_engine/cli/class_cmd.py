"""`quest class`, `quest student`, `quest facilitator`: the roster, kept by a facilitator."""

from __future__ import annotations

import argparse
import json
import os
import sys
from functools import cache

from quest_engine.cli.store_session import (
    ENV_PASSPHRASE,
    ask_secret,
    facilitator_token,
    open_cli_store,
    print_table,
)
from quest_engine.errors import QuestError
from quest_engine.paths import assets_dir

ENV_NEW_PASSPHRASE = "QUEST_FACILITATOR_NEW_PASSPHRASE"


def register(sub: argparse._SubParsersAction) -> None:
    cls = sub.add_parser("class", help="create and list classes")
    cls_sub = cls.add_subparsers(dest="class_command", metavar="ACTION", required=True)
    create = cls_sub.add_parser("create", help="create a class and print its join code")
    create.add_argument("name", help='the class name, e.g. "Room 12"')
    create.set_defaults(handler=run_class_create)
    listing = cls_sub.add_parser("list", help="list classes with their join codes")
    listing.set_defaults(handler=run_class_list)

    student = sub.add_parser(
        "student", help="add a student, give one a new PIN, or remove one for good"
    )
    st_sub = student.add_subparsers(dest="student_command", metavar="ACTION", required=True)
    add = st_sub.add_parser("add", help="add a student to a class")
    add.add_argument(
        "--class",
        dest="class_name",
        required=True,
        metavar="NAME",
        help="the class, as `quest class list` shows it",
    )
    add.add_argument("display_name", help="the name classmates see")
    add.add_argument(
        "--avatar",
        default="",
        metavar="ID",
        help="the drawn character: " + ", ".join(avatar_ids()) + " (default: a plain face)",
    )
    pin = add.add_mutually_exclusive_group()
    pin.add_argument(
        "--pin",
        default=None,
        metavar="1234",
        help="optional 4-digit PIN (it stays in the shell's history: --ask-pin does not)",
    )
    pin.add_argument("--ask-pin", action="store_true", help="type the PIN twice, unseen")
    pin.add_argument(
        "--pin-stdin", action="store_true", help="read the PIN from standard input's first line"
    )
    add.set_defaults(handler=run_student_add)

    fac = sub.add_parser("facilitator", help="facilitator settings")
    fac_sub = fac.add_subparsers(dest="facilitator_command", metavar="ACTION", required=True)
    setp = fac_sub.add_parser(
        "set-passphrase",
        help="set or change the passphrase that guards reviews, the roster and exports",
        description="Set the facilitator passphrase (typed twice, unseen), or change it "
        f"(the current one first). Scripts can pass it in {ENV_PASSPHRASE}, and a new one "
        f"in {ENV_NEW_PASSPHRASE}.",
    )
    setp.set_defaults(handler=run_set_passphrase)


def run_class_create(args: argparse.Namespace) -> int:
    with open_cli_store(args, create=True) as store:
        info = store.create_class(facilitator_token(store), args.name)
    print(f"Created class {info.name}. Join code: {info.join_code}")
    return 0


def run_class_list(args: argparse.Namespace) -> int:
    with open_cli_store(args) as store:
        classes = store.classes()
    if not classes:
        print("No classes yet. Create one with: quest class create NAME")
        return 0
    print_table(
        ["Class", "Join code", "Students"],
        [(c.name, c.join_code, c.student_count) for c in classes],
    )
    return 0


@cache
def avatar_ids() -> tuple[str, ...]:
    """The ids of the drawn characters a student can have (assets/avatars/avatars.json)."""
    try:
        data = json.loads((assets_dir() / "avatars" / "avatars.json").read_text("utf-8"))
        return tuple(a["id"] for a in data["avatars"] if isinstance(a.get("id"), str))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return ()


def run_student_add(args: argparse.Namespace) -> int:
    known = avatar_ids()
    avatar = args.avatar.strip()
    if avatar.lower() in known:
        avatar = avatar.lower()
    with open_cli_store(args) as store:
        cls = store.class_by_name(args.class_name)
        token = facilitator_token(store)
        pin = args.pin
        if args.ask_pin or args.pin_stdin:
            from quest_engine.cli.student_pin_cmd import read_pin

            hint = "type it at a terminal, pipe it in with --pin-stdin, or leave the PIN out"
            pin = read_pin(args.display_name, from_stdin=args.pin_stdin, hint=hint)
        kid = store.add_student(token, cls.id, args.display_name, avatar, pin)
    with_pin = " with a PIN" if kid.has_pin else ""
    print(f"Added {kid.display_name} to {cls.name}{with_pin}.")
    if avatar and known and avatar not in known:
        print(
            f"  note: no drawn character is called {avatar!r}, so {kid.display_name} shows "
            "a plain face. The characters are: " + ", ".join(known),
            file=sys.stderr,
        )
    return 0


def _new_passphrase() -> str:
    for env in (ENV_NEW_PASSPHRASE, ENV_PASSPHRASE):
        if os.environ.get(env):
            return os.environ[env]
    if not sys.stdin.isatty():
        raise QuestError(
            "the new passphrase is needed",
            hint=f"type it at a terminal, or set {ENV_NEW_PASSPHRASE}",
        )
    first = ask_secret("New facilitator passphrase: ", None)
    if ask_secret("Repeat it: ", None) != first:
        raise QuestError("the two passphrases differ; nothing was changed")
    return first


def run_set_passphrase(args: argparse.Namespace) -> int:
    with open_cli_store(args, create=True) as store:
        changing = store.facilitator_has_passphrase()
        token = None
        if changing:
            token = store.verify_facilitator(
                ask_secret("Current facilitator passphrase: ", ENV_PASSPHRASE)
            )
        store.set_facilitator_passphrase(_new_passphrase(), token)
    print("Facilitator passphrase changed." if changing else "Facilitator passphrase set.")
    return 0
