"""The typed, immutable domain model that quest files compile into.

Nothing outside `quest_engine.content` reads YAML: the rules engine, the store, the UI and
the exports all work on these frozen objects. Collections are tuples (or read-only
mappings) so a loaded pack can be shared freely between the game loop and the store.

Format version 1. A pack is a folder with `pack.yaml` and one YAML file per quest; see
`schemas/` for the authoritative shape and `README.md` for a tutorial.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, TypeAlias

FORMAT_VERSION = 1

Subject: TypeAlias = str
"""One of SUBJECTS; kept as text so a newer pack with a new subject still loads."""

SUBJECTS: tuple[str, ...] = (
    "math",
    "physics",
    "chemistry",
    "biology",
    "earth-science",
    "space-science",
    "computing",
    "engineering",
    "writing",
    "reading",
    "history",
    "civics",
    "art",
    "music",
)

ReviewMode: TypeAlias = Literal["self", "peer", "teacher"]
GameKind: TypeAlias = Literal["launch", "balance", "number-line"]


def frozen_map(data: Mapping | None = None) -> Mapping:
    """A read-only view of a plain dict, for mapping fields of frozen objects."""
    return MappingProxyType(dict(data or {}))


# --------------------------------------------------------------------------- positions


@dataclass(frozen=True, slots=True)
class SourcePos:
    """Where a value was written: 1-based line and column in a file."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


# --------------------------------------------------------------------------- conditions
# A tiny declarative language for `when:`; evaluated by quest_engine.rules.conditions,
# never by eval().


@dataclass(frozen=True, slots=True)
class HasBadge:
    badge: str


@dataclass(frozen=True, slots=True)
class FlagSet:
    flag: str


@dataclass(frozen=True, slots=True)
class QuestDone:
    quest: str


@dataclass(frozen=True, slots=True)
class XpAtLeast:
    xp: int


@dataclass(frozen=True, slots=True)
class AllOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Not:
    condition: Condition


Condition: TypeAlias = HasBadge | FlagSet | QuestDone | XpAtLeast | AllOf | AnyOf | Not


# --------------------------------------------------------------------------- flow


@dataclass(frozen=True, slots=True)
class Route:
    """One candidate next step: taken when `when` holds (or always when it is None).

    A step's routes are tried in order; the first whose condition holds wins.
    """

    goto: str
    when: Condition | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happens after an answer is judged (on_correct / on_wrong).

    `routes` empty means "use the step's own `next`" (or stay, for a wrong answer that
    still has attempts left).
    """

    feedback: str | None = None
    xp: int = 0
    badges: tuple[str, ...] = ()
    set_flags: tuple[str, ...] = ()
    routes: tuple[Route, ...] = ()


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How many tries a challenge allows and what happens when they run out.

    max_attempts None means unlimited. `after_last`:
      - "reveal": show the correct answer, then continue via on_wrong (or next);
      - "continue": continue via on_wrong (or next) without revealing;
      - "retry": start the attempts again (never locks a student out).
    Each hint used lowers the XP of the step by `hint_cost` (never below 0).
    """

    max_attempts: int | None = 3
    after_last: Literal["reveal", "continue", "retry"] = "reveal"
    hint_cost: int = 0


# --------------------------------------------------------------------------- challenges


@dataclass(frozen=True, slots=True)
class ChoiceOption:
    id: str
    text: str
    correct: bool = False
    feedback: str | None = None
    goto: str | None = None
    """Branch: picking this option (in single-select) leads to this step."""


@dataclass(frozen=True, slots=True)
class ChoiceChallenge:
    kind: Literal["choice"]
    prompt: str
    options: tuple[ChoiceOption, ...]
    multiple: bool = False
    shuffle: bool = False


@dataclass(frozen=True, slots=True)
class Misconception:
    """A known wrong value with feedback that explains the likely slip."""

    value: float
    feedback: str
    tolerance: float = 0.0


@dataclass(frozen=True, slots=True)
class NumberChallenge:
    kind: Literal["number"]
    prompt: str
    answer: float
    tolerance: float = 0.0
    """Absolute tolerance, in `unit` when a unit is given."""
    relative_tolerance: float = 0.0
    """Fraction of the answer, e.g. 0.05 for 5 %."""
    unit: str | None = None
    misconceptions: tuple[Misconception, ...] = ()


