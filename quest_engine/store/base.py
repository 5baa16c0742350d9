"""What every store backend does the same way, written once.

`StoreBase` holds the store's rules and queries: who may review, approve a badge or change
a roster (facilitator tokens), how names are cleaned and checked, which work waits for a
facilitator, the sign-in pauses after wrong PINs and passphrases (counted in the store's
`sign_in_guard` table), peer-feedback rules, join codes, paging the log and turning rows
into the read-model views. It holds no SQL: a backend subclasses it, hands it its
dialect's statements (`Statements`, `RowStatements`: placeholders, case-insensitive
ordering, how a list is passed) and implements a few primitives: `_read`, `_snapshot`,
`_transact`, `_fold_log`, `_write_back`, `append`, `class_board` and `close`.

`append` and the class board stay in the backends: there the two databases differ for
speed (SQLite's row cache, PostgreSQL's pipelined advisory locks and one-statement board).
"""

from __future__ import annotations

import json
import time
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from quest_engine.errors import QuestError
from quest_engine.rules import events as ev
from quest_engine.rules.events import Event, event_from_record
from quest_engine.store import credentials
from quest_engine.store.api import (
    BadgeAward,
    BoardRow,
    ClassInfo,
    FacilitatorToken,
    LoggedEvent,
    PeerFeedback,
    ProgressRow,
    QuestProgress,
    Review,
    SharedItem,
    StudentInfo,
    StudentSummary,
    SubmissionView,
    clean_name,
    new_id,
    set_shared,
    stamp,
    utc_now_iso,
)
from quest_engine.store.projections import (
    READ_MODEL_TABLES,
    BadgeRM,
    DraftRM,
    EventRow,
    QuestRM,
    ReadModels,
    StudentRM,
    SubmissionRM,
    apply,
    changes,
)

T = TypeVar("T")
Rows = list[tuple[Any, ...]]
Read = Callable[..., Rows]
"""`read(sql, params=())` -> all rows."""

FACILITATOR = "facilitator"
"""The one facilitator account a store has (its passphrase row's name)."""
EVENT_PAGE = 2000
"""Events read per query while iterating the log (memory stays flat for a big log)."""
FACILITATOR_REVIEWED = ("teacher", "peer")
"""Review modes whose work waits for a facilitator: classmates give peer work guided
feedback, but only a facilitator approves it (and so pays its XP)."""


# --------------------------------------------------------------------------- errors


class UnusableStoreError(QuestError):
    """The store is not one this release can use (damaged, not a database, too new):
    `quest store restore` may move a SQLite file aside and copy a backup in."""


def newer_migrations(
    applied: Iterable[str], known: Iterable[str], user_version: int = 0, latest: int = 0
) -> list[str]:
    """Migrations (or a schema version) this code does not know: a newer release wrote them."""
    unknown = sorted(set(applied) - set(known))
    if not unknown and latest and user_version > latest:
        unknown = [f"schema version {user_version}"]
    return unknown


def refuse_newer(
    applied: Iterable[str], known: Iterable[str], user_version: int = 0, latest: int = 0
) -> None:
    """Raise a clear QuestError for a store from a newer release (never migrate it down)."""
    unknown = newer_migrations(applied, known, user_version, latest)
    if unknown:
        raise UnusableStoreError(
            f"this progress store was written by a newer Quest Engine (it has {unknown[-1]})",
            hint="update Quest Engine, or open a different store with --store",
        )


def read_only_error(location: str, hint: str) -> QuestError:
    return QuestError(
        f"the progress store {location} is read-only, so progress cannot be saved", hint=hint
    )


def name_taken_error(name: str) -> QuestError:
    return QuestError(f"there is already a class called {name!r}")


# --------------------------------------------------------------------------- statements


