"""Read models derived from the event log, in pure Python shared by every backend.

A backend gives `ReadModels` a loader that fetches rows on a miss (live appends: only the
rows an event touches are read and written back) or no loader at all (a rebuild: every
row starts empty and the whole log is folded in memory). Because both paths run the same
`apply`, a rebuild equals the live read models by construction, and a test checks it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime
from operator import attrgetter
from typing import Any, Protocol

from quest_engine.rules import events as ev

IDLE_CAP_S = 300.0
"""Gaps between a student's events count towards time on task up to this many seconds."""
READ_MODEL_TABLES = (
    "rm_review",
    "rm_feedback",
    "rm_submission",
    "rm_badge",
    "rm_pending_badge",
    "rm_quest",
    "rm_student",
    "rm_draft",
    "rm_flag",
)
"""Every read-model table, children before parents (the order a rebuild empties them)."""


@dataclass(slots=True)
class EventRow:
    """One log entry as the projections see it: the envelope plus the event record."""

    seq: int
    event_id: str
    type: str
    student_id: str | None
    class_id: str | None
    quest_id: str
    content_hash: str
    at: str
    record: dict[str, Any]


# ----------------------------------------------------------------- rows (mutable working copies)


@dataclass(slots=True)
class StudentRM:
    student_id: str
    class_id: str | None
    xp: int = 0
    level: int = 1
    current_quest: str | None = None
    current_step: str | None = None
    quests_done: int = 0


@dataclass(slots=True)
class QuestRM:
    student_id: str
    quest_id: str
    status: str = "in_progress"
    current_step: str | None = None
    attempts: int = 0
    correct: int = 0
    hints: int = 0
    score: int = 0
    time_on_task_s: float = 0.0
    started_at: str = ""
    finished_at: str | None = None
    content_hash: str = ""
    last_at: str = ""


@dataclass(slots=True)
class BadgeRM:
    student_id: str
    badge_id: str
    quest_id: str
    at: str


@dataclass(slots=True)
class SubmissionRM:
    id: str
    student_id: str
    class_id: str | None
    quest_id: str
    step_id: str
    text: str
    review_mode: str
    state: str
    shared: bool
    submitted_at: str
    updated_at: str


@dataclass(slots=True)
class ReviewRM:
    event_id: str
    submission_id: str
    reviewer: str
    scores: dict[str, int]
    comment: str
    approved: bool
    at: str


@dataclass(slots=True)
class FeedbackRM:
    event_id: str
    submission_id: str
    from_student_id: str
    kind: str
    specific: str
    helpful: str
    at: str


@dataclass(slots=True)
class DraftRM:
    student_id: str
    quest_id: str
    step_id: str
    text: str
    at: str


class RowLoader(Protocol):
    """Fetches existing read-model rows for a live append (a backend implements it)."""

    def student(self, student_id: str) -> StudentRM | None: ...
    def quest(self, student_id: str, quest_id: str) -> QuestRM | None: ...
    def badge(self, student_id: str, badge_id: str) -> BadgeRM | None: ...
    def pending_badge(self, student_id: str, badge_id: str) -> BadgeRM | None: ...
    def submission(self, submission_id: str) -> SubmissionRM | None: ...
    def draft(self, student_id: str, quest_id: str, step_id: str) -> DraftRM | None: ...
    def has_flag(self, student_id: str, quest_id: str, flag: str) -> bool: ...


_MISSING = object()


