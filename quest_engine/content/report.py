"""Reporters: the same diagnostics as compiler-style text or as JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable

from quest_engine.content.diagnostics import Diagnostic, count


def format_text(diagnostics: Iterable[Diagnostic], files: int) -> str:
    """`path:line:col: error[CODE]: message`, `  help: ...` lines, then the summary line
    `N errors, M warnings in K files`."""
    diagnostics = list(diagnostics)
    lines = []
    for d in diagnostics:
        lines.append(f"{d.path}:{d.line}:{d.column}: {d.severity}[{d.code}]: {d.message}")
        lines.extend(f"  help: {h}" for h in d.help)
    errors, warnings = count(diagnostics)
    # Always this exact shape (even "1 errors"), so scripts can rely on one pattern.
    lines.append(f"{errors} errors, {warnings} warnings in {files} files")
    return "\n".join(lines)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([d.to_json() for d in diagnostics], indent=2, ensure_ascii=False)
