"""The shared store: one PostgreSQL database for a class of many machines (psycopg 3).

The same event log, read models and rules as the SQLite store (`base.StoreBase` and
`projections.apply`, shared), with PostgreSQL's own numbered migrations. All PostgreSQL
SQL lives here.

Concurrency, because forty laptops append at once:
- Appends are idempotent on `event_id` (`ON CONFLICT (event_id) DO NOTHING`), so an
  offline outbox (`outbox.py`) may resend freely.
- An append first takes transaction-scoped advisory locks on every student and submission
  the batch touches (in one global order, so two appends never deadlock). Read-model rows
  are then loaded, folded and written back under the lock: no lost XP, no torn rows.
  Appends for different students run in parallel.
- A badge is held once per student by a UNIQUE constraint (`rm_badge`), whatever Python does.
- Multi-statement reads (the class board, a summary) run in one REPEATABLE READ snapshot, so
  a board never shows XP from one moment and badges from another.

`seq` comes from an identity column. Under concurrent appends, seqs are assigned in insert
order but become visible in commit order, so `events(since=seq)` is for catching up after
a pause, not a gap-free change feed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from psycopg import errors as pg_errors
from psycopg.conninfo import conninfo_to_dict

from quest_engine.errors import QuestError
from quest_engine.rules import events as ev
from quest_engine.rules.events import to_record
from quest_engine.store.api import (
    BoardRow,
    FacilitatorToken,
    LoggedEvent,
    StoreCheck,
    new_id,
    record_json_default,
    utc_now_iso,
)
from quest_engine.store.base import (
    RowStatements,
    SqlRows,
    Statements,
    StoreBase,
    board_row,
    fold,
    read_only_error,
    refuse_newer,
    write_changes,
)
from quest_engine.store.credentials import pin_stamp, student_guard_key
from quest_engine.store.projections import (
    READ_MODEL_TABLES,
    BadgeRM,
    EventRow,
    QuestRM,
    ReadModels,
    StudentRM,
    apply,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

CONNECT_TIMEOUT_S = 5
NETWORK_SETTINGS = {
    "keepalives": "1",
    "keepalives_idle": "30",
    "keepalives_interval": "10",
    "keepalives_count": "3",
    "tcp_user_timeout": "15000",
}
"""libpq settings so a connection whose network silently died fails within seconds instead
of after TCP's ~15 minutes of retries (platforms without an option ignore it). Settings
written in the URL win."""
RETRY_SECONDS = 10.0
_MIGRATION_LOCK = 0x51554553_54000001
"""Advisory lock key held while migrating ("QUEST" + 1), so 40 clients opening a new
database at once migrate it exactly once."""


class StoreUnreachable(QuestError):
    """The database server cannot be reached (network down, server stopped)."""


# --------------------------------------------------------------------------- migrations


def m001_initial(conn: psycopg.Connection) -> None:
    """The whole first schema: people, the event log and every read model."""
    conn.execute(
        """
        CREATE TABLE classes (
            id          TEXT PRIMARY KEY,
            name        TEXT NOT NULL,
            join_code   TEXT NOT NULL UNIQUE,
            created_at  TEXT NOT NULL
        );
        CREATE UNIQUE INDEX classes_name_nocase ON classes (lower(name));
        CREATE TABLE students (
            id            TEXT PRIMARY KEY,
            class_id      TEXT NOT NULL REFERENCES classes(id),
            display_name  TEXT NOT NULL,
            avatar        TEXT NOT NULL DEFAULT '',
            pin_hash      TEXT,
            created_at    TEXT NOT NULL,
            UNIQUE (class_id, display_name)
        );
        CREATE TABLE facilitators (
            name             TEXT PRIMARY KEY,
            passphrase_hash  TEXT NOT NULL,
            updated_at       TEXT NOT NULL
        );
        CREATE TABLE events (
            seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            event_id      TEXT NOT NULL UNIQUE,
            type          TEXT NOT NULL,
            student_id    TEXT,
            class_id      TEXT,
            quest_id      TEXT NOT NULL DEFAULT '',
            content_hash  TEXT NOT NULL DEFAULT '',
            at            TEXT NOT NULL,
            data          TEXT NOT NULL
        );
        CREATE INDEX events_by_student ON events (student_id, seq);
        CREATE INDEX events_by_class ON events (class_id, seq);

        CREATE TABLE rm_student (
            student_id     TEXT PRIMARY KEY,
            class_id       TEXT,
            xp             INTEGER NOT NULL DEFAULT 0 CHECK (xp >= 0),
            level          INTEGER NOT NULL DEFAULT 1,
            current_quest  TEXT,
            current_step   TEXT,
            quests_done    INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX rm_student_by_class ON rm_student (class_id);
        CREATE TABLE rm_quest (
            student_id      TEXT NOT NULL,
            quest_id        TEXT NOT NULL,
            status          TEXT NOT NULL,
            current_step    TEXT,
            attempts        INTEGER NOT NULL DEFAULT 0,
            correct         INTEGER NOT NULL DEFAULT 0,
            hints           INTEGER NOT NULL DEFAULT 0,
            score           INTEGER NOT NULL DEFAULT 0,
            time_on_task_s  DOUBLE PRECISION NOT NULL DEFAULT 0,
            started_at      TEXT NOT NULL,
            finished_at     TEXT,
            content_hash    TEXT NOT NULL DEFAULT '',
            last_at         TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (student_id, quest_id)
        );
        CREATE TABLE rm_badge (
            student_id  TEXT NOT NULL,
            badge_id    TEXT NOT NULL,
            quest_id    TEXT NOT NULL DEFAULT '',
            at          TEXT NOT NULL,
            CONSTRAINT rm_badge_once UNIQUE (student_id, badge_id)
        );
        CREATE TABLE rm_pending_badge (
            student_id  TEXT NOT NULL,
            badge_id    TEXT NOT NULL,
            quest_id    TEXT NOT NULL DEFAULT '',
            at          TEXT NOT NULL,
            PRIMARY KEY (student_id, badge_id)
        );
        CREATE TABLE rm_submission (
            id            TEXT PRIMARY KEY,
            student_id    TEXT NOT NULL,
            class_id      TEXT,
            quest_id      TEXT NOT NULL,
            step_id       TEXT NOT NULL,
            text          TEXT NOT NULL,
            review_mode   TEXT NOT NULL,
            state         TEXT NOT NULL,
            shared        BOOLEAN NOT NULL DEFAULT FALSE,
            submitted_at  TEXT NOT NULL,
            updated_at    TEXT NOT NULL
        );
        CREATE INDEX rm_submission_by_class ON rm_submission (class_id, state);
        CREATE INDEX rm_submission_by_student ON rm_submission (student_id);
        CREATE TABLE rm_review (
            event_id       TEXT PRIMARY KEY,
            submission_id  TEXT NOT NULL REFERENCES rm_submission(id),
            reviewer       TEXT NOT NULL,
            scores         TEXT NOT NULL,
            comment        TEXT NOT NULL,
            approved       BOOLEAN NOT NULL,
            at             TEXT NOT NULL
        );
        CREATE INDEX rm_review_by_submission ON rm_review (submission_id);
        CREATE TABLE rm_feedback (
            event_id         TEXT PRIMARY KEY,
            submission_id    TEXT NOT NULL REFERENCES rm_submission(id),
            from_student_id  TEXT NOT NULL,
            kind             TEXT NOT NULL,
            specific         TEXT NOT NULL,
            helpful          TEXT NOT NULL,
            at               TEXT NOT NULL
        );
        CREATE INDEX rm_feedback_by_submission ON rm_feedback (submission_id);
        CREATE TABLE rm_draft (
            student_id  TEXT NOT NULL,
            quest_id    TEXT NOT NULL,
            step_id     TEXT NOT NULL,
            text        TEXT NOT NULL,
            at          TEXT NOT NULL,
            PRIMARY KEY (student_id, quest_id, step_id)
        );
        CREATE TABLE rm_flag (
            student_id  TEXT NOT NULL,
            quest_id    TEXT NOT NULL,
            flag        TEXT NOT NULL,
            PRIMARY KEY (student_id, quest_id, flag)
        );
        """
    )


def m002_sign_in_guard(conn: psycopg.Connection) -> None:
    """Wrong PINs and passphrases in a row, shared by every machine of the class (state,
    not a read model: a rebuild leaves it)."""
    conn.execute(
        """
        CREATE TABLE sign_in_guard (
            who           TEXT PRIMARY KEY,
            failures      INTEGER NOT NULL DEFAULT 0,
            lockouts      INTEGER NOT NULL DEFAULT 0,
            locked_until  TEXT
        )
        """
    )


MIGRATIONS: tuple[tuple[str, Callable[[psycopg.Connection], None]], ...] = (
    ("pg001_initial", m001_initial),
    ("pg002_sign_in_guard", m002_sign_in_guard),
)
REBUILDS_READ_MODELS: frozenset[str] = frozenset()
"""Migrations that add a read model: the log is folded again once they have run."""

LATEST_VERSION = len(MIGRATIONS)
_KNOWN = frozenset(name for name, _ in MIGRATIONS)


def _table_exists(conn: psycopg.Connection, name: str) -> bool:
    return conn.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()[0]


def applied_migrations(conn: psycopg.Connection) -> list[str]:
    if not _table_exists(conn, "migrations"):
        return []
    return [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY number")]


def migrate(conn: psycopg.Connection, upto: int | None = None) -> list[str]:
    """Run the migrations not yet applied (up to number `upto`); returns their names.

    DDL is transactional on PostgreSQL: a migration runs whole or not at all, under an
    advisory lock so concurrent first opens do not race.
    """
    wanted = MIGRATIONS[: upto if upto is not None else len(MIGRATIONS)]
    ran: list[str] = []
    done = applied_migrations(conn)
    refuse_newer(done, _KNOWN)
    if {name for name, _ in wanted} <= set(done):
        return ran  # up to date: no DDL at all, so a role that may only read can open it
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS migrations (number INTEGER PRIMARY KEY, "
            "name TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL)"
        )
        done = applied_migrations(conn)
        refuse_newer(done, _KNOWN)
        for number, (name, fn) in enumerate(wanted, start=1):
            if name in done:
                continue
            fn(conn)
            conn.execute(
                "INSERT INTO migrations (number, name, applied_at) VALUES (%s, %s, %s)",
                (number, name, utc_now_iso()),
            )
            ran.append(name)
    return ran


# --------------------------------------------------------------------------- helpers


_QUERY_PASSWORD = re.compile(r"([?&]password=)([^&#]*)", re.IGNORECASE)


def _split_url(url: str) -> tuple[str, str, str, str]:
    """(scheme, user info, host part, the rest) without parsing what libpq would refuse."""
    scheme, _sep, rest = url.partition("://")
    ends = [i for i in (rest.find(c) for c in "/?#") if i >= 0]
    end = min(ends, default=len(rest))
    userinfo, _at, hostport = rest[:end].rpartition("@")
    return scheme, userinfo, hostport, rest[end:]


def redact_url(url: str) -> str:
    """The URL with its password (after `user:` or in a `password=` parameter) shown as
    `***`, for messages, logs and `location`. Never fails, even on a malformed URL."""
    if "://" not in url:
        return url
    scheme, userinfo, hostport, tail = _split_url(url)
    if ":" in userinfo:
        userinfo = userinfo.partition(":")[0] + ":***"
    netloc = f"{userinfo}@{hostport}" if userinfo else hostport
    tail = _QUERY_PASSWORD.sub(r"\1***", tail)
    return f"{scheme}://{netloc}{tail}"


def _scrub(text: str, url: str) -> str:
    """`text` (e.g. a libpq error, which may quote the whole URL) without the password."""
    text = text.replace(url, redact_url(url))
    _scheme, userinfo, _host, tail = _split_url(url)
    secrets = [userinfo.partition(":")[2]] + [m.group(2) for m in _QUERY_PASSWORD.finditer(tail)]
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def check_url(url: str) -> None:
    """Refuse a malformed postgresql:// URL with one clear line (libpq's own message quotes
    the URL, password included, so it is scrubbed)."""
    try:
        conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        reason = _scrub(str(exc).strip().splitlines()[0] if str(exc).strip() else "", url)
        raise QuestError(
            f"{redact_url(url)} is not a valid PostgreSQL URL ({reason})",
            hint="the form is postgresql://USER:PASSWORD@HOST:PORT/DATABASE "
            "(percent-encode special characters in the password)",
        ) from None


def lock_key(text: str) -> int:
    """A stable signed 64-bit advisory-lock key for a student or submission id."""
    return int.from_bytes(
        hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True
    )


def _unreachable(location: str, exc: Exception, url: str = "") -> StoreUnreachable:
    reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return StoreUnreachable(
        f"the shared store {location} cannot be reached ({_scrub(reason, url) if url else reason})",
        hint="check the network and that the database server is running; "
        "the game keeps playing and sends progress when it is back",
    )


_EVENT_COLUMNS = "seq, event_id, type, student_id, class_id, quest_id, content_hash, at, data"


ROW_SQL = RowStatements(
    student="SELECT student_id, class_id, xp, level, current_quest, current_step, quests_done "
    "FROM rm_student WHERE student_id = %s",
    quest="SELECT student_id, quest_id, status, current_step, attempts, correct, hints, score, "
    "time_on_task_s, started_at, finished_at, content_hash, last_at "
    "FROM rm_quest WHERE student_id = %s AND quest_id = %s",
    badge="SELECT student_id, badge_id, quest_id, at FROM rm_badge "
    "WHERE student_id = %s AND badge_id = %s",
    pending_badge="SELECT student_id, badge_id, quest_id, at FROM rm_pending_badge "
    "WHERE student_id = %s AND badge_id = %s",
    submission="SELECT id, student_id, class_id, quest_id, step_id, text, review_mode, state, "
    "shared, submitted_at, updated_at FROM rm_submission WHERE id = %s",
    draft="SELECT student_id, quest_id, step_id, text, at FROM rm_draft "
    "WHERE student_id = %s AND quest_id = %s AND step_id = %s",
    flag="SELECT 1 FROM rm_flag WHERE student_id = %s AND quest_id = %s AND flag = %s",
)
"""The rows an append folds into, in PostgreSQL's dialect (see `base.SqlRows`)."""


