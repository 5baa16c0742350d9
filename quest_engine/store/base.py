"""What every store backend does the same way, written once.

`StoreBase` holds the store's rules: who may review, approve a badge or change a roster
(facilitator tokens), how names are cleaned and checked, which work waits for a
facilitator, the PIN lockout, peer-feedback rules, join codes and the paging of the log.
A backend subclasses it and supplies a small set of primitives, each one piece of its own
SQL (see "primitives" below); nothing here knows SQL or a driver.

`append` and the read-model queries stay in the backends: they are where the two databases
differ for speed (SQLite's row cache, PostgreSQL's pipelined advisory locks and snapshots).
"""

from __future__ import annotations

import json
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any, Literal

from quest_engine.errors import QuestError
from quest_engine.rules import events as ev
from quest_engine.rules.events import Event, event_from_record
from quest_engine.store import credentials
from quest_engine.store.api import (
    ClassInfo,
    FacilitatorToken,
    LoggedEvent,
    PeerFeedback,
    Review,
    StudentInfo,
    SubmissionView,
    clean_name,
    new_id,
    set_shared,
    stamp,
)
from quest_engine.store.projections import EventRow

FACILITATOR = "facilitator"
"""The one facilitator account a store has (its passphrase row's name)."""
EVENT_PAGE = 2000
"""Events read per query while iterating the log (memory stays flat for a big log)."""
FACILITATOR_REVIEWED = ("teacher", "peer")
"""Review modes whose work waits for a facilitator: classmates give peer work guided
feedback, but only a facilitator approves it (and so pays its XP)."""

ClassKey = Literal["name", "id", "join_code"]
StudentKey = Literal["id", "class_id"]
Clash = Literal["name", "join_code", "class"] | None
"""What a primitive that inserts a row ran into (None: inserted)."""


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


# --------------------------------------------------------------------------- rows


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


SUBMISSION_COLUMNS = (
    "m.id, m.student_id, s.display_name, COALESCE(m.class_id, s.class_id), m.quest_id, "
    "m.step_id, m.text, m.review_mode, m.state, m.shared, m.submitted_at"
)
"""The columns `submission_view` reads, in its order (rm_submission m JOIN students s)."""


def submission_view(
    row: Sequence[Any],
    reviews: Iterable[Sequence[Any]] = (),
    feedback: Iterable[Sequence[Any]] = (),
) -> SubmissionView:
    """A row of SUBMISSION_COLUMNS with its review rows (reviewer, scores JSON, comment,
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


def like_prefix(text: str) -> str:
    """A LIKE pattern (escape character `\\`) for ids starting with `text`."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def typed_name(name: str) -> str:
    """A name as a person typed it, made comparable with stored (cleaned) names."""
    return " ".join(unicodedata.normalize("NFC", str(name)).split())


# --------------------------------------------------------------------------- the base


