"""What the game shows: small frozen view objects the facade hands to the UI.

The UI draws these and nothing else; it never reaches into the rules engine or the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from quest_engine.content.model import Badge, Pack, Quest, RubricCriterion, Step
from quest_engine.store.api import ClassInfo, StudentInfo

__all__ = [
    "BoardEntry",
    "ClassInfo",
    "ConnectionStatus",
    "Feedback",
    "PackStatus",
    "PeerFeedback",
    "PendingBadge",
    "Profile",
    "QuestCard",
    "QuestStatus",
    "SharedWork",
    "StepView",
    "StudentInfo",
    "Submission",
]

QuestStatus = Literal["locked", "available", "in_progress", "done"]


@dataclass(frozen=True, slots=True)
class PackStatus:
    pack_id: str
    title: str
    pack: Pack | None
    ok: bool
    problem: str | None = None
    """The validator's first error, in plain words, when the pack cannot be played."""


@dataclass(frozen=True, slots=True)
class Profile:
    xp: int
    level: int
    xp_in_level: int
    xp_for_next_level: int
    badges: tuple[Badge, ...]
    pending_badges: tuple[Badge, ...] = ()


@dataclass(frozen=True, slots=True)
class QuestCard:
    quest: Quest
    pack_id: str
    status: QuestStatus
    missing: tuple[str, ...] = ()
    """Plain-language names of unmet prerequisites ("Finish Launch Lab")."""


@dataclass(frozen=True, slots=True)
class StepView:
    quest: Quest
    step: Step
    step_number: int
    total_steps: int
    hints_shown: tuple[str, ...] = ()
    attempts: int = 0
    draft: str | None = None
    notice: str | None = None
    """A one-off message, e.g. that the quest changed and restarted."""
    awaiting: str = "answer"
    """"answer", "continue" (narrative or after feedback), "review" or "done"."""
    submission_state: str | None = None
    """For a write step: None, "submitted", "returned" or "approved"."""
    review_comment: str | None = None


@dataclass(frozen=True, slots=True)
class Feedback:
    correct: bool
    message: str | None
    revealed: str | None = None
    xp_gained: int = 0
    badges: tuple[Badge, ...] = ()
    level_up: int | None = None
    finished: bool = False
    can_retry: bool = False
    ending: Step | None = None
    """The ending a finished quest reached: its text is the author's wrap-up, which the game
    shows as the last page (the rules finish the run as soon as a plain ending is entered)."""


@dataclass(frozen=True, slots=True)
class BoardEntry:
    student_id: str
    display_name: str
    avatar: str
    level: int
    xp: int
    badges: tuple[Badge, ...]
    current_quest_title: str | None
    quests_done: int = 0


@dataclass(frozen=True, slots=True)
class PeerFeedback:
    from_name: str
    kind: str
    specific: str
    helpful: str


@dataclass(frozen=True, slots=True)
class SharedWork:
    submission_id: str
    author_id: str
    author_name: str
    avatar: str
    quest_title: str
    prompt: str
    text: str
    feedback: tuple[PeerFeedback, ...] = ()
    shared: bool = True
    state: str = "submitted"
    """"submitted", "approved" or "returned"."""


@dataclass(frozen=True, slots=True)
class Submission:
    id: str
    student_name: str
    quest_title: str
    prompt: str
    text: str
    rubric: tuple[RubricCriterion, ...]
    state: str
    review_mode: str = "teacher"


@dataclass(frozen=True, slots=True)
class PendingBadge:
    """A badge a student earned that waits for a facilitator to vouch for it."""

    student_id: str
    student_name: str
    badge: Badge


@dataclass(frozen=True, slots=True)
class ConnectionStatus:
    """Whether this computer reaches the class's shared store, and how many moves wait.

    A SQLite file on this computer is never offline (`shared` False). On the shared
    PostgreSQL store a game keeps playing without the server: moves wait on this computer
    (`queued`) and are sent when it is back."""

    online: bool = True
    queued: int = 0
    shared: bool = False

    @property
    def offline(self) -> bool:
        return self.shared and not self.online