class _Prefetch(SqlRows):
    """A `RowLoader` answering from rows read up front for the batch's students and
    quests; anything else (submissions, drafts, flags) is read on demand."""

    _STUDENT = (
        "SELECT student_id, class_id, xp, level, current_quest, current_step, quests_done "
        "FROM rm_student WHERE student_id = ANY(%s)"
    )
    _QUEST = (
        "SELECT q.student_id, q.quest_id, q.status, q.current_step, q.attempts, q.correct, "
        "q.hints, q.score, q.time_on_task_s, q.started_at, q.finished_at, q.content_hash, "
        "q.last_at FROM rm_quest q JOIN unnest(%s::text[], %s::text[]) AS k(s, qid) "
        "ON q.student_id = k.s AND q.quest_id = k.qid"
    )

    @classmethod
    def query(
        cls, conn: psycopg.Connection, students: list[str], pairs: list[tuple[str | None, str]]
    ) -> tuple[psycopg.Cursor, ...]:
        """Send the reads (inside a pipeline they go out with the inserts)."""
        return (
            conn.execute(cls._STUDENT, (students,)),
            conn.execute(cls._QUEST, ([p[0] for p in pairs], [p[1] for p in pairs])),
            conn.execute(
                "SELECT student_id, badge_id, quest_id, at FROM rm_badge "
                "WHERE student_id = ANY(%s)",
                (students,),
            ),
            conn.execute(
                "SELECT student_id, badge_id, quest_id, at FROM rm_pending_badge "
                "WHERE student_id = ANY(%s)",
                (students,),
            ),
        )

    def __init__(self, conn: psycopg.Connection, cursors: tuple[psycopg.Cursor, ...]) -> None:
        super().__init__(conn, ROW_SQL)
        students, quests, badges, pending = (c.fetchall() for c in cursors)
        self._students = {r[0]: r for r in students}
        self._quests = {(r[0], r[1]): r for r in quests}
        self._badges = {(r[0], r[1]): r for r in badges}
        self._pending = {(r[0], r[1]): r for r in pending}

    def student(self, student_id: str) -> StudentRM | None:
        r = self._students.get(student_id)
        return StudentRM(*r) if r else None

    def quest(self, student_id: str, quest_id: str) -> QuestRM | None:
        r = self._quests.get((student_id, quest_id))
        return QuestRM(*r) if r else None

    def badge(self, student_id: str, badge_id: str) -> BadgeRM | None:
        r = self._badges.get((student_id, badge_id))
        return BadgeRM(*r) if r else None

    def pending_badge(self, student_id: str, badge_id: str) -> BadgeRM | None:
        r = self._pending.get((student_id, badge_id))
        return BadgeRM(*r) if r else None


