"""Domain events: the facts the rules engine emits and the store appends to its log.

Events flow up: the engine returns them, the store persists them, the UI celebrates them,
the exports report them. Every event is a frozen dataclass that converts to and from a
plain JSON-able dict (`to_record` / `event_from_record`), never pickle.

Identity, time and ids come from outside (the engine is pure): the caller passes `at`
(ISO 8601 UTC text) and `event_id` (a UUID string) when it stamps events for the store.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class Event:
    """Base of every event. `type` is the stable name stored in the log."""

    type: ClassVar[str] = "event"


# ----------------------------------------------------------------- people


@dataclass(frozen=True, slots=True)
class ProfileCreated(Event):
    type: ClassVar[str] = "profile_created"
    display_name: str
    avatar: str


# ----------------------------------------------------------------- play


@dataclass(frozen=True, slots=True)
class QuestStarted(Event):
    type: ClassVar[str] = "quest_started"
    quest_id: str
    content_hash: str
    pack_id: str = ""


@dataclass(frozen=True, slots=True)
class StepEntered(Event):
    type: ClassVar[str] = "step_entered"
    quest_id: str
    step_id: str
    content_hash: str = ""


@dataclass(frozen=True, slots=True)
class AnswerChecked(Event):
    type: ClassVar[str] = "answer_checked"
    quest_id: str
    step_id: str
    answer: Any
    """The student's answer as JSON-able data (text, number, option ids, game result)."""
    correct: bool
    attempt: int
    feedback: str | None = None
    revealed: bool = False
    """True when attempts ran out and the right answer was shown."""


@dataclass(frozen=True, slots=True)
class HintUsed(Event):
    type: ClassVar[str] = "hint_used"
    quest_id: str
    step_id: str
    hint_index: int


@dataclass(frozen=True, slots=True)
class FlagRaised(Event):
    type: ClassVar[str] = "flag_raised"
    quest_id: str
    flag: str


@dataclass(frozen=True, slots=True)
class XpGained(Event):
    type: ClassVar[str] = "xp_gained"
    amount: int
    reason: str
    """"step", "quest", "outcome", "review"."""
    quest_id: str = ""
    step_id: str = ""


@dataclass(frozen=True, slots=True)
class LevelReached(Event):
    type: ClassVar[str] = "level_reached"
    level: int


@dataclass(frozen=True, slots=True)
class BadgeEarned(Event):
    type: ClassVar[str] = "badge_earned"
    badge_id: str
    quest_id: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class BadgeAwaitingApproval(Event):
    type: ClassVar[str] = "badge_awaiting_approval"
    badge_id: str
    quest_id: str = ""


@dataclass(frozen=True, slots=True)
class QuestCompleted(Event):
    type: ClassVar[str] = "quest_completed"
    quest_id: str
    ending_step: str = ""


@dataclass(frozen=True, slots=True)
class QuestRestarted(Event):
    """The quest changed under a saved run (e.g. its current step was removed)."""

    type: ClassVar[str] = "quest_restarted"
    quest_id: str
    reason: str
    content_hash: str = ""


# ----------------------------------------------------------------- writing


@dataclass(frozen=True, slots=True)
class DraftSaved(Event):
    type: ClassVar[str] = "draft_saved"
    quest_id: str
    step_id: str
    text: str


@dataclass(frozen=True, slots=True)
class WorkSubmitted(Event):
    type: ClassVar[str] = "work_submitted"
    submission_id: str
    quest_id: str
    step_id: str
    text: str
    review: str
    """"self", "peer" or "teacher"."""
    shared: bool = False


@dataclass(frozen=True, slots=True)
class WorkReviewed(Event):
    type: ClassVar[str] = "work_reviewed"
    submission_id: str
    reviewer: str
    """A facilitator's name, the student's own id (self review) or a peer's id."""
    scores: dict[str, int]
    """Rubric criterion id -> score."""
    comment: str
    approved: bool
    """False returns the work for revision."""


@dataclass(frozen=True, slots=True)
class WorkShared(Event):
    type: ClassVar[str] = "work_shared"
    submission_id: str


@dataclass(frozen=True, slots=True)
class WorkUnshared(Event):
    type: ClassVar[str] = "work_unshared"
    submission_id: str


@dataclass(frozen=True, slots=True)
class PeerFeedbackGiven(Event):
    """Guided peer feedback: kind, specific, helpful (Ron Berger's critique norms)."""

    type: ClassVar[str] = "peer_feedback_given"
    submission_id: str
    kind: str
    """Something the writer did well."""
    specific: str
    """A concrete detail the reader noticed."""
    helpful: str
    """One suggestion to make it better."""


EVENT_TYPES: dict[str, type[Event]] = {
    cls.type: cls
    for cls in (
        ProfileCreated,
        QuestStarted,
        StepEntered,
        AnswerChecked,
        HintUsed,
        FlagRaised,
        XpGained,
        LevelReached,
        BadgeEarned,
        BadgeAwaitingApproval,
        QuestCompleted,
        QuestRestarted,
        DraftSaved,
        WorkSubmitted,
        WorkReviewed,
        WorkShared,
        WorkUnshared,
        PeerFeedbackGiven,
    )
}


def to_record(event: Event) -> dict[str, Any]:
    """The event as a JSON-able dict: its fields plus `type`."""
    record = {f.name: getattr(event, f.name) for f in dataclasses.fields(event)}
    record["type"] = event.type
    return record


_FIELD_NAMES: dict[type[Event], frozenset[str]] = {}
"""Field names per event class, computed once: reading a big log rebuilds many events."""


def event_from_record(record: dict[str, Any]) -> Event:
    """Rebuild an event from `to_record` output; unknown keys are ignored (forward compatible)."""
    cls = EVENT_TYPES[record["type"]]
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = frozenset(f.name for f in dataclasses.fields(cls))
    return cls(**{k: v for k, v in record.items() if k in names})