@dataclass(frozen=True, slots=True)
class Statements:
    """A backend's SQL for the shared queries. Plain statements take the parameters named
    in their comment, in order. Templates contain `{where}`: conditions picked from the
    matching `*_where` fragments and joined with AND by `where_sql`."""

    passphrase: str
    """(name) -> passphrase_hash"""
    save_passphrase: str
    """(name, hash, updated_at): insert or replace"""
    class_named: str
    """(name) -> a row when a class has that name, case-insensitively"""
    join_code_used: str
    """(join_code) -> a row when a class has that join code"""
    insert_class: str
    """(id, name, join_code, created_at)"""
    classes: str
    """{where} -> id, name, join_code, student count; by name, case-insensitively"""
    class_where: Mapping[str, str]
    """name (case-insensitive), id, join_code"""
    class_exists: str
    """(class_id) -> a row when the class exists"""
    student_named: str
    """(class_id, display_name) -> a row when the class has a student of that name"""
    insert_student: str
    """(id, class_id, display_name, avatar, pin_hash, created_at)"""
    students: str
    """{where} -> id, class_id, display_name, avatar, has a PIN; by display name,
    case-insensitively"""
    student_where: Mapping[str, str]
    """id, class_id"""
    pin_hash: str
    """(student_id) -> pin_hash (NULL: no PIN)"""
    set_pin_hash: str
    """(pin_hash, student_id): replace a student's PIN hash (NULL: no PIN)"""
    events: str
    """{where} {limit} -> the log's columns in `logged_event`'s order, by seq"""
    event_where: Mapping[str, str]
    """after_seq (seq > value), student_id, quest_id, at_from (at >= value), types (type
    in a JSON array)"""
    submissions: str
    """{where} -> id, student_id, the author's display name, class_id (the author's when
    the submission has none), quest_id, step_id, text, review_mode, state, shared,
    submitted_at; oldest first"""
    submission_where: Mapping[str, str]
    """id, id_prefix (a `like_prefix` pattern), student_id, class_id (the submission's),
    student_class_id (its author's), shared (a flag), waiting_for (state "submitted" and
    a review mode in a JSON array)"""
    reviews: str
    """(submission_id) -> reviewer, scores JSON, comment, approved, at; oldest first"""
    feedback: str
    """(submission_id) -> PeerFeedback's fields (from_name '' when the giver is gone)"""
    pending_quest: str
    """(student_id, badge_id) -> quest_id of a badge waiting for approval"""
    summary: str
    """(student_id) -> xp, level, current_quest, current_step, quests_done"""
    pending: str
    """(student_id) -> badge_id waiting for approval, oldest first"""
    badges: str
    """{where} -> student_id, badge_id, quest_id, at; by at, badge_id"""
    badge_where: Mapping[str, str]
    """student_id, class_id (the student's class)"""
    flags: str
    """(student_id) -> quest_id, flag; by flag"""
    quests: str
    """{where} -> QuestProgress's fields but flags; by started_at, quest_id"""
    quest_where: Mapping[str, str]
    """student_id, quest_id"""
    draft: str
    """(student_id, quest_id, step_id) -> text"""
    progress: str
    """{where} -> student id, class name, display name, level, xp, current quest,
    quests done, class id; by class name then display name, case-insensitively"""
    progress_where: Mapping[str, str]
    """class_id"""
    all_rows: str
    """{table} -> every row of a read-model table"""
    clear_table: str
    """{table}: delete every row of a read-model table"""
    count_events: str
    """-> how many events the log holds"""
    people_classes: str
    """{where} -> id, name, join_code, created_at; by id"""
    people_class_where: Mapping[str, str]
    """class_id"""
    people_students: str
    """{where} -> id, class_id, display_name, avatar, pin_hash, created_at; by created_at, id"""
    people_student_where: Mapping[str, str]
    """class_id"""
    people_facilitators: str
    """-> name, passphrase_hash, updated_at"""
    import_class: str
    """(id, name, join_code, created_at), nothing when the id is there already"""
    import_student: str
    """(id, class_id, display_name, avatar, pin_hash, created_at), likewise"""
    import_facilitator: str
    """(name, passphrase_hash, updated_at), likewise"""
    guard_touch: str
    """(who): a `sign_in_guard` row with no failures, unless there is one"""
    guard_row: str
    """(who) -> failures, lockouts, locked_until; the row stays locked against other
    writers until the transaction ends"""
    guard_save: str
    """(who, failures, lockouts, locked_until): insert or replace"""
    guard_clear: str
    """(who): delete the row"""


@dataclass(frozen=True, slots=True)
class RowStatements:
    """A backend's SQL for `SqlRows`: each selects one row, its columns in the order of the
    row dataclass's fields (StudentRM, QuestRM, BadgeRM, SubmissionRM, DraftRM)."""

    student: str
    """(student_id)"""
    quest: str
    """(student_id, quest_id)"""
    badge: str
    """(student_id, badge_id)"""
    pending_badge: str
    """(student_id, badge_id)"""
    submission: str
    """(submission_id)"""
    draft: str
    """(student_id, quest_id, step_id)"""
    flag: str
    """(student_id, quest_id, flag) -> a row when the flag is raised"""


