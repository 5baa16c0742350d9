"""Offline tolerance for the shared store: the game keeps playing when the network drops.

`OutboxStore` wraps a `PostgresStore`. While the database answers, it is a thin
pass-through. When it cannot be reached:
- appends go into a local SQLite outbox file (durable: WAL, synchronous=FULL) and are
  acknowledged as queued (returned with `seq == 0`);
- reads answer from the last result this process saw or, in a game started offline, from
  the last one this laptop kept (`offline_cache.py`: the classes, profiles and reads of the
  students who signed in here, and a local hash of the PIN each typed here), with the
  queued (and recently sent) events folded on top, so a student's XP, level and badges keep
  moving; a student who never signed in on this laptop cannot sign in offline;
- writes that need the server (creating a class, reviewing, a new PIN) fail with
  `StoreUnreachable`.
When the server is back, queued events are sent first, oldest first, in batches; because
appends are idempotent on `event_id`, a batch sent twice (a crash between sending and
forgetting it) is stored once.

Play never waits on a dead network: once offline, moves and reads do not touch the network
at all. At most every `retry_interval` seconds a background thread tries to connect; only
when that succeeds does the next move go to the server again (sending the queue first).
Calls that need the server anyway (facilitator work, `sync`) try it at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import replace
from glob import escape as glob_escape
from pathlib import Path
from typing import Any, TypeVar

import platformdirs
import psycopg

from quest_engine.errors import QuestError
from quest_engine.rules import events as ev
from quest_engine.rules.events import to_record
from quest_engine.store import purge
from quest_engine.store.api import (
    BadgeAward,
    BoardRow,
    ClassInfo,
    LoggedEvent,
    StudentInfo,
    StudentSummary,
    SubmissionView,
    new_id,
    record_json_default,
    set_shared,
    utc_now_iso,
)
from quest_engine.store.base import event_types
from quest_engine.store.location import APP_NAME
from quest_engine.store.offline_cache import SCHEMA as CACHE_SCHEMA
from quest_engine.store.offline_cache import OfflineCache, decode_event, encode_event
from quest_engine.store.postgres_backend import (
    PostgresStore,
    StoreUnreachable,
    check_url,
    redact_url,
)
from quest_engine.store.projections import BadgeRM, EventRow, ReadModels, StudentRM, apply

log = logging.getLogger(__name__)

T = TypeVar("T")

SEND_BATCH = 200
RETRY_INTERVAL_S = 15.0
CONNECT_TIMEOUT_S = 3.0
_RECENT_KEEP = 5000


def default_outbox_path(url: str) -> Path:
    """One outbox per shared store per user, in the user data folder."""
    digest = hashlib.sha256(redact_url(url).encode()).hexdigest()[:16]
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / f"outbox-{digest}.sqlite3"


def server_answers(url: str, connect_timeout: float) -> bool:
    """Whether a new connection to the shared store succeeds (the background reconnect)."""
    try:
        with psycopg.connect(
            url, connect_timeout=max(1, int(round(connect_timeout))), autocommit=True
        ):
            return True
    except psycopg.Error:
        return False


def _encode(item: LoggedEvent) -> str:
    return encode_event(item)


def _decode(text: str) -> LoggedEvent:
    return decode_event(text)


def _readable(text: Any) -> LoggedEvent | None:
    """A queued row as an event, or None for a row no version of the game wrote."""
    try:
        return _decode(text)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


_OUTBOX_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS outbox (n INTEGER PRIMARY KEY AUTOINCREMENT, "
    "event_id TEXT NOT NULL UNIQUE, student_id TEXT, record TEXT NOT NULL, "
    "queued_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS rejected (event_id TEXT PRIMARY KEY, record TEXT NOT NULL,"
    " reason TEXT NOT NULL, at TEXT NOT NULL)",
)
_DAMAGED_CODES = (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT)


class DamagedFile(Exception):
    """The outbox file is not one this game can use (garbage, or tables of another shape)."""


def _columns(conn: sqlite3.Connection) -> dict[str, list[tuple[str, str]]]:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {
        t: [(r[1], r[2]) for r in conn.execute("SELECT * FROM pragma_table_info(?)", (t,))]
        for t in tables
    }


def misshapen(conn: sqlite3.Connection, schema: Sequence[str]) -> list[str]:
    """The tables `schema` makes that have other columns in `conn` (a damaged file, or one
    another version wrote): reads and writes of them would fail while playing."""
    want = sqlite3.connect(":memory:")
    try:
        for statement in schema:
            want.execute(statement)
        expected = _columns(want)
    finally:
        want.close()
    have = _columns(conn)
    return sorted(t for t, columns in expected.items() if have.get(t) != columns)


def _owner_only(path: Path) -> None:
    """Create the file readable by its owner only (it holds names, writing and PIN hashes;
    SQLite gives its -wal and -shm files the same mode)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        with contextlib.suppress(OSError):  # a file from before: owner only from now on
            os.chmod(path, 0o600)
    except OSError:
        pass  # SQLite says why it cannot open it (`_open_laptop_file`)


