"""Errors that reach a person: each carries a plain message, an optional hint and an exit code."""

from __future__ import annotations


class QuestError(Exception):
    """An error to show as one clear line (plus a hint), never as a traceback."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class UsageError(QuestError):
    """The command was called wrongly: a missing path, a bad option."""

    exit_code = 2
