"""`quest play`: open the game window."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("play", help="open the game on the bundled quest packs")
    p.add_argument(
        "--headless", action="store_true", help="run without a window (SDL dummy driver)"
    )
    p.add_argument("--frames", type=int, default=None, help="stop after N frames (headless runs)")
    p.add_argument("--screenshot", default=None, help="save the last frame to this PNG file")
    p.add_argument("--script", default=None, help="drive the UI from a YAML script of actions")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    print(
        "quest play: the game is not built yet. Try `quest validate` to check the bundled quests."
    )
    return 0
