"""A quest run as a state machine: `advance(quest, state, action, facts) -> Transition`.

Like inkle/ink's runtime, the engine has no UI and no storage: the host shows `state`,
sends an action, and gets back the new state plus the domain events to log. Every change
of state happens by applying an event (`apply_event`), so folding the logged events
(`replay.fold_run`) rebuilds exactly the state the live game had.

`facts` must describe the player *including* every event already emitted (the store's
read model, or `replay.fold_facts(log)`); the engine adds what the current transition
earns. Design choices, briefly:
- XP for a step is paid once per run: a correct answer (step xp + on_correct.xp, minus
  hint_cost per hint used, never below 0), or leaving a narrative step; quest XP on finish.
- A replay of a finished quest is a practice run: no XP (a badge is never awarded twice).
- Peer/teacher-reviewed writing never blocks: after submitting, the student may move on;
  the step's XP, badges and flags are paid when the work is approved (even after the
  quest is finished). Returned work can be revised and resubmitted (SubmitWork with the
  step id), before or after moving on. Self review approves on submit.
- Invalid actions (answering a narrative step, a hint when none is left ...) are refused
  with `Transition.accepted == False` and a reason; they never raise and never change state.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeAlias

from quest_engine.content.model import (
    Badge,
    ChoiceChallenge,
    Pack,
    Quest,
    RetryPolicy,
    Step,
    WriteChallenge,
    frozen_map,
)
from quest_engine.errors import QuestError
from quest_engine.rules import events as ev
from quest_engine.rules.answers import check_answer, selected_ids
from quest_engine.rules.autoplay import reveal_text
from quest_engine.rules.badges import is_unlocked, newly_earned
from quest_engine.rules.conditions import evaluate
from quest_engine.rules.facts import PlayerFacts
from quest_engine.rules.progression import level_for_xp

Awaiting: TypeAlias = Literal["answer", "continue", "review", "done"]

MAX_ANSWER_CHARS = 2000


class LockedQuestError(QuestError):
    """Starting a quest whose prerequisites are not met."""

    def __init__(self, quest: Quest, missing: tuple[str, ...]) -> None:
        super().__init__(
            f"Quest {quest.title!r} is locked: first finish or earn {', '.join(missing)}.",
            "Finish the quests it builds on first.",
        )
        self.quest_id = quest.id
        self.missing = missing


# --------------------------------------------------------------------------- state


@dataclass(frozen=True, slots=True)
class SubmissionState:
    """One piece of submitted writing as the run knows it."""

    submission_id: str
    step_id: str
    review: str
    status: Literal["pending", "approved", "returned"] = "pending"
    xp_due: int = 0
    """XP paid on approval (0 in a practice run)."""
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class RunState:
    """Where a student is in a quest and what the screen should offer next."""

    quest_id: str
    content_hash: str
    step_id: str
    awaiting: Awaiting = "answer"
    attempts: int = 0
    """Answers given on the current step (since entering it)."""
    hints_shown: int = 0
    """Hints revealed on the current step: show `step.hints[:hints_shown]`."""
    flags: frozenset[str] = frozenset()
    feedback: str | None = None
    revealed: str | None = None
    """The right answer in words, when attempts ran out and the step reveals it."""
    outcome: Literal["correct", "wrong"] | None = None
    branch: str | None = None
    """The step a chosen option leads to (single choice with `goto`)."""
    finished: bool = False
    xp: int = 0
    """XP earned in this run."""
    badges: frozenset[str] = frozenset()
    """Badges earned or awaiting approval in this run."""
    visited: tuple[str, ...] = ()
    """Steps entered, in order (a loop visits a step twice)."""
    completed_steps: frozenset[str] = frozenset()
    draft: str | None = None
    submissions: tuple[SubmissionState, ...] = ()
    """Writing submitted for this quest (kept across runs so late reviews still count)."""
    practice: bool = False
    """A replay of a finished quest: no XP."""
    notice: str | None = None
    """A one-off message, e.g. that the quest changed and restarted."""
    restarted: bool = False

    def submission(self, submission_id: str) -> SubmissionState | None:
        return next((s for s in self.submissions if s.submission_id == submission_id), None)

    def latest_submission(self, step_id: str) -> SubmissionState | None:
        return next((s for s in reversed(self.submissions) if s.step_id == step_id), None)


# --------------------------------------------------------------------------- actions


@dataclass(frozen=True, slots=True)
class SubmitAnswer:
    answer: Any


@dataclass(frozen=True, slots=True)
class RequestHint:
    pass


@dataclass(frozen=True, slots=True)
class Proceed:
    """Leave a narrative step, or move on after feedback or a submission."""


@dataclass(frozen=True, slots=True)
class SaveDraft:
    text: str


@dataclass(frozen=True, slots=True)
class SubmitWork:
    submission_id: str
    text: str
    step_id: str | None = None
    """None: the current step; or an earlier write step whose work was returned."""
    scores: Mapping[str, int] = field(default_factory=dict)
    """Self-assessment scores for `review: self`."""


@dataclass(frozen=True, slots=True)
class ReviewResult:
    submission_id: str
    approved: bool
    scores: Mapping[str, int] = field(default_factory=dict)
    comment: str = ""
    reviewer: str = "teacher"


Action: TypeAlias = SubmitAnswer | RequestHint | Proceed | SaveDraft | SubmitWork | ReviewResult


# --------------------------------------------------------------------------- context & result


@dataclass(frozen=True, slots=True)
class RulesContext:
    """What a run needs beyond its own quest: the pack's badges, all quests, level thresholds."""

    badges: Mapping[str, Badge] = field(default_factory=frozen_map)
    quests_by_id: Mapping[str, Quest] = field(default_factory=frozen_map)
    level_thresholds: tuple[int, ...] = ()

    @classmethod
    def from_packs(cls, packs: Iterable[Pack]) -> RulesContext:
        badges: dict[str, Badge] = {}
        quests: dict[str, Quest] = {}
        thresholds: tuple[int, ...] = ()
        for pack in packs:
            badges.update(pack.badges)
            quests.update(pack.quests)
            thresholds = thresholds or tuple(pack.level_thresholds)
        return cls(frozen_map(badges), frozen_map(quests), thresholds)


