"""Entry point of the `quest` command.

Each command lives in its own module under `quest_engine.cli` and exposes
`register(subparsers)`. Exit codes: 0 ok, 1 content or user error, 2 usage error,
3 unexpected internal error (one line, never a traceback).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

import quest_engine.cli as _cli_package
from quest_engine import __version__
from quest_engine.errors import QuestError

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


FIRST_STEPS = """\
first steps:
  quest play                          open the game on the bundled quests
  quest new pack "Earth Science"      start a pack of your own quests
  quest validate earth-science        check it, then: quest play --pack earth-science
  quest class create "Room 12"        make a class, then: quest student add --class ...
  quest COMMAND --help                what a command does and its options"""


def command_modules() -> list[str]:
    """Every `quest_engine/cli/*_cmd.py` module; each adds its commands via `register`."""
    names = [m.name for m in pkgutil.iter_modules(_cli_package.__path__)]
    return sorted(n for n in names if n.endswith("_cmd"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quest",
        description="Quest Engine: play, check and run game-based learning quests.",
        epilog=FIRST_STEPS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"quest {__version__}")
    parser.add_argument(
        "--store",
        default=None,
        help="progress store: a SQLite file path or a postgresql:// URL "
        "(default: $QUEST_STORE, else the user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in command_modules():
        module = importlib.import_module(f"quest_engine.cli.{name}")
        module.register(sub)
    _store_option_everywhere(parser)
    return parser


def _store_option_everywhere(parser: argparse.ArgumentParser) -> None:
    """Accept `--store PATH` after any command too (`quest progress --store x.sqlite3`).

    SUPPRESS as the default keeps a `--store` given before the command when none is
    given after it."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for child in dict.fromkeys(action.choices.values()):
            if "--store" not in child._option_string_actions:
                child.add_argument(
                    "--store",
                    default=argparse.SUPPRESS,
                    metavar="STORE",
                    help="progress store: a SQLite file path or a postgresql:// URL",
                )
            _store_option_everywhere(child)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.handler(args) or EXIT_OK)
    except QuestError as exc:
        print(f"quest: error: {exc}", file=sys.stderr)
        if exc.hint:
            print(f"  help: {exc.hint}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("quest: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`quest progress | head`): not a bug, nothing more to say;
        # stdout goes to devnull so the interpreter's last flush does not fail again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback
        if os.environ.get("QUEST_DEBUG"):
            raise
        print(
            f"quest: internal error ({type(exc).__name__}): {exc}. "
            "This is a bug in Quest Engine; please report it (set QUEST_DEBUG=1 for details).",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