@dataclass(frozen=True, slots=True)
class TextChallenge:
    kind: Literal["text"]
    prompt: str
    accept: tuple[str, ...]
    pattern: str | None = None
    """A regular expression that a normalised answer may fully match instead."""
    case_sensitive: bool = False
    ignore_accents: bool = False
    feedback_wrong: tuple[tuple[str, str], ...] = ()
    """(known wrong answer, feedback) pairs, matched after the same normalisation."""


@dataclass(frozen=True, slots=True)
class OrderChallenge:
    kind: Literal["order"]
    prompt: str
    items: tuple[str, ...]
    """In the correct order; the UI shuffles them."""


@dataclass(frozen=True, slots=True)
class MatchPair:
    left: str
    right: str


@dataclass(frozen=True, slots=True)
class MatchChallenge:
    kind: Literal["match"]
    prompt: str
    pairs: tuple[MatchPair, ...]


@dataclass(frozen=True, slots=True)
class RubricLevel:
    score: int
    description: str


@dataclass(frozen=True, slots=True)
class RubricCriterion:
    id: str
    criterion: str
    levels: tuple[RubricLevel, ...]

    @property
    def max_score(self) -> int:
        return max((lvl.score for lvl in self.levels), default=0)


@dataclass(frozen=True, slots=True)
class WriteChallenge:
    kind: Literal["write"]
    prompt: str
    min_words: int = 0
    max_words: int | None = None
    rubric: tuple[RubricCriterion, ...] = ()
    review: ReviewMode = "teacher"
    shared: bool = False
    """Whether submitted work is shown on the class board (the student can unshare)."""
    starter: str | None = None
    """Optional sentence starters shown in the empty editor."""


@dataclass(frozen=True, slots=True)
class Range:
    """A slider's span and starting value."""

    min: float
    max: float
    start: float


@dataclass(frozen=True, slots=True)
class LaunchParams:
    """Projectile mini-game: set angle and speed to land on a target."""

    target_distance: float
    """Metres from the launcher to the centre of the target."""
    target_width: float = 4.0
    """A landing within target_width / 2 of the centre hits."""
    gravity: float = 9.8
    angle: Range = Range(10, 80, 45)
    speed: Range = Range(5, 40, 15)
    fixed_angle: float | None = None
    """When set, only speed can change (a one-variable challenge)."""


@dataclass(frozen=True, slots=True)
class BalanceWeight:
    mass: float
    position: float
    """Signed distance from the pivot in metres: negative is left."""


@dataclass(frozen=True, slots=True)
class BalanceParams:
    """Torque mini-game: place weights on a beam until it balances."""

    beam_half_length: float
    fixed: tuple[BalanceWeight, ...]
    available: tuple[float, ...]
    """Masses the student may place."""
    slot_spacing: float = 0.5
    """Weights snap to multiples of this distance."""
    tolerance: float = 0.0
    """Largest |net torque| (N·m with g = 1) that still counts as balanced."""


@dataclass(frozen=True, slots=True)
class NumberLineParams:
    """Place values (fractions, decimals, integers as text) on a number line."""

    min: float
    max: float
    values: tuple[str, ...]
    """As the student sees them: "3/4", "0.2", "-1", "1 1/2"."""
    tolerance: float = 0.05
    """Largest distance from the true position that counts as correct, in line units."""
    ticks: float = 0.25


GameParams: TypeAlias = LaunchParams | BalanceParams | NumberLineParams


@dataclass(frozen=True, slots=True)
class GameChallenge:
    kind: Literal["game"]
    prompt: str
    game: GameKind
    params: GameParams


Challenge: TypeAlias = (
    ChoiceChallenge
    | NumberChallenge
    | TextChallenge
    | OrderChallenge
    | MatchChallenge
    | WriteChallenge
    | GameChallenge
)


# --------------------------------------------------------------------------- steps & quests


@dataclass(frozen=True, slots=True)
class Image:
    path: str
    """Relative to the pack folder, e.g. `assets/beam.png`."""
    alt: str