class Outbox:
    """A durable FIFO of events waiting for the shared store, in one local SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _owner_only(self.path)
        self._conn = sqlite3.connect(
            str(self.path), timeout=10, isolation_level=None, check_same_thread=False
        )
        try:
            self._conn.execute("PRAGMA busy_timeout = 10000")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = FULL")
            for statement in _OUTBOX_SCHEMA:
                self._conn.execute(statement)
        except BaseException:
            self._conn.close()
            raise

    def put(self, items: Sequence[LoggedEvent]) -> list[LoggedEvent]:
        """Queue events (one transaction); returns those not already queued."""
        queued: list[LoggedEvent] = []
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            for item in items:
                cur = self._conn.execute(
                    "INSERT INTO outbox (event_id, student_id, record, queued_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING",
                    (item.event_id, item.student_id, _encode(item), utc_now_iso()),
                )
                if cur.rowcount == 1:
                    queued.append(item)
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        return queued

    def peek(self, limit: int = SEND_BATCH) -> list[tuple[int, LoggedEvent]]:
        """The oldest queued events; a row no version of the game could have written is
        set aside (`rejected`), so it can neither be sent nor block the queue."""
        while True:
            rows = self._conn.execute(
                "SELECT n, event_id, record FROM outbox ORDER BY n LIMIT ?", (limit,)
            ).fetchall()
            out: list[tuple[int, LoggedEvent]] = []
            for n, event_id, record in rows:
                item = _readable(record)
                if item is None:
                    self._set_aside(n, str(event_id), str(record), "unreadable row")
                    break
                out.append((n, item))
            else:
                return out

    def pending(self) -> list[LoggedEvent]:
        rows = self._conn.execute("SELECT record FROM outbox ORDER BY n")
        return [item for (r,) in rows if (item := _readable(r)) is not None]

    def _set_aside(self, n: int, event_id: str, record: str, reason: str) -> None:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            self._conn.execute(
                "INSERT OR REPLACE INTO rejected (event_id, record, reason, at) "
                "VALUES (?, ?, ?, ?)",
                (event_id, record, reason, utc_now_iso()),
            )
            self._conn.execute("DELETE FROM outbox WHERE n = ?", (n,))
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise

    def forget(self, numbers: Sequence[int]) -> None:
        """Drop events the shared store has acknowledged."""
        self._conn.executemany("DELETE FROM outbox WHERE n = ?", [(n,) for n in numbers])

    def reject(self, n: int, item: LoggedEvent, reason: str) -> None:
        """Set aside an event the shared store refuses, so it cannot block the queue."""
        self._set_aside(n, item.event_id, _encode(item), reason)

    def drop_student(self, student_id: str) -> int:
        """Forget a purged student's queued events and those set aside as refused."""
        dropped = self._conn.execute(
            "DELETE FROM outbox WHERE student_id = ?", (student_id,)
        ).rowcount
        return (
            dropped
            + self._conn.execute(
                "DELETE FROM rejected WHERE instr(record, ?) > 0", (student_id,)
            ).rowcount
        )

    def replace_name(self, name: str) -> int:
        """Classmates' queued words that name a purged student keep everything but the name
        (as `purge.replace_name` does in the shared store); returns the events changed."""
        pattern = purge.name_pattern(name)
        if pattern is None:
            return 0
        changed = 0
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            for table, key in (("outbox", "n"), ("rejected", "event_id")):
                rows = self._conn.execute(f"SELECT {key}, record FROM {table}").fetchall()
                for k, record in rows:
                    try:
                        rec = json.loads(record)
                        text = json.dumps(rec["event"], ensure_ascii=False)
                    except (ValueError, KeyError, TypeError):  # garbled: it goes if it names them
                        if pattern.search(str(record)):
                            self._conn.execute(f"DELETE FROM {table} WHERE {key} = ?", (k,))
                            changed += 1
                        continue
                    event = purge.renamed_event(text, pattern)
                    if event is None:
                        continue
                    rec["event"] = json.loads(event)
                    new = json.dumps(rec, separators=(",", ":"), ensure_ascii=False)
                    self._conn.execute(f"UPDATE {table} SET record = ? WHERE {key} = ?", (new, k))
                    changed += 1
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        return changed

    def compact(self) -> None:
        """Rewrite the file so purged words leave no bytes in free pages or the WAL."""
        purge.compact(self._conn)

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM outbox").fetchone()[0])

    def rejected_count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM rejected").fetchone()[0])

    @property
    def connection(self) -> sqlite3.Connection:
        """The file's connection, shared with the laptop's offline cache (`OfflineCache`)."""
        return self._conn

    def close(self) -> None:
        self._conn.close()