@dataclass(slots=True)
class ReadModels:
    """A working set of read-model rows plus what changed, for one transaction or a rebuild."""

    loader: RowLoader | None = None
    students: dict[str, StudentRM] = field(default_factory=dict)
    quests: dict[tuple[str, str], QuestRM] = field(default_factory=dict)
    badges: dict[tuple[str, str], BadgeRM | None] = field(default_factory=dict)
    pending: dict[tuple[str, str], BadgeRM | None] = field(default_factory=dict)
    submissions: dict[str, SubmissionRM | None] = field(default_factory=dict)
    drafts: dict[tuple[str, str, str], DraftRM] = field(default_factory=dict)
    flags: dict[tuple[str, str, str], bool] = field(default_factory=dict)
    reviews: list[ReviewRM] = field(default_factory=list)
    feedback: list[FeedbackRM] = field(default_factory=list)
    dirty_students: set[str] = field(default_factory=set)
    dirty_quests: set[tuple[str, str]] = field(default_factory=set)
    new_badges: list[BadgeRM] = field(default_factory=list)
    dirty_pending: set[tuple[str, str]] = field(default_factory=set)
    dirty_submissions: set[str] = field(default_factory=set)
    dirty_drafts: set[tuple[str, str, str]] = field(default_factory=set)
    new_flags: list[tuple[str, str, str]] = field(default_factory=list)

    def size(self) -> int:
        return len(self.students) + len(self.quests) + len(self.badges) + len(self.submissions)

    def clear_changes(self) -> None:
        """Forget what changed (after a commit) but keep the rows as a cache."""
        self.dirty_students.clear()
        self.dirty_quests.clear()
        self.new_badges.clear()
        self.dirty_pending.clear()
        self.dirty_submissions.clear()
        self.dirty_drafts.clear()
        self.new_flags.clear()
        self.reviews.clear()
        self.feedback.clear()
        self.drafts.clear()

    # ---- lookups that fall back to the loader
    def _get(self, cache: dict, key: Any, load: Callable[[], Any]) -> Any:
        value = cache.get(key, _MISSING)
        if value is _MISSING:
            value = load() if self.loader is not None else None
            cache[key] = value
        return value

    def student(self, student_id: str, class_id: str | None) -> StudentRM:
        row = self._get(
            self.students,
            student_id,
            lambda: self.loader.student(student_id),  # type: ignore[union-attr]
        )
        if row is None:
            row = StudentRM(student_id, class_id)
            self.students[student_id] = row
            self.dirty_students.add(student_id)
        elif row.class_id is None and class_id:
            row.class_id = class_id
            self.dirty_students.add(student_id)
        return row

    def quest(self, student_id: str, quest_id: str) -> QuestRM | None:
        key = (student_id, quest_id)
        return self._get(
            self.quests,
            key,
            lambda: self.loader.quest(student_id, quest_id),  # type: ignore[union-attr]
        )

    def has_badge(self, student_id: str, badge_id: str) -> bool:
        key = (student_id, badge_id)
        return (
            self._get(
                self.badges,
                key,
                lambda: self.loader.badge(student_id, badge_id),  # type: ignore[union-attr]
            )
            is not None
        )

    def pending_badge(self, student_id: str, badge_id: str) -> BadgeRM | None:
        key = (student_id, badge_id)
        return self._get(
            self.pending,
            key,
            lambda: self.loader.pending_badge(student_id, badge_id),  # type: ignore[union-attr]
        )

    def submission(self, submission_id: str) -> SubmissionRM | None:
        return self._get(
            self.submissions,
            submission_id,
            lambda: self.loader.submission(submission_id),  # type: ignore[union-attr]
        )

    def has_flag(self, student_id: str, quest_id: str, flag: str) -> bool:
        key = (student_id, quest_id, flag)
        return bool(
            self._get(
                self.flags,
                key,
                lambda: self.loader.has_flag(student_id, quest_id, flag),  # type: ignore[union-attr]
            )
        )


# ----------------------------------------------------------------- folding


def _seconds_between(earlier: str, later: str) -> float:
    try:
        delta = datetime.fromisoformat(later) - datetime.fromisoformat(earlier)
    except ValueError:
        return 0.0
    return min(max(delta.total_seconds(), 0.0), IDLE_CAP_S)


def _touch_quest(rm: ReadModels, row: EventRow, student_id: str, create: bool) -> QuestRM | None:
    """The student's row for the event's quest (created on start/step), with time on task."""
    quest_id = row.quest_id
    if not quest_id:
        return None
    q = rm.quest(student_id, quest_id)
    if q is None:
        if not create:
            return None
        q = QuestRM(student_id, quest_id, started_at=row.at, content_hash=row.content_hash)
        rm.quests[(student_id, quest_id)] = q
    elif q.last_at:
        q.time_on_task_s += _seconds_between(q.last_at, row.at)
    q.last_at = row.at
    if row.content_hash:
        q.content_hash = row.content_hash
    rm.dirty_quests.add((student_id, quest_id))
    return q


