"""Diagnostics: what `quest validate` tells a teacher, kept apart from how it is printed.

Every problem found in a file becomes one frozen `Diagnostic` with a stable `code`
(listed in `CODES` and documented in docs/DIAGNOSTICS.md), so tests, editors and
scripts can rely on codes while messages stay free to improve.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

#: code -> (severity, one-line summary). The summary is the docs table entry.
CODES: dict[str, tuple[Severity, str]] = {
    # reading the file
    "unreadable-file": ("error", "The file cannot be read (permissions, a folder, ...)."),
    "file-too-large": ("error", "The file is larger than the 1 MiB limit for one quest file."),
    "not-utf8": ("error", "The file is not UTF-8 text; the line of the first bad byte is shown."),
    "empty-file": ("error", "The file holds no YAML document."),
    # YAML
    "yaml-syntax": ("error", "The YAML cannot be parsed (indentation, a stray `:`, a tab, ...)."),
    "multiple-documents": ("error", "More than one YAML document (`---`) in one file."),
    "duplicate-key": ("error", "The same key is written twice in one mapping."),
    "forbidden-tag": (
        "error",
        "A YAML tag such as `!!python/object` or `!custom`; only plain data is read.",
    ),
    "complex-key": ("error", "A mapping key that is a list or mapping instead of plain text."),
    "too-many-aliases": (
        "error",
        "Aliases (`*name`) would expand into too much data (billion laughs).",
    ),
    "recursive-alias": ("error", "An alias refers to the node that contains it."),
    "too-deep": ("error", "Nesting deeper than the 64-level limit."),
    "ambiguous-value": (
        "warning",
        "A YAML 1.1 spelling such as `yes`, `off`, `1_000` or `012` read as a boolean or number.",
    ),
    # shape (JSON Schema)
    "unsupported-format": (
        "error",
        "`format:` names a format version this Quest Engine cannot read.",
    ),
    "unknown-key": ("error", "A key the format does not have (often a typo)."),
    "missing-key": ("error", "A required key is missing."),
    "wrong-type": ("error", "A value of the wrong type, e.g. text where a number belongs."),
    "bad-value": ("error", "A value outside the allowed list, e.g. an unknown subject or kind."),
    "bad-id": ("error", "An id or text that does not have the required form (ids are slugs)."),
    "out-of-range": ("error", "A number outside its allowed range."),
    "too-few-items": ("error", "A list or mapping with fewer entries than needed."),
    "duplicate-item": ("error", "The same entry twice in a list that must not repeat."),
    "one-key-only": ("error", "A condition or award rule must have exactly one key."),
    "schema": ("error", "Any other mismatch with the schema."),
    # meaning (semantic checks)
    "unknown-step": (
        "error",
        "A `start`, `next`, `goto` or route names a step that does not exist.",
    ),
    "unreachable-step": ("warning", "No path from the start step leads to this step."),
    "dead-end": ("error", "A step with no way forward that is not an ending."),
    "unknown-flag": ("warning", "A `when: {flag: ...}` names a flag no step of the quest sets."),
    "no-ending": ("error", "The quest has no step with `ending: true`."),
    "ending-has-next": ("warning", "An ending step also has `next`, which is never followed."),
    "duplicate-id": ("error", "Two quests, badges, paths, options or rubric criteria share an id."),
    "prerequisite-cycle": (
        "error",
        "Quests require each other in a circle, so none can be started.",
    ),
    "badge-never-awarded": ("warning", "No quest, outcome or award rule can give this badge."),
    "no-correct-option": ("error", "A choice challenge has no option marked `correct: true`."),
    "many-correct-single": (
        "error",
        "A single-select choice marks several options correct (use `multiple: true`).",
    ),
    "negative-tolerance": ("error", "A tolerance below zero."),
    "min-above-max-words": ("error", "`min_words` is larger than `max_words`."),
    "bad-range": (
        "error",
        "Numbers out of order: a game range (min, start, max), a value off the line or beam, "
        "or pack `levels` that do not rise.",
    ),
    "unwinnable-game": (
        "error",
        "A mini-game no move can win: the pad is out of the launcher's reach, or no placing "
        "of the weights balances the beam.",
    ),
    "bad-number-value": (
        "error",
        "A number-line value that is not a number, fraction or mixed number.",
    ),
    "bad-pattern": ("error", "A text `pattern` that is not a valid regular expression."),
    "slow-pattern": (
        "warning",
        "A text `pattern` with nested repetition, like `(a+)+`, that some answers make run "
        "for minutes.",
    ),
    "asset-outside-pack": (
        "error",
        "An asset path that leaves the pack folder (absolute, `..`, or a link that points "
        "outside), or a quest file that is a link to a file outside the pack.",
    ),
    "asset-missing": (
        "error",
        "An asset path that does not exist in the pack folder (or differs in upper/lower case).",
    ),
    "bad-asset-path": (
        "error",
        "An asset path that cannot work everywhere: a web address, a `\\`, a control "
        "character, or over 255 characters.",
    ),
    "unknown-quest": (
        "error",
        "A prerequisite, condition, award rule or path names an unknown quest.",
    ),
    "unknown-badge": (
        "error",
        "A quest, outcome or condition names a badge the pack does not define.",
    ),
    "badges-twice": ("error", "pack.yaml has both `badges` and `badges_file`."),
    "pack-not-found": ("error", "A pack folder without `pack.yaml`."),
}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at one place: `path:line:column`, counted from 1."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    help: tuple[str, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "help": list(self.help),
        }

    @classmethod
    def from_json(cls, data: dict) -> Diagnostic:
        return cls(
            data["path"],
            int(data["line"]),
            int(data["column"]),
            data["severity"],
            data["code"],
            data["message"],
            tuple(data.get("help", ())),
        )


def make(
    path: str,
    line: int,
    column: int,
    code: str,
    message: str,
    help: Iterable[str] = (),
    severity: Severity | None = None,
) -> Diagnostic:
    """A diagnostic with the code's default severity (so severities stay consistent).

    Message and help stay one readable line each whatever the file holds: control
    characters are spelt out (`\\n`, `\\x00`) and a quoted value longer than
    80 characters is cut short.
    """
    sev = severity or CODES[code][0]
    return Diagnostic(
        _tidy(path),
        max(1, line),
        max(1, column),
        sev,
        code,
        _tidy(message),
        tuple(_tidy(h) for h in help),
    )


_CONTROL = re.compile(
    r"[\x00-\x1f\x7f\x85\xa0\xad\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]"
)
"""Control characters, and invisible or look-alike spaces that a reader could not see."""
_LONG_QUOTE = re.compile(r"`([^`]{81,})`")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return repr(char)[1:-1] if ord(char) < 0x80 else f"\\u{ord(char):04x}"


def _tidy(text: str) -> str:
    if _CONTROL.search(text):
        text = _CONTROL.sub(_escape, text)
    if len(text) > 100:
        text = _LONG_QUOTE.sub(lambda m: f"`{m.group(1)[:77]}...`", text)
    return text


def count(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = warnings = 0
    for d in diagnostics:
        if d.severity == "error":
            errors += 1
        else:
            warnings += 1
    return errors, warnings