@dataclass(frozen=True, slots=True)
class Transition:
    """The result of one action: the new state, the events to log, a message to show."""

    state: RunState
    events: tuple[ev.Event, ...] = ()
    feedback: str | None = None
    accepted: bool = True

    @property
    def correct(self) -> bool | None:
        """The verdict if this action answered a question, else None."""
        checks = [e for e in self.events if isinstance(e, ev.AnswerChecked)]
        return checks[-1].correct if checks else None

    @property
    def xp_gained(self) -> int:
        return sum(e.amount for e in self.events if isinstance(e, ev.XpGained))

    @property
    def badges_earned(self) -> tuple[str, ...]:
        return tuple(e.badge_id for e in self.events if isinstance(e, ev.BadgeEarned))

    @property
    def badges_awaiting(self) -> tuple[str, ...]:
        """Badges earned but waiting for a facilitator's approval."""
        return tuple(e.badge_id for e in self.events if isinstance(e, ev.BadgeAwaitingApproval))

    @property
    def level_up(self) -> int | None:
        levels = [e.level for e in self.events if isinstance(e, ev.LevelReached)]
        return max(levels) if levels else None

    @property
    def can_retry(self) -> bool:
        return self.correct is False and self.state.awaiting == "answer"


# --------------------------------------------------------------------------- evolve


def _option_goto(challenge: object, answer: object) -> str | None:
    if not isinstance(challenge, ChoiceChallenge) or challenge.multiple:
        return None
    ids = selected_ids(answer)
    if not ids or len(set(ids)) != 1:
        return None
    option = next((o for o in challenge.options if o.id == ids[0]), None)
    return option.goto if option is not None else None


def _exhausted(policy: RetryPolicy, attempt: int) -> bool:
    return (
        policy.max_attempts is not None
        and policy.after_last != "retry"
        and attempt >= policy.max_attempts
    )


def _xp_due(step: Step, hints: int, practice: bool) -> int:
    if practice:
        return 0
    return max(0, step.xp + step.on_correct.xp - step.retry.hint_cost * hints)


