"""The embedded store: one SQLite file, standard-library `sqlite3`. All SQLite SQL lives here;
the rules and queries it shares with PostgreSQL are `base.StoreBase`'s.

Settings and why:
- WAL: readers never block the writer, so the game and an export can run at once.
- `synchronous=FULL`: every acknowledged commit survives a power cut (measured in
  benchmarks/store.py; the cost is one fsync of the WAL per commit).
- `foreign_keys=ON`, `busy_timeout`, and `BEGIN IMMEDIATE` for every write with a short
  retry around the whole transaction: two processes on one machine never surface
  "database is locked".
- Numbered migrations (`m001_initial`, ...) recorded in a `migrations` table and in
  `PRAGMA user_version`; they run on open inside a write transaction.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from quest_engine.errors import QuestError
from quest_engine.rules.events import to_record
from quest_engine.store import base, purge
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
    UnusableStoreError,
    board_row,
    fold,
    read_only_error,
    write_changes,
)
from quest_engine.store.location import network_filesystem
from quest_engine.store.projections import (
    EventRow,
    ReadModels,
    apply,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000
WRITE_RETRY_SECONDS = 30.0
BACKUP_KEEP = 7
_EVENT_COLUMNS = "seq, event_id, type, student_id, class_id, quest_id, content_hash, at, data"
_CACHE_LIMIT = 20_000
"""Most read-model rows kept between appends (a class of 40 x 30 quests is ~1,300)."""


# --------------------------------------------------------------------------- migrations


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run DDL statements one by one: `executescript` would COMMIT the migration's
    transaction half way."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def m001_initial(conn: sqlite3.Connection) -> None:
    """The first schema: people, the event log and the core read models."""
    _run_script(
        conn,
        """
        CREATE TABLE classes (
            id          TEXT PRIMARY KEY,
            name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
            join_code   TEXT NOT NULL UNIQUE,
            created_at  TEXT NOT NULL
        );
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
            seq           INTEGER PRIMARY KEY,
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

        CREATE TABLE rm_student (
            student_id     TEXT PRIMARY KEY,
            class_id       TEXT,
            xp             INTEGER NOT NULL DEFAULT 0 CHECK (xp >= 0),
            level          INTEGER NOT NULL DEFAULT 1,
            current_quest  TEXT,
            current_step   TEXT,
            quests_done    INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
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
            time_on_task_s  REAL NOT NULL DEFAULT 0,
            started_at      TEXT NOT NULL,
            finished_at     TEXT,
            content_hash    TEXT NOT NULL DEFAULT '',
            last_at         TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (student_id, quest_id)
        ) WITHOUT ROWID;
        CREATE TABLE rm_badge (
            student_id  TEXT NOT NULL,
            badge_id    TEXT NOT NULL,
            quest_id    TEXT NOT NULL DEFAULT '',
            at          TEXT NOT NULL,
            UNIQUE (student_id, badge_id)
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
            shared        INTEGER NOT NULL DEFAULT 0,
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
            approved       INTEGER NOT NULL,
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
        """,
    )


def m002_drafts_and_flags(conn: sqlite3.Connection) -> None:
    """Drafts and quest flags as read models (filled from the log by a rebuild after it)."""
    _run_script(
        conn,
        """
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
        ) WITHOUT ROWID;
        """,
    )


def m003_sign_in_guard(conn: sqlite3.Connection) -> None:
    """Wrong PINs and passphrases in a row, kept in the store so a restart or a second
    process does not reset the count (state, not a read model: a rebuild leaves it)."""
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


MIGRATIONS: tuple[tuple[str, Callable[[sqlite3.Connection], None]], ...] = (
    ("m001_initial", m001_initial),
    ("m002_drafts_and_flags", m002_drafts_and_flags),
    ("m003_sign_in_guard", m003_sign_in_guard),
)
REBUILDS_READ_MODELS = frozenset({"m002_drafts_and_flags"})
"""Migrations that add a read model: the log is folded again once they have run."""

LATEST_VERSION = len(MIGRATIONS)
_KNOWN = frozenset(name for name, _ in MIGRATIONS)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def connect(path: str, *, journal_mode: str = "wal") -> sqlite3.Connection:
    """A connection with the store's pragmas (also used by the benchmark's baseline)."""
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    deadline = time.monotonic() + WRITE_RETRY_SECONDS
    while True:
        try:
            mode = conn.execute(f"PRAGMA journal_mode = {journal_mode}").fetchone()[0]
            break
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01 + random.random() * 0.05)
    if str(mode).lower() != journal_mode:
        log.warning("SQLite journal mode is %s, not %s", mode, journal_mode)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'"
    ).fetchone()
    if not exists:
        return []
    return [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY rowid")]


def migrate(conn: sqlite3.Connection, upto: int | None = None) -> list[str]:
    """Run the migrations not yet applied (up to number `upto`); returns their names.

    Runs inside BEGIN IMMEDIATE, re-reading what is applied, so two processes opening a
    new file at once do not both migrate.
    """
    wanted = MIGRATIONS[: upto if upto is not None else len(MIGRATIONS)]
    ran: list[str] = []

    def body(c: sqlite3.Connection) -> None:
        c.execute(
            "CREATE TABLE IF NOT EXISTS migrations ("
            "name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        done = set(applied_migrations(c))
        refuse_newer(done)
        for name, fn in wanted:
            if name in done:
                continue
            fn(c)
            c.execute(
                "INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, utc_now_iso())
            )
            ran.append(name)
        c.execute(f"PRAGMA user_version = {len(done) + len(ran)}")

    _transact(conn, body)
    return ran


def newer_migrations(names: Iterable[str], user_version: int = 0) -> list[str]:
    """Migrations (or a schema version) this code does not know: a newer release wrote them."""
    return base.newer_migrations(names, _KNOWN, user_version, LATEST_VERSION)


def refuse_newer(names: Iterable[str], user_version: int = 0) -> None:
    """Raise a clear QuestError for a store from a newer release (never migrate it down)."""
    base.refuse_newer(names, _KNOWN, user_version, LATEST_VERSION)


def _transact(conn: sqlite3.Connection, body: Callable[[sqlite3.Connection], T]) -> T:
    """Run `body` in BEGIN IMMEDIATE ... COMMIT, retrying the whole of it while busy."""
    deadline = time.monotonic() + WRITE_RETRY_SECONDS
    delay = 0.005
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _is_busy(exc) and time.monotonic() < deadline:
                time.sleep(delay + random.random() * delay)
                delay = min(delay * 2, 0.2)
                continue
            raise _store_error(exc) from exc
        try:
            result = body(conn)
            conn.execute("COMMIT")
            return result
        except sqlite3.OperationalError as exc:
            conn.execute("ROLLBACK") if conn.in_transaction else None
            if _is_busy(exc) and time.monotonic() < deadline:
                time.sleep(delay + random.random() * delay)
                delay = min(delay * 2, 0.2)
                continue
            raise _store_error(exc) from exc
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def _store_error(exc: sqlite3.Error) -> QuestError:
    if isinstance(exc, sqlite3.OperationalError) and _is_busy(exc):
        return QuestError(
            f"the progress store stayed busy for {WRITE_RETRY_SECONDS:.0f} s: {exc}",
            hint="another program is holding it; close it and try again",
        )
    return QuestError(
        f"the progress store could not be written: {exc}",
        hint="check the disk has space and the file is not read-only",
    )


# --------------------------------------------------------------------------- row loading

ROW_SQL = RowStatements(
    student="SELECT student_id, class_id, xp, level, current_quest, current_step, quests_done "
    "FROM rm_student WHERE student_id = ?",
    quest="SELECT student_id, quest_id, status, current_step, attempts, correct, hints, score, "
    "time_on_task_s, started_at, finished_at, content_hash, last_at "
    "FROM rm_quest WHERE student_id = ? AND quest_id = ?",
    badge="SELECT student_id, badge_id, quest_id, at FROM rm_badge "
    "WHERE student_id = ? AND badge_id = ?",
    pending_badge="SELECT student_id, badge_id, quest_id, at FROM rm_pending_badge "
    "WHERE student_id = ? AND badge_id = ?",
    submission="SELECT id, student_id, class_id, quest_id, step_id, text, review_mode, state, "
    "shared, submitted_at, updated_at FROM rm_submission WHERE id = ?",
    draft="SELECT student_id, quest_id, step_id, text, at FROM rm_draft "
    "WHERE student_id = ? AND quest_id = ? AND step_id = ?",
    flag="SELECT 1 FROM rm_flag WHERE student_id = ? AND quest_id = ? AND flag = ?",
)
"""The rows an append folds into, in SQLite's dialect (see `base.SqlRows`)."""