@dataclass(frozen=True, slots=True)
class Step:
    """One node of a quest's step graph.

    A step shows `text` (simple markup, see quest_engine.content.markup) and at most one
    challenge. Without a challenge it moves on via `next`. `ending` marks a finish.
    """

    id: str
    text: str = ""
    image: Image | None = None
    challenge: Challenge | None = None
    hints: tuple[str, ...] = ()
    retry: RetryPolicy = RetryPolicy()
    on_correct: Outcome = Outcome()
    on_wrong: Outcome = Outcome()
    next: tuple[Route, ...] = ()
    set_flags: tuple[str, ...] = ()
    """Flags set as soon as the step is entered."""
    xp: int = 0
    """XP for completing the step (a correct answer, or simply passing through)."""
    ending: bool = False
    pos: SourcePos | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Prerequisites:
    quests: tuple[str, ...] = ()
    badges: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.quests or self.badges)


@dataclass(frozen=True, slots=True)
class StandardAlignment:
    framework: str
    """E.g. "NGSS", "CCSS.MATH", "CCSS.ELA"."""
    code: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Quest:
    id: str
    title: str
    summary: str
    subject: Subject
    start: str
    steps: Mapping[str, Step]
    """Read-only mapping of step id to Step, in file order."""
    interests: tuple[str, ...] = ()
    level: int = 1
    """Difficulty from 1 (first steps) to 5 (expert)."""
    minutes: int = 10
    prerequisites: Prerequisites = Prerequisites()
    xp: int = 0
    """XP for finishing the quest, on top of the XP of its steps."""
    badges: tuple[str, ...] = ()
    """Badges awarded when the quest is finished."""
    standards: tuple[StandardAlignment, ...] = ()
    author: str | None = None
    content_hash: str = ""
    """sha256 of the source file's bytes: lets saved progress notice an edited quest."""
    pack_id: str = ""
    path: str = ""
    pos: SourcePos | None = field(default=None, compare=False)

    def step(self, step_id: str) -> Step:
        return self.steps[step_id]

    @property
    def max_xp(self) -> int:
        """XP of a perfect run through the richest path (an upper bound for reports)."""
        return self.xp + sum(s.xp + s.on_correct.xp for s in self.steps.values())


# --------------------------------------------------------------------------- badges & packs


@dataclass(frozen=True, slots=True)
class QuestCompletedRule:
    quest: str


@dataclass(frozen=True, slots=True)
class QuestsInSubjectRule:
    subject: str
    count: int


@dataclass(frozen=True, slots=True)
class QuestsInInterestRule:
    interest: str
    count: int


@dataclass(frozen=True, slots=True)
class XpReachedRule:
    xp: int


AwardRule: TypeAlias = (
    QuestCompletedRule | QuestsInSubjectRule | QuestsInInterestRule | XpReachedRule
)


@dataclass(frozen=True, slots=True)
class Badge:
    id: str
    name: str
    description: str
    criteria: str
    """Plain-language criteria, shown to students and put in Open Badges credentials."""
    image: str | None = None
    """Relative to the pack folder; None uses a generated emblem."""
    award: AwardRule | None = None
    """Automatic rule; None means the badge comes from a quest, a step outcome or approval."""
    requires_approval: bool = False
    """A facilitator must approve each award (it waits in the review queue)."""
    color: str | None = None
    pack_id: str = ""
    pos: SourcePos | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class InterestPath:
    """A themed trail through quests for students who share an interest."""

    id: str
    title: str
    interest: str
    quests: tuple[str, ...]
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    email: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Pack:
    id: str
    title: str
    version: str
    authors: tuple[Author, ...]
    license: str
    language: str
    description: str
    quests: Mapping[str, Quest]
    """Read-only mapping of quest id to Quest, sorted by (level, file name)."""
    badges: Mapping[str, Badge]
    paths: tuple[InterestPath, ...] = ()
    level_thresholds: tuple[int, ...] = ()
    """XP needed for level 2, 3, ...; empty means the default curve in rules.progression."""
    root: str = ""
    """Absolute folder of the pack, for assets."""
    format: int = FORMAT_VERSION

    def quest(self, quest_id: str) -> Quest:
        return self.quests[quest_id]