_SUBMITTED = {
    "self": "Submitted. Well done for finishing your piece!",
    "peer": "Submitted for peer review. You can carry on while classmates read it.",
    "teacher": "Submitted for your teacher's review. You can carry on meanwhile.",
}


def apply_event(quest: Quest, state: RunState | None, event: ev.Event) -> RunState | None:
    """The state after one event; events of other quests leave it unchanged."""
    event_quest = getattr(event, "quest_id", None)
    if event_quest is not None and event_quest != quest.id:
        return state
    if isinstance(event, ev.QuestStarted):
        previous = state
        return RunState(
            quest_id=quest.id,
            content_hash=event.content_hash,
            step_id=quest.start,
            awaiting="continue",
            submissions=previous.submissions if previous else (),
            practice=bool(previous and (previous.finished or previous.practice)),
            notice=previous.notice if previous and previous.restarted else None,
        )
    if state is None:
        return None
    if isinstance(event, ev.QuestRestarted):
        return replace(state, notice=event.reason, restarted=True)
    if isinstance(event, ev.StepEntered):
        step = quest.steps.get(event.step_id)
        awaiting: Awaiting = "continue" if step is None or step.challenge is None else "answer"
        return replace(
            state,
            step_id=event.step_id,
            content_hash=event.content_hash or state.content_hash,
            awaiting=awaiting,
            attempts=0,
            hints_shown=0,
            feedback=None,
            revealed=None,
            outcome=None,
            branch=None,
            draft=None,
            visited=state.visited + (event.step_id,),
            notice=state.notice if not state.visited else None,
        )
    if isinstance(event, ev.FlagRaised):
        return replace(state, flags=state.flags | {event.flag})
    if isinstance(event, ev.XpGained):
        completed = state.completed_steps
        if event.reason == "step" and event.step_id:
            completed = completed | {event.step_id}
        return replace(state, xp=state.xp + max(0, event.amount), completed_steps=completed)
    if isinstance(event, ev.BadgeEarned | ev.BadgeAwaitingApproval):
        return replace(state, badges=state.badges | {event.badge_id})
    if isinstance(event, ev.QuestCompleted):
        return replace(state, finished=True, awaiting="done")
    if isinstance(event, ev.HintUsed):
        if event.step_id != state.step_id:
            return state
        return replace(state, hints_shown=max(state.hints_shown, event.hint_index + 1))
    if isinstance(event, ev.AnswerChecked):
        return _apply_answer(quest, state, event)
    if isinstance(event, ev.DraftSaved):
        if event.step_id != state.step_id:
            return state
        return replace(state, draft=event.text)
    if isinstance(event, ev.WorkSubmitted):
        return _apply_submitted(quest, state, event)
    if isinstance(event, ev.WorkReviewed):
        return _apply_reviewed(state, event)
    return state


def _apply_answer(quest: Quest, state: RunState, event: ev.AnswerChecked) -> RunState:
    step = quest.steps.get(event.step_id)
    if step is None or event.step_id != state.step_id:
        return state
    branch = _option_goto(step.challenge, event.answer)
    if event.correct:
        return replace(
            state,
            attempts=event.attempt,
            feedback=event.feedback,
            awaiting="continue",
            outcome="correct",
            branch=branch,
            completed_steps=state.completed_steps | {step.id},
        )
    moving_on = branch is not None or _exhausted(step.retry, event.attempt)
    return replace(
        state,
        attempts=event.attempt,
        feedback=event.feedback,
        awaiting="continue" if moving_on else "answer",
        outcome="wrong" if moving_on else None,
        branch=branch,
        revealed=reveal_text(step.challenge) if event.revealed else None,
    )


def _apply_submitted(quest: Quest, state: RunState, event: ev.WorkSubmitted) -> RunState:
    if state.submission(event.submission_id) is not None:
        return state
    step = quest.steps.get(event.step_id)
    current = event.step_id == state.step_id
    if step is None:
        xp_due = 0
    elif current:
        xp_due = _xp_due(step, state.hints_shown, state.practice)
    else:
        earlier = state.latest_submission(event.step_id)
        xp_due = earlier.xp_due if earlier else _xp_due(step, 0, state.practice)
    submission = SubmissionState(
        event.submission_id, event.step_id, event.review, "pending", xp_due
    )
    state = replace(state, submissions=state.submissions + (submission,))
    if current and not state.finished:
        state = replace(
            state,
            awaiting="review",
            outcome=None,
            feedback=_SUBMITTED.get(event.review, _SUBMITTED["teacher"]),
            draft=event.text,
        )
    return state


