"""Remove one student and every trace of them from a progress store.

For schools' retention rules (and a family's request): the student's row, their events,
drafts, submissions (and the reviews and feedback *on* those submissions) and their count of
wrong PINs go. Feedback they gave classmates stays for the classmates, without their name or
id. Afterwards the file is VACUUMed and its write-ahead log truncated, so the name is not left in free pages either.
The same purge runs over the store's backups, which hold copies of the same rows.

Classmates' words that name the student ("Great story, Zoë!" on someone else's work, a
draft that says "Zoë and I") stay, with the name replaced by "a classmate": the full name
in any case and each capitalised part of it of three letters or more, as written.

Both backends share `PurgeReport` and the name replacement (`replace_name`, run inside
each backend's purge transaction); `purge_rows`, `compact` and `purge_file` are SQLite's
(the live file and its backups); the PostgreSQL deletions are in `postgres_backend`.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quest_engine.rules import events as ev
from quest_engine.store.credentials import student_guard_key


@dataclass(frozen=True, slots=True)
class PurgeReport:
    student_id: str
    display_name: str
    events_deleted: int
    submissions_deleted: int
    feedback_kept: int
    backups_cleaned: int = 0
    names_replaced: int = 0


A_CLASSMATE = "a classmate"
_NAME_PART = re.compile(r"[^\W\d_][\w'’-]*[^\W_]")


def name_pattern(name: str) -> re.Pattern[str] | None:
    """The student's full name (any case) or a capitalised part of it, as a whole word."""
    name = name.strip()
    if not name:
        return None
    parts = {p for p in _NAME_PART.findall(name) if len(p) >= 3 and p[0].isupper()}
    full = r"(?i:" + re.escape(name) + ")"
    words = [full] + [re.escape(p) for p in sorted(parts, key=len, reverse=True)]
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)")


def _replace_in(value: object, pattern: re.Pattern[str]) -> object:
    if isinstance(value, str):
        return pattern.sub(A_CLASSMATE, value)
    if isinstance(value, list):
        return [_replace_in(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: _replace_in(v, pattern) for k, v in value.items()}
    return value


NAMED_TEXTS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("rm_feedback", ("event_id",), ("kind", "specific", "helpful")),
    ("rm_submission", ("id",), ("text",)),
    ("rm_draft", ("student_id", "quest_id", "step_id"), ("text",)),
    ("rm_review", ("event_id",), ("comment",)),
)
"""Read-model tables holding words people wrote: (table, key columns, text columns)."""


def renamed_event(data: str, pattern: re.Pattern[str]) -> str | None:
    """An event's JSON `data` with the name replaced in every string, or None when it has
    no name in it (so only events that change are written)."""
    if not pattern.search(data):
        return None
    record = _replace_in(json.loads(data), pattern)
    return json.dumps(record, separators=(",", ":"), ensure_ascii=False)


def renamed_row(row: Sequence[Any], keys: int, pattern: re.Pattern[str]) -> tuple | None:
    """A (keys..., texts...) row as (texts..., keys...) with the name replaced, ready for
    `UPDATE ... SET text = ? ... WHERE key = ?`; None when no text names the student."""
    texts = row[keys:]
    if not any(t and pattern.search(t) for t in texts):
        return None
    return (*(pattern.sub(A_CLASSMATE, t) if t else t for t in texts), *row[:keys])


Scan = Callable[[str], Iterable[Sequence[Any]]]
"""`scan(sql)`: every row of a SELECT without parameters (a backend may stream them)."""


def replace_name(conn: Any, name: str, *, mark: str = "?", scan: Scan | None = None) -> int:
    """Replace the name inside every text that is left (others' events and read models);
    returns how many events (texts classmates wrote) changed.

    Runs inside the purge's transaction on either backend: `conn.cursor().executemany`
    writes, `mark` is the driver's placeholder, `scan` reads (default `conn.execute`).
    The search is Python's, so case rules are the same whatever the database's locale."""
    pattern = name_pattern(name)
    if pattern is None:
        return 0
    read: Scan = scan or conn.execute
    changed = []
    for event_id, data in read("SELECT event_id, data FROM events"):
        text = renamed_event(data, pattern)
        if text is not None:
            changed.append((text, event_id))
    if changed:
        conn.cursor().executemany(
            f"UPDATE events SET data = {mark} WHERE event_id = {mark}", changed
        )
    for table, keys, columns in NAMED_TEXTS:
        rows = [
            r
            for r in (
                renamed_row(row, len(keys), pattern)
                for row in read(f"SELECT {', '.join(keys + columns)} FROM {table}")
            )
            if r is not None
        ]
        if rows:
            sets = ", ".join(f"{c} = {mark}" for c in columns)
            where = " AND ".join(f"{k} = {mark}" for k in keys)
            conn.cursor().executemany(f"UPDATE {table} SET {sets} WHERE {where}", rows)
    return len(changed)


