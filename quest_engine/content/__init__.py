"""The content layer: a compiler from teachers' YAML to the frozen model.

Entry points for the rest of the program:

- `load_pack(path) -> LoadResult` (pack is None when the pack has errors),
- `load_quest_file(path) -> QuestResult`,
- `load_bundled_packs() -> list[LoadResult]`,
- `validate_paths(paths) -> Report` (what `quest validate` prints),
- `parse_markup(text)` for step text (see `markup`).

Nothing outside this package reads YAML.
"""

from __future__ import annotations

from quest_engine.content.diagnostics import CODES, Diagnostic
from quest_engine.content.loader import (
    LoadResult,
    QuestResult,
    Report,
    load_bundled_packs,
    load_pack,
    load_quest_file,
    validate_paths,
)
from quest_engine.content.markup import Block, ListItem, Paragraph, Span, parse_markup

__all__ = [
    "CODES",
    "Block",
    "Diagnostic",
    "ListItem",
    "LoadResult",
    "Paragraph",
    "QuestResult",
    "Report",
    "Span",
    "load_bundled_packs",
    "load_pack",
    "load_quest_file",
    "parse_markup",
    "validate_paths",
]