def _apply_reviewed(state: RunState, event: ev.WorkReviewed) -> RunState:
    submission = state.submission(event.submission_id)
    if submission is None:
        return state
    status: Literal["approved", "returned"] = "approved" if event.approved else "returned"
    updated = replace(submission, status=status, comment=event.comment or None)
    state = replace(
        state,
        submissions=tuple(
            updated if s.submission_id == event.submission_id else s for s in state.submissions
        ),
    )
    if event.approved:
        state = replace(state, completed_steps=state.completed_steps | {submission.step_id})
    if submission.step_id == state.step_id and not state.finished and state.awaiting == "review":
        if event.approved:
            message = "Your work was approved." if submission.review != "self" else state.feedback
            if event.comment:
                message = f"{message or 'Approved.'} {event.comment}"
            state = replace(state, awaiting="continue", outcome="correct", feedback=message)
        else:
            note = f" {event.comment}" if event.comment else ""
            state = replace(state, feedback=f"Your work came back for revision.{note}")
    return state


# --------------------------------------------------------------------------- decide


def _jsonable(value: object, depth: int = 0) -> Any:
    """The answer as JSON-able data for the log (tuples and sets become lists)."""
    if depth > 8:
        return None
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return value[:MAX_ANSWER_CHARS]
    if isinstance(value, Mapping):
        return {str(k)[:200]: _jsonable(v, depth + 1) for k, v in list(value.items())[:100]}
    if isinstance(value, set | frozenset):
        items = [_jsonable(v, depth + 1) for v in value]
        return sorted(items, key=lambda x: (type(x).__name__, str(x)))[:100]
    if isinstance(value, list | tuple):
        return [_jsonable(v, depth + 1) for v in value[:100]]
    return repr(value)[:200]


def _join(*parts: str | None) -> str | None:
    text = " ".join(p for p in parts if p)
    return text or None