def _ids(conn: sqlite3.Connection, sql: str, params: tuple) -> list[str]:
    return [r[0] for r in conn.execute(sql, params)]


def purge_rows(conn: sqlite3.Connection, student_id: str) -> PurgeReport:
    """Delete the student's rows; the caller runs this inside one transaction."""
    row = conn.execute("SELECT display_name FROM students WHERE id = ?", (student_id,)).fetchone()
    name = row[0] if row else ""
    own_subs = set(
        _ids(
            conn,
            "SELECT json_extract(data, '$.submission_id') FROM events "
            "WHERE student_id = ? AND type = ?",
            (student_id, ev.WorkSubmitted.type),
        )
    )
    own_subs |= set(_ids(conn, "SELECT id FROM rm_submission WHERE student_id = ?", (student_id,)))

    # Feedback this student gave on others' work: keep it, anonymously.
    kept = 0
    for event_id, data in conn.execute(
        "SELECT event_id, data FROM events WHERE student_id = ? AND type = ?",
        (student_id, ev.PeerFeedbackGiven.type),
    ).fetchall():
        if json.loads(data).get("submission_id") in own_subs:
            continue
        conn.execute("UPDATE events SET student_id = NULL WHERE event_id = ?", (event_id,))
        kept += 1
    conn.execute(
        "UPDATE rm_feedback SET from_student_id = '' WHERE from_student_id = ?", (student_id,)
    )

    # Peer or self reviews that name the student as reviewer keep their scores, not the id.
    for event_id, data in conn.execute(
        "SELECT event_id, data FROM events WHERE type = ? AND instr(data, ?) > 0",
        (ev.WorkReviewed.type, student_id),
    ).fetchall():
        record = json.loads(data)
        if record.get("reviewer") == student_id and record.get("submission_id") not in own_subs:
            record["reviewer"] = ""
            conn.execute(
                "UPDATE events SET data = ? WHERE event_id = ?",
                (json.dumps(record, separators=(",", ":"), ensure_ascii=False), event_id),
            )
    conn.execute("UPDATE rm_review SET reviewer = '' WHERE reviewer = ?", (student_id,))

    # Everything about their own work, by anyone (reviews of it, feedback on it).
    deleted = 0
    for sub_id in own_subs:
        deleted += conn.execute(
            "DELETE FROM events WHERE type IN (?, ?, ?, ?, ?) "
            "AND json_extract(data, '$.submission_id') = ?",
            (
                ev.WorkSubmitted.type,
                ev.WorkReviewed.type,
                ev.WorkShared.type,
                ev.WorkUnshared.type,
                ev.PeerFeedbackGiven.type,
                sub_id,
            ),
        ).rowcount
        conn.execute("DELETE FROM rm_feedback WHERE submission_id = ?", (sub_id,))
        conn.execute("DELETE FROM rm_review WHERE submission_id = ?", (sub_id,))
    deleted += conn.execute("DELETE FROM events WHERE student_id = ?", (student_id,)).rowcount
    conn.execute("DELETE FROM rm_submission WHERE student_id = ?", (student_id,))
    for table in ("rm_student", "rm_quest", "rm_badge", "rm_pending_badge", "rm_draft", "rm_flag"):
        conn.execute(f"DELETE FROM {table} WHERE student_id = ?", (student_id,))
    conn.execute("DELETE FROM students WHERE id = ?", (student_id,))
    if conn.execute(  # a backup from before m003 has no sign_in_guard
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sign_in_guard'"
    ).fetchone():
        conn.execute("DELETE FROM sign_in_guard WHERE who = ?", (student_guard_key(student_id),))
    replaced = replace_name(conn, name)
    return PurgeReport(student_id, name, deleted, len(own_subs), kept, names_replaced=replaced)


def compact(conn: sqlite3.Connection) -> None:
    """Rewrite the file so deleted text leaves no bytes behind (outside a transaction)."""
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("VACUUM")
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() == "wal":
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def purge_file(path: Path, student_id: str) -> bool:
    """Purge a student from a backup copy of the store; True when it held them."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        held = conn.execute(
            "SELECT (SELECT count(*) FROM students WHERE id = ?) + "
            "(SELECT count(*) FROM events WHERE student_id = ?)",
            (student_id, student_id),
        ).fetchone()[0]
        if not held:
            return False
        conn.execute("BEGIN IMMEDIATE")
        try:
            purge_rows(conn, student_id)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        compact(conn)
        return True
    finally:
        conn.close()
