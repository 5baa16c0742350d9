"""The progress store's interface: one contract, two backends (SQLite now, PostgreSQL later).

Everything the game, the CLI and the exports need from persistence goes through `Store`.
Backends differ only in SQL: the rules and queries live in `base.StoreBase` and the
read-model folding in `projections.py`, both shared.

The event log is the one source of truth. Each appended event travels in a `LoggedEvent`
envelope that says whose it is (student, class), which quest and content version it
concerns, when it happened and its unique id (appending the same `event_id` twice is a
no-op, so an offline outbox can simply resend). Read models (progress, XP, badges, the
class board, submissions) are updated in the same transaction and can be rebuilt from
the log alone.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, runtime_checkable

from quest_engine.errors import QuestError
from quest_engine.rules.events import Event

# --------------------------------------------------------------------------- envelope


def utc_now_iso() -> str:
    """Now as ISO 8601 UTC text with a `Z`, millisecond precision (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    """A fresh random UUID as text."""
    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    """A domain event plus the facts the pure rules engine cannot know.

    `quest_id` and `content_hash` default to the event's own fields when it has them.
    `seq` is the position in the log, assigned by the store (0 before appending).
    """

    event: Event
    student_id: str | None
    class_id: str | None = None
    at: str = ""
    event_id: str = ""
    quest_id: str = ""
    content_hash: str = ""
    seq: int = 0


def stamp(
    event: Event,
    student_id: str | None,
    *,
    class_id: str | None = None,
    at: str | None = None,
    event_id: str | None = None,
    content_hash: str = "",
) -> LoggedEvent:
    """Wrap an engine event for `Store.append`: fills the time (now, UTC) and a new UUID."""
    quest_id = getattr(event, "quest_id", "") or ""
    return LoggedEvent(
        event=event,
        student_id=student_id,
        class_id=class_id,
        at=at or utc_now_iso(),
        event_id=event_id or new_id(),
        quest_id=quest_id,
        content_hash=content_hash or getattr(event, "content_hash", "") or "",
    )


# --------------------------------------------------------------------------- people

MAX_NAME_CHARS = 40
"""Longest class or display name: it must fit a class board tile and a table column."""
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_name(text: str, empty: str, *, limit: int = MAX_NAME_CHARS) -> str:
    """A class or display name as every backend stores it: NFC (so "Zoë" typed two ways is
    one name), single spaces, at most `limit` characters, and no control characters that
    could garble a terminal or flip a classmate's name on the board. `empty` is the error
    for a blank name."""
    name = " ".join(unicodedata.normalize("NFC", str(text)).split())
    if not name:
        raise QuestError(empty)
    if any(unicodedata.category(c) == "Cc" or c in _BIDI_CONTROLS for c in name):
        raise QuestError(
            "a name cannot contain control characters", hint="use letters, digits and emoji"
        )
    if len(name) > limit:
        raise QuestError(
            f"a name can have at most {limit} characters (this one has {len(name)})",
            hint="use a shorter name or a nickname",
        )
    return name


@dataclass(frozen=True, slots=True)
class ClassInfo:
    id: str
    name: str
    join_code: str
    student_count: int = 0


@dataclass(frozen=True, slots=True)
class StudentInfo:
    id: str
    class_id: str
    display_name: str
    avatar: str
    has_pin: bool


@dataclass(frozen=True, slots=True)
class FacilitatorToken:
    """Proof that a facilitator signed in on this store; only the store makes them.

    Calls that approve work, change a roster or export take one. `_key` ties the token
    to the store object that issued it, so a hand-made token is refused.
    """

    name: str
    _key: str = field(repr=False, default="")


# --------------------------------------------------------------------------- read models


@dataclass(frozen=True, slots=True)
class BadgeAward:
    badge_id: str
    quest_id: str
    at: str


@dataclass(frozen=True, slots=True)
class SharedItem:
    """Writing a student chose to share: the only student text a peer may see."""

    submission_id: str
    quest_id: str
    step_id: str
    text: str
    at: str


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One student on the class board: what classmates may see, nothing more."""

    student_id: str
    display_name: str
    avatar: str
    level: int
    xp: int
    badges: tuple[str, ...]
    current_quest: str | None
    quests_done: int
    shared: tuple[SharedItem, ...] = ()


@dataclass(frozen=True, slots=True)
class StudentSummary:
    """A student's own profile numbers."""

    student_id: str
    class_id: str
    xp: int
    level: int
    badges: tuple[BadgeAward, ...]
    pending_badges: tuple[str, ...]
    current_quest: str | None
    current_step: str | None
    quests_done: int


@dataclass(frozen=True, slots=True)
class QuestProgress:
    """One student on one quest."""

    student_id: str
    quest_id: str
    status: str
    """"in_progress" or "done" (locked/available come from the content, not the store)."""
    current_step: str | None
    attempts: int
    correct: int
    hints: int
    score: int
    """XP earned in this quest."""
    time_on_task_s: float
    """Active time: gaps between the student's events, each capped at 5 minutes."""
    started_at: str
    finished_at: str | None
    content_hash: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ProgressRow:
    """One line of `quest progress`."""

    student_id: str
    class_name: str
    display_name: str
    level: int
    xp: int
    badges: tuple[str, ...]
    current_quest: str | None
    quests_done: int


@dataclass(frozen=True, slots=True)
class Review:
    reviewer: str
    scores: dict[str, int]
    comment: str
    approved: bool
    at: str


@dataclass(frozen=True, slots=True)
class PeerFeedback:
    event_id: str
    submission_id: str
    from_student_id: str
    from_name: str
    kind: str
    specific: str
    helpful: str
    at: str


@dataclass(frozen=True, slots=True)
class SubmissionView:
    """A submission as its author and facilitators see it."""

    id: str
    student_id: str
    student_name: str
    class_id: str
    quest_id: str
    step_id: str
    text: str
    review_mode: str
    state: str
    """"submitted" (waiting for review), "approved" or "returned"."""
    shared: bool
    submitted_at: str
    reviews: tuple[Review, ...] = ()
    feedback: tuple[PeerFeedback, ...] = ()


@dataclass(frozen=True, slots=True)
class StoreCheck:
    ok: bool
    schema_version: int
    latest_version: int
    events: int
    problems: tuple[str, ...] = ()
    location: str = ""


# --------------------------------------------------------------------------- the interface


@runtime_checkable
class Store(Protocol):
    """What every backend provides. Errors a person should see are `QuestError`s."""

    location: str

    # ---- log
    def append(self, events: Sequence[LoggedEvent]) -> list[LoggedEvent]:
        """Append a batch in one transaction and update the read models; return the
        events actually added (duplicates by `event_id` are skipped), with `seq` set."""
        ...

    def events(
        self,
        student_id: str | None = None,
        since: int | str | None = None,
        quest_id: str | None = None,
        types: Collection[str] | None = None,
    ) -> Iterator[LoggedEvent]:
        """The log in order; `since` is a seq (exclusive) or an ISO time (inclusive);
        `types` keeps only events of those `Event.type`s (left out in the database, before
        decoding: a reader that needs a few kinds skips the cost of the rest)."""
        ...

    def rebuild(self) -> int:
        """Recompute every read model from the log alone; returns the events folded."""
        ...

    # ---- people
    def verify_facilitator(self, passphrase: str | None) -> FacilitatorToken: ...
    def facilitator_has_passphrase(self) -> bool: ...
    def set_facilitator_passphrase(
        self, new_passphrase: str, token: FacilitatorToken | None = None
    ) -> None: ...
    def create_class(self, token: FacilitatorToken, name: str) -> ClassInfo: ...
    def classes(self) -> list[ClassInfo]: ...
    def class_by_name(self, name: str) -> ClassInfo: ...
    def class_by_join_code(self, code: str) -> ClassInfo: ...
    def add_student(
        self,
        token: FacilitatorToken,
        class_id: str,
        display_name: str,
        avatar: str = "",
        pin: str | None = None,
    ) -> StudentInfo: ...
    def join_class(
        self, join_code: str, display_name: str, avatar: str = "", pin: str | None = None
    ) -> StudentInfo: ...
    def students(self, class_id: str) -> list[StudentInfo]: ...
    def student(self, student_id: str) -> StudentInfo: ...
    def check_pin(self, student_id: str, pin: str | None) -> bool: ...
    def set_student_pin(
        self, token: FacilitatorToken, student_id: str, pin: str | None
    ) -> StudentInfo:
        """Give a student a new PIN (None: none at all) and lift their sign-in pause, for a
        student who forgot theirs; facilitator only. Returns the student as now stored."""
        ...

    # ---- queries
    def student_summary(self, student_id: str) -> StudentSummary: ...
    def quest_progress(
        self, student_id: str, quest_id: str | None = None
    ) -> list[QuestProgress]: ...
    def draft(self, student_id: str, quest_id: str, step_id: str) -> str | None: ...
    def class_board(self, class_id: str) -> list[BoardRow]: ...
    def progress(self, class_id: str | None = None) -> list[ProgressRow]: ...
    def review_queue(self, class_id: str | None = None) -> list[SubmissionView]: ...
    def submission(self, submission_id: str) -> SubmissionView: ...
    def submissions(self, student_id: str) -> list[SubmissionView]: ...
    def shared_work(self, class_id: str) -> list[SubmissionView]: ...

    # ---- writes with rules
    def review(
        self,
        token: FacilitatorToken,
        submission_id: str,
        scores: dict[str, int],
        comment: str,
        approve: bool,
        rewards: Sequence[Event] = (),
    ) -> list[LoggedEvent]: ...
    def give_feedback(
        self, student_id: str, submission_id: str, kind: str, specific: str, helpful: str
    ) -> LoggedEvent: ...
    def approve_badge(self, token: FacilitatorToken, student_id: str, badge_id: str) -> LoggedEvent:
        """Award a badge waiting for a facilitator's approval."""
        ...

    def set_shared(self, student_id: str, submission_id: str, shared: bool) -> bool:
        """The author shares their writing with the class, or takes it off (the module
        function `set_shared` is the rule every backend follows)."""
        ...

    # ---- care
    def daily_backup(self, now: datetime | None = None) -> str | None: ...
    def backup_to(self, path: str) -> None: ...
    def restore_from(self, backup: str, now: datetime | None = None) -> str:
        """Replace the content with a checked backup; returns where the old one was kept."""
        ...

    def check(self) -> StoreCheck: ...
    def close(self) -> None: ...
    def __enter__(self) -> Store: ...
    def __exit__(self, *exc: object) -> None: ...


def set_shared(store: Store, student_id: str, submission_id: str, shared: bool) -> bool:
    """A student shares their submitted writing with the class board, or takes it off.

    Works on any backend (it appends WorkShared / WorkUnshared). Only the author may do it;
    returns False when the work was already in that state."""
    from dataclasses import replace

    from quest_engine.rules import events as ev

    sub = store.submission(submission_id)
    if sub.student_id != student_id:
        raise QuestError("only the author of a piece of writing can share or unshare it")
    if sub.shared == shared:
        return False
    event = ev.WorkShared(sub.id) if shared else ev.WorkUnshared(sub.id)
    store.append([replace(stamp(event, student_id, class_id=sub.class_id), quest_id=sub.quest_id)])
    return True


def record_json_default(value: Any) -> Any:
    """JSON fallback for event fields: tuples and sets become lists."""
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"not JSON-able: {type(value).__name__}")