class _Tx:
    """One transition being built: emits events and applies each at once."""

    def __init__(
        self, quest: Quest, state: RunState | None, facts: PlayerFacts, ctx: RulesContext
    ) -> None:
        self.quest = quest
        self.state = state
        self.facts = facts
        self.ctx = ctx
        self.events: list[ev.Event] = []
        self.xp_gained = 0
        self.completed = False

    def emit(self, event: ev.Event) -> None:
        self.events.append(event)
        self.state = apply_event(self.quest, self.state, event)

    @property
    def run(self) -> RunState:
        assert self.state is not None
        return self.state

    def held(self, badge_id: str) -> bool:
        return (
            badge_id in self.facts.badges
            or badge_id in self.facts.pending
            or badge_id in self.run.badges
        )

    def award(self, badge_id: str, reason: str) -> None:
        if self.held(badge_id):
            return
        badge = self.ctx.badges.get(badge_id)
        if badge is not None and badge.requires_approval:
            self.emit(ev.BadgeAwaitingApproval(badge_id, self.quest.id))
        else:
            self.emit(ev.BadgeEarned(badge_id, self.quest.id, reason))

    def gain_xp(self, amount: int, reason: str, step_id: str = "", *, owed: bool = False) -> None:
        """Pay XP; `owed` XP (approved work from a non-practice run) is paid even in practice."""
        if (self.run.practice and not owed) or amount <= 0:
            return
        self.emit(ev.XpGained(int(amount), reason, self.quest.id, step_id))
        self.xp_gained += int(amount)

    def raise_flags(self, flags: Iterable[str]) -> None:
        for flag in flags:
            if flag not in self.run.flags:
                self.emit(ev.FlagRaised(self.quest.id, flag))

    def first_visit(self, step_id: str) -> bool:
        return self.run.visited.count(step_id) <= 1

    def enter(self, step_id: str) -> None:
        step = self.quest.steps.get(step_id)
        if step is None:
            self.complete(self.run.step_id)
            return
        self.emit(ev.StepEntered(self.quest.id, step_id, self.quest.content_hash))
        self.raise_flags(step.set_flags)
        if step.ending and step.challenge is None:
            if self.first_visit(step_id):
                self.gain_xp(step.xp, "step", step_id)
            self.complete(step_id)

    def complete(self, ending_step: str) -> None:
        self.emit(ev.QuestCompleted(self.quest.id, ending_step))
        self.completed = True
        self.gain_xp(self.quest.xp, "quest")
        for badge_id in self.quest.badges:
            self.award(badge_id, "quest")

    def approve(self, submission: SubmissionState, already_done: bool) -> None:
        step = self.quest.steps.get(submission.step_id)
        if step is None or already_done:
            return
        self.raise_flags(step.on_correct.set_flags)
        self.gain_xp(submission.xp_due, "review", step.id, owed=True)
        for badge_id in step.on_correct.badges:
            self.award(badge_id, "outcome")

    def settle(self) -> None:
        """Rule badges and level-ups that this transition's XP or completion brought."""
        if self.state is None or not (self.xp_gained > 0 or self.completed):
            return
        quests = dict(self.ctx.quests_by_id)
        quests.setdefault(self.quest.id, self.quest)
        facts = PlayerFacts(
            xp=self.facts.xp + self.xp_gained,
            badges=self.facts.badges | self.run.badges,
            completed=self.facts.completed | ({self.quest.id} if self.completed else set()),
            pending=self.facts.pending,
        )
        for badge_id in newly_earned(self.ctx.badges.values(), quests, facts):
            self.award(badge_id, "rule")
        before = level_for_xp(self.facts.xp, self.ctx.level_thresholds)
        after = level_for_xp(self.facts.xp + self.xp_gained, self.ctx.level_thresholds)
        for level in range(before + 1, after + 1):
            self.emit(ev.LevelReached(level))

    def done(self, feedback: str | None) -> Transition:
        self.settle()
        return Transition(self.run, tuple(self.events), feedback)


def _refuse(state: RunState, reason: str) -> Transition:
    return Transition(state, (), reason, accepted=False)


def start_run(
    quest: Quest,
    facts: PlayerFacts,
    ctx: RulesContext | None = None,
    previous: RunState | None = None,
) -> tuple[RunState, tuple[ev.Event, ...]]:
    """Begin a run at the quest's start step. Raises LockedQuestError if prerequisites are missing.

    Pass the quest's previous run (`replay.fold_run`) when there is one, so submitted work
    stays reviewable. Replaying a finished quest is a practice run without XP.
    """
    ok, missing = is_unlocked(quest, facts)
    if not ok:
        raise LockedQuestError(quest, missing)
    tx = _Tx(quest, previous, facts, ctx or RulesContext())
    tx.emit(ev.QuestStarted(quest.id, quest.content_hash, quest.pack_id))
    if quest.id in facts.completed and not tx.run.practice:
        tx.state = replace(tx.run, practice=True)
    tx.enter(quest.start)
    result = tx.done(None)
    return result.state, result.events


def advance(
    quest: Quest,
    state: RunState,
    action: Action,
    facts: PlayerFacts,
    ctx: RulesContext | None = None,
) -> Transition:
    """Apply one player (or reviewer) action to a run."""
    if state.quest_id != quest.id:
        return _refuse(state, "This run belongs to another quest.")
    tx = _Tx(quest, state, facts, ctx or RulesContext())
    if isinstance(action, ReviewResult):
        return _review(tx, action)
    if isinstance(action, SubmitWork):
        return _submit_work(tx, action)
    if state.finished:
        return _refuse(state, "This quest is finished.")
    step = quest.steps.get(state.step_id)
    if step is None:
        return _refuse(state, "This step no longer exists; resume the quest to restart it.")
    if isinstance(action, SubmitAnswer):
        return _submit_answer(tx, step, action.answer)
    if isinstance(action, RequestHint):
        return _hint(tx, step)
    if isinstance(action, Proceed):
        return _proceed(tx, step)
    if isinstance(action, SaveDraft):
        return _save_draft(tx, step, action.text)
    return _refuse(state, "Unknown action.")