# --------------------------------------------------------------------------- read overlay


class _Seed:
    """A `RowLoader` that starts from what a cached read said about one student."""

    def __init__(self, student: StudentRM, badges: set[str], pending: set[str]) -> None:
        self._student = student
        self._badges = badges
        self._pending = pending

    def student(self, student_id: str) -> StudentRM | None:
        return self._student if student_id == self._student.student_id else None

    def quest(self, student_id: str, quest_id: str) -> None:
        return None

    def badge(self, student_id: str, badge_id: str) -> BadgeRM | None:
        return BadgeRM(student_id, badge_id, "", "") if badge_id in self._badges else None

    def pending_badge(self, student_id: str, badge_id: str) -> BadgeRM | None:
        return BadgeRM(student_id, badge_id, "", "") if badge_id in self._pending else None

    def submission(self, submission_id: str) -> None:
        return None

    def draft(self, student_id: str, quest_id: str, step_id: str) -> None:
        return None

    def has_flag(self, student_id: str, quest_id: str, flag: str) -> bool:
        return False


def _fold(
    student: StudentRM, badges: set[str], pending: set[str], events: Sequence[LoggedEvent]
) -> tuple[StudentRM, ReadModels]:
    rm = ReadModels(loader=_Seed(student, badges, pending))
    for e in events:
        record = json.loads(json.dumps(to_record(e.event), default=record_json_default))
        apply(
            rm,
            EventRow(
                0,
                e.event_id,
                e.event.type,
                e.student_id,
                e.class_id or student.class_id,
                e.quest_id or getattr(e.event, "quest_id", "") or "",
                e.content_hash,
                e.at,
                record,
            ),
        )
    return rm.students.get(student.student_id, student), rm


def overlay_summary(summary: StudentSummary, events: Sequence[LoggedEvent]) -> StudentSummary:
    """A cached summary with not-yet-seen events of that student folded on top."""
    mine = [e for e in events if e.student_id == summary.student_id]
    if not mine:
        return summary
    seed = StudentRM(
        summary.student_id,
        summary.class_id,
        summary.xp,
        summary.level,
        summary.current_quest,
        summary.current_step,
        summary.quests_done,
    )
    held = {b.badge_id for b in summary.badges}
    s, rm = _fold(seed, held, set(summary.pending_badges), mine)
    new = tuple(BadgeAward(b.badge_id, b.quest_id, b.at) for b in rm.new_badges)
    pending = [p for p in summary.pending_badges if rm.pending.get((s.student_id, p), 1)]
    pending += [k[1] for k, v in rm.pending.items() if v is not None and k[1] not in pending]
    return replace(
        summary,
        xp=s.xp,
        level=s.level,
        current_quest=s.current_quest,
        current_step=s.current_step,
        quests_done=s.quests_done,
        badges=summary.badges + new,
        pending_badges=tuple(pending),
    )


def overlay_board(board: list[BoardRow], events: Sequence[LoggedEvent]) -> list[BoardRow]:
    """A cached class board with not-yet-seen events folded into each student's row."""
    out = []
    for row in board:
        mine = [e for e in events if e.student_id == row.student_id]
        if not mine:
            out.append(row)
            continue
        seed = StudentRM(
            row.student_id, None, row.xp, row.level, row.current_quest, None, row.quests_done
        )
        s, rm = _fold(seed, set(row.badges), set(), mine)
        out.append(
            replace(
                row,
                xp=s.xp,
                level=s.level,
                current_quest=s.current_quest,
                quests_done=s.quests_done,
                badges=row.badges + tuple(b.badge_id for b in rm.new_badges),
            )
        )
    return out


def overlay_shared(sub: SubmissionView, events: Sequence[LoggedEvent]) -> SubmissionView:
    """A cached submission with its author's not-yet-seen share and unshare events applied
    (so sharing, then unsharing offline, does what the student asked)."""
    for e in events:
        if e.student_id != sub.student_id or getattr(e.event, "submission_id", None) != sub.id:
            continue
        if isinstance(e.event, ev.WorkShared | ev.WorkUnshared):
            sub = replace(sub, shared=isinstance(e.event, ev.WorkShared))
    return sub


def _latest_draft(
    events: Sequence[LoggedEvent], student_id: str, quest_id: str, step_id: str
) -> str | None:
    for e in reversed(events):
        if (
            e.student_id == student_id
            and e.quest_id == quest_id
            and getattr(e.event, "step_id", None) == step_id
            and hasattr(e.event, "text")
        ):
            return e.event.text
    return None


