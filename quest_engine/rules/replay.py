"""Resume from the event log: rebuild a quest's current run and a player's facts.

The store and the app facade call these; they are pure folds over events, so a rebuilt
state equals the one the live game had. When a quest was edited and the step a student
was on no longer exists, the run restarts at the beginning with a notice (the old events
stay in the log: nothing is lost).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from quest_engine.content.model import Quest
from quest_engine.rules import events as ev
from quest_engine.rules.facts import PlayerFacts
from quest_engine.rules.run import RunState, apply_event

RESTART_REASON = "This quest was updated and the step you were on is gone, so it starts again."


def _fold(quest: Quest, events: Iterable[ev.Event]) -> RunState | None:
    state: RunState | None = None
    for event in events:
        state = apply_event(quest, state, event)
    return state


def restart_events(quest: Quest, reason: str = RESTART_REASON) -> tuple[ev.Event, ...]:
    """The events that restart a run of an edited quest at its start step."""
    start = quest.steps.get(quest.start)
    flags = start.set_flags if start is not None else ()
    return (
        ev.QuestRestarted(quest.id, reason, quest.content_hash),
        ev.QuestStarted(quest.id, quest.content_hash, quest.pack_id),
        ev.StepEntered(quest.id, quest.start, quest.content_hash),
        *(ev.FlagRaised(quest.id, f) for f in dict.fromkeys(flags)),
    )


def _reconcile(quest: Quest, state: RunState) -> RunState:
    """Fit a run to a quest that changed under it while the current step survived."""
    if state.finished or state.content_hash == quest.content_hash:
        return state
    step = quest.steps[state.step_id]
    if step.challenge is None and state.awaiting == "answer":
        return replace(state, awaiting="continue")
    if step.challenge is not None and state.awaiting == "continue" and state.outcome is None:
        return replace(state, awaiting="answer")
    return state


def resume_run(
    quest: Quest, events: Iterable[ev.Event]
) -> tuple[RunState | None, tuple[ev.Event, ...]]:
    """The current run of `quest` from a player's log, plus events the caller must append.

    The extra events are non-empty only when the run has to restart because its current
    step was removed from the quest (QuestRestarted first: show its reason as a notice).
    None means the quest was never started.
    """
    state = _fold(quest, events)
    if state is None:
        return None, ()
    if not state.finished and state.step_id not in quest.steps:
        extra = restart_events(quest)
        for event in extra:
            state = apply_event(quest, state, event)
        assert state is not None
        return state, extra
    return _reconcile(quest, state), ()


def fold_run(quest: Quest, events: Iterable[ev.Event]) -> RunState | None:
    """Rebuild the current run of `quest` (None if never started).

    If the quest changed and the current step no longer exists, returns the fresh run that
    `resume_run` would start (its `notice` says why); use `resume_run` to also get the
    QuestRestarted notice events to log.
    """
    return resume_run(quest, events)[0]


def fold_facts(events: Iterable[ev.Event]) -> PlayerFacts:
    """A player's XP, badges, pending badges and finished quests from their events."""
    xp = 0
    badges: set[str] = set()
    pending: set[str] = set()
    completed: set[str] = set()
    for event in events:
        if isinstance(event, ev.XpGained):
            xp += max(0, event.amount)
        elif isinstance(event, ev.BadgeEarned):
            badges.add(event.badge_id)
            pending.discard(event.badge_id)
        elif isinstance(event, ev.BadgeAwaitingApproval):
            if event.badge_id not in badges:
                pending.add(event.badge_id)
        elif isinstance(event, ev.QuestCompleted):
            completed.add(event.quest_id)
    return PlayerFacts(
        xp=xp, badges=frozenset(badges), completed=frozenset(completed), pending=frozenset(pending)
    )