def apply(rm: ReadModels, row: EventRow) -> None:
    """Fold one logged event into the read models."""
    sid = row.student_id
    rec = row.record
    kind = row.type
    if kind in _SUBMISSION_EVENTS:
        _apply_submission_event(rm, row)
        if kind != ev.WorkSubmitted.type:
            return
    if sid is None:
        return
    student = rm.student(sid, row.class_id)
    starts = kind in (ev.QuestStarted.type, ev.StepEntered.type)
    q = _touch_quest(rm, row, sid, create=starts)

    if kind == ev.QuestStarted.type:
        student.current_quest = row.quest_id
        student.current_step = None
        rm.dirty_students.add(sid)
    elif kind == ev.StepEntered.type:
        assert q is not None
        q.current_step = rec.get("step_id")
        student.current_quest = row.quest_id
        student.current_step = q.current_step
        rm.dirty_students.add(sid)
    elif kind == ev.AnswerChecked.type:
        if q is not None:
            q.attempts += 1
            q.correct += 1 if rec.get("correct") else 0
    elif kind == ev.HintUsed.type:
        if q is not None:
            q.hints += 1
    elif kind == ev.FlagRaised.type:
        flag = str(rec.get("flag", ""))
        key = (sid, row.quest_id, flag)
        if not rm.has_flag(*key):
            rm.flags[key] = True
            rm.new_flags.append(key)
    elif kind == ev.XpGained.type:
        # XP is only ever gained: a negative amount (a corrupt or foreign log) counts as 0,
        # exactly as the rules engine folds it (replay.fold_facts), so both agree.
        amount = max(0, int(rec.get("amount", 0)))
        student.xp += amount
        rm.dirty_students.add(sid)
        if q is not None:
            q.score += amount
    elif kind == ev.LevelReached.type:
        level = int(rec.get("level", 1))
        if level > student.level:
            student.level = level
            rm.dirty_students.add(sid)
    elif kind == ev.BadgeEarned.type:
        badge_id = str(rec.get("badge_id", ""))
        if not rm.has_badge(sid, badge_id):
            badge = BadgeRM(sid, badge_id, str(rec.get("quest_id", "")), row.at)
            rm.badges[(sid, badge_id)] = badge
            rm.new_badges.append(badge)
        if rm.pending_badge(sid, badge_id) is not None:
            rm.pending[(sid, badge_id)] = None
            rm.dirty_pending.add((sid, badge_id))
    elif kind == ev.BadgeAwaitingApproval.type:
        badge_id = str(rec.get("badge_id", ""))
        if not rm.has_badge(sid, badge_id) and rm.pending_badge(sid, badge_id) is None:
            rm.pending[(sid, badge_id)] = BadgeRM(
                sid, badge_id, str(rec.get("quest_id", "")), row.at
            )
            rm.dirty_pending.add((sid, badge_id))
    elif kind == ev.QuestCompleted.type:
        if q is None:
            q = QuestRM(sid, row.quest_id, started_at=row.at, last_at=row.at)
            rm.quests[(sid, row.quest_id)] = q
            rm.dirty_quests.add((sid, row.quest_id))
        if q.status != "done":
            q.status = "done"
            q.finished_at = row.at
            student.quests_done += 1
        q.current_step = None
        if student.current_quest == row.quest_id:
            student.current_quest = None
            student.current_step = None
        rm.dirty_students.add(sid)
    elif kind == ev.QuestRestarted.type:
        if q is not None:
            q.current_step = None
        if student.current_quest == row.quest_id:
            student.current_step = None
            rm.dirty_students.add(sid)
    elif kind == ev.DraftSaved.type:
        _save_draft(rm, sid, row, str(rec.get("text", "")))
    elif kind == ev.WorkSubmitted.type:
        _save_draft(rm, sid, row, str(rec.get("text", "")))


def _save_draft(rm: ReadModels, sid: str, row: EventRow, text: str) -> None:
    key = (sid, row.quest_id, str(row.record.get("step_id", "")))
    rm.drafts[key] = DraftRM(*key, text=text, at=row.at)
    rm.dirty_drafts.add(key)


_SUBMISSION_EVENTS = frozenset(
    {
        ev.WorkSubmitted.type,
        ev.WorkReviewed.type,
        ev.WorkShared.type,
        ev.WorkUnshared.type,
        ev.PeerFeedbackGiven.type,
    }
)


