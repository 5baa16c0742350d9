"""`quest validate`: check quest files like a compiler checks code."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from quest_engine.errors import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="check quest files and packs for mistakes",
        description="Check quest files and pack folders. Exit status: 0 no errors "
        "(warnings allowed), 1 errors found, 2 usage error, 3 internal error.",
    )
    p.add_argument("paths", nargs="*", help="quest files or pack folders (default: bundled packs)")
    p.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    p.add_argument(
        "--no-cache", action="store_true", help="ignore the compile cache (check everything afresh)"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from quest_engine.content.cache import CompileCache
    from quest_engine.content.loader import expand_path, validate_paths
    from quest_engine.content.report import format_json, format_text

    for path in args.paths:
        if not os.path.exists(path):
            raise UsageError(
                f"no such file or folder: {path}",
                "give quest files or pack folders; with no path the bundled packs are checked",
            )
        if os.path.isdir(path) and not any(expand_path(Path(path), path)):
            raise UsageError(
                f"nothing to check in {path}: no pack.yaml and no .yaml quest files",
                "give a pack folder (one with pack.yaml), a folder of packs, or quest files",
            )
    cache = CompileCache(None) if args.no_cache else CompileCache.default()
    report = validate_paths(args.paths, cache=cache)
    if args.format == "json":
        out = format_json(report.diagnostics)
    else:
        out = format_text(report.diagnostics, report.files)
    sys.stdout.write(out + "\n")
    return 1 if report.errors else 0
