"""`quest play`: open the game window (or run it headless for screenshots and scripts)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "play",
        help="open the game on the bundled quest packs (and your own with --pack)",
        description="Open the game window on the bundled quest packs and the progress store. "
        "Add your own packs with --pack FOLDER; a pack with errors shows on the map as "
        "unavailable, with the validator's message.",
    )
    p.add_argument(
        "--headless", action="store_true", help="run without a window (SDL dummy driver)"
    )
    p.add_argument("--frames", type=int, default=None, help="stop after N frames (headless runs)")
    p.add_argument("--screenshot", default=None, help="save the last frame to this PNG file")
    p.add_argument("--script", default=None, help="drive the UI from a YAML script of actions")
    p.add_argument("--size", default=None, help="window size WIDTHxHEIGHT (default 1280x720)")
    p.add_argument(
        "--pack",
        action="append",
        default=[],
        metavar="FOLDER",
        help="also play a pack of your own (the folder with its pack.yaml); repeatable",
    )
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
        raise UsageError(
            f"--size {text} is too small",
            "the smallest is 320x240, and the game is laid out for 1024x600 and up",
        )
    return (w, h)


def build_service(args: argparse.Namespace):
    """The real facade on the resolved store and the bundled packs."""
    from quest_engine.app.service import GameService
    from quest_engine.content.loader import load_bundled_packs
    from quest_engine.store import open_store
    from quest_engine.store.location import resolve_store_location

    bundled = load_bundled_packs()
    packs = bundled + own_packs(getattr(args, "pack", None) or [], bundled)
    location = resolve_store_location(getattr(args, "store", None))
    store = open_store(location)
    daily_backup(store)
    return GameService(store, packs)


def own_packs(folders: list[str], bundled: list) -> list:
    """A teacher's own packs for the game, next to the bundled ones. A pack with errors is
    still returned (the map shows it as unavailable, with the validator's message); a folder
    that is not a pack, or a pack whose ids are already taken, stops here with a clear line."""
    from quest_engine.content.loader import load_pack
    from quest_engine.errors import QuestError, UsageError
    from quest_engine.paths import bundled_pack_dirs

    taken: dict[str, str] = {}  # "pack ID" or "quest ID" -> the title of the pack with it
    for result in bundled:
        if result.pack is not None:
            taken[f"pack {result.pack.id}"] = result.pack.title
            taken.update((f"quest {q}", result.pack.title) for q in result.pack.quests)
    results = []
    seen = {d.resolve() for d in bundled_pack_dirs()}  # already on the map (a checkout's quests/)
    for folder in folders:
        path = Path(folder)
        if path.name == "pack.yaml":
            path = path.parent
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        if not path.is_dir():
            raise UsageError(f"--pack {folder}: no such folder", "give the folder of a pack")
        if not (path / "pack.yaml").is_file():
            raise UsageError(
                f"--pack {folder}: this folder has no pack.yaml",
                "give the folder that holds pack.yaml (quest new pack NAME makes one)",
            )
        result = load_pack(path)
        if result.pack is not None:
            ids = [f"pack {result.pack.id}", *(f"quest {q}" for q in result.pack.quests)]
            for key in ids:
                if key in taken:
                    kind, ident = key.split(" ", 1)
                    raise QuestError(
                        f"--pack {folder}: the {kind} id `{ident}` is already used by {taken[key]}",
                        f"give your {kind} another id (ids must be unique across packs)",
                    )
            taken.update((key, result.pack.title) for key in ids)
        results.append(result)
    return results


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