def _submit_answer(tx: _Tx, step: Step, answer: Any) -> Transition:
    state = tx.run
    challenge = step.challenge
    if challenge is None:
        return _refuse(state, "There is nothing to answer here. Continue when ready.")
    if isinstance(challenge, WriteChallenge):
        return _refuse(state, "Submit your writing when it is ready.")
    if state.awaiting != "answer":
        return _refuse(state, "Continue to the next step.")
    judgement = check_answer(challenge, answer)
    attempt = state.attempts + 1
    logged = _jsonable(answer)
    if judgement.correct:
        feedback = _join(judgement.feedback, step.on_correct.feedback)
        first = step.id not in state.completed_steps
        tx.emit(ev.AnswerChecked(tx.quest.id, step.id, logged, True, attempt, feedback))
        tx.raise_flags(step.on_correct.set_flags)
        if first:
            tx.gain_xp(_xp_due(step, state.hints_shown, False), "step", step.id)
        for badge_id in step.on_correct.badges:
            tx.award(badge_id, "outcome")
        return tx.done(feedback)
    branch = _option_goto(challenge, logged)
    exhausted = _exhausted(step.retry, attempt)
    moving_on = branch is not None or exhausted
    reveal = exhausted and step.retry.after_last == "reveal"
    feedback = _join(judgement.feedback, step.on_wrong.feedback)
    tx.emit(
        ev.AnswerChecked(tx.quest.id, step.id, logged, False, attempt, feedback, revealed=reveal)
    )
    tx.raise_flags(step.on_wrong.set_flags)
    if moving_on:
        if tx.first_visit(step.id) and step.id not in state.completed_steps:
            tx.gain_xp(step.on_wrong.xp, "outcome", step.id)
        for badge_id in step.on_wrong.badges:
            tx.award(badge_id, "outcome")
    return tx.done(feedback)


def _hint(tx: _Tx, step: Step) -> Transition:
    state = tx.run
    if state.awaiting != "answer":
        return _refuse(state, "Hints help while you answer a question.")
    if state.hints_shown >= len(step.hints):
        return _refuse(state, "No more hints for this step." if step.hints else "No hints here.")
    index = state.hints_shown
    tx.emit(ev.HintUsed(tx.quest.id, step.id, index))
    return tx.done(step.hints[index])


def next_step_id(quest: Quest, state: RunState, facts: PlayerFacts) -> str | None:
    """Where Proceed goes: the chosen option's goto, then outcome routes, then `next`."""
    step = quest.steps.get(state.step_id)
    if step is None:
        return None
    if state.branch:
        return state.branch
    routes = ()
    if state.outcome == "correct":
        routes = step.on_correct.routes
    elif state.outcome == "wrong":
        routes = step.on_wrong.routes
    view = replace(facts, flags=state.flags, badges=facts.badges | state.badges)
    for route in routes + step.next:
        if evaluate(route.when, view):
            return route.goto
    return None


def _proceed(tx: _Tx, step: Step) -> Transition:
    state = tx.run
    if state.awaiting == "answer":
        if isinstance(step.challenge, WriteChallenge):
            return _refuse(state, "Submit your writing first.")
        return _refuse(state, "Answer the question first.")
    if step.challenge is None and tx.first_visit(step.id) and step.id not in state.completed_steps:
        tx.gain_xp(step.xp, "step", step.id)
    target = None if step.ending else next_step_id(tx.quest, state, tx.facts)
    if target is None or target not in tx.quest.steps:
        tx.complete(step.id)
    else:
        tx.enter(target)
    return tx.done(None)


def _write_step(quest: Quest, step_id: str) -> Step | None:
    step = quest.steps.get(step_id)
    return step if step is not None and isinstance(step.challenge, WriteChallenge) else None


def _save_draft(tx: _Tx, step: Step, text: object) -> Transition:
    state = tx.run
    if not isinstance(text, str):
        return _refuse(state, "A draft is text.")
    if not isinstance(step.challenge, WriteChallenge) or state.awaiting not in ("answer", "review"):
        return _refuse(state, "There is no writing to save here.")
    if text == state.draft:
        return Transition(state)
    tx.emit(ev.DraftSaved(tx.quest.id, step.id, text))
    return tx.done(None)


