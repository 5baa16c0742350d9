"""What a laptop remembers so the game can start and play while the shared store is down.

In a classroom the Wi-Fi is often down at 9 am. The outbox (`outbox.py`) already keeps the
moves made offline; this keeps, in the same local SQLite file (WAL, synchronous=FULL), the
little the game needs to *start* offline as well:

- `laptop_students`: the students who signed in on this laptop (never the whole roster):
  id, class, display name, avatar, whether they have a PIN, and a hash of the PIN *they
  typed here* the last time they signed in online. The server's PIN hash never leaves the
  server; this local hash is made here with its own salt (`credentials.hash_secret`).
- `laptop_classes`: the classes of those students (name, join code, size as last seen).
- `last_reads`: the last answer of each read the game makes for them, one row per read,
  replaced on every online read: their summary (XP, level, badges, current quest), their
  events (to resume on the same step), drafts, their writing, and the class board and
  shared-writing gallery *cut down to the students of this laptop*.
- `sent_since`: events of those students that the server took from this laptop after a
  read was remembered, folded into the reads the next time the outbox is opened (so a
  fresh start offline shows the progress made online just before).
- `pin_guard`: wrong offline PINs in a row (`credentials.PIN_RULE`), so guessing is slowed
  here as it is on the server, across restarts (wrong PINs the server turned down here
  count too).
- `pin_stamps`: the server's `credentials.pin_stamp` of each PIN hashed here, so a PIN a
  facilitator replaced on another computer stops working here offline once this laptop
  has been online since (`stale_pins`).

Why only this: a laptop is shared and can be lost; it keeps what its own students need to
carry on, nothing about classmates who never used it. An online roster read forgets a
student the server no longer has (purged on another machine), and `forget` (run by
`quest student purge` through this laptop) removes their rows, their local PIN hash, and
their name from what classmates wrote; `forget_pin` (run by `quest student pin` through
this laptop) drops the local hash of a PIN a facilitator replaced. `expire` (each time the
file is opened) forgets a student not signed in online here for `REMEMBER_DAYS`: a school
laptop moves between classes and years.
"""

from __future__ import annotations

import json
import sqlite3
import types
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, fields, is_dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from quest_engine.rules.events import event_from_record, to_record
from quest_engine.store import credentials, purge
from quest_engine.store.api import (
    BoardRow,
    ClassInfo,
    LoggedEvent,
    QuestProgress,
    StudentInfo,
    StudentSummary,
    SubmissionView,
    record_json_default,
    utc_now_iso,
)
from quest_engine.store.credentials import PIN_RULE, GuardState

# --------------------------------------------------------------------------- codecs


def encode_event(item: LoggedEvent, *, with_seq: bool = False) -> str:
    """A logged event as one line of JSON (the outbox's format; `seq` only when asked)."""
    rec: dict[str, Any] = {
        "event": to_record(item.event),
        "student_id": item.student_id,
        "class_id": item.class_id,
        "at": item.at,
        "event_id": item.event_id,
        "quest_id": item.quest_id,
        "content_hash": item.content_hash,
    }
    if with_seq:
        rec["seq"] = item.seq
    return json.dumps(rec, separators=(",", ":"), ensure_ascii=False, default=record_json_default)


def decode_event(text: str) -> LoggedEvent:
    rec = json.loads(text)
    return LoggedEvent(
        event=event_from_record(rec["event"]),
        student_id=rec["student_id"],
        class_id=rec["class_id"],
        at=rec["at"],
        event_id=rec["event_id"],
        quest_id=rec["quest_id"],
        content_hash=rec["content_hash"],
        seq=rec.get("seq", 0),
    )


_EVENTS = object()
KINDS: dict[str, Any] = {
    "events": _EVENTS,
    "student_summary": StudentSummary,
    "quest_progress": list[QuestProgress],
    "draft": str | None,
    "class_board": list[BoardRow],
    "submission": SubmissionView,
    "submissions": list[SubmissionView],
    "shared_work": list[SubmissionView],
    "facilitator_has_passphrase": bool,
}
"""The reads remembered on the laptop and the shape of their answers. Facilitator reads
(progress, the review queue) are not: facilitator work needs the server anyway."""


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _build(tp: Any, data: Any) -> Any:
    """JSON data back into the read-model dataclasses, guided by their type hints."""
    if data is None or tp is Any:
        return data
    if isinstance(tp, type) and is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{f.name: _build(hints[f.name], data[f.name]) for f in fields(tp)})
    origin, args = get_origin(tp), get_args(tp)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], x) for x in data)
        return tuple(_build(a, x) for a, x in zip(args, data, strict=True))
    if origin is list:
        return [_build(args[0], x) for x in data]
    if origin is dict:
        return {k: _build(args[1], v) for k, v in data.items()}
    if origin in (Union, types.UnionType):
        real = [a for a in args if a is not type(None)]
        return _build(real[0], data) if len(real) == 1 else data
    return data