_SAVE_SQL = (
    (
        "students",
        "INSERT INTO rm_student (student_id, class_id, xp, level, current_quest, current_step,"
        " quests_done) VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (student_id) DO UPDATE "
        "SET class_id = excluded.class_id, xp = excluded.xp, level = excluded.level, "
        "current_quest = excluded.current_quest, current_step = excluded.current_step, "
        "quests_done = excluded.quests_done",
    ),
    (
        "quests",
        "INSERT INTO rm_quest (student_id, quest_id, status, current_step, attempts, correct,"
        " hints, score, time_on_task_s, started_at, finished_at, content_hash, last_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (student_id, quest_id) DO UPDATE SET status = excluded.status, "
        "current_step = excluded.current_step, attempts = excluded.attempts, "
        "correct = excluded.correct, hints = excluded.hints, score = excluded.score, "
        "time_on_task_s = excluded.time_on_task_s, started_at = excluded.started_at, "
        "finished_at = excluded.finished_at, content_hash = excluded.content_hash, "
        "last_at = excluded.last_at",
    ),
    # The UNIQUE constraint rm_badge_once is the last word on "never twice".
    (
        "badges",
        "INSERT INTO rm_badge (student_id, badge_id, quest_id, at) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT ON CONSTRAINT rm_badge_once DO NOTHING",
    ),
    (
        "pending_deletes",
        "DELETE FROM rm_pending_badge WHERE student_id = %s AND badge_id = %s",
    ),
    (
        "pending",
        "INSERT INTO rm_pending_badge (student_id, badge_id, quest_id, at) "
        "VALUES (%s, %s, %s, %s) ON CONFLICT (student_id, badge_id) DO NOTHING",
    ),
    (
        "submissions",
        "INSERT INTO rm_submission (id, student_id, class_id, quest_id, step_id, text, "
        "review_mode, state, shared, submitted_at, updated_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET "
        "state = excluded.state, shared = excluded.shared, updated_at = excluded.updated_at",
    ),
    (
        "reviews",
        "INSERT INTO rm_review (event_id, submission_id, reviewer, scores, comment, approved,"
        " at) VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (event_id) DO NOTHING",
    ),
    (
        "feedback",
        "INSERT INTO rm_feedback (event_id, submission_id, from_student_id, kind, specific,"
        " helpful, at) VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (event_id) DO NOTHING",
    ),
    (
        "drafts",
        "INSERT INTO rm_draft (student_id, quest_id, step_id, text, at) "
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (student_id, quest_id, step_id) "
        "DO UPDATE SET text = excluded.text, at = excluded.at",
    ),
    (
        "flags",
        "INSERT INTO rm_flag (student_id, quest_id, flag) VALUES (%s, %s, %s) "
        "ON CONFLICT DO NOTHING",
    ),
)
"""How each kind of `projections.Changes` row is written (upserts)."""


