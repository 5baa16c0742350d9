"""Remove one student and every trace of them from a SQLite progress store.

For schools' retention rules (and a family's request): the student's row, their events,
drafts, submissions (and the reviews and feedback *on* those submissions) go. Feedback they
gave classmates stays for the classmates, without their name or id. Afterwards the file is
VACUUMed and its write-ahead log truncated, so the name is not left in free pages either.
The same purge runs over the store's backups, which hold copies of the same rows.

Classmates' words that name the student ("Great story, Zoë!" on someone else's work, a
draft that says "Zoë and I") stay, with the name replaced by "a classmate": the full name
in any case and each capitalised part of it of three letters or more, as written.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from quest_engine.rules import events as ev


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


def replace_name(conn: sqlite3.Connection, name: str) -> int:
    """Replace the name inside every text that is left (others' events and read models);
    returns how many events (texts classmates wrote) changed."""
    pattern = name_pattern(name)
    if pattern is None:
        return 0
    changed = []
    for event_id, data in conn.execute("SELECT event_id, data FROM events"):
        if pattern.search(data):
            record = _replace_in(json.loads(data), pattern)
            text = json.dumps(record, separators=(",", ":"), ensure_ascii=False)
            changed.append((text, event_id))
    conn.executemany("UPDATE events SET data = ? WHERE event_id = ?", changed)
    conn.create_function("quest_has_name", 1, lambda t: bool(t and pattern.search(t)))
    conn.create_function("quest_no_name", 1, lambda t: pattern.sub(A_CLASSMATE, t) if t else t)
    for table, columns in (
        ("rm_feedback", ("kind", "specific", "helpful")),
        ("rm_submission", ("text",)),
        ("rm_draft", ("text",)),
        ("rm_review", ("comment",)),
    ):
        sets = ", ".join(f"{c} = quest_no_name({c})" for c in columns)
        where = " OR ".join(f"quest_has_name({c})" for c in columns)
        conn.execute(f"UPDATE {table} SET {sets} WHERE {where}")
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