def encode_value(kind: str, value: Any) -> str:
    if KINDS[kind] is _EVENTS:
        return "[" + ",".join(encode_event(e, with_seq=True) for e in value) + "]"
    plain = asdict(value) if is_dataclass(value) else value
    if isinstance(plain, list):
        plain = [asdict(v) if is_dataclass(v) else v for v in plain]
    return json.dumps(plain, separators=(",", ":"), ensure_ascii=False, default=_json_default)


def _json_default(value: Any) -> Any:
    return record_json_default(value)


def decode_value(kind: str, text: str) -> Any:
    if KINDS[kind] is _EVENTS:
        return [decode_event(json.dumps(r)) for r in json.loads(text)]
    return _build(KINDS[kind], json.loads(text))


def _key(kind: str, args: Sequence[Any]) -> str:
    return json.dumps([kind, *args], separators=(",", ":"), default=record_json_default)


def _args(key: str) -> tuple[Any, ...]:
    return tuple(tuple(a) if isinstance(a, list) else a for a in json.loads(key)[1:])


_KEEP_AS_IS = ("id", "at", "display_name", "student_name", "content_hash", "review_mode")


def _renamed(value: Any, pattern: Any, gone_id: str, field: str = "") -> Any:
    """`value` with the purged student's name taken out of what people wrote and their id
    left out of others' records (ids, times and classmates' own names stay as they are)."""
    if isinstance(value, str):
        if value == gone_id:
            return ""
        if field.endswith(_KEEP_AS_IS) or pattern is None:
            return value
        return pattern.sub(purge.A_CLASSMATE, value)
    if isinstance(value, list):
        return [_renamed(v, pattern, gone_id, field) for v in value]
    if isinstance(value, dict):
        return {k: _renamed(v, pattern, gone_id, k) for k, v in value.items()}
    return value


# --------------------------------------------------------------------------- the cache

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS laptop_students (student_id TEXT PRIMARY KEY, "
    "class_id TEXT NOT NULL, display_name TEXT NOT NULL, avatar TEXT NOT NULL, "
    "has_pin INTEGER NOT NULL, pin_hash TEXT, signed_in_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS laptop_classes (class_id TEXT PRIMARY KEY, name TEXT NOT NULL, "
    "join_code TEXT NOT NULL, student_count INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS last_reads (key TEXT PRIMARY KEY, kind TEXT NOT NULL, "
    "student_id TEXT, class_id TEXT, seen INTEGER NOT NULL, value TEXT NOT NULL, "
    "at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS sent_since (n INTEGER PRIMARY KEY AUTOINCREMENT, "
    "student_id TEXT NOT NULL, record TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS pin_guard (student_id TEXT PRIMARY KEY, "
    "failures INTEGER NOT NULL, lockouts INTEGER NOT NULL, locked_until TEXT)",
    "CREATE TABLE IF NOT EXISTS pin_stamps (student_id TEXT PRIMARY KEY, stamp TEXT NOT NULL)",
)

REMEMBER_DAYS = 90
"""A student not signed in online on a laptop for this long is forgotten there (`expire`):
long enough for a summer break, short enough that last year's class does not stay."""

Fold = Callable[[str, tuple[Any, ...], Any, list[LoggedEvent]], Any]
"""(kind, args, remembered answer, events since) -> the answer with the events on top."""