def word_count(text: str) -> int:
    return len(text.split())


def _scores(scores: object) -> dict[str, int] | None:
    """Rubric scores as {criterion id: int}; None when they are not numbers."""
    if not isinstance(scores, Mapping):
        return None
    out: dict[str, int] = {}
    for key, value in scores.items():
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            return None
        out[str(key)] = int(value)
    return out


def _submit_work(tx: _Tx, action: SubmitWork) -> Transition:
    state = tx.run
    step_id = action.step_id or state.step_id
    step = _write_step(tx.quest, step_id)
    if step is None:
        return _refuse(state, "There is no writing task here.")
    assert isinstance(step.challenge, WriteChallenge)
    challenge = step.challenge
    on_step_now = step_id == state.step_id and not state.finished
    if on_step_now:
        if state.awaiting not in ("answer", "review"):
            return _refuse(state, "This writing was already accepted.")
    else:
        latest = state.latest_submission(step_id)
        if latest is None or latest.status != "returned":
            return _refuse(state, "Only work that came back for revision can be resubmitted.")
    if not isinstance(action.submission_id, str) or not action.submission_id:
        return _refuse(state, "A submission needs an id.")
    if state.submission(action.submission_id) is not None:
        return _refuse(state, "This work was already submitted.")
    if not isinstance(action.text, str):
        return _refuse(state, "Writing is text.")
    words = word_count(action.text)
    if words == 0 or words < challenge.min_words:
        return _refuse(
            state, f"Write at least {max(challenge.min_words, 1)} words (you have {words})."
        )
    if challenge.max_words is not None and words > challenge.max_words:
        return _refuse(state, f"Keep it to {challenge.max_words} words (you have {words}).")
    tx.emit(
        ev.WorkSubmitted(
            action.submission_id,
            tx.quest.id,
            step_id,
            action.text,
            challenge.review,
            challenge.shared,
        )
    )
    if challenge.review == "self":
        submission = tx.run.submission(action.submission_id)
        assert submission is not None
        already = step_id in tx.run.completed_steps
        scores = _scores(action.scores) or {}
        tx.emit(ev.WorkReviewed(action.submission_id, "self", scores, "", True))
        tx.approve(submission, already)
    if on_step_now:
        return tx.done(tx.run.feedback)
    return tx.done(_SUBMITTED.get(challenge.review, _SUBMITTED["teacher"]))


def _review(tx: _Tx, action: ReviewResult) -> Transition:
    state = tx.run
    submission = state.submission(action.submission_id)
    if submission is None:
        return _refuse(state, "That submission is not part of this quest.")
    if submission.status != "pending":
        return _refuse(state, "That work was already reviewed.")
    already = submission.step_id in state.completed_steps
    scores = _scores(action.scores)
    if scores is None:
        return _refuse(state, "Rubric scores must be numbers.")
    tx.emit(
        ev.WorkReviewed(
            action.submission_id,
            action.reviewer,
            scores,
            action.comment,
            bool(action.approved),
        )
    )
    if action.approved:
        tx.approve(submission, already)
    return tx.done(tx.run.feedback if tx.run.step_id == submission.step_id else None)


def visible_hints(quest: Quest, state: RunState) -> tuple[str, ...]:
    """The hints the student has revealed on the current step."""
    step = quest.steps.get(state.step_id)
    return step.hints[: state.hints_shown] if step else ()


def events_of(transitions: Sequence[Transition]) -> tuple[ev.Event, ...]:
    """All events of several transitions, in order (handy in tests and scripts)."""
    return tuple(e for t in transitions for e in t.events)


__all__ = [
    "Action",
    "Awaiting",
    "LockedQuestError",
    "Proceed",
    "RequestHint",
    "ReviewResult",
    "RulesContext",
    "RunState",
    "SaveDraft",
    "SubmissionState",
    "SubmitAnswer",
    "SubmitWork",
    "Transition",
    "advance",
    "apply_event",
    "next_step_id",
    "start_run",
    "visible_hints",
    "word_count",
]