class SqlRows:
    """`projections.RowLoader` over a connection inside an append transaction."""

    def __init__(self, conn: Any, sql: RowStatements) -> None:
        self.c = conn
        self.sql = sql

    def _one(self, sql: str, params: Sequence[Any]) -> Any:
        return self.c.execute(sql, params).fetchone()

    def student(self, student_id: str) -> StudentRM | None:
        r = self._one(self.sql.student, (student_id,))
        return StudentRM(*r) if r else None

    def quest(self, student_id: str, quest_id: str) -> QuestRM | None:
        r = self._one(self.sql.quest, (student_id, quest_id))
        return QuestRM(*r) if r else None

    def badge(self, student_id: str, badge_id: str) -> BadgeRM | None:
        r = self._one(self.sql.badge, (student_id, badge_id))
        return BadgeRM(*r) if r else None

    def pending_badge(self, student_id: str, badge_id: str) -> BadgeRM | None:
        r = self._one(self.sql.pending_badge, (student_id, badge_id))
        return BadgeRM(*r) if r else None

    def submission(self, submission_id: str) -> SubmissionRM | None:
        r = self._one(self.sql.submission, (submission_id,))
        if not r:
            return None
        sub = SubmissionRM(*r)
        sub.shared = bool(sub.shared)  # SQLite keeps 0/1
        return sub

    def draft(self, student_id: str, quest_id: str, step_id: str) -> DraftRM | None:
        r = self._one(self.sql.draft, (student_id, quest_id, step_id))
        return DraftRM(*r) if r else None

    def has_flag(self, student_id: str, quest_id: str, flag: str) -> bool:
        return self._one(self.sql.flag, (student_id, quest_id, flag)) is not None


def write_changes(
    rm: ReadModels,
    statements: Sequence[tuple[str, str]],
    executemany: Callable[[str, list[tuple[Any, ...]]], Any],
) -> None:
    """Write back what `apply` changed: each (kind, SQL) of a backend's `statements` runs
    for the rows of that kind in `projections.changes(rm)`, in the statements' order."""
    rows = changes(rm)
    for kind, sql in statements:
        batch = getattr(rows, kind)
        if batch:
            executemany(sql, batch)


def fold(rows: Iterable[Sequence[Any]]) -> tuple[ReadModels, int]:
    """Every read model folded in memory from `events` rows (a rebuild's first half), all
    of it marked to be written; and how many events there were."""
    rm = ReadModels(loader=None)
    count = 0
    for row in rows:
        apply(rm, event_row(row))
        count += 1
    rm.dirty_pending = {k for k, v in rm.pending.items() if v is not None}
    rm.dirty_submissions = {k for k, v in rm.submissions.items() if v is not None}
    return rm, count


def where_sql(fragments: Mapping[str, str], where: Mapping[str, Any]) -> tuple[str, list[Any]]:
    """The conditions for `where` from a backend's `fragments`, joined with AND ("1 = 1"
    for none), and their parameters. A None value leaves its condition out; True is a flag
    (its fragment takes no parameter); a tuple or list goes as JSON array text."""
    conds: list[str] = []
    params: list[Any] = []
    for key, value in where.items():
        if value is None:
            continue
        conds.append(fragments[key])
        if value is True:
            continue
        params.append(json.dumps(list(value)) if isinstance(value, tuple | list) else value)
    return " AND ".join(conds) or "1 = 1", params


def select(read: Read, template: str, fragments: Mapping[str, str], **where: Any) -> Rows:
    """Run a `{where}` template with the conditions for `where`."""
    cond, params = where_sql(fragments, where)
    return read(template.replace("{where}", cond), params)


# --------------------------------------------------------------------------- rows


def event_types(types: Collection[str] | None) -> tuple[str, ...] | None:
    """`events(types=...)` as a sorted tuple (a lone string is one type, not letters)."""
    if types is None:
        return None
    return (types,) if isinstance(types, str) else tuple(sorted(set(types)))


def logged_event(row: Sequence[Any]) -> LoggedEvent:
    """An `events` row (seq, event_id, type, student_id, class_id, quest_id, content_hash,
    at, data) as the envelope callers get."""
    seq, event_id, _type, student_id, class_id, quest_id, content_hash, at, data = row
    return LoggedEvent(
        event=event_from_record(json.loads(data)),
        student_id=student_id,
        class_id=class_id,
        at=at,
        event_id=event_id,
        quest_id=quest_id,
        content_hash=content_hash,
        seq=int(seq),
    )


def event_row(row: Sequence[Any]) -> EventRow:
    """An `events` row as the projections fold it."""
    seq, event_id, kind, student_id, class_id, quest_id, content_hash, at, data = row
    return EventRow(
        int(seq), event_id, kind, student_id, class_id, quest_id, content_hash, at, json.loads(data)
    )


def submission_view(
    row: Sequence[Any],
    reviews: Iterable[Sequence[Any]] = (),
    feedback: Iterable[Sequence[Any]] = (),
) -> SubmissionView:
    """A row of `Statements.submissions` with its review rows (reviewer, scores JSON, comment,
    approved, at) and feedback rows (PeerFeedback's fields)."""
    return SubmissionView(
        id=row[0],
        student_id=row[1],
        student_name=row[2],
        class_id=row[3],
        quest_id=row[4],
        step_id=row[5],
        text=row[6],
        review_mode=row[7],
        state=row[8],
        shared=bool(row[9]),
        submitted_at=row[10],
        reviews=tuple(
            Review(reviewer, json.loads(scores), comment, bool(approved), at)
            for reviewer, scores, comment, approved, at in reviews
        ),
        feedback=tuple(PeerFeedback(*f) for f in feedback),
    )