def _apply_submission_event(rm: ReadModels, row: EventRow) -> None:
    rec = row.record
    sub_id = str(rec.get("submission_id", ""))
    if row.type == ev.WorkSubmitted.type:
        if rm.submission(sub_id) is not None or row.student_id is None:
            return
        rm.submissions[sub_id] = SubmissionRM(
            id=sub_id,
            student_id=row.student_id,
            class_id=row.class_id,
            quest_id=row.quest_id or str(rec.get("quest_id", "")),
            step_id=str(rec.get("step_id", "")),
            text=str(rec.get("text", "")),
            review_mode=str(rec.get("review", "teacher")),
            state="submitted",
            shared=bool(rec.get("shared", False)),
            submitted_at=row.at,
            updated_at=row.at,
        )
        rm.dirty_submissions.add(sub_id)
        return
    sub = rm.submission(sub_id)
    if sub is None:
        return  # a reference to work this log never saw: nothing to project
    if row.type == ev.WorkReviewed.type:
        approved = bool(rec.get("approved", False))
        sub.state = "approved" if approved else "returned"
        sub.updated_at = row.at
        rm.reviews.append(
            ReviewRM(
                event_id=row.event_id,
                submission_id=sub_id,
                reviewer=str(rec.get("reviewer", "")),
                scores={str(k): int(v) for k, v in dict(rec.get("scores") or {}).items()},
                comment=str(rec.get("comment", "")),
                approved=approved,
                at=row.at,
            )
        )
    elif row.type in (ev.WorkShared.type, ev.WorkUnshared.type):
        if row.student_id != sub.student_id:
            return  # only its author decides who sees a piece of writing
        sub.shared = row.type == ev.WorkShared.type
    elif row.type == ev.PeerFeedbackGiven.type:
        rm.feedback.append(
            FeedbackRM(
                event_id=row.event_id,
                submission_id=sub_id,
                from_student_id=row.student_id or "",
                kind=str(rec.get("kind", "")),
                specific=str(rec.get("specific", "")),
                helpful=str(rec.get("helpful", "")),
                at=row.at,
            )
        )
        return
    rm.dirty_submissions.add(sub_id)


# ----------------------------------------------------------------- what to write back

_STUDENT_ROW = attrgetter(*(f.name for f in fields(StudentRM)))
_QUEST_ROW = attrgetter(*(f.name for f in fields(QuestRM)))
_BADGE_ROW = attrgetter(*(f.name for f in fields(BadgeRM)))
_DRAFT_ROW = attrgetter(*(f.name for f in fields(DraftRM)))
_FEEDBACK_ROW = attrgetter(*(f.name for f in fields(FeedbackRM)))


@dataclass(slots=True)
class Changes:
    """What `apply` changed, as rows in each read-model table's column order (the order of
    the row dataclasses' fields). Every backend writes them with its own SQL; keys come
    sorted, so two concurrent writers lock rows in one order."""

    students: list[tuple[Any, ...]]
    """rm_student upserts"""
    quests: list[tuple[Any, ...]]
    """rm_quest upserts"""
    badges: list[tuple[Any, ...]]
    """rm_badge inserts (a badge already held stays as it is)"""
    pending_deletes: list[tuple[str, str]]
    """(student_id, badge_id) no longer waiting for approval"""
    pending: list[tuple[Any, ...]]
    """rm_pending_badge inserts (one already waiting stays)"""
    submissions: list[tuple[Any, ...]]
    """rm_submission upserts (an existing row takes state, shared and updated_at)"""
    reviews: list[tuple[Any, ...]]
    """rm_review inserts (scores as JSON text)"""
    feedback: list[tuple[Any, ...]]
    """rm_feedback inserts"""
    drafts: list[tuple[Any, ...]]
    """rm_draft upserts"""
    flags: list[tuple[str, str, str]]
    """rm_flag inserts (student_id, quest_id, flag)"""


def changes(rm: ReadModels) -> Changes:
    """The rows to write back after folding into `rm` (see `Changes`)."""
    pending = [rm.pending[k] for k in sorted(rm.dirty_pending)]
    submissions = (rm.submissions[k] for k in sorted(rm.dirty_submissions))
    return Changes(
        students=[_STUDENT_ROW(rm.students[k]) for k in sorted(rm.dirty_students)],
        quests=[_QUEST_ROW(rm.quests[k]) for k in sorted(rm.dirty_quests)],
        badges=[_BADGE_ROW(b) for b in rm.new_badges],
        pending_deletes=[k for k in sorted(rm.dirty_pending) if rm.pending[k] is None],
        pending=[_BADGE_ROW(p) for p in pending if p is not None],
        submissions=[
            (
                s.id,
                s.student_id,
                s.class_id,
                s.quest_id,
                s.step_id,
                s.text,
                s.review_mode,
                s.state,
                bool(s.shared),
                s.submitted_at,
                s.updated_at,
            )
            for s in submissions
            if s is not None
        ],
        reviews=[
            (
                r.event_id,
                r.submission_id,
                r.reviewer,
                json.dumps(r.scores, sort_keys=True),
                r.comment,
                bool(r.approved),
                r.at,
            )
            for r in rm.reviews
        ],
        feedback=[_FEEDBACK_ROW(f) for f in rm.feedback],
        drafts=[_DRAFT_ROW(rm.drafts[k]) for k in sorted(rm.dirty_drafts)],
        flags=list(rm.new_flags),
    )