class OfflineCache:
    """The laptop's durable "last seen" copy, in the outbox's SQLite connection."""

    def __init__(self, conn: sqlite3.Connection, fold: Fold) -> None:
        self._conn = conn
        self._fold = fold
        for statement in SCHEMA:
            conn.execute(statement)

    def _write(self, body: Callable[[sqlite3.Connection], Any]) -> Any:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            result = body(self._conn)
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        return result

    # ------------------------------------------------------------------ people

    def remember(
        self, student: StudentInfo, room: ClassInfo, pin: str | None, stamp: str = ""
    ) -> None:
        """A student signed in online on this laptop: keep their profile, their class, and
        a new local hash of the PIN they typed (none when they have no PIN), with the
        server's `credentials.pin_stamp` of that PIN (`stale_pins`)."""
        pin_hash = credentials.hash_secret(pin) if student.has_pin and pin else None

        def body(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT OR REPLACE INTO laptop_students VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    student.id,
                    student.class_id,
                    student.display_name,
                    student.avatar,
                    int(student.has_pin),
                    pin_hash,
                    utc_now_iso(),
                ),
            )
            self._save_class(conn, room)
            conn.execute("DELETE FROM pin_guard WHERE student_id = ?", (student.id,))
            conn.execute("DELETE FROM pin_stamps WHERE student_id = ?", (student.id,))
            if pin_hash and stamp:
                conn.execute("INSERT INTO pin_stamps VALUES (?, ?)", (student.id, stamp))

        self._write(body)

    def stale_pins(self, stamps: dict[str, str]) -> list[str]:
        """Students (among those in `stamps`, the server's `pin_stamp`s) whose PIN hash made
        here is of a PIN the server no longer has: a facilitator set a new one on another
        computer. Their hash must go (`forget_pin`), or the old PIN would still work here
        offline. A hash kept without a stamp cannot be vouched for and counts as stale."""
        rows = self._conn.execute(
            "SELECT s.student_id, p.stamp FROM laptop_students s LEFT JOIN pin_stamps p "
            "ON p.student_id = s.student_id WHERE s.pin_hash IS NOT NULL"
        ).fetchall()
        return sorted(sid for sid, mine in rows if sid in stamps and stamps[sid] != mine)

    @staticmethod
    def _save_class(conn: sqlite3.Connection, room: ClassInfo) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO laptop_classes VALUES (?, ?, ?, ?)",
            (room.id, room.name, room.join_code, room.student_count),
        )

    def known(self, student_ids: Iterable[str | None]) -> set[str]:
        """Which of these students played on this laptop."""
        ids = sorted({s for s in student_ids if s})
        if not ids:
            return set()
        marks = ",".join("?" * len(ids))
        rows = self._conn.execute(
            f"SELECT student_id FROM laptop_students WHERE student_id IN ({marks})", ids
        )
        return {r[0] for r in rows}

    def _people(self, where: str = "", params: tuple[Any, ...] = ()) -> list[StudentInfo]:
        rows = self._conn.execute(
            "SELECT student_id, class_id, display_name, avatar, has_pin FROM laptop_students "
            f"{where} ORDER BY display_name, student_id",
            params,
        ).fetchall()
        return [
            StudentInfo(r[0], r[1], r[2], r[3], bool(r[4]))
            for r in rows
            if _typed(r, (str, str, str, str, int)) and r[4] in (0, 1)
        ]

    def student_ids(self) -> list[str]:
        """Every student who played on this laptop (to ask the server which it still has)."""
        return [r[0] for r in self._conn.execute("SELECT student_id FROM laptop_students")]

    def student(self, student_id: str) -> StudentInfo | None:
        found = self._people("WHERE student_id = ?", (student_id,))
        return found[0] if found else None

    def students(self, class_id: str) -> list[StudentInfo]:
        return self._people("WHERE class_id = ?", (class_id,))

    def pin_hash(self, student_id: str) -> str | None:
        row = self._conn.execute(
            "SELECT pin_hash FROM laptop_students WHERE student_id = ?", (student_id,)
        ).fetchone()
        return row[0] if row and isinstance(row[0], str) else None

    def classes(self) -> list[ClassInfo]:
        """The classes of the students who played here."""
        rows = self._conn.execute(
            "SELECT class_id, name, join_code, student_count FROM laptop_classes WHERE class_id "
            "IN (SELECT class_id FROM laptop_students) ORDER BY name, class_id"
        ).fetchall()
        return [ClassInfo(*r) for r in rows if _typed(r, (str, str, str, int))]

    def class_by_id(self, class_id: str) -> ClassInfo | None:
        found = [c for c in self.classes() if c.id == class_id]
        return found[0] if found else None

    def update_classes(self, classes: Sequence[ClassInfo]) -> None:
        """An online class list: refresh the names and sizes of the classes kept here."""
        kept = {c.id for c in self.classes()}
        fresh = [c for c in classes if c.id in kept]
        if fresh:
            self._write(lambda conn: [self._save_class(conn, c) for c in fresh])

    def update_student(self, info: StudentInfo) -> None:
        """An online profile read: a new name, avatar or PIN setting reaches the laptop."""
        if info.id in self.known([info.id]):
            self._write(lambda conn: self._save_student(conn, info))

    @staticmethod
    def _save_student(conn: sqlite3.Connection, info: StudentInfo) -> None:
        conn.execute(
            "UPDATE laptop_students SET display_name = ?, avatar = ?, has_pin = ?, "
            "pin_hash = CASE WHEN ? THEN pin_hash END WHERE student_id = ?",
            (info.display_name, info.avatar, int(info.has_pin), int(info.has_pin), info.id),
        )

    def update_roster(self, class_id: str, students: Sequence[StudentInfo]) -> list[str]:
        """An online roster of a class: refresh the students kept here, and forget those the
        server no longer has (purged from another machine). Returns the ids forgotten."""
        here = {s.id: s for s in self.students(class_id)}
        if not here:
            return []
        listed = {s.id: s for s in students}
        fresh = [s for sid, s in listed.items() if sid in here and s != here[sid]]
        if fresh:
            self._write(lambda conn: [self._save_student(conn, s) for s in fresh])
        gone = [s for sid, s in here.items() if sid not in listed]
        for s in gone:
            self.forget(s.id, s.display_name)
        return [s.id for s in gone]

    # ------------------------------------------------------------------ offline PINs

    def forget_pin(self, student_id: str, has_pin: bool) -> bool:
        """A facilitator gave the student a new PIN (or none, `has_pin` False): the hash of
        the old one made here goes, so it stops working offline on this laptop (the new one
        works here offline once typed online), and so does this laptop's count of wrong
        tries. Returns whether the student signed in here before."""

        def body(conn: sqlite3.Connection) -> bool:
            conn.execute("DELETE FROM pin_guard WHERE student_id = ?", (student_id,))
            conn.execute("DELETE FROM pin_stamps WHERE student_id = ?", (student_id,))
            return (
                conn.execute(
                    "UPDATE laptop_students SET has_pin = ?, pin_hash = NULL WHERE student_id = ?",
                    (int(has_pin), student_id),
                ).rowcount
                == 1
            )

        return self._write(body)

    def count_try(self, student_id: str, now: float) -> float:
        """Count one try as wrong until it proves right (`credentials.PIN_RULE`); returns
        the seconds of a pause already running instead (then nothing is counted). Wrong
        PINs the server turned down here count too, so going offline gives no fresh tries."""

        def count(conn: sqlite3.Connection) -> float:
            row = conn.execute(
                "SELECT failures, lockouts, locked_until FROM pin_guard WHERE student_id = ?",
                (student_id,),
            ).fetchone()
            state = _guard_state(row)
            wait = PIN_RULE.wait_s(state, now)
            if wait > 0:
                return wait
            after = PIN_RULE.counted(state, now)
            conn.execute(
                "INSERT OR REPLACE INTO pin_guard VALUES (?, ?, ?, ?)",
                (student_id, after.failures, after.lockouts, after.locked_until),
            )
            return 0.0

        return float(self._write(count))

    def check_pin(self, student_id: str, pin: str | None, now: float) -> bool | None:
        """The PIN against the hash made here at the last online sign-in; None when this
        laptop cannot tell (the student never signed in here with their PIN). Wrong tries
        in a row pause sign-in as on the server (`credentials.PIN_RULE`)."""
        info = self.student(student_id)
        if info is None:
            return None
        if not info.has_pin:
            return True
        stored = self.pin_hash(student_id)
        if stored is None:
            return None
        wait = self.count_try(student_id, now)
        if wait > 0:
            raise PIN_RULE.refusal(wait)
        if pin is None or not credentials.verify_secret(pin, stored):
            return False
        self._write(
            lambda conn: conn.execute("DELETE FROM pin_guard WHERE student_id = ?", (student_id,))
        )
        return True

    # ------------------------------------------------------------------ reads

    def _subject(self, kind: str, args: tuple[Any, ...], value: Any) -> tuple[str | None, Any]:
        """(whose read it is, the value cut down to this laptop's students); a value of
        `None` subject and `_SKIP` means the read is not kept."""
        if kind == "facilitator_has_passphrase":
            return None, value
        if kind in ("class_board", "shared_work"):
            here = {s.id for s in self.students(args[0])}
            if not here:
                return None, _SKIP
            return None, [r for r in value if r.student_id in here]
        student_id = value.student_id if kind == "submission" else args[0]
        if student_id is None or not self.known([student_id]):
            return None, _SKIP
        return student_id, value

    def keep(self, kind: str, args: tuple[Any, ...], value: Any) -> None:
        """Remember an online answer (when it concerns students of this laptop)."""
        if kind not in KINDS:
            return
        student_id, value = self._subject(kind, args, value)
        if value is _SKIP:
            return
        class_id = args[0] if kind in ("class_board", "shared_work") else None
        text = encode_value(kind, value)
        self._write(
            lambda conn: conn.execute(
                "INSERT OR REPLACE INTO last_reads VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    _key(kind, args),
                    kind,
                    student_id,
                    class_id,
                    self._last_sent(),
                    text,
                    utc_now_iso(),
                ),
            )
        )

    def _last_sent(self) -> int:
        row = self._conn.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = 'sent_since'"
        ).fetchone()
        return int(row[0]) if row else 0

    def read(self, kind: str, args: tuple[Any, ...]) -> tuple[Any, list[LoggedEvent]] | None:
        """(the remembered answer, events the server took from this laptop since), or None."""
        if kind not in KINDS:
            return None
        row = self._conn.execute(
            "SELECT seen, value FROM last_reads WHERE key = ?", (_key(kind, args),)
        ).fetchone()
        if row is None:
            return None
        try:
            since = [
                decode_event(r[0])
                for r in self._conn.execute(
                    "SELECT record FROM sent_since WHERE n > ? ORDER BY n", (row[0],)
                )
            ]
            return decode_value(kind, row[1]), since
        except _UNREADABLE:  # written by another version: as if never kept
            return None

    def note_sent(self, items: Sequence[LoggedEvent]) -> None:
        """Events the server took from this laptop: kept (for students who played here)
        until they are folded into the remembered reads."""
        here = self.known(e.student_id for e in items)
        mine = [e for e in items if e.student_id in here]
        if mine:
            self._write(
                lambda conn: conn.executemany(
                    "INSERT INTO sent_since (student_id, record) VALUES (?, ?)",
                    [(e.student_id, encode_event(e)) for e in mine],
                )
            )

    def catch_up(self) -> int:
        """Fold the events sent since each read into it and empty `sent_since` (when the
        outbox opens); returns the reads brought up to date."""

        def body(conn: sqlite3.Connection) -> int:
            top = self._last_sent()
            sent = conn.execute("SELECT n, record FROM sent_since ORDER BY n").fetchall()
            if not sent:
                return 0
            events = [(n, decode_event(r)) for n, r in sent]
            behind = conn.execute(
                "SELECT key, kind, seen, value FROM last_reads WHERE seen < ?", (top,)
            ).fetchall()
            for key, kind, seen, text in behind:
                since = [e for n, e in events if n > seen]
                try:
                    value = self._fold(kind, _args(key), decode_value(kind, text), since)
                except _UNREADABLE:  # written by another version: read again online
                    conn.execute("DELETE FROM last_reads WHERE key = ?", (key,))
                    continue
                conn.execute(
                    "UPDATE last_reads SET value = ?, seen = ? WHERE key = ?",
                    (encode_value(kind, value), top, key),
                )
            conn.execute("DELETE FROM sent_since WHERE n <= ?", (top,))
            return len(behind)

        return self._write(body)

    # ------------------------------------------------------------------ privacy

    def forget(self, student_id: str, display_name: str) -> bool:
        """A purged student: drop their profile, local PIN hash, remembered reads and sent
        events, cut them from their class's board and gallery, and take their name out of
        what classmates wrote. Returns whether the file held anything of theirs."""
        pattern = purge.name_pattern(display_name)

        def body(conn: sqlite3.Connection) -> bool:
            held = conn.execute(
                "SELECT (SELECT count(*) FROM laptop_students WHERE student_id = ?) + "
                "(SELECT count(*) FROM last_reads WHERE student_id = ?) + "
                "(SELECT count(*) FROM sent_since WHERE student_id = ?)",
                (student_id, student_id, student_id),
            ).fetchone()[0]
            for table in ("laptop_students", "pin_guard", "pin_stamps", "last_reads", "sent_since"):
                conn.execute(f"DELETE FROM {table} WHERE student_id = ?", (student_id,))
            conn.execute(
                "DELETE FROM laptop_classes WHERE class_id NOT IN "
                "(SELECT class_id FROM laptop_students)"
            )
            for key, kind, text in conn.execute(
                "SELECT key, kind, value FROM last_reads"
            ).fetchall():
                try:
                    if kind in ("class_board", "shared_work"):
                        here = {s.id for s in self.students(_args(key)[0])}
                        if not here:
                            conn.execute("DELETE FROM last_reads WHERE key = ?", (key,))
                            continue
                        rows = [r for r in json.loads(text) if r["student_id"] in here]
                        text = json.dumps(rows, separators=(",", ":"), ensure_ascii=False)
                    new = _rewrite(text, pattern, student_id)
                except _UNREADABLE:  # a garbled row that may name them: it goes
                    conn.execute("DELETE FROM last_reads WHERE key = ?", (key,))
                    continue
                if new != text or kind in ("class_board", "shared_work"):
                    conn.execute("UPDATE last_reads SET value = ? WHERE key = ?", (new, key))
            for n, record in conn.execute("SELECT n, record FROM sent_since").fetchall():
                try:
                    new = _rewrite(record, pattern, student_id)
                except _UNREADABLE:
                    conn.execute("DELETE FROM sent_since WHERE n = ?", (n,))
                    continue
                if new != record:
                    conn.execute("UPDATE sent_since SET record = ? WHERE n = ?", (new, n))
            return bool(held)

        return self._write(body)

    def expire(self, now: datetime | None = None, days: int = REMEMBER_DAYS) -> int:
        """Forget the students who have not signed in online on this laptop for `days`:
        a school laptop moves between classes and years, and last year's profiles, PIN
        hashes and writing have no business staying on it. Not a purge: nothing of theirs
        is rewritten, and their queued moves (the outbox's queue) are still sent. Returns
        how many students were forgotten."""
        since = (now or datetime.now(UTC)) - timedelta(days=days)
        cutoff = since.isoformat(timespec="milliseconds").replace("+00:00", "Z")

        def body(conn: sqlite3.Connection) -> int:
            gone = [
                r[0]
                for r in conn.execute(
                    "SELECT student_id FROM laptop_students WHERE signed_in_at < ?", (cutoff,)
                )
            ]
            for sid in gone:
                for table in ("laptop_students", "pin_guard", "pin_stamps", "last_reads"):
                    conn.execute(f"DELETE FROM {table} WHERE student_id = ?", (sid,))
                conn.execute("DELETE FROM sent_since WHERE student_id = ?", (sid,))
            if gone:
                conn.execute(
                    "DELETE FROM laptop_classes WHERE class_id NOT IN "
                    "(SELECT class_id FROM laptop_students)"
                )
                for key, kind in conn.execute("SELECT key, kind FROM last_reads").fetchall():
                    if kind in ("class_board", "shared_work"):
                        try:
                            class_id = _args(key)[0]
                        except (*_UNREADABLE, IndexError):
                            class_id = None
                        if class_id is None or not self.students(class_id):
                            conn.execute("DELETE FROM last_reads WHERE key = ?", (key,))
            return len(gone)

        return self._write(body)

    def counts(self) -> dict[str, int]:
        """Rows per table (for tests and `quest store check`-style reports)."""
        tables = ("laptop_students", "laptop_classes", "last_reads", "sent_since", "pin_guard")
        return {
            t: int(self._conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables
        }


def _typed(row: Sequence[Any], types: Sequence[type]) -> bool:
    """Whether a row read from the laptop's file has the types the game wrote (a garbled
    or hand-edited row is left out rather than crashing a screen later)."""
    return all(isinstance(v, t) for v, t in zip(row, types, strict=True))


def _guard_state(row: Sequence[Any] | None) -> GuardState:
    """A `pin_guard` row; a garbled one counts as no wrong tries (whoever can garble the
    file could as well delete the row), never as a crash at sign-in."""
    if row is None:
        return GuardState()
    try:
        until = row[2] if row[2] is None or isinstance(row[2], str) else None
        return GuardState(int(row[0]), int(row[1]), until)
    except (TypeError, ValueError):
        return GuardState()


_SKIP = object()
_UNREADABLE = (ValueError, KeyError, TypeError)
"""What decoding a row written by another version of the game can raise."""


def _rewrite(text: str, pattern: Any, gone_id: str) -> str:
    if gone_id not in text and (pattern is None or not pattern.search(text)):
        return text
    return json.dumps(
        _renamed(json.loads(text), pattern, gone_id), separators=(",", ":"), ensure_ascii=False
    )
