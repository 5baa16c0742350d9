"""What approving a piece of writing earns, decided by the rules engine, not by hand.

The store records a facilitator's review; the rewards (the step's XP, badges and flags, a
level-up) come from replaying the student's run and applying a `ReviewResult`, so the game,
`quest review` and any later tool pay exactly the same thing.
"""

from __future__ import annotations

from quest_engine.rules import events as ev
from quest_engine.rules.replay import fold_facts, fold_run
from quest_engine.rules.run import ReviewResult, RulesContext, advance
from quest_engine.store.api import Store, SubmissionView


def review_rewards(
    store: Store,
    ctx: RulesContext,
    sub: SubmissionView,
    scores: dict[str, int],
    comment: str,
    approve: bool,
) -> list[ev.Event]:
    """The events an approval adds beyond the review itself (empty when returned or unknown)."""
    quest = ctx.quests_by_id.get(sub.quest_id)
    if not approve or quest is None:
        return []
    events = [e.event for e in store.events(sub.student_id)]
    run = fold_run(quest, events)  # the fold matches reviews by submission id
    if run is None:
        return []
    result = ReviewResult(sub.id, True, scores, comment)
    transition = advance(quest, run, result, fold_facts(events), ctx)
    if not transition.accepted:
        return []
    return [e for e in transition.events if not isinstance(e, ev.WorkReviewed)]