def board_row(
    row: Sequence[Any], badges: Iterable[str], shared: Iterable[Sequence[Any]]
) -> BoardRow:
    """A class-board row from (student_id, display_name, avatar, level, xp, current_quest,
    quests_done), the badge ids held and the shared items' SharedItem fields."""
    sid, name, avatar, level, xp, current_quest, done = row
    return BoardRow(
        student_id=sid,
        display_name=name,
        avatar=avatar,
        level=level,
        xp=xp,
        badges=tuple(badges),
        current_quest=current_quest,
        quests_done=done,
        shared=tuple(SharedItem(*item) for item in shared),
    )


def badges_by_student(rows: Iterable[Sequence[Any]]) -> dict[str, list[BadgeAward]]:
    """(student_id, badge_id, quest_id, at) rows grouped by student, in their order."""
    out: dict[str, list[BadgeAward]] = {}
    for sid, badge_id, quest_id, at in rows:
        out.setdefault(sid, []).append(BadgeAward(badge_id, quest_id, at))
    return out


def like_prefix(text: str) -> str:
    """A LIKE pattern (escape character `\\`) for ids starting with `text`."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def typed_name(name: str) -> str:
    """A name as a person typed it, made comparable with stored (cleaned) names."""
    return " ".join(unicodedata.normalize("NFC", str(name)).split())


# --------------------------------------------------------------------------- the base


class StoreBase:
    """The backend-agnostic half of `api.Store`. Subclasses call `__init__` first, set
    `SQL` and implement the primitives below; everything else here is shared behaviour."""

    location: str
    SQL: Statements
    UNIQUE_VIOLATION: tuple[type[Exception], ...] = ()
    """The driver's error for a UNIQUE constraint (a race another machine won)."""

    def __init__(self, *, wall_clock: Callable[[], float] | None = None) -> None:
        self._key = new_id()
        """Ties tokens to this store object: a hand-made or foreign token is refused."""
        self._wall_clock = wall_clock or time.time
        """Seconds since the epoch (sign-in pauses are kept as UTC times in the store)."""
        self._class_of: dict[str, str | None] = {}
        """Student id -> class id (a student never changes class)."""

    # ------------------------------------------------------------------ primitives

    def _read(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        """All rows of one statement."""
        raise NotImplementedError

    def _snapshot(self, body: Callable[[Read], T]) -> T:
        """`body(read)`: several reads that see one state of the store."""
        raise NotImplementedError

    def _transact(self, body: Callable[[Any], T]) -> T:
        """`body(conn)` in one write transaction; `conn.execute(sql, params)` returns a
        cursor with `fetchone()`."""
        raise NotImplementedError

    def append(self, events: Sequence[LoggedEvent]) -> list[LoggedEvent]:
        raise NotImplementedError

    def _fold_log(self, conn: Any) -> tuple[ReadModels, int]:
        """Inside a rebuild's transaction: every read model folded from the whole log
        (`fold`), with appends kept out until the transaction ends."""
        raise NotImplementedError

    def _write_back(self, conn: Any, rm: ReadModels) -> None:
        """Inside a transaction: write what `apply` changed in `rm` (`write_changes`)."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def class_board(self, class_id: str) -> list[BoardRow]:
        """What classmates may see of each other: numbers, badges, and shared writing only
        (`board_row` builds each row)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ plumbing

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _one(self, sql: str, params: Sequence[Any]) -> Any:
        """The first column of the first row, or None when there is no row."""
        rows = self._read(sql, params)
        return rows[0][0] if rows else None

    def events(
        self,
        student_id: str | None = None,
        since: int | str | None = None,
        quest_id: str | None = None,
        types: Collection[str] | None = None,
    ) -> Iterator[LoggedEvent]:
        """The log in order; `since` is a seq (exclusive) or an ISO time (inclusive);
        `types` keeps only events of those types (filtered in SQL, before decoding)."""
        cursor = since if isinstance(since, int) else 0
        at_from = since if isinstance(since, str) else None
        kinds = event_types(types)
        template = self.SQL.events.replace("{limit}", str(EVENT_PAGE))
        while True:
            rows = select(
                self._read,
                template,
                self.SQL.event_where,
                after_seq=cursor,
                student_id=student_id,
                quest_id=quest_id,
                at_from=at_from,
                types=kinds,
            )
            for row in rows:
                yield logged_event(row)
            if len(rows) < EVENT_PAGE:
                return
            cursor = int(rows[-1][0])

    def _count_events(self) -> int:
        return int(self._read(self.SQL.count_events)[0][0])

    def rebuild(self) -> int:
        """Recompute every read model from the log alone; returns the events folded."""

        def body(conn: Any) -> int:
            rm, count = self._fold_log(conn)
            for table in READ_MODEL_TABLES:
                conn.execute(self.SQL.clear_table.replace("{table}", table))
            self._write_back(conn, rm)
            return count

        return self._transact(body)

    def read_model_snapshot(self) -> dict[str, Rows]:
        """Every read-model table's rows in a stable order (for tests and `store check`);
        booleans as 0/1, as SQLite keeps them."""

        def body(read: Read) -> dict[str, Rows]:
            return {
                table: sorted(
                    (
                        tuple(int(v) if isinstance(v, bool) else v for v in r)
                        for r in read(self.SQL.all_rows.replace("{table}", table))
                    ),
                    key=repr,
                )
                for table in READ_MODEL_TABLES
            }

        return self._snapshot(body)

    # ------------------------------------------------------------------ people as rows

    def export_people(self, class_id: str | None = None) -> dict[str, Rows]:
        """Classes, students (PIN hashes included) and facilitators as rows: what a store
        holds besides the event log. `store copy` moves them between backends."""
        sql = self.SQL

        def body(read: Read) -> dict[str, Rows]:
            return {
                "classes": select(
                    read, sql.people_classes, sql.people_class_where, class_id=class_id
                ),
                "students": select(
                    read, sql.people_students, sql.people_student_where, class_id=class_id
                ),
                "facilitators": read(sql.people_facilitators),
            }

        return self._snapshot(body)

    def import_people(self, people: Mapping[str, Sequence[Sequence[Any]]]) -> dict[str, int]:
        """Insert the classes, students and facilitators not here yet (matched by id), in one
        transaction; returns how many of each were new."""
        inserts = {
            "classes": self.SQL.import_class,
            "students": self.SQL.import_student,
            "facilitators": self.SQL.import_facilitator,
        }

        def body(conn: Any) -> dict[str, int]:
            return {
                table: sum(conn.execute(sql, tuple(row)).rowcount for row in people.get(table, []))
                for table, sql in inserts.items()
            }

        try:
            return self._transact(body)
        except self.UNIQUE_VIOLATION as exc:
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise QuestError(
                f"the target store already has a different class or student by that name "
                f"({reason})",
                hint="rename the class in one of the stores first (names must be unique)",
            ) from None

    # ------------------------------------------------------------------ sign-in pauses

    def _guarded(
        self, who: str, rule: credentials.LockoutRule, verify: Callable[[], bool]
    ) -> tuple[bool, float]:
        """(whether `verify()` found the secret right, seconds of a pause it started).

        The try is counted in `sign_in_guard` before the secret is checked, in one write
        transaction with the check for a pause (`LockoutRule`), so every process and machine
        on the store shares the count; a right secret deletes the row. Raises the rule's
        refusal, without checking the secret, during a pause."""
        sql = self.SQL

        def count(conn: Any) -> tuple[float, float]:
            now = self._guard_now(conn)
            conn.execute(sql.guard_touch, (who,))
            row = conn.execute(sql.guard_row, (who,)).fetchone()
            state = credentials.GuardState(*row) if row else credentials.GuardState()
            wait = rule.wait_s(state, now)
            if wait > 0:
                return wait, 0.0
            after = rule.counted(state, now)
            conn.execute(sql.guard_save, (who, after.failures, after.lockouts, after.locked_until))
            return 0.0, rule.wait_s(after, now)

        wait, pause = self._transact(count)
        if wait > 0:
            raise rule.refusal(wait)
        if not verify():
            return False, pause
        self._transact(lambda conn: conn.execute(sql.guard_clear, (who,)))
        return True, 0.0

    def _guard_now(self, conn: Any) -> float:
        """Seconds since the epoch for sign-in pauses (a shared store's server says)."""
        return self._wall_clock()

    # ------------------------------------------------------------------ facilitators

    def facilitator_has_passphrase(self) -> bool:
        return self._one(self.SQL.passphrase, (FACILITATOR,)) is not None

    def verify_facilitator(self, passphrase: str | None) -> FacilitatorToken:
        """A token for facilitator-only calls. Without a passphrase set, the store is open
        (a single-laptop classroom); once one is set, it must match. After 5 wrong ones in a
        row it raises a QuestError saying how long to wait (1 minute, doubling up to 15 for
        each pause in a row: `credentials.PASSPHRASE_RULE`) instead of checking."""
        stored = self._one(self.SQL.passphrase, (FACILITATOR,))
        if stored is None:
            return FacilitatorToken(FACILITATOR, self._key)
        wrong = "wrong facilitator passphrase"
        hint = "set QUEST_FACILITATOR_PASSPHRASE for scripts"
        if passphrase is None:  # nothing was tried: not counted
            raise QuestError(wrong, hint=hint)
        ok, pause = self._guarded(
            credentials.FACILITATOR_GUARD_KEY,
            credentials.PASSPHRASE_RULE,
            lambda: credentials.verify_secret(passphrase, stored),
        )
        if not ok:
            if pause > 0:
                wrong += f"; too many in a row, so try again in {credentials.plain_wait(pause)}"
                hint = credentials.PASSPHRASE_RULE.hint
            raise QuestError(wrong, hint=hint)
        return FacilitatorToken(FACILITATOR, self._key)

    def _require(self, token: FacilitatorToken | None) -> FacilitatorToken:
        if not isinstance(token, FacilitatorToken) or token._key != self._key:
            raise QuestError("only a signed-in facilitator can do that")
        return token

    def set_facilitator_passphrase(
        self, new_passphrase: str, token: FacilitatorToken | None = None
    ) -> None:
        if self.facilitator_has_passphrase():
            self._require(token)
        credentials.check_passphrase_strength(new_passphrase)
        hashed = credentials.hash_secret(new_passphrase)
        self._transact(
            lambda c: c.execute(self.SQL.save_passphrase, (FACILITATOR, hashed, utc_now_iso()))
        )

    # ------------------------------------------------------------------ classes

    def create_class(self, token: FacilitatorToken, name: str) -> ClassInfo:
        self._require(token)
        name = clean_name(name, "a class needs a name")
        sql = self.SQL

        def body(conn: Any) -> ClassInfo:
            if conn.execute(sql.class_named, (name,)).fetchone():
                raise name_taken_error(name)
            code = credentials.new_join_code()
            while conn.execute(sql.join_code_used, (code,)).fetchone():
                code = credentials.new_join_code()
            info = ClassInfo(new_id(), name, code, 0)
            conn.execute(sql.insert_class, (info.id, name, code, utc_now_iso()))
            return info

        try:
            return self._transact(body)
        except self.UNIQUE_VIOLATION:  # another machine created it just now
            raise name_taken_error(name) from None

    def _classes(self, **where: str) -> list[ClassInfo]:
        rows = select(self._read, self.SQL.classes, self.SQL.class_where, **where)
        return [ClassInfo(r[0], r[1], r[2], int(r[3])) for r in rows]

    def classes(self) -> list[ClassInfo]:
        return self._classes()

    def class_by_name(self, name: str) -> ClassInfo:
        found = self._classes(name=typed_name(name))
        if not found:
            known = ", ".join(c.name for c in self.classes()) or "none yet"
            raise QuestError(
                f"no class called {name!r}",
                hint=f"classes in this store: {known} (quest class list)",
            )
        return found[0]

    def class_by_id(self, class_id: str) -> ClassInfo:
        found = self._classes(id=class_id)
        if not found:
            raise QuestError(f"no class with id {class_id!r}")
        return found[0]

    def class_by_join_code(self, code: str) -> ClassInfo:
        found = self._classes(join_code=credentials.normalise_join_code(code))
        if not found:
            raise QuestError("no class has that join code", hint="check the code with your teacher")
        return found[0]

    # ------------------------------------------------------------------ students

    def _insert_student(
        self, class_id: str, display_name: str, avatar: str, pin: str | None
    ) -> StudentInfo:
        display_name = clean_name(display_name, "a student needs a display name")
        pin_hash = credentials.hash_secret(credentials.check_pin_format(pin)) if pin else None
        info = StudentInfo(new_id(), class_id, display_name, avatar, pin_hash is not None)
        taken = QuestError(
            f"this class already has a student called {display_name!r}",
            hint="add an initial or a number to tell them apart",
        )
        sql = self.SQL

        def body(conn: Any) -> None:
            if not conn.execute(sql.class_exists, (class_id,)).fetchone():
                raise QuestError(f"no class with id {class_id!r}")
            if conn.execute(sql.student_named, (class_id, display_name)).fetchone():
                raise taken
            conn.execute(
                sql.insert_student,
                (info.id, class_id, display_name, avatar, pin_hash, utc_now_iso()),
            )

        try:
            self._transact(body)
        except self.UNIQUE_VIOLATION:  # the same name added on another machine just now
            raise taken from None
        self._class_of[info.id] = class_id
        self.append([stamp(ev.ProfileCreated(display_name, avatar), info.id, class_id=class_id)])
        return info

    def add_student(
        self,
        token: FacilitatorToken,
        class_id: str,
        display_name: str,
        avatar: str = "",
        pin: str | None = None,
    ) -> StudentInfo:
        self._require(token)
        return self._insert_student(class_id, display_name, avatar, pin)

    def join_class(
        self, join_code: str, display_name: str, avatar: str = "", pin: str | None = None
    ) -> StudentInfo:
        """A student adds themself with the class's join code (the code is the permission)."""
        cls = self.class_by_join_code(join_code)
        return self._insert_student(cls.id, display_name, avatar, pin)

    def _students(self, **where: str) -> list[StudentInfo]:
        rows = select(self._read, self.SQL.students, self.SQL.student_where, **where)
        return [StudentInfo(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]

    def students(self, class_id: str) -> list[StudentInfo]:
        return self._students(class_id=class_id)

    def student(self, student_id: str) -> StudentInfo:
        found = self._students(id=student_id)
        if not found:
            raise QuestError(f"no student with id {student_id!r}")
        return found[0]

    def check_pin(self, student_id: str, pin: str | None) -> bool:
        """Whether `pin` signs this student in. After 5 wrong PINs in a row it raises a
        QuestError saying how long to wait (60 s) instead of checking; the count is kept in
        the store, shared by every machine (`credentials.PIN_RULE`, `_guarded`)."""
        rows = self._read(self.SQL.pin_hash, (student_id,))
        if not rows:
            return False
        stored = rows[0][0]
        if stored is None:
            return True
        ok, _pause = self._guarded(
            credentials.student_guard_key(student_id),
            credentials.PIN_RULE,
            lambda: pin is not None and credentials.verify_secret(pin, stored),
        )
        return ok

    def set_student_pin(
        self, token: FacilitatorToken, student_id: str, pin: str | None
    ) -> StudentInfo:
        """A facilitator gives a student who forgot their PIN a new one (None: no PIN at
        all) and lifts their sign-in pause in the same transaction, so they can sign in at
        once. The PIN is roster state like the one `add_student` stored, not an event: a
        secret's hash has no place in the log, which is exported and never rewritten."""
        self._require(token)
        pin_hash = (
            None if pin is None else credentials.hash_secret(credentials.check_pin_format(pin))
        )
        sql = self.SQL

        def body(conn: Any) -> None:
            if conn.execute(sql.set_pin_hash, (pin_hash, student_id)).rowcount != 1:
                raise QuestError(f"no student with id {student_id!r}")
            conn.execute(sql.guard_clear, (credentials.student_guard_key(student_id),))

        self._transact(body)
        return self.student(student_id)

    # ------------------------------------------------------------------ read models

    def _badges(self, read: Read, **where: str) -> dict[str, list[BadgeAward]]:
        return badges_by_student(select(read, self.SQL.badges, self.SQL.badge_where, **where))

    def student_summary(self, student_id: str) -> StudentSummary:
        info = self.student(student_id)
        sql = self.SQL

        def body(read: Read) -> StudentSummary:
            rows = read(sql.summary, (student_id,))
            xp, level, cq, cs, done = rows[0] if rows else (0, 1, None, None, 0)
            return StudentSummary(
                student_id=student_id,
                class_id=info.class_id,
                xp=xp,
                level=level,
                badges=tuple(self._badges(read, student_id=student_id).get(student_id, [])),
                pending_badges=tuple(r[0] for r in read(sql.pending, (student_id,))),
                current_quest=cq,
                current_step=cs,
                quests_done=done,
            )

        return self._snapshot(body)

    def quest_progress(self, student_id: str, quest_id: str | None = None) -> list[QuestProgress]:
        sql = self.SQL

        def body(read: Read) -> list[QuestProgress]:
            flags: dict[str, list[str]] = {}
            for qid, flag in read(sql.flags, (student_id,)):
                flags.setdefault(qid, []).append(flag)
            rows = select(
                read, sql.quests, sql.quest_where, student_id=student_id, quest_id=quest_id
            )
            return [QuestProgress(*r, flags=tuple(flags.get(r[1], ()))) for r in rows]

        return self._snapshot(body)

    def draft(self, student_id: str, quest_id: str, step_id: str) -> str | None:
        return self._one(self.SQL.draft, (student_id, quest_id, step_id))

    def progress(self, class_id: str | None = None) -> list[ProgressRow]:
        def body(read: Read) -> list[ProgressRow]:
            rows = select(read, self.SQL.progress, self.SQL.progress_where, class_id=class_id)
            badges: dict[str, list[BadgeAward]] = {}
            for cid in {r[7] for r in rows}:
                badges.update(self._badges(read, class_id=cid))
            return [
                ProgressRow(
                    student_id=sid,
                    class_name=cname,
                    display_name=name,
                    level=level,
                    xp=xp,
                    badges=tuple(b.badge_id for b in badges.get(sid, [])),
                    current_quest=cq,
                    quests_done=done,
                )
                for sid, cname, name, level, xp, cq, done, _cid in rows
            ]

        return self._snapshot(body)

    # ------------------------------------------------------------------ submissions

    def _submissions(self, detail: bool, **where: Any) -> list[SubmissionView]:
        """Submissions matching `where` (see `Statements.submission_where`), oldest first;
        with `detail`, each with its reviews and peer feedback."""
        sql = self.SQL

        def body(read: Read) -> list[SubmissionView]:
            rows = select(read, sql.submissions, sql.submission_where, **where)
            if not detail:
                return [submission_view(r) for r in rows]
            return [
                submission_view(r, read(sql.reviews, (r[0],)), read(sql.feedback, (r[0],)))
                for r in rows
            ]

        return self._snapshot(body)

    def review_queue(self, class_id: str | None = None) -> list[SubmissionView]:
        """Work waiting for a facilitator: teacher- and peer-reviewed submissions not yet
        decided (classmates give peer work guided feedback; only a facilitator approves it)."""
        return self._submissions(False, waiting_for=FACILITATOR_REVIEWED, student_class_id=class_id)

    def submission(self, submission_id: str) -> SubmissionView:
        """One submission by id, or by the first 4+ characters of its id."""
        found = self._submissions(True, id=submission_id)
        if not found and len(submission_id) >= 4:
            found = self._submissions(True, id_prefix=like_prefix(submission_id))
            if len(found) > 1:
                raise QuestError(
                    f"more than one submission starts with {submission_id!r}",
                    hint="give more of the id",
                )
        if not found:
            raise QuestError(f"no submission {submission_id!r}", hint="see: quest review")
        return found[0]

    def submissions(self, student_id: str) -> list[SubmissionView]:
        return self._submissions(True, student_id=student_id)

    def shared_work(self, class_id: str) -> list[SubmissionView]:
        """Shared writing in a class with its peer feedback: what a peer may read, so a
        facilitator's scores and comments are left out (they are the author's alone)."""
        return [
            replace(view, reviews=())
            for view in self._submissions(True, class_id=class_id, shared=True)
        ]

    # ------------------------------------------------------------------ writes with rules

    def review(
        self,
        token: FacilitatorToken,
        submission_id: str,
        scores: dict[str, int],
        comment: str,
        approve: bool,
        rewards: Sequence[Event] = (),
    ) -> list[LoggedEvent]:
        """Record a facilitator's review (and, on approval, the rewards) in one transaction."""
        self._require(token)
        sub = self.submission(submission_id)
        if sub.state != "submitted":
            raise QuestError(f"submission {sub.id[:8]} is already {sub.state}")
        reviewed = ev.WorkReviewed(
            submission_id=sub.id,
            reviewer=token.name,
            scores={str(k): int(v) for k, v in scores.items()},
            comment=comment,
            approved=approve,
        )
        batch = [stamp(reviewed, sub.student_id, class_id=sub.class_id)]
        if approve:
            batch += [stamp(e, sub.student_id, class_id=sub.class_id) for e in rewards]
        batch = [item if item.quest_id else replace(item, quest_id=sub.quest_id) for item in batch]
        return self.append(batch)

    def give_feedback(
        self, student_id: str, submission_id: str, kind: str, specific: str, helpful: str
    ) -> LoggedEvent:
        """A classmate's guided feedback on shared work (never on their own or unshared work)."""
        sub = self.submission(submission_id)
        giver = self.student(student_id)
        if not sub.shared or giver.class_id != sub.class_id:
            raise QuestError("that work is not shared with your class")
        if sub.student_id == student_id:
            raise QuestError("feedback is for a classmate's work, not your own")
        parts = [p.strip() for p in (kind, specific, helpful)]
        if not all(parts):
            raise QuestError("feedback needs all three parts: kind, specific and helpful")
        event = ev.PeerFeedbackGiven(sub.id, *parts)
        added = self.append(
            [replace(stamp(event, student_id, class_id=giver.class_id), quest_id=sub.quest_id)]
        )
        return added[0]

    def approve_badge(self, token: FacilitatorToken, student_id: str, badge_id: str) -> LoggedEvent:
        """Award a badge that `requires_approval` and waits for a facilitator (it leaves the
        student's waiting list; the badge is held once, whoever approves it first)."""
        self._require(token)
        info = self.student(student_id)
        rows = self._read(self.SQL.pending_quest, (student_id, badge_id))
        if not rows:
            raise QuestError(
                f"{info.display_name} has no badge {badge_id!r} waiting for approval",
                hint="see: quest review badges",
            )
        event = ev.BadgeEarned(badge_id, rows[0][0], "approved")
        return self.append([stamp(event, student_id, class_id=info.class_id)])[0]

    def set_shared(self, student_id: str, submission_id: str, shared: bool) -> bool:
        """The author shares their writing with the class board, or takes it off
        (`api.set_shared`); False when it was already in that state."""
        return set_shared(self, student_id, submission_id, shared)