def offline_view(kind: str, args: tuple[Any, ...], value: Any, unseen: list[LoggedEvent]) -> Any:
    """A remembered answer of read `kind(*args)` with the events the server has not
    answered for yet folded on top (so XP, badges, the step and drafts keep moving)."""
    if kind == "events":
        student_id, _since, quest_id, kinds = args
        extra = [
            e
            for e in unseen
            if (student_id is None or e.student_id == student_id)
            and (quest_id is None or e.quest_id == quest_id)
            and (kinds is None or e.event.type in kinds)
        ]
        return [*value, *extra]
    if kind == "student_summary":
        return overlay_summary(value, unseen)
    if kind == "class_board":
        return overlay_board(value, unseen)
    if kind == "submission":
        return overlay_shared(value, unseen)
    if kind == "draft":
        typed = _latest_draft(unseen, *args)
        return value if typed is None else typed  # a draft typed since wins
    return value


def _pin_online(
    primary: PostgresStore, student_id: str, pin: str | None
) -> tuple[bool, StudentInfo | None, ClassInfo | None, str]:
    """The server's answer to a PIN, with the student's profile, class and PIN stamp when
    it is right (what the laptop keeps to let them sign in offline later)."""
    if not primary.check_pin(student_id, pin):
        return False, None, None, ""
    info = primary.student(student_id)
    stamp = primary.pin_stamps([student_id]).get(student_id, "")
    return True, info, primary.class_by_id(info.class_id), stamp


NOT_PLAYED_HERE = "The class server can't be reached, and you haven't played on this computer yet."
NOT_PLAYED_HERE_HINT = "Ask your teacher, or use the computer you played on last time."
NEW_PIN_NOT_HERE = (
    "The class server can't be reached, and you haven't used your new PIN on this computer yet."
)
"""A student who played here, whose PIN a facilitator changed since (`set_student_pin`)."""
NEW_PIN_NOT_HERE_HINT = "Ask your teacher, or try again when the network is back."
NO_NEW_PROFILE = "The class server can't be reached, so new explorers can't be made right now."
NO_NEW_PROFILE_HINT = "Ask your teacher, or try again when the network is back."


def _open_laptop_file(path: Path) -> tuple[Outbox, OfflineCache]:
    """The outbox and the offline cache in `path`. A file the game cannot use (garbage, a
    damaged page, tables of another shape) is renamed `<name>.damaged-N` beside it, kept
    for a facilitator to look at (a purge deletes a copy that holds the student), and a
    fresh file is started: play must go on. A file
    that cannot be opened at all (no room, no right to write) is a clear error."""
    try:
        try:
            return _open_checked(path)
        except (sqlite3.DatabaseError, DamagedFile) as exc:
            damaged = isinstance(exc, DamagedFile) or (
                not isinstance(exc, sqlite3.OperationalError)
                and getattr(exc, "sqlite_errorcode", None) in _DAMAGED_CODES
            )
            if not damaged:
                raise
            aside = _set_file_aside(path)
            log.warning("outbox file unusable (%s); moved aside to %s", type(exc).__name__, aside)
            return _open_checked(path)
    except (OSError, sqlite3.Error) as exc:
        raise QuestError(
            f"cannot open this computer's offline file {path} ({exc})",
            hint=f"check that the folder {path.parent} exists and this account may write in "
            "it, and that no other program holds the file",
        ) from None


def _open_checked(path: Path) -> tuple[Outbox, OfflineCache]:
    box = Outbox(path)
    try:
        if misshapen(box.connection, _OUTBOX_SCHEMA):
            raise DamagedFile("the queue's tables have another shape")
        cache = OfflineCache(box.connection, offline_view)
        wrong = misshapen(box.connection, CACHE_SCHEMA)
        if wrong:  # only a help for an offline start: made again, the queue stays
            log.warning("offline cache tables of another shape made again: %s", ", ".join(wrong))
            for table in wrong:
                box.connection.execute(f"DROP TABLE {table}")  # names from CACHE_SCHEMA
            cache = OfflineCache(box.connection, offline_view)
    except BaseException:
        box.close()
        raise
    try:
        cache.expire()
    except sqlite3.Error as exc:  # a help for privacy, never a reason not to play
        log.warning("could not forget long-unseen students (%s)", type(exc).__name__)
    return box, cache


def _set_aside_copies(path: Path) -> list[Path]:
    """The damaged copies of the laptop file set aside beside it, with their -wal/-shm."""
    return sorted(path.parent.glob(f"{glob_escape(path.name)}.damaged-*"))