def _stream(conn: psycopg.Connection, sql: str) -> Iterator[tuple[Any, ...]]:
    """Every row of `sql` through a server-side cursor (a big log is read in pages)."""
    with conn.cursor(name="quest_scan") as cur:
        cur.itersize = 5000
        cur.execute(sql)
        yield from cur


def save_read_models(conn: psycopg.Connection, rm: ReadModels) -> None:
    def executemany(sql: str, rows: list[tuple[Any, ...]]) -> None:
        with conn.cursor() as cur:
            cur.executemany(sql, rows)

    write_changes(rm, _SAVE_SQL, executemany)


def _lock_keys(prepared: Sequence[tuple[LoggedEvent, dict[str, Any], str]]) -> list[int]:
    """Advisory-lock keys for every student and submission a batch touches, in lock order."""
    names: set[str] = set()
    for item, record, _data in prepared:
        if item.student_id:
            names.add("student:" + item.student_id)
        if record.get("submission_id"):
            names.add("submission:" + str(record["submission_id"]))
    return sorted({lock_key(n) for n in names})


SQL = Statements(
    passphrase="SELECT passphrase_hash FROM facilitators WHERE name = %s",
    save_passphrase="INSERT INTO facilitators (name, passphrase_hash, updated_at) "
    "VALUES (%s, %s, %s) ON CONFLICT (name) DO UPDATE SET "
    "passphrase_hash = excluded.passphrase_hash, updated_at = excluded.updated_at",
    # The unique index classes_name_nocase is on lower(name).
    class_named="SELECT 1 FROM classes WHERE lower(name) = lower(%s)",
    join_code_used="SELECT 1 FROM classes WHERE join_code = %s",
    insert_class="INSERT INTO classes (id, name, join_code, created_at) VALUES (%s, %s, %s, %s)",
    classes="SELECT c.id, c.name, c.join_code, "
    "(SELECT count(*) FROM students s WHERE s.class_id = c.id) FROM classes c "
    "WHERE {where} ORDER BY lower(c.name), c.name",
    class_where={
        "name": "lower(c.name) = lower(%s)",
        "id": "c.id = %s",
        "join_code": "c.join_code = %s",
    },
    class_exists="SELECT 1 FROM classes WHERE id = %s",
    student_named="SELECT 1 FROM students WHERE class_id = %s AND display_name = %s",
    insert_student="INSERT INTO students (id, class_id, display_name, avatar, pin_hash, "
    "created_at) VALUES (%s, %s, %s, %s, %s, %s)",
    students="SELECT id, class_id, display_name, avatar, pin_hash IS NOT NULL FROM students "
    "WHERE {where} ORDER BY lower(display_name), display_name",
    student_where={"id": "id = %s", "class_id": "class_id = %s"},
    pin_hash="SELECT pin_hash FROM students WHERE id = %s",
    set_pin_hash="UPDATE students SET pin_hash = %s WHERE id = %s",
    events=f"SELECT {_EVENT_COLUMNS} FROM events WHERE {{where}} ORDER BY seq LIMIT {{limit}}",
    event_where={
        "after_seq": "seq > %s",
        "student_id": "student_id = %s",
        "quest_id": "quest_id = %s",
        "at_from": "at >= %s",
        "types": "type IN (SELECT json_array_elements_text(%s::json))",
    },
    submissions="SELECT m.id, m.student_id, s.display_name, COALESCE(m.class_id, s.class_id), "
    "m.quest_id, m.step_id, m.text, m.review_mode, m.state, m.shared, m.submitted_at "
    "FROM rm_submission m "
    "JOIN students s ON s.id = m.student_id WHERE {where} ORDER BY m.submitted_at, m.id",
    submission_where={
        "id": "m.id = %s",
        "id_prefix": "m.id LIKE %s",
        "student_id": "m.student_id = %s",
        "class_id": "m.class_id = %s",
        "student_class_id": "s.class_id = %s",
        "shared": "m.shared",
        "waiting_for": "m.state = 'submitted' "
        "AND m.review_mode IN (SELECT json_array_elements_text(%s::json))",
    },
    reviews="SELECT reviewer, scores, comment, approved, at FROM rm_review "
    "WHERE submission_id = %s ORDER BY at, "
    "(SELECT e.seq FROM events e WHERE e.event_id = rm_review.event_id), event_id",
    feedback="SELECT f.event_id, f.submission_id, f.from_student_id, "
    "COALESCE(s.display_name, ''), f.kind, f.specific, f.helpful, f.at "
    "FROM rm_feedback f LEFT JOIN students s ON s.id = f.from_student_id "
    "WHERE f.submission_id = %s ORDER BY f.at, "
    "(SELECT e.seq FROM events e WHERE e.event_id = f.event_id), f.event_id",
    pending_quest="SELECT quest_id FROM rm_pending_badge WHERE student_id = %s AND badge_id = %s",
    summary="SELECT xp, level, current_quest, current_step, quests_done FROM rm_student "
    "WHERE student_id = %s",
    pending="SELECT badge_id FROM rm_pending_badge WHERE student_id = %s ORDER BY at",
    badges="SELECT b.student_id, b.badge_id, b.quest_id, b.at FROM rm_badge b "
    "JOIN students s ON s.id = b.student_id WHERE {where} ORDER BY b.at, b.badge_id",
    badge_where={"student_id": "b.student_id = %s", "class_id": "s.class_id = %s"},
    flags="SELECT quest_id, flag FROM rm_flag WHERE student_id = %s ORDER BY flag",
    quests="SELECT student_id, quest_id, status, current_step, attempts, correct, hints, score, "
    "time_on_task_s, started_at, finished_at, content_hash FROM rm_quest WHERE {where} "
    "ORDER BY started_at, quest_id",
    quest_where={"student_id": "student_id = %s", "quest_id": "quest_id = %s"},
    draft="SELECT text FROM rm_draft WHERE student_id = %s AND quest_id = %s AND step_id = %s",
    progress="SELECT s.id, c.name, s.display_name, COALESCE(r.level, 1), COALESCE(r.xp, 0), "
    "r.current_quest, COALESCE(r.quests_done, 0), s.class_id FROM students s "
    "JOIN classes c ON c.id = s.class_id LEFT JOIN rm_student r ON r.student_id = s.id "
    "WHERE {where} ORDER BY lower(c.name), c.name, lower(s.display_name), s.display_name",
    progress_where={"class_id": "s.class_id = %s"},
    all_rows="SELECT * FROM {table}",
    clear_table="DELETE FROM {table}",
    count_events="SELECT count(*) FROM events",
    people_classes="SELECT id, name, join_code, created_at FROM classes WHERE {where} ORDER BY id",
    people_class_where={"class_id": "id = %s"},
    people_students="SELECT id, class_id, display_name, avatar, pin_hash, created_at "
    "FROM students WHERE {where} ORDER BY created_at, id",
    people_student_where={"class_id": "class_id = %s"},
    people_facilitators="SELECT name, passphrase_hash, updated_at FROM facilitators",
    import_class="INSERT INTO classes (id, name, join_code, created_at) "
    "VALUES (%s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
    import_student="INSERT INTO students (id, class_id, display_name, avatar, pin_hash, "
    "created_at) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
    import_facilitator="INSERT INTO facilitators (name, passphrase_hash, updated_at) "
    "VALUES (%s, %s, %s) ON CONFLICT (name) DO NOTHING",
    # The row is inserted first so FOR UPDATE always has a row to lock: two machines
    # counting the same student's first wrong PIN at once then wait for each other.
    guard_touch="INSERT INTO sign_in_guard (who) VALUES (%s) ON CONFLICT (who) DO NOTHING",
    guard_row="SELECT failures, lockouts, locked_until FROM sign_in_guard WHERE who = %s "
    "FOR UPDATE",
    guard_save="INSERT INTO sign_in_guard (who, failures, lockouts, locked_until) "
    "VALUES (%s, %s, %s, %s) ON CONFLICT (who) DO UPDATE SET failures = excluded.failures, "
    "lockouts = excluded.lockouts, locked_until = excluded.locked_until",
    guard_clear="DELETE FROM sign_in_guard WHERE who = %s",
)
"""The shared queries in PostgreSQL's dialect (see `base.Statements`)."""


