"""The ClassReport: one frozen snapshot of a class that every export format is drawn from.

`build_report` (quest_engine.exports.report_builder) fills it from the store once; CSV,
JSON, HTML, xAPI and Open Badges are then pure functions of it. That keeps the formats
consistent with each other (the same score, the same pseudonym everywhere) and lets each
format be tested with a hand-made report, without a store.

Dates are ISO 8601 UTC text (`2026-03-01T09:30:00Z`); durations are seconds (float).
When the report is anonymised, `name` fields hold pseudonyms ("Student Falcon-42") and no
field holds a real name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

REPORT_VERSION = 1

QuestStatus: TypeAlias = Literal["not_started", "in_progress", "completed"]
SubmissionState: TypeAlias = Literal["none", "draft", "submitted", "returned", "approved"]
ActivityVerb: TypeAlias = Literal[
    "attempted", "answered", "completed", "passed", "failed", "experienced"
]


@dataclass(frozen=True, slots=True)
class PackInfo:
    id: str
    title: str
    version: str
    language: str = "en"


@dataclass(frozen=True, slots=True)
class QuestInfo:
    id: str
    pack_id: str
    title: str
    subject: str = ""
    level: int = 1
    minutes: int = 10
    max_xp: int = 0
    challenges: int = 0
    """Steps with a challenge: the denominator of a quest's score."""


@dataclass(frozen=True, slots=True)
class StudentSummary:
    key: str
    """Stable opaque id (HMAC of the student id): xAPI account name, credential subject."""
    name: str
    """Display name, or the pseudonym when anonymised."""
    xp: int = 0
    level: int = 1
    quests_started: int = 0
    quests_completed: int = 0
    badges: int = 0
    attempts: int = 0
    hints_used: int = 0
    time_on_task_s: float = 0.0
    first_active: str | None = None
    last_active: str | None = None
    writing_submitted: int = 0


@dataclass(frozen=True, slots=True)
class QuestRow:
    """One student x one quest: the line a facilitator reads in a spreadsheet."""

    student_key: str
    student_name: str
    quest_id: str
    pack_id: str
    quest_title: str
    status: QuestStatus = "not_started"
    score: float | None = None
    """Share of the quest's challenges answered right, 0..1; None before any answer."""
    attempts: int = 0
    hints_used: int = 0
    xp: int = 0
    time_on_task_s: float = 0.0
    started_at: str | None = None
    finished_at: str | None = None
    badges: tuple[str, ...] = ()
    """Badge names earned in this quest."""
    submission_state: SubmissionState = "none"


@dataclass(frozen=True, slots=True)
class BadgeAward:
    event_id: str
    student_key: str
    student_name: str
    badge_id: str
    pack_id: str
    name: str
    description: str
    criteria: str
    earned_at: str
    quest_id: str = ""
    image: str | None = None
    """Absolute path of the badge image file, when the pack has one."""
    color: str | None = None
    evidence: tuple[str, ...] = ()
    """Submission ids of the student's shared work in the badge's quest."""


@dataclass(frozen=True, slots=True)
class FeedbackItem:
    """Peer feedback (kind, specific, helpful); `from_name` is "A classmate" when unknown."""

    from_name: str
    kind: str
    specific: str
    helpful: str
    at: str = ""


@dataclass(frozen=True, slots=True)
class ReviewItem:
    reviewer: str
    comment: str
    approved: bool
    scores: tuple[tuple[str, int], ...] = ()
    at: str = ""


@dataclass(frozen=True, slots=True)
class WritingItem:
    submission_id: str
    student_key: str
    student_name: str
    quest_id: str
    quest_title: str
    step_id: str
    prompt: str
    text: str
    submitted_at: str
    review_mode: str = "teacher"
    state: SubmissionState = "submitted"
    shared: bool = False
    feedback: tuple[FeedbackItem, ...] = ()
    reviews: tuple[ReviewItem, ...] = ()

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Activity:
    """One xAPI-worthy fact, already interpreted (verb, result) from the event log."""

    event_id: str
    student_key: str
    verb: ActivityVerb
    quest_id: str
    at: str
    step_id: str = ""
    success: bool | None = None
    completion: bool | None = None
    score_raw: float | None = None
    score_max: float | None = None
    duration_s: float | None = None
    response: str | None = None


@dataclass(frozen=True, slots=True)
class ClassReport:
    class_name: str
    generated_at: str
    anonymized: bool
    students: tuple[StudentSummary, ...]
    quests: tuple[QuestInfo, ...]
    rows: tuple[QuestRow, ...]
    badges: tuple[BadgeAward, ...] = ()
    awaiting_review: tuple[WritingItem, ...] = ()
    """Submitted writing a facilitator still has to review (oldest first)."""
    shared_writing: tuple[WritingItem, ...] = ()
    """Writing the students chose to share, with the feedback classmates gave."""
    activities: tuple[Activity, ...] = ()
    packs: tuple[PackInfo, ...] = ()
    class_id: str = ""

    def quest(self, quest_id: str) -> QuestInfo | None:
        for q in self.quests:
            if q.id == quest_id:
                return q
        return None

    def rows_for(self, student_key: str) -> tuple[QuestRow, ...]:
        return tuple(r for r in self.rows if r.student_key == student_key)