def _mentions(path: Path, student_id: str, display_name: str | None) -> bool:
    """Whether a file holds the student's id, or their name as a purge finds it in words
    (`purge.name_pattern`), anywhere in its bytes."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if student_id.encode() in data:
        return True
    pattern = purge.name_pattern(display_name or "")
    return pattern is not None and pattern.search(data.decode("utf-8", "replace")) is not None


def _set_file_aside(path: Path) -> Path:
    n = 1
    while path.with_name(f"{path.name}.damaged-{n}").exists():
        n += 1
    aside = path.with_name(f"{path.name}.damaged-{n}")
    path.replace(aside)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.replace(aside.with_name(aside.name + suffix))
    return aside


# --------------------------------------------------------------------------- the wrapper


class OutboxStore:
    """`Store` on PostgreSQL that keeps playing offline (see the module docstring)."""

    def __init__(
        self,
        url: str,
        *,
        create: bool = True,
        outbox_path: str | Path | None = None,
        retry_interval: float = RETRY_INTERVAL_S,
        connect_timeout: float = CONNECT_TIMEOUT_S,
        clock: Callable[[], float] = time.monotonic,
        probe: Callable[[], bool] | None = None,
        wall_clock: Callable[[], float] | None = None,
    ) -> None:
        check_url(url)  # a typo in the URL is an error, not "offline"
        self._url = url
        self.location = redact_url(url)
        self._create = create
        self._retry_interval = retry_interval
        self._connect_timeout = connect_timeout
        self._clock = clock
        self._probe = probe or (lambda: server_answers(url, connect_timeout))
        self._wall_clock = wall_clock
        """Seconds since the epoch for sign-in pauses; None: the server's clock online and
        this computer's offline (`_local_clock`)."""
        self._local_clock = wall_clock or time.time
        self._prober: threading.Thread | None = None
        self._reachable = threading.Event()  # set by the background reconnect
        self._lock = threading.RLock()
        self._primary: PostgresStore | None = None
        self._next_try = 0.0
        self._online = False
        self._cache: dict[tuple[Any, ...], tuple[int, Any]] = {}
        self._recent: list[tuple[int, LoggedEvent]] = []
        self._tick = 0
        self.outbox, self.cache = _open_laptop_file(Path(outbox_path or default_outbox_path(url)))
        try:
            self.cache.catch_up()
        except (sqlite3.Error, ValueError, KeyError, TypeError) as exc:  # not a reason to stop
            log.warning("offline cache not brought up to date: %s", type(exc).__name__)
        try:
            self._ensure_primary()
            self._online = True
            self._quietly(self._forget_purged_here)
        except StoreUnreachable as exc:
            log.info("shared store unreachable at start; playing offline (%s)", exc)
        except BaseException:
            self.outbox.close()
            raise

    # ------------------------------------------------------------------ connection

    @property
    def online(self) -> bool:
        """Whether the last call reached the shared store."""
        return self._online

    def queued(self) -> int:
        """Events waiting in the outbox."""
        return self.outbox.count()

    def primary_store(self) -> PostgresStore:
        """The shared store itself (raises `StoreUnreachable` when it cannot be reached)."""
        return self._ensure_primary()

    def _ensure_primary(self) -> PostgresStore:
        if self._primary is None:
            self._primary = PostgresStore(
                self._url,
                create=self._create,
                connect_timeout=self._connect_timeout,
                clock=self._clock,
                wall_clock=self._wall_clock,
            )
        return self._primary

    @property
    def reconnecting(self) -> bool:
        """Whether a background reconnect is trying the server right now."""
        return self._prober is not None and self._prober.is_alive()

    def wait_for_reconnect(self, timeout: float | None = None) -> bool:
        """Wait for a running background reconnect; True when the server answered."""
        prober = self._prober
        if prober is not None:
            prober.join(timeout)
        return self._online or self._reachable.is_set()

    def _due(self) -> bool:
        """Online, or a background reconnect has just reached the server; otherwise start
        one when the retry interval has passed (never waiting for it here)."""
        if self._online or self._reachable.is_set():
            return True
        if not self.reconnecting and self._clock() >= self._next_try:
            self._next_try = self._clock() + self._retry_interval
            self._prober = threading.Thread(
                target=self._try_server, name="quest-outbox-reconnect", daemon=True
            )
            self._prober.start()
        return False

    def _try_server(self) -> None:
        try:
            answered = self._probe()
        except Exception:  # noqa: BLE001 - a failed probe is just "still offline"
            answered = False
        if answered:
            self._reachable.set()

    def _went_offline(self, exc: StoreUnreachable) -> None:
        if self._online:  # only the moment it drops, not every retry
            log.warning("shared store unreachable; queuing progress locally (%s)", exc)
        self._online = False
        self._reachable.clear()
        self._next_try = self._clock() + self._retry_interval

    def _call(self, body: Callable[[PostgresStore], T], *, now: bool = False) -> T:
        """Run `body` on the shared store after sending what is queued. Offline, this fails
        at once unless `now` (then it tries the network in this thread)."""
        if not now and not self._due():
            raise StoreUnreachable(
                f"the shared store {self.location} cannot be reached (offline)",
                hint="progress is kept on this machine and sent when the network is back",
            )
        try:
            primary = self._ensure_primary()
            self._send_queued(primary)
            result = body(primary)
        except StoreUnreachable as exc:
            self._went_offline(exc)
            raise
        if not self._online:
            log.info("shared store reachable again; queued progress sent")
        self._online = True
        self._reachable.clear()
        return result

    def _send_queued(self, primary: PostgresStore) -> None:
        while True:
            batch = self.outbox.peek(SEND_BATCH)
            if not batch:
                return
            if self._drop_purged(primary, batch):
                continue
            try:
                primary.append([item for _n, item in batch])
            except StoreUnreachable:
                raise
            except QuestError as exc:
                # One bad event must not hold back the rest: send singly, set aside refusals.
                for n, item in batch:
                    try:
                        primary.append([item])
                    except StoreUnreachable:
                        raise
                    except QuestError as single:
                        log.warning("outbox: the shared store refused an event: %s", single)
                        self.outbox.reject(n, item, str(single) or str(exc))
                        continue
                    self.outbox.forget([n])
                continue
            self.outbox.forget([n for n, _item in batch])
            self._remember([item for _n, item in batch])

    def _drop_purged(self, primary: PostgresStore, batch: Sequence[tuple[int, LoggedEvent]]) -> int:
        """Queued moves of students the server no longer has (purged from another machine
        while this laptop was offline) are dropped here, never sent: a purge must not be
        undone by a laptop's queue. Their traces in this file go too (`forget_here`)."""
        ids = {item.student_id for _n, item in batch if item.student_id}
        gone = ids - primary.existing_students(ids)
        self.outbox.forget([n for n, item in batch if item.student_id in gone])
        for student_id in sorted(gone):
            kept = self.cache.student(student_id)
            self._quietly(self.forget_here, student_id, kept.display_name if kept else None)
        if gone:
            log.info("outbox: dropped the queued moves of %d purged student(s)", len(gone))
        return len(gone)

    def _forget_purged_here(self) -> None:
        """At an online start: students who played here and were purged on another
        computer since leave this laptop's file (their profile, PIN hash and reads)."""
        ids = self.cache.student_ids()
        if not ids:
            return
        with self._lock:
            try:
                have = self._call(lambda p: p.existing_students(ids))
            except StoreUnreachable:
                return
            for student_id in sorted(set(ids) - have):
                kept = self.cache.student(student_id)
                self._quietly(self.forget_here, student_id, kept.display_name if kept else None)

    def forget_here(self, student_id: str, display_name: str | None) -> None:
        """Everything of a purged student in this laptop's file: queued and set-aside
        events, their name in classmates' queued words, the offline cache; then the file is
        rewritten so no bytes of them remain."""
        self.outbox.drop_student(student_id)
        if display_name:
            self.outbox.replace_name(display_name)
        self.cache.forget(student_id, display_name or "")
        self.outbox.compact()
        for aside in _set_aside_copies(self.outbox.path):
            if _mentions(aside, student_id, display_name):
                aside.unlink(missing_ok=True)
                log.info("outbox: deleted a set-aside copy that held a purged student")

    def sync(self) -> int:
        """Send what is queued now, trying the network in this thread (e.g. at the end of a
        lesson); returns how many events are still waiting."""
        with self._lock:
            try:
                self._call(lambda _p: None, now=True)
            except StoreUnreachable:
                pass
            return self.outbox.count()

    def _remember(self, items: Sequence[LoggedEvent]) -> None:
        """Events the shared store took since the cached reads were made (for the overlay)."""
        for item in items:
            self._tick += 1
            self._recent.append((self._tick, item))
        if len(self._recent) > _RECENT_KEEP:
            del self._recent[: len(self._recent) - _RECENT_KEEP]
        self._quietly(self.cache.note_sent, items)

    def _quietly(self, write: Callable[..., Any], *args: Any) -> None:
        """Write to the laptop's offline cache; a failure there (a full disk) is logged and
        play goes on: the cache only helps a later offline start."""
        try:
            write(*args)
        except sqlite3.Error as exc:
            log.warning("offline cache not updated: %s", type(exc).__name__)

    def _unseen_since(self, tick: int) -> list[LoggedEvent]:
        return [e for t, e in self._recent if t > tick] + self.outbox.pending()

    # ------------------------------------------------------------------ log

    def append(self, events: Sequence[LoggedEvent]) -> list[LoggedEvent]:
        stamped = [
            item
            if item.event_id and item.at
            else replace(item, event_id=item.event_id or new_id(), at=item.at or utc_now_iso())
            for item in events
        ]
        with self._lock:
            try:
                added = self._call(lambda p: p.append(stamped))
            except StoreUnreachable:
                queued = self.outbox.put(stamped)
                return [replace(item, seq=0) for item in queued]
            self._remember(added)
            return added

    def _read(
        self, name: str, *args: Any, fetch: Callable[[PostgresStore], Any] | None = None
    ) -> Any:
        """Fresh from the shared store (remembered in memory and, for students who played on
        this laptop, in the outbox file). Offline: the last value this process saw, else the
        last one this laptop kept, with the events the server has not answered for since
        folded on top (`offline_view`)."""
        key = (name, *args)
        with self._lock:
            try:
                value = self._call(fetch or (lambda p: getattr(p, name)(*args)))
            except StoreUnreachable:
                if key in self._cache:
                    tick, seen = self._cache[key]
                    return offline_view(name, args, seen, self._unseen_since(tick))
                kept = self.cache.read(name, args)
                if kept is None:
                    raise
                seen, sent = kept
                return offline_view(name, args, seen, sent + self.outbox.pending())
            self._cache[key] = (self._tick, value)
            self._quietly(self.cache.keep, name, args, value)
            return value

    def _offline(self, call: Callable[[], T], kept: Callable[[], T | None]) -> T:
        """`call()`, or offline what this laptop kept (`kept()`), else the usual error."""
        try:
            return call()
        except StoreUnreachable:
            found = kept()
            if found is None:
                raise
            return found

    def events(
        self,
        student_id: str | None = None,
        since: int | str | None = None,
        quest_id: str | None = None,
        types: Collection[str] | None = None,
    ) -> Iterator[LoggedEvent]:
        kinds = event_types(types)
        value = self._read(
            "events",
            student_id,
            since,
            quest_id,
            kinds,
            fetch=lambda p: list(p.events(student_id, since, quest_id, types=kinds)),
        )
        return iter(value)

    def student_summary(self, student_id: str) -> StudentSummary:
        return self._read("student_summary", student_id)

    def class_board(self, class_id: str) -> list[BoardRow]:
        return self._read("class_board", class_id)

    # Reads answered from the last result when offline.
    def quest_progress(self, student_id: str, quest_id: str | None = None) -> Any:
        return self._read("quest_progress", student_id, quest_id)

    def draft(self, student_id: str, quest_id: str, step_id: str) -> str | None:
        try:
            return self._read("draft", student_id, quest_id, step_id)
        except StoreUnreachable:
            typed = _latest_draft(self.outbox.pending(), student_id, quest_id, step_id)
            if typed is None:
                raise
            return typed  # typed offline, never read before

    def progress(self, class_id: str | None = None) -> Any:
        return self._read("progress", class_id)

    def review_queue(self, class_id: str | None = None) -> Any:
        return self._read("review_queue", class_id)

    def submission(self, submission_id: str) -> Any:
        return self._read("submission", submission_id)

    def submissions(self, student_id: str) -> Any:
        return self._read("submissions", student_id)

    def shared_work(self, class_id: str) -> Any:
        return self._read("shared_work", class_id)

    def classes(self) -> Any:
        """Offline in a fresh game: the classes of the students who played here."""
        found = self._offline(lambda: self._read("classes"), lambda: self.cache.classes() or None)
        if self._online:
            self._quietly(self.cache.update_classes, found)
        return found

    def class_by_name(self, name: str) -> Any:
        return self._read("class_by_name", name)

    def class_by_id(self, class_id: str) -> Any:
        return self._offline(
            lambda: self._read("class_by_id", class_id), lambda: self.cache.class_by_id(class_id)
        )

    def class_by_join_code(self, code: str) -> Any:
        return self._read("class_by_join_code", code)

    def students(self, class_id: str) -> Any:
        """Offline in a fresh game: only the students who played here (the laptop does not
        keep the roster). Online, students the server no longer has are forgotten here."""
        found = self._offline(
            lambda: self._read("students", class_id),
            lambda: self.cache.students(class_id) or None,
        )
        if self._online:
            self._quietly(self._forget_missing, class_id, found)
        return found

    def _forget_missing(self, class_id: str, roster: Sequence[StudentInfo]) -> None:
        if self.cache.update_roster(class_id, roster):
            self.outbox.compact()  # their rows leave no bytes in the file
        self._drop_stale_pins([s.id for s in self.cache.students(class_id)])

    def _drop_stale_pins(self, student_ids: Sequence[str]) -> None:
        """Drop this laptop's hash of any PIN a facilitator replaced on another computer
        since (`OfflineCache.stale_pins`), while the server can tell."""
        if not student_ids:
            return
        with self._lock:
            try:
                stamps = self._call(lambda p: p.pin_stamps(student_ids))
            except StoreUnreachable:
                return
            for student_id in self.cache.stale_pins(stamps):
                self.cache.forget_pin(student_id, stamps[student_id] != "")

    def student(self, student_id: str) -> Any:
        found = self._offline(
            lambda: self._read("student", student_id), lambda: self.cache.student(student_id)
        )
        if self._online:
            self._quietly(self.cache.update_student, found)
        return found

    def check_pin(self, student_id: str, pin: str | None) -> bool:
        """Online, the server decides; a right PIN also leaves this laptop a new local hash
        of it (and the student's profile), so the same student can sign in here offline.
        Offline, only students who signed in here before can, against that local hash."""
        with self._lock:
            try:
                ok, info, room, stamp = self._call(lambda p: _pin_online(p, student_id, pin))
            except StoreUnreachable:
                ok = self.cache.check_pin(student_id, pin, self._local_clock())
                if ok is None and self.cache.student(student_id) is not None:
                    raise StoreUnreachable(NEW_PIN_NOT_HERE, hint=NEW_PIN_NOT_HERE_HINT) from None
                if ok is None:
                    raise StoreUnreachable(NOT_PLAYED_HERE, hint=NOT_PLAYED_HERE_HINT) from None
                return ok
            if ok and info is not None and room is not None:
                self._quietly(self.cache.remember, info, room, pin, stamp)
            elif not ok and self.cache.pin_hash(student_id) is not None:
                self._quietly(self.cache.count_try, student_id, self._local_clock())
            return ok

    def facilitator_has_passphrase(self) -> bool:
        return self._read("facilitator_has_passphrase")

    # ------------------------------------------------------------------ needs the server

    def _online_only(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """A call that cannot work offline: it tries the server now, even on a dead network."""
        with self._lock:
            return self._call(lambda p: getattr(p, name)(*args, **kwargs), now=True)

    def rebuild(self) -> int:
        return self._online_only("rebuild")

    def verify_facilitator(self, passphrase: str | None) -> Any:
        return self._online_only("verify_facilitator", passphrase)

    def set_facilitator_passphrase(self, new_passphrase: str, token: Any = None) -> None:
        self._online_only("set_facilitator_passphrase", new_passphrase, token)

    def create_class(self, token: Any, name: str) -> Any:
        return self._online_only("create_class", token, name)

    def add_student(
        self, token: Any, class_id: str, display_name: str, avatar: str = "", pin: Any = None
    ) -> Any:
        return self._online_only("add_student", token, class_id, display_name, avatar, pin)

    def join_class(
        self, join_code: str, display_name: str, avatar: str = "", pin: Any = None
    ) -> Any:
        try:
            return self._online_only("join_class", join_code, display_name, avatar, pin)
        except StoreUnreachable:
            raise StoreUnreachable(NO_NEW_PROFILE, hint=NO_NEW_PROFILE_HINT) from None

    def review(
        self,
        token: Any,
        submission_id: str,
        scores: dict[str, int],
        comment: str,
        approve: bool,
        rewards: Sequence[Any] = (),
    ) -> Any:
        return self._online_only("review", token, submission_id, scores, comment, approve, rewards)

    def give_feedback(
        self, student_id: str, submission_id: str, kind: str, specific: str, helpful: str
    ) -> Any:
        return self._online_only(
            "give_feedback", student_id, submission_id, kind, specific, helpful
        )

    def approve_badge(self, token: Any, student_id: str, badge_id: str) -> Any:
        return self._online_only("approve_badge", token, student_id, badge_id)

    def set_shared(self, student_id: str, submission_id: str, shared: bool) -> bool:
        """Like the student's other moves: the submission as last seen, the share or unshare
        event queued while offline (`api.set_shared`)."""
        return set_shared(self, student_id, submission_id, shared)

    def purge_student(self, token: Any, student_id: str) -> Any:
        """Purge on the server, drop the student's events still queued here, and take their
        name out of classmates' queued words and of the reads remembered for offline use (in
        memory and in the laptop's cache: their profile and local PIN hash go too)."""
        report = self._online_only("purge_student", token, student_id)
        self.forget_here(student_id, report.display_name)
        with self._lock:
            self._cache.clear()
        return report

    def set_student_pin(self, token: Any, student_id: str, pin: str | None) -> StudentInfo:
        """Set on the server (it lifts the pause there), then drop the hash of the old PIN
        this laptop kept, so the old PIN stops working here offline too."""
        with self._lock:  # the laptop's file is not written by two threads at once
            info: StudentInfo = self._online_only("set_student_pin", token, student_id, pin)
            for key in (("student", student_id), ("students", info.class_id)):
                self._cache.pop(key, None)
            try:
                self.cache.forget_pin(student_id, info.has_pin)
            except sqlite3.Error as exc:
                raise QuestError(
                    "the PIN is changed on the server, but this computer could not forget the "
                    f"old one ({type(exc).__name__}), so it still works here offline",
                    hint="run the command again once this computer's disk has room",
                ) from None
        return info

    def daily_backup(self, now: Any = None) -> str | None:
        return None

    def backup_to(self, path: str) -> None:
        self._online_only("backup_to", path)

    def restore_from(self, backup: str, now: Any = None) -> str:
        return self._online_only("restore_from", backup, now)

    def check(self) -> Any:
        return self._online_only("check")

    def close(self) -> None:
        with self._lock:
            if self._primary is not None:
                self._primary.close()
            self.outbox.close()

    def __enter__(self) -> OutboxStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