# --------------------------------------------------------------------------- the store


class PostgresStore(StoreBase):
    """`quest_engine.store.api.Store` on a PostgreSQL database (a `postgresql://` URL);
    the shared rules are `StoreBase`'s."""

    SQL = SQL
    UNIQUE_VIOLATION = (pg_errors.UniqueViolation,)

    def __init__(
        self,
        url: str,
        *,
        create: bool = True,
        connect_timeout: float = CONNECT_TIMEOUT_S,
        migrate_on_open: bool = True,
        wall_clock: Callable[[], float] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        """`wall_clock` (seconds since the epoch) times sign-in pauses; without one the
        server's clock does, so a machine whose clock is set ahead cannot skip a pause.
        `clock` is accepted for callers that pass their retry clock (OutboxStore) and not
        used: a monotonic clock means nothing on another machine."""
        super().__init__(wall_clock=wall_clock)
        self._server_clock = wall_clock is None
        check_url(url)
        self._url = url
        self.location = redact_url(url)
        self._connect_timeout = max(1, int(round(connect_timeout)))
        in_url = conninfo_to_dict(url)
        self._settings = {
            key: value
            for key, value in {
                "connect_timeout": str(self._connect_timeout),
                "application_name": "quest-engine",
                **NETWORK_SETTINGS,
            }.items()
            if key not in in_url
        }
        self._lock = threading.RLock()
        self._conn: psycopg.Connection | None = None
        conn = self._connection()
        if not create and not _table_exists(conn, "migrations"):
            raise QuestError(
                f"no progress store at {self.location}",
                hint="create it with: quest --store URL store migrate",
            )
        if migrate_on_open:
            ran = self.migrate()
            if REBUILDS_READ_MODELS & set(ran) and self._count_events() > 0:
                self.rebuild()
        if (
            _table_exists(conn, "events")
            and self._read(
                "SELECT current_setting('transaction_read_only') = 'on' "
                "OR NOT has_table_privilege('events', 'INSERT')"
            )[0][0]
        ):
            # Refused on open, as a read-only SQLite file is: the game would fail at its
            # first move otherwise.
            self.close()
            raise self._read_only_error()

    def _read_only_error(self) -> QuestError:
        return read_only_error(
            self.location,
            hint="connect as a role that may write the store's tables, "
            "and to the primary server, not a read-only replica",
        )

    # ------------------------------------------------------------------ plumbing

    def _connection(self) -> psycopg.Connection:
        """The open connection, reconnecting when the previous one broke."""
        with self._lock:
            if self._conn is None or self._conn.closed or self._conn.broken:
                if self._conn is not None:
                    self._conn.close()
                    self._conn = None
                try:
                    self._conn = psycopg.connect(self._url, autocommit=True, **self._settings)
                except psycopg.OperationalError as exc:
                    raise _unreachable(self.location, exc, self._url) from None
            return self._conn

    def _run(self, body: Callable[[psycopg.Connection], T], *, idempotent: bool) -> T:
        """Run `body` on the connection. A broken connection is replaced and, for
        idempotent work (reads, appends by event id), the body tried again; transient
        conflicts (serialisation, deadlock) are retried with a short back-off."""
        deadline = time.monotonic() + RETRY_SECONDS
        delay = 0.01
        reconnected = False
        with self._lock:
            while True:
                conn = self._connection()
                try:
                    return body(conn)
                except (pg_errors.SerializationFailure, pg_errors.DeadlockDetected):
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(delay)
                    delay = min(delay * 2, 0.5)
                except psycopg.OperationalError as exc:
                    if not conn.broken and not conn.closed:
                        raise QuestError(f"the shared store refused the request: {exc}") from exc
                    if idempotent and not reconnected:
                        reconnected = True
                        continue
                    raise _unreachable(self.location, exc) from None
                except psycopg.InterfaceError as exc:
                    raise _unreachable(self.location, exc) from None
                except (pg_errors.ReadOnlySqlTransaction, pg_errors.InsufficientPrivilege):
                    raise self._read_only_error() from None
                except psycopg.DataError as exc:  # e.g. a NUL character PostgreSQL cannot store
                    raise QuestError(f"the shared store refused the data: {exc}") from None

    def _transact(self, body: Callable[[psycopg.Connection], T], *, idempotent: bool = False) -> T:
        def in_tx(conn: psycopg.Connection) -> T:
            with conn.transaction():
                return body(conn)

        return self._run(in_tx, idempotent=idempotent)

    def _read(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[tuple[Any, ...]]:
        return self._run(lambda c: c.execute(sql, params).fetchall(), idempotent=True)

    def _snapshot(self, body: Callable[[Callable[..., list[tuple[Any, ...]]]], T]) -> T:
        """Several reads in one consistent snapshot (REPEATABLE READ, read only)."""

        def in_tx(conn: psycopg.Connection) -> T:
            with conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                return body(lambda sql, params=(): conn.execute(sql, params).fetchall())

        return self._run(in_tx, idempotent=True)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def migrate(self) -> list[str]:
        """Bring the schema up to date; returns the migrations that ran."""
        return self._run(migrate, idempotent=True)

    def applied_migrations(self) -> list[str]:
        return self._run(applied_migrations, idempotent=True)

    @property
    def schema_version(self) -> int:
        return len(self.applied_migrations())

    # ------------------------------------------------------------------ log

    def _classes_for(self, conn: psycopg.Connection, student_ids: Sequence[str]) -> dict[str, Any]:
        """Each student's class (cached: a student never changes class)."""
        missing = [sid for sid in student_ids if sid not in self._class_of]
        if missing:
            for sid, class_id in conn.execute(
                "SELECT id, class_id FROM students WHERE id = ANY(%s)", (missing,)
            ):
                self._class_of[sid] = class_id
        return {sid: self._class_of[sid] for sid in student_ids if sid in self._class_of}

    def _guard_now(self, conn: psycopg.Connection) -> float:
        if not self._server_clock:
            return self._wall_clock()
        return float(conn.execute("SELECT extract(epoch FROM clock_timestamp())").fetchone()[0])

    def existing_students(self, student_ids: Collection[str]) -> set[str]:
        """Which of these students the store has (a laptop's queue may hold moves of a
        student purged while it was offline: those are dropped, not sent)."""
        if not student_ids:
            return set()
        rows = self._read("SELECT id FROM students WHERE id = ANY(%s)", (sorted(student_ids),))
        return {r[0] for r in rows}

    def pin_stamps(self, student_ids: Collection[str]) -> dict[str, str]:
        """`pin_stamp` of each of these students' PIN (for a laptop to drop its
        hash of a PIN a facilitator has replaced since, `OutboxStore`)."""
        if not student_ids:
            return {}
        rows = self._read(
            "SELECT id, pin_hash FROM students WHERE id = ANY(%s)", (sorted(student_ids),)
        )
        return {r[0]: pin_stamp(r[1]) for r in rows}

    def append(self, events: Sequence[LoggedEvent]) -> list[LoggedEvent]:
        prepared: list[tuple[LoggedEvent, dict[str, Any], str]] = []
        for item in events:
            if not item.event_id or not item.at:
                item = replace(
                    item, event_id=item.event_id or new_id(), at=item.at or utc_now_iso()
                )
            if not item.quest_id:
                item = replace(item, quest_id=getattr(item.event, "quest_id", "") or "")
            data = json.dumps(
                to_record(item.event),
                separators=(",", ":"),
                ensure_ascii=False,
                default=record_json_default,
            )
            prepared.append((item, json.loads(data), data))
        if not prepared:
            return []
        keys = _lock_keys(prepared)

        students = sorted({item.student_id for item, _r, _d in prepared if item.student_id})
        pairs = sorted(
            {(item.student_id, item.quest_id) for item, _r, _d in prepared if item.student_id}
        )

        def body(conn: psycopg.Connection) -> list[LoggedEvent]:
            class_ids = self._classes_for(conn, students)
            # One round trip for the locks, the inserts and the rows the batch will fold
            # into: the pipeline runs them in order, so the rows are read under the locks.
            with conn.pipeline():
                for key in keys:
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (key,))
                inserted = [
                    conn.execute(
                        "INSERT INTO events (event_id, type, student_id, class_id, quest_id, "
                        "content_hash, at, data) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
                        "ON CONFLICT (event_id) DO NOTHING RETURNING seq",
                        (
                            item.event_id,
                            item.event.type,
                            item.student_id,
                            item.class_id or class_ids.get(item.student_id or ""),
                            item.quest_id,
                            item.content_hash,
                            item.at,
                            data,
                        ),
                    )
                    for item, _record, data in prepared
                ]
                rows = _Prefetch.query(conn, students, pairs)
            rm = ReadModels(loader=_Prefetch(conn, rows))
            added: list[LoggedEvent] = []
            for (item, record, _data), cur in zip(prepared, inserted, strict=True):
                row = cur.fetchone()
                if row is None:
                    continue  # already in the log: an outbox resend
                seq = int(row[0])
                class_id = item.class_id or class_ids.get(item.student_id or "")
                apply(
                    rm,
                    EventRow(
                        seq,
                        item.event_id,
                        item.event.type,
                        item.student_id,
                        class_id,
                        item.quest_id,
                        item.content_hash,
                        item.at,
                        record,
                    ),
                )
                added.append(replace(item, seq=seq, class_id=class_id))
            save_read_models(conn, rm)
            return added

        return self._transact(body, idempotent=True)

    def _fold_log(self, conn: psycopg.Connection) -> tuple[ReadModels, int]:
        # Appends wait for the rebuild; readers keep reading the old rows until it commits.
        conn.execute("LOCK TABLE events IN EXCLUSIVE MODE")
        with conn.cursor(name="quest_rebuild") as cur:  # server-side: a big log streams
            cur.itersize = 5000
            cur.execute(f"SELECT {_EVENT_COLUMNS} FROM events ORDER BY seq")
            return fold(cur)

    def _write_back(self, conn: psycopg.Connection, rm: ReadModels) -> None:
        save_read_models(conn, rm)

    # ------------------------------------------------------------------ read models

    _BOARD_SQL = (
        "SELECT s.id, s.display_name, s.avatar, COALESCE(r.level, 1), COALESCE(r.xp, 0), "
        "r.current_quest, COALESCE(r.quests_done, 0), "
        "ARRAY(SELECT b.badge_id FROM rm_badge b WHERE b.student_id = s.id "
        "ORDER BY b.at, b.badge_id), "
        "(SELECT json_agg(json_build_array(m.id, m.quest_id, m.step_id, m.text, m.submitted_at)"
        " ORDER BY m.submitted_at) FROM rm_submission m "
        "WHERE m.student_id = s.id AND m.class_id = %(c)s AND m.shared) "
        "FROM students s LEFT JOIN rm_student r ON r.student_id = s.id "
        "WHERE s.class_id = %(c)s ORDER BY lower(s.display_name), s.display_name"
    )

    def class_board(self, class_id: str) -> list[BoardRow]:
        """What classmates may see of each other: numbers, badges, and shared writing only.

        One statement, so one snapshot and one round trip (40 machines poll this)."""
        rows = self._read(self._BOARD_SQL, {"c": class_id})
        return [board_row(r[:7], r[7], r[8] or ()) for r in rows]

    # ------------------------------------------------------------------ retention

    def purge_student(self, token: FacilitatorToken, student_id: str) -> Any:
        """Remove a student and every trace of them (the rules of `purge.py`, in SQL here).

        Their events, drafts, writing and the reviews and feedback on it go; feedback they
        gave classmates stays without their id; classmates' words that name them keep
        everything but the name ("a classmate", `purge.replace_name`, shared with SQLite).
        The affected tables are VACUUMed afterwards
        so the rows leave the live database; the server's own dumps and WAL archives age out
        on their schedule."""
        from quest_engine.store.purge import PurgeReport, replace_name

        self._require(token)
        info = self.student(student_id)
        kinds = (
            ev.WorkSubmitted.type,
            ev.WorkReviewed.type,
            ev.WorkShared.type,
            ev.WorkUnshared.type,
            ev.PeerFeedbackGiven.type,
        )

        def body(conn: psycopg.Connection) -> PurgeReport:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key("student:" + student_id),))
            own = {
                r[0]
                for r in conn.execute(
                    "SELECT data::jsonb ->> 'submission_id' FROM events "
                    "WHERE student_id = %s AND type = %s "
                    "UNION SELECT id FROM rm_submission WHERE student_id = %s",
                    (student_id, ev.WorkSubmitted.type, student_id),
                )
                if r[0]
            }
            own_list = sorted(own)
            kept = conn.execute(
                "UPDATE events SET student_id = NULL WHERE student_id = %s AND type = %s "
                "AND NOT (data::jsonb ->> 'submission_id' = ANY(%s))",
                (student_id, ev.PeerFeedbackGiven.type, own_list),
            ).rowcount
            conn.execute(
                "UPDATE rm_feedback SET from_student_id = '' WHERE from_student_id = %s",
                (student_id,),
            )
            # Reviews they wrote of others' work keep their scores, not the reviewer's id.
            conn.execute(
                "UPDATE events SET data = jsonb_set(data::jsonb, '{reviewer}', '\"\"')::text "
                "WHERE type = %s AND data::jsonb ->> 'reviewer' = %s "
                "AND NOT (data::jsonb ->> 'submission_id' = ANY(%s))",
                (ev.WorkReviewed.type, student_id, own_list),
            )
            conn.execute("UPDATE rm_review SET reviewer = '' WHERE reviewer = %s", (student_id,))
            deleted = conn.execute(
                "DELETE FROM events WHERE type = ANY(%s) "
                "AND data::jsonb ->> 'submission_id' = ANY(%s)",
                (list(kinds), own_list),
            ).rowcount
            conn.execute("DELETE FROM rm_feedback WHERE submission_id = ANY(%s)", (own_list,))
            conn.execute("DELETE FROM rm_review WHERE submission_id = ANY(%s)", (own_list,))
            deleted += conn.execute(
                "DELETE FROM events WHERE student_id = %s", (student_id,)
            ).rowcount
            conn.execute("DELETE FROM rm_submission WHERE student_id = %s", (student_id,))
            for table in (
                "rm_student",
                "rm_quest",
                "rm_badge",
                "rm_pending_badge",
                "rm_draft",
                "rm_flag",
            ):
                conn.execute(f"DELETE FROM {table} WHERE student_id = %s", (student_id,))
            conn.execute("DELETE FROM students WHERE id = %s", (student_id,))
            conn.execute(SQL.guard_clear, (student_guard_key(student_id),))
            replaced = replace_name(
                conn, info.display_name, mark="%s", scan=lambda sql: _stream(conn, sql)
            )
            return PurgeReport(
                student_id, info.display_name, deleted, len(own), kept, names_replaced=replaced
            )

        report = self._transact(body)
        self._class_of.pop(student_id, None)
        try:
            self._run(
                lambda c: c.execute(
                    "VACUUM events, students, rm_submission, rm_review, rm_feedback, rm_draft"
                ),
                idempotent=True,
            )
        except QuestError as exc:  # e.g. the role does not own the tables: the rows are gone
            log.warning("purge: VACUUM skipped (%s)", exc)
        return report

    # ------------------------------------------------------------------ backups

    def daily_backup(self, now: datetime | None = None) -> str | None:
        """Nothing to do: the database server's own backups (pg_dump, see the README) keep a
        shared store safe, not each playing machine."""
        return None

    def backup_to(self, path: str) -> None:
        """A SQLite copy of everything (a portable snapshot a laptop can open)."""
        from quest_engine.store.copy import copy_store
        from quest_engine.store.sqlite_backend import SQLiteStore

        with SQLiteStore(path) as target:
            copy_store(self, target)

    def restore_from(self, backup: str, now: datetime | None = None) -> str:
        """Replace everything with a checked SQLite backup (`store backup`, `backup_to`).

        The current content is first saved as a SQLite file next to the backup; returns its
        path. Everyone playing sees the restored progress at their next read.
        """
        import shutil
        import tempfile

        from quest_engine.store.copy import copy_store
        from quest_engine.store.sqlite_backend import SQLiteStore, require_healthy_backup

        require_healthy_backup(backup)
        now = now or datetime.now(UTC)
        aside = Path(backup).resolve().parent / (
            f"shared-store.before-restore-{now.strftime('%Y%m%dT%H%M%SZ')}.sqlite3"
        )
        self.backup_to(str(aside))
        with tempfile.TemporaryDirectory(prefix="quest-restore-") as tmp:
            work = Path(tmp) / "backup.sqlite3"
            shutil.copyfile(backup, work)  # opening migrates: leave the user's file alone
            with SQLiteStore(work) as source:

                def wipe(conn: psycopg.Connection) -> None:
                    tables = ", ".join((*READ_MODEL_TABLES, "events", "students", "classes"))
                    conn.execute(f"TRUNCATE {tables}, facilitators, sign_in_guard RESTART IDENTITY")

                self._transact(wipe)
                self._class_of.clear()
                copy_store(source, self)
        return str(aside)

    # ------------------------------------------------------------------ health

    def check(self) -> StoreCheck:
        """Schema version, constraints, and whether the read models match the log."""
        problems: list[str] = []
        names = self.applied_migrations()
        version = len(names)
        if version != LATEST_VERSION:
            problems.append(f"schema version {version}, expected {LATEST_VERSION}")
        if version:
            constraint = self._read(
                "SELECT 1 FROM pg_constraint WHERE conname = 'rm_badge_once' "
                "AND conrelid = to_regclass('rm_badge')"
            )
            if not constraint:
                problems.append("the badge uniqueness constraint rm_badge_once is missing")
            problems += self._read_model_drift()
        return StoreCheck(
            ok=not problems,
            schema_version=version,
            latest_version=LATEST_VERSION,
            events=self._count_events() if version else 0,
            problems=tuple(problems),
            location=self.location,
        )

    def _read_model_drift(self) -> list[str]:
        """Fold the log in memory and compare students' XP, levels and badges to the tables."""

        def body(read: Callable[..., list[tuple[Any, ...]]]) -> list[str]:
            rm, _count = fold(read(f"SELECT {_EVENT_COLUMNS} FROM events ORDER BY seq"))
            expected = {sid: (s.xp, s.level, s.quests_done) for sid, s in rm.students.items()}
            actual = {
                r[0]: (r[1], r[2], r[3])
                for r in read("SELECT student_id, xp, level, quests_done FROM rm_student")
            }
            problems = [
                f"read model of student {sid[:8]} differs from the log (run: quest store rebuild)"
                for sid in sorted(set(expected) | set(actual))
                if expected.get(sid) != actual.get(sid)
            ]
            want_badges = {k for k, v in rm.badges.items() if v is not None}
            have_badges = {(r[0], r[1]) for r in read("SELECT student_id, badge_id FROM rm_badge")}
            if want_badges != have_badges:
                problems.append("badges in the read model differ from the log")
            return problems[:20]

        return self._snapshot(body)


def open_postgres_store(url: str, *, create: bool = True, **options: Any) -> Any:
    """The factory `open_store` calls for a postgresql:// URL.

    By default the store is wrapped in an offline outbox (`outbox.OutboxStore`): when the
    server cannot be reached the game keeps playing and progress is sent later. Pass
    `offline=False` for a direct connection (migrations, checks, copies).
    """
    offline = options.pop("offline", True)
    if offline:
        from quest_engine.store.outbox import OutboxStore

        return OutboxStore(url, create=create, **options)
    return PostgresStore(url, create=create, **options)