_SAVE_SQL = (
    (
        "students",
        "INSERT INTO rm_student (student_id, class_id, xp, level, current_quest, current_step,"
        " quests_done) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (student_id) DO UPDATE SET "
        "class_id = excluded.class_id, xp = excluded.xp, level = excluded.level, "
        "current_quest = excluded.current_quest, current_step = excluded.current_step, "
        "quests_done = excluded.quests_done",
    ),
    (
        "quests",
        "INSERT INTO rm_quest (student_id, quest_id, status, current_step, attempts, correct,"
        " hints, score, time_on_task_s, started_at, finished_at, content_hash, last_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (student_id, quest_id) DO UPDATE SET status = excluded.status, "
        "current_step = excluded.current_step, attempts = excluded.attempts, "
        "correct = excluded.correct, hints = excluded.hints, score = excluded.score, "
        "time_on_task_s = excluded.time_on_task_s, started_at = excluded.started_at, "
        "finished_at = excluded.finished_at, content_hash = excluded.content_hash, "
        "last_at = excluded.last_at",
    ),
    # The UNIQUE (student_id, badge_id) constraint is the last word on "never twice".
    (
        "badges",
        "INSERT INTO rm_badge (student_id, badge_id, quest_id, at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (student_id, badge_id) DO NOTHING",
    ),
    (
        "pending_deletes",
        "DELETE FROM rm_pending_badge WHERE student_id = ? AND badge_id = ?",
    ),
    (
        "pending",
        "INSERT INTO rm_pending_badge (student_id, badge_id, quest_id, at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (student_id, badge_id) DO NOTHING",
    ),
    (
        "submissions",
        "INSERT INTO rm_submission (id, student_id, class_id, quest_id, step_id, text, "
        "review_mode, state, shared, submitted_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
        "state = excluded.state, shared = excluded.shared, updated_at = excluded.updated_at",
    ),
    (
        "reviews",
        "INSERT INTO rm_review (event_id, submission_id, reviewer, scores, comment, approved,"
        " at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ),
    (
        "feedback",
        "INSERT INTO rm_feedback (event_id, submission_id, from_student_id, kind, specific,"
        " helpful, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ),
    (
        "drafts",
        "INSERT INTO rm_draft (student_id, quest_id, step_id, text, at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (student_id, quest_id, step_id) DO UPDATE SET text = excluded.text, "
        "at = excluded.at",
    ),
    (
        "flags",
        "INSERT INTO rm_flag (student_id, quest_id, flag) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    ),
)
"""How each kind of `projections.Changes` row is written (upserts)."""


def _save_read_models(conn: sqlite3.Connection, rm: ReadModels) -> None:
    write_changes(rm, _SAVE_SQL, conn.executemany)


SQL = Statements(
    passphrase="SELECT passphrase_hash FROM facilitators WHERE name = ?",
    save_passphrase="INSERT INTO facilitators (name, passphrase_hash, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT (name) DO UPDATE SET passphrase_hash = excluded.passphrase_hash, "
    "updated_at = excluded.updated_at",
    # classes.name is COLLATE NOCASE: "room 12" finds "Room 12".
    class_named="SELECT 1 FROM classes WHERE name = ?",
    join_code_used="SELECT 1 FROM classes WHERE join_code = ?",
    insert_class="INSERT INTO classes (id, name, join_code, created_at) VALUES (?, ?, ?, ?)",
    classes="SELECT c.id, c.name, c.join_code, "
    "(SELECT count(*) FROM students s WHERE s.class_id = c.id) FROM classes c "
    "WHERE {where} ORDER BY c.name COLLATE NOCASE",
    class_where={"name": "c.name = ?", "id": "c.id = ?", "join_code": "c.join_code = ?"},
    class_exists="SELECT 1 FROM classes WHERE id = ?",
    student_named="SELECT 1 FROM students WHERE class_id = ? AND display_name = ?",
    insert_student="INSERT INTO students (id, class_id, display_name, avatar, pin_hash, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?)",
    students="SELECT id, class_id, display_name, avatar, pin_hash IS NOT NULL FROM students "
    "WHERE {where} ORDER BY display_name COLLATE NOCASE",
    student_where={"id": "id = ?", "class_id": "class_id = ?"},
    pin_hash="SELECT pin_hash FROM students WHERE id = ?",
    set_pin_hash="UPDATE students SET pin_hash = ? WHERE id = ?",
    events=f"SELECT {_EVENT_COLUMNS} FROM events WHERE {{where}} ORDER BY seq LIMIT {{limit}}",
    event_where={
        "after_seq": "seq > ?",
        "student_id": "student_id = ?",
        "quest_id": "quest_id = ?",
        "at_from": "at >= ?",
        "types": "type IN (SELECT value FROM json_each(?))",
    },
    submissions="SELECT m.id, m.student_id, s.display_name, COALESCE(m.class_id, s.class_id), "
    "m.quest_id, m.step_id, m.text, m.review_mode, m.state, m.shared, m.submitted_at "
    "FROM rm_submission m "
    "JOIN students s ON s.id = m.student_id WHERE {where} ORDER BY m.submitted_at, m.id",
    submission_where={
        "id": "m.id = ?",
        "id_prefix": "m.id LIKE ? ESCAPE '\\'",
        "student_id": "m.student_id = ?",
        "class_id": "m.class_id = ?",
        "student_class_id": "s.class_id = ?",
        "shared": "m.shared = 1",
        "waiting_for": "m.state = 'submitted' "
        "AND m.review_mode IN (SELECT value FROM json_each(?))",
    },
    reviews="SELECT reviewer, scores, comment, approved, at FROM rm_review "
    "WHERE submission_id = ? ORDER BY at, "
    "(SELECT e.seq FROM events e WHERE e.event_id = rm_review.event_id), event_id",
    feedback="SELECT f.event_id, f.submission_id, f.from_student_id, "
    "COALESCE(s.display_name, ''), f.kind, f.specific, f.helpful, f.at "
    "FROM rm_feedback f LEFT JOIN students s ON s.id = f.from_student_id "
    "WHERE f.submission_id = ? ORDER BY f.at, "
    "(SELECT e.seq FROM events e WHERE e.event_id = f.event_id), f.event_id",
    pending_quest="SELECT quest_id FROM rm_pending_badge WHERE student_id = ? AND badge_id = ?",
    summary="SELECT xp, level, current_quest, current_step, quests_done FROM rm_student "
    "WHERE student_id = ?",
    pending="SELECT badge_id FROM rm_pending_badge WHERE student_id = ? ORDER BY at",
    badges="SELECT b.student_id, b.badge_id, b.quest_id, b.at FROM rm_badge b "
    "JOIN students s ON s.id = b.student_id WHERE {where} ORDER BY b.at, b.badge_id",
    badge_where={"student_id": "b.student_id = ?", "class_id": "s.class_id = ?"},
    flags="SELECT quest_id, flag FROM rm_flag WHERE student_id = ? ORDER BY flag",
    quests="SELECT student_id, quest_id, status, current_step, attempts, correct, hints, score, "
    "time_on_task_s, started_at, finished_at, content_hash FROM rm_quest WHERE {where} "
    "ORDER BY started_at, quest_id",
    quest_where={"student_id": "student_id = ?", "quest_id": "quest_id = ?"},
    draft="SELECT text FROM rm_draft WHERE student_id = ? AND quest_id = ? AND step_id = ?",
    progress="SELECT s.id, c.name, s.display_name, COALESCE(r.level, 1), COALESCE(r.xp, 0), "
    "r.current_quest, COALESCE(r.quests_done, 0), s.class_id FROM students s "
    "JOIN classes c ON c.id = s.class_id LEFT JOIN rm_student r ON r.student_id = s.id "
    "WHERE {where} ORDER BY c.name COLLATE NOCASE, s.display_name COLLATE NOCASE",
    progress_where={"class_id": "s.class_id = ?"},
    all_rows="SELECT * FROM {table}",
    clear_table="DELETE FROM {table}",
    count_events="SELECT count(*) FROM events",
    people_classes="SELECT id, name, join_code, created_at FROM classes WHERE {where} ORDER BY id",
    people_class_where={"class_id": "id = ?"},
    people_students="SELECT id, class_id, display_name, avatar, pin_hash, created_at "
    "FROM students WHERE {where} ORDER BY created_at, id",
    people_student_where={"class_id": "class_id = ?"},
    people_facilitators="SELECT name, passphrase_hash, updated_at FROM facilitators",
    import_class="INSERT INTO classes (id, name, join_code, created_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (id) DO NOTHING",
    import_student="INSERT INTO students (id, class_id, display_name, avatar, pin_hash, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
    import_facilitator="INSERT INTO facilitators (name, passphrase_hash, updated_at) "
    "VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
    # BEGIN IMMEDIATE already keeps every other writer out while the row is read.
    guard_touch="INSERT INTO sign_in_guard (who) VALUES (?) ON CONFLICT (who) DO NOTHING",
    guard_row="SELECT failures, lockouts, locked_until FROM sign_in_guard WHERE who = ?",
    guard_save="INSERT INTO sign_in_guard (who, failures, lockouts, locked_until) "
    "VALUES (?, ?, ?, ?) ON CONFLICT (who) DO UPDATE SET failures = excluded.failures, "
    "lockouts = excluded.lockouts, locked_until = excluded.locked_until",
    guard_clear="DELETE FROM sign_in_guard WHERE who = ?",
)
"""The shared queries in SQLite's dialect (see `base.Statements`)."""


# --------------------------------------------------------------------------- the store


class SQLiteStore(StoreBase):
    """`quest_engine.store.api.Store` on one SQLite file (the shared rules: `StoreBase`)."""

    SQL = SQL
    UNIQUE_VIOLATION = (sqlite3.IntegrityError,)

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        journal_mode: str | None = None,
        mounts: str | None = None,
        wall_clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(wall_clock=wall_clock)
        self.location = str(path)
        self._path = Path(path)
        self._lock = threading.RLock()
        self._rm_cache: ReadModels | None = None
        self._rm_version: int | None = None
        if not create and not self._path.is_file():
            raise QuestError(
                f"no progress store at {self.location}",
                hint="create a class first (quest class create NAME), or pass --store PATH",
            )
        network = network_filesystem(self._path, mounts)
        mode = (journal_mode or os.environ.get("QUEST_STORE_JOURNAL_MODE") or "wal").lower()
        if mode not in {"wal", "delete"}:
            raise QuestError(f"unknown journal mode {mode!r}", hint="use wal or delete")
        if network and mode == "wal":
            raise QuestError(
                f"the progress store {self.location} is on a network share ({network}); "
                "SQLite cannot keep it safe there",
                hint="keep the file on this computer's own disk, or give the class a shared "
                "PostgreSQL store: --store postgresql://HOST/DB",
            )
        if network:
            log.warning(
                "store on a network share (%s) in journal mode DELETE: one machine at a time",
                network,
            )
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise QuestError(
                f"cannot create the progress store {self.location}: {exc}",
                hint="check the folder is writable, or choose another place with --store",
            ) from exc
        if self._path.is_file() and self._path.stat().st_size > 0:
            self._preflight()
        try:
            self._conn = connect(self.location, journal_mode=mode)
        except sqlite3.DatabaseError as exc:
            raise self._open_error(exc) from exc
        try:
            ran = migrate(self._conn)
        except BaseException as exc:
            self._conn.close()
            if isinstance(exc, sqlite3.DatabaseError):
                raise self._open_error(exc) from exc
            raise
        if REBUILDS_READ_MODELS & set(ran) and self._count_events() > 0:
            self.rebuild()

    # ------------------------------------------------------------------ opening

    def _preflight(self) -> None:
        """Look before touching anything: a file that is not a store, one from a newer
        release or one we may not write is refused before its journal mode is changed."""
        try:
            conn = sqlite3.connect(self.location, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                names = applied_migrations(conn)
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise self._open_error(exc) from exc
        refuse_newer(names, version)
        # WAL also needs to create `-wal` and `-shm` files beside the store.
        if not os.access(self._path, os.W_OK) or not os.access(self._path.parent, os.W_OK):
            raise self._read_only_error()

    def _read_only_error(self) -> QuestError:
        return read_only_error(
            self.location,
            hint="make the file (and its folder) writable, or copy it and use --store COPY",
        )

    def _open_error(self, exc: sqlite3.DatabaseError) -> QuestError:
        """The one-line reason a file cannot be opened as a store."""
        text = str(exc).lower()
        if self._path.exists() and not self._path.is_file():
            return QuestError(
                f"{self.location} is not a file, so it cannot be a progress store",
                hint="give the path of a .sqlite3 file with --store",
            )
        if "readonly" in text or "read-only" in text:
            return self._read_only_error()
        if "unable to open" in text and not self._path.is_file():
            return QuestError(
                f"cannot create the progress store {self.location}: {exc}",
                hint="check the folder is writable, or choose another place with --store",
            )
        if "locked" in text or "busy" in text:
            return QuestError(
                f"the progress store {self.location} is busy: {exc}",
                hint="another program holds it; close it and try again",
            )
        return UnusableStoreError(
            f"{self.location} is not a readable progress store: {exc}",
            hint="restore a backup with: quest store restore BACKUP "
            "(the damaged file is kept aside)",
        )

    # ------------------------------------------------------------------ plumbing

    def _transact(self, body: Callable[[sqlite3.Connection], T]) -> T:
        """A write transaction. Any write but `append` may change read-model rows behind the
        append cache, so the cache is dropped first."""
        with self._lock:
            self._rm_cache = None
            return _transact(self._conn, body)

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def _snapshot(self, body: Callable[[Callable[..., list[tuple[Any, ...]]]], T]) -> T:
        """Several reads with no write of this store object in between."""
        with self._lock:
            return body(self._read)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @property
    def schema_version(self) -> int:
        return int(self._read("PRAGMA user_version")[0][0])

    # ------------------------------------------------------------------ log

    def _class_for(self, conn: sqlite3.Connection, student_id: str | None) -> str | None:
        if student_id is None:
            return None
        if student_id not in self._class_of:
            r = conn.execute("SELECT class_id FROM students WHERE id = ?", (student_id,)).fetchone()
            if r is None:
                return None
            self._class_of[student_id] = r[0]
        return self._class_of[student_id]

    def append(self, events: Sequence[LoggedEvent]) -> list[LoggedEvent]:
        prepared: list[tuple[LoggedEvent, str, str, str, dict[str, Any], str]] = []
        for item in events:
            record = to_record(item.event)
            data = json.dumps(
                record, separators=(",", ":"), ensure_ascii=False, default=record_json_default
            )
            prepared.append(
                (
                    item,
                    item.event_id or new_id(),
                    item.at or utc_now_iso(),
                    item.quest_id or getattr(item.event, "quest_id", "") or "",
                    record,
                    data,
                )
            )
        outcome: list[Any] = [None, None]

        def body(conn: sqlite3.Connection) -> list[LoggedEvent]:
            # Rows cached from our own last commit stay valid unless another connection
            # committed since (PRAGMA data_version tells); we hold the write lock now.
            version = conn.execute("PRAGMA data_version").fetchone()[0]
            rm = self._rm_cache if version == self._rm_version else None
            self._rm_cache = None  # only a committed state goes back into the cache
            if rm is None:
                rm = ReadModels(loader=SqlRows(conn, ROW_SQL))
            added: list[LoggedEvent] = []
            for item, event_id, at, quest_id, record, data in prepared:
                class_id = item.class_id or self._class_for(conn, item.student_id)
                kind = item.event.type
                cur = conn.execute(
                    "INSERT INTO events (event_id, type, student_id, class_id, quest_id, "
                    "content_hash, at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (event_id) DO NOTHING",
                    (
                        event_id,
                        kind,
                        item.student_id,
                        class_id,
                        quest_id,
                        item.content_hash,
                        at,
                        data,
                    ),
                )
                if cur.rowcount != 1:
                    continue  # already in the log: an outbox resend
                seq = int(cur.lastrowid or 0)
                apply(
                    rm,
                    EventRow(
                        seq,
                        event_id,
                        kind,
                        item.student_id,
                        class_id,
                        quest_id,
                        item.content_hash,
                        at,
                        record,
                    ),
                )
                added.append(
                    LoggedEvent(
                        item.event,
                        item.student_id,
                        class_id,
                        at,
                        event_id,
                        quest_id,
                        item.content_hash,
                        seq,
                    )
                )
            _save_read_models(conn, rm)
            rm.clear_changes()
            outcome[0], outcome[1] = rm, version
            return added

        try:
            with self._lock:
                added = _transact(self._conn, body)
        except BaseException:
            self._rm_cache = None
            raise
        rm, version = outcome
        if rm is not None and rm.size() < _CACHE_LIMIT:
            self._rm_cache, self._rm_version = rm, version
        return added

    def _fold_log(self, conn: sqlite3.Connection) -> tuple[ReadModels, int]:
        # The write transaction (BEGIN IMMEDIATE) already keeps every other writer out.
        return fold(conn.execute(f"SELECT {_EVENT_COLUMNS} FROM events ORDER BY seq"))

    def _write_back(self, conn: sqlite3.Connection, rm: ReadModels) -> None:
        _save_read_models(conn, rm)

    # ------------------------------------------------------------------ read models

    def class_board(self, class_id: str) -> list[BoardRow]:
        """What classmates may see of each other: numbers, badges, and shared writing only."""
        with self._lock:
            badges = self._badges(self._read, class_id=class_id)
            shared: dict[str, list[tuple[Any, ...]]] = {}
            for row in self._read(
                "SELECT student_id, id, quest_id, step_id, text, submitted_at FROM rm_submission "
                "WHERE class_id = ? AND shared = 1 ORDER BY submitted_at",
                (class_id,),
            ):
                shared.setdefault(row[0], []).append(row[1:])
            rows = self._read(
                "SELECT s.id, s.display_name, s.avatar, COALESCE(r.level, 1), COALESCE(r.xp, 0), "
                "r.current_quest, COALESCE(r.quests_done, 0) FROM students s "
                "LEFT JOIN rm_student r ON r.student_id = s.id WHERE s.class_id = ? "
                "ORDER BY s.display_name COLLATE NOCASE",
                (class_id,),
            )
        return [
            board_row(r, (b.badge_id for b in badges.get(r[0], [])), shared.get(r[0], []))
            for r in rows
        ]

    # ------------------------------------------------------------------ retention

    def purge_student(self, token: FacilitatorToken, student_id: str) -> purge.PurgeReport:
        """Remove a student and every trace of them, here and in the backups (see purge)."""
        self._require(token)
        self.student(student_id)  # a clear error for an unknown id
        report = self._transact(lambda conn: purge.purge_rows(conn, student_id))
        self._class_of.pop(student_id, None)
        with self._lock:
            purge.compact(self._conn)
        cleaned = 0
        copies = sorted(self.backups_dir().glob("*.sqlite3"))
        copies += sorted(self._path.parent.glob(f"{self._path.name}.before-restore-*"))
        for backup in copies:
            try:
                cleaned += purge.purge_file(backup, student_id)
            except sqlite3.DatabaseError as exc:
                raise QuestError(
                    f"the student was removed from the store, but not from backup {backup}: {exc}",
                    hint="delete that backup file by hand",
                ) from exc
        return replace(report, backups_cleaned=cleaned)

    # ------------------------------------------------------------------ backups

    def backups_dir(self) -> Path:
        return self._path.parent / "backups"

    def backup_to(self, path: str | os.PathLike[str]) -> None:
        """A consistent copy via SQLite's online backup API (safe while others write)."""
        target = Path(path)
        self._refuse_own_files(target, "back up the store onto itself")
        tmp = target.with_name(target.name + ".partial")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp.unlink(missing_ok=True)
            dst = sqlite3.connect(str(tmp))
            try:
                with self._lock:
                    self._conn.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
            os.replace(tmp, target)
        except (sqlite3.Error, OSError) as exc:
            with contextlib.suppress(OSError):  # never leave half a copy (a full disk ...)
                tmp.unlink(missing_ok=True)
            raise QuestError(
                f"the backup to {target} failed: {exc}",
                hint="check the disk has space and the folder is writable",
            ) from exc

    def _refuse_own_files(self, other: Path, doing: str) -> None:
        """A backup written over the live file (or its -wal) would swap the file under
        every open connection: their later writes would go to a deleted file."""
        mine = self._path.resolve()
        own = {mine, *(mine.with_name(mine.name + s) for s in ("-wal", "-shm", "-journal"))}
        if other.resolve() in own:
            raise QuestError(
                f"cannot {doing}: {other} is the store's own file",
                hint="give a path in another folder or with another name",
            )

    def daily_backup(self, now: datetime | None = None, keep: int = BACKUP_KEEP) -> str | None:
        """Copy the store into `backups/` at most once a day, keeping the newest `keep`.

        The game calls this at start. Returns the new backup's path, or None when today's
        backup already exists.
        """
        now = now or datetime.now(UTC)
        folder = self.backups_dir()
        stem = self._path.stem
        day = now.strftime("%Y-%m-%d")
        target = folder / f"{stem}-{day}.sqlite3"
        if target.exists():
            return None
        self.backup_to(target)
        existing = sorted(folder.glob(f"{stem}-????-??-??.sqlite3"))
        for old in existing[:-keep] if keep > 0 else existing:
            old.unlink(missing_ok=True)
        return str(target)

    def restore_from(self, backup: str | os.PathLike[str], now: datetime | None = None) -> str:
        """Replace the store's content with a checked backup; the current content is kept
        aside as `<name>.before-restore-<timestamp>`. Returns that file's path."""
        self._refuse_own_files(Path(backup), "restore the store from itself")
        require_healthy_backup(backup)
        now = now or datetime.now(UTC)
        aside = self._path.with_name(
            f"{self._path.name}.before-restore-{now.strftime('%Y%m%dT%H%M%SZ')}"
        )
        self.backup_to(aside)
        src = sqlite3.connect(f"file:{Path(backup).resolve()}?mode=ro", uri=True)
        try:
            with self._lock:
                src.backup(self._conn)
        finally:
            src.close()
        self._class_of.clear()
        self._rm_cache = None
        migrate(self._conn)
        return str(aside)

    # ------------------------------------------------------------------ health

    def check(self) -> StoreCheck:
        problems = [r[0] for r in self._read("PRAGMA integrity_check") if str(r[0]).lower() != "ok"]
        problems += [
            f"foreign key problem in {r[0]}" for r in self._read("PRAGMA foreign_key_check")
        ]
        version = self.schema_version
        if version != LATEST_VERSION:
            problems.append(f"schema version {version}, expected {LATEST_VERSION}")
        return StoreCheck(
            ok=not problems,
            schema_version=version,
            latest_version=LATEST_VERSION,
            events=self._count_events(),
            problems=tuple(problems),
            location=self.location,
        )


def require_healthy_backup(backup: str | os.PathLike[str]) -> None:
    """Refuse to restore from a file that is not a healthy store of this release or older."""
    problems = check_file(str(backup))
    if problems and not Path(backup).is_file():
        raise QuestError(
            f"there is no file at {backup}; nothing was restored",
            hint="check the path: `quest store backup PATH` writes one",
        )
    if problems:
        raise QuestError(
            f"{backup} is not a healthy progress store; nothing was restored", hint=problems[0]
        )


def check_file(path: str) -> list[str]:
    """Problems that make `path` unfit to restore from (empty when it is a healthy store)."""
    p = Path(path)
    if not p.is_file():
        return [f"no file at {path}"]
    try:
        conn = sqlite3.connect(f"file:{p.resolve()}?mode=ro", uri=True)
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if result != ["ok"]:
                return [f"integrity check failed: {'; '.join(map(str, result[:3]))}"]
            names = applied_migrations(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [f"not a SQLite database ({exc})"]
    if "m001_initial" not in names:
        return ["it is a SQLite file but not a Quest Engine progress store"]
    newer = newer_migrations(names)
    if newer:
        return [f"it was written by a newer Quest Engine (it has {newer[-1]}): update first"]
    return []


def restore_file(
    path: str | os.PathLike[str], backup: str | os.PathLike[str], now: datetime | None = None
) -> str:
    """Restore a store that cannot even be opened (damaged, not a database, too new).

    The backup is checked first; the current file (with its -wal/-shm) is moved aside
    untouched as `<name>.before-restore-<timestamp>`, then the backup is copied in with the
    online backup API and migrated. Returns where the old file went ("" if there was none).
    """
    require_healthy_backup(backup)
    target = Path(path)
    if target.exists() and not target.is_file():  # a folder, a device such as /dev/null ...
        raise QuestError(f"{target} is not a file; nothing was restored")
    now = now or datetime.now(UTC)
    aside = target.with_name(f"{target.name}.before-restore-{now.strftime('%Y%m%dT%H%M%SZ')}")
    kept = ""
    try:
        if target.exists():
            os.replace(target, aside)
            kept = str(aside)
        for suffix in ("-wal", "-shm", "-journal"):
            side = target.with_name(target.name + suffix)
            if side.exists():
                os.replace(side, aside.with_name(aside.name + suffix))
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise QuestError(
            f"could not move {target} aside to restore it: {exc}",
            hint="check the folder is writable and no program holds the file",
        ) from exc
    src = sqlite3.connect(f"file:{Path(backup).resolve()}?mode=ro", uri=True)
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    SQLiteStore(target).close()  # migrations run on open
    return kept
