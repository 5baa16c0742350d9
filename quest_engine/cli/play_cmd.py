"""`quest play`: open the game window (or run it headless for screenshots and scripts)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("play", help="open the game on the bundled quest packs")
    p.add_argument(
        "--headless", action="store_true", help="run without a window (SDL dummy driver)"
    )
    p.add_argument("--frames", type=int, default=None, help="stop after N frames (headless runs)")
    p.add_argument("--screenshot", default=None, help="save the last frame to this PNG file")
    p.add_argument("--script", default=None, help="drive the UI from a YAML script of actions")
    p.add_argument("--size", default=None, help="window size WIDTHxHEIGHT (default 1280x720)")
    p.set_defaults(handler=run)


def parse_size(text: str | None) -> tuple[int, int]:
    from quest_engine.errors import UsageError

    if not text:
        return (1280, 720)
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size {text!r} is not WIDTHxHEIGHT", "e.g. --size 1280x720") from None
    if w < 320 or h < 240:
        raise UsageError("--size is too small", "the game needs at least 1024x600 to look right")
    return (w, h)


def build_service(args: argparse.Namespace):
    """The real facade on the resolved store and the bundled packs."""
    from quest_engine.app.service import GameService
    from quest_engine.content.loader import load_bundled_packs
    from quest_engine.store import open_store
    from quest_engine.store.location import resolve_store_location

    location = resolve_store_location(getattr(args, "store", None))
    store = open_store(location)
    daily_backup(store)
    return GameService(store, load_bundled_packs())


def daily_backup(store) -> None:
    """On start, at most once a day, a copy of the store goes into its `backups` folder
    (the newest 7 are kept). A failed copy is logged; it must not stop the lesson."""
    import logging

    from quest_engine.errors import QuestError

    try:
        store.daily_backup()
    except QuestError as exc:
        logging.getLogger(__name__).warning("daily backup skipped: %s", exc)


def run(args: argparse.Namespace, service=None) -> int:
    from quest_engine.errors import QuestError

    size = parse_size(getattr(args, "size", None))
    headless = bool(args.headless or args.script or os.environ.get("SDL_VIDEODRIVER") == "dummy")
    if args.headless:
        from quest_engine.ui.app import use_headless_drivers

        use_headless_drivers()
    if service is None:
        service = build_service(args)
    from quest_engine.ui.app import App

    try:
        app = App(service, size=size)
    except Exception as exc:  # noqa: BLE001 - pygame.error (no display) and friends
        if type(exc).__name__ != "error":
            raise
        raise QuestError(
            f"cannot open the game window ({exc})",
            "run on a desktop session, or use --headless for screenshots and scripts",
        ) from None
    try:
        app.start()
        if args.script:
            from quest_engine.ui.pilot import Pilot
            from quest_engine.ui.script import load_script, run_script

            script = Path(args.script)
            steps = load_script(script)
            pilot = Pilot(app)
            run_script(pilot, steps)
            if args.frames:
                pilot.frames(args.frames)
        elif headless or args.frames is not None:
            app.run(frames=args.frames if args.frames is not None else 60)
        else:
            app.run()
        if args.screenshot:
            app.screenshot(args.screenshot)
    except QuestError:
        raise
    finally:
        app.close()
    return 0