class StoreBase:
    """The backend-agnostic half of `api.Store`. Subclasses call `__init__` first and
    implement the primitives below; everything else here is shared behaviour."""

    location: str

    def __init__(self, *, clock: Callable[[], float] | None = None) -> None:
        self._key = new_id()
        """Ties tokens to this store object: a hand-made or foreign token is refused."""
        self._pins = credentials.PinGuard(clock or time.monotonic)
        self._class_of: dict[str, str | None] = {}
        """Student id -> class id (a student never changes class)."""

    # ------------------------------------------------------------------ primitives

    def append(self, events: Sequence[LoggedEvent]) -> list[LoggedEvent]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def _passphrase_hash(self) -> str | None:
        """The facilitator's stored passphrase hash, or None when none is set."""
        raise NotImplementedError

    def _save_passphrase(self, hashed: str) -> None:
        """Insert or replace the facilitator's passphrase hash."""
        raise NotImplementedError

    def _add_class(self, info: ClassInfo) -> Clash:
        """Insert a class in one transaction unless its name (case-insensitively) or join
        code is taken; return which one was, or None once inserted."""
        raise NotImplementedError

    def _find_classes(self, key: ClassKey | None = None, value: str = "") -> list[ClassInfo]:
        """Classes (with student counts) whose `key` equals `value` (the name compared
        case-insensitively), or all of them; ordered by name, case-insensitively."""
        raise NotImplementedError

    def _add_student(self, info: StudentInfo, pin_hash: str | None) -> Clash:
        """Insert a student in one transaction unless the class is missing ("class") or
        already has that display name ("name"); None once inserted."""
        raise NotImplementedError

    def _find_students(self, key: StudentKey, value: str) -> list[StudentInfo]:
        """Students whose `key` equals `value`, ordered by display name, case-insensitively."""
        raise NotImplementedError

    def _pin_hashes(self, student_id: str) -> list[str | None]:
        """[the student's PIN hash (None: no PIN)], or [] for an unknown student."""
        raise NotImplementedError

    def _pending_badge_quest(self, student_id: str, badge_id: str) -> str | None:
        """The quest of a badge waiting for approval, or None when it is not waiting."""
        raise NotImplementedError

    def _find_submissions(self, where: dict[str, Any], detail: bool) -> list[SubmissionView]:
        """Submissions matching every condition in `where`, oldest first; with `detail`,
        each with its reviews and peer feedback. Conditions: `id`, `id_prefix` (a LIKE
        pattern from `like_prefix`), `student_id`, `class_id` (the submission's class),
        `student_class_id` (its author's class), `shared` (True), `waiting_for` (review
        modes: work in state "submitted" with one of them)."""
        raise NotImplementedError

    def _event_page(
        self,
        after_seq: int,
        student_id: str | None,
        quest_id: str | None,
        at_from: str | None,
        limit: int,
    ) -> list[LoggedEvent]:
        """Up to `limit` events with seq > `after_seq` (and the other filters), by seq."""
        raise NotImplementedError

    # ------------------------------------------------------------------ plumbing

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def events(
        self,
        student_id: str | None = None,
        since: int | str | None = None,
        quest_id: str | None = None,
    ) -> Iterator[LoggedEvent]:
        """The log in order; `since` is a seq (exclusive) or an ISO time (inclusive)."""
        cursor = since if isinstance(since, int) else 0
        at_from = since if isinstance(since, str) else None
        while True:
            page = self._event_page(cursor, student_id, quest_id, at_from, EVENT_PAGE)
            yield from page
            if len(page) < EVENT_PAGE:
                return
            cursor = page[-1].seq

    # ------------------------------------------------------------------ facilitators

    def facilitator_has_passphrase(self) -> bool:
        return self._passphrase_hash() is not None

    def verify_facilitator(self, passphrase: str | None) -> FacilitatorToken:
        """A token for facilitator-only calls. Without a passphrase set, the store is open
        (a single-laptop classroom); once one is set, it must match."""
        stored = self._passphrase_hash()
        if stored is not None and (
            passphrase is None or not credentials.verify_secret(passphrase, stored)
        ):
            raise QuestError(
                "wrong facilitator passphrase", hint="set QUEST_FACILITATOR_PASSPHRASE for scripts"
            )
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
        self._save_passphrase(credentials.hash_secret(new_passphrase))

    # ------------------------------------------------------------------ classes

    def create_class(self, token: FacilitatorToken, name: str) -> ClassInfo:
        self._require(token)
        name = clean_name(name, "a class needs a name")
        while True:
            info = ClassInfo(new_id(), name, credentials.new_join_code(), 0)
            clash = self._add_class(info)
            if clash is None:
                return info
            if clash == "name":
                raise QuestError(f"there is already a class called {name!r}")
            # The join code was taken: draw another.

    def classes(self) -> list[ClassInfo]:
        return self._find_classes()

    def class_by_name(self, name: str) -> ClassInfo:
        found = self._find_classes("name", typed_name(name))
        if not found:
            known = ", ".join(c.name for c in self.classes()) or "none yet"
            raise QuestError(
                f"no class called {name!r}",
                hint=f"classes in this store: {known} (quest class list)",
            )
        return found[0]

    def class_by_id(self, class_id: str) -> ClassInfo:
        found = self._find_classes("id", class_id)
        if not found:
            raise QuestError(f"no class with id {class_id!r}")
        return found[0]

    def class_by_join_code(self, code: str) -> ClassInfo:
        found = self._find_classes("join_code", credentials.normalise_join_code(code))
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
        clash = self._add_student(info, pin_hash)
        if clash == "class":
            raise QuestError(f"no class with id {class_id!r}")
        if clash is not None:
            raise QuestError(
                f"this class already has a student called {display_name!r}",
                hint="add an initial or a number to tell them apart",
            )
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

    def students(self, class_id: str) -> list[StudentInfo]:
        return self._find_students("class_id", class_id)

    def student(self, student_id: str) -> StudentInfo:
        found = self._find_students("id", student_id)
        if not found:
            raise QuestError(f"no student with id {student_id!r}")
        return found[0]

    def check_pin(self, student_id: str, pin: str | None) -> bool:
        """Whether `pin` signs this student in. After 5 wrong PINs in a row it raises a
        QuestError saying how long to wait (60 s) instead of checking (credentials.PinGuard)."""
        found = self._pin_hashes(student_id)
        if not found:
            return False
        stored = found[0]
        if stored is None:
            return True
        self._pins.check_allowed(student_id)
        ok = pin is not None and credentials.verify_secret(pin, stored)
        self._pins.record(student_id, ok)
        return ok

    # ------------------------------------------------------------------ submissions

    def review_queue(self, class_id: str | None = None) -> list[SubmissionView]:
        """Work waiting for a facilitator: teacher- and peer-reviewed submissions not yet
        decided (classmates give peer work guided feedback; only a facilitator approves it)."""
        where: dict[str, Any] = {"waiting_for": FACILITATOR_REVIEWED}
        if class_id is not None:
            where["student_class_id"] = class_id
        return self._find_submissions(where, detail=False)

    def submission(self, submission_id: str) -> SubmissionView:
        """One submission by id, or by the first 4+ characters of its id."""
        found = self._find_submissions({"id": submission_id}, detail=True)
        if not found and len(submission_id) >= 4:
            found = self._find_submissions({"id_prefix": like_prefix(submission_id)}, detail=True)
            if len(found) > 1:
                raise QuestError(
                    f"more than one submission starts with {submission_id!r}",
                    hint="give more of the id",
                )
        if not found:
            raise QuestError(f"no submission {submission_id!r}", hint="see: quest review")
        return found[0]

    def submissions(self, student_id: str) -> list[SubmissionView]:
        return self._find_submissions({"student_id": student_id}, detail=True)

    def shared_work(self, class_id: str) -> list[SubmissionView]:
        """Shared writing in a class with its peer feedback (what a peer may read)."""
        return self._find_submissions({"class_id": class_id, "shared": True}, detail=True)

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
        quest_id = self._pending_badge_quest(student_id, badge_id)
        if quest_id is None:
            raise QuestError(
                f"{info.display_name} has no badge {badge_id!r} waiting for approval",
                hint="see: quest review badges",
            )
        event = ev.BadgeEarned(badge_id, quest_id, "approved")
        return self.append([stamp(event, student_id, class_id=info.class_id)])[0]

    def set_shared(self, student_id: str, submission_id: str, shared: bool) -> bool:
        """The author shares their writing with the class board, or takes it off
        (`api.set_shared`); False when it was already in that state."""
        return set_shared(self, student_id, submission_id, shared)
