"""A tiny interpreter for `when:` conditions. It walks the declared forms; it never evals."""

from __future__ import annotations

from quest_engine.content.model import (
    AllOf,
    AnyOf,
    Condition,
    FlagSet,
    HasBadge,
    Not,
    QuestDone,
    XpAtLeast,
)
from quest_engine.rules.facts import PlayerFacts

MAX_DEPTH = 64
"""Deeper nesting than any teacher writes; guards against a cyclic or corrupt condition."""


def evaluate(condition: Condition | None, facts: PlayerFacts, _depth: int = 0) -> bool:
    """Whether `condition` holds for `facts`. None (no `when:`) always holds.

    `facts` may be any object with `xp`, `badges`, `completed` and `flags` attributes.
    An unknown condition form is false, so a route guarded by it is simply not taken.
    """
    if condition is None:
        return True
    if _depth > MAX_DEPTH:
        return False
    if isinstance(condition, HasBadge):
        return condition.badge in getattr(facts, "badges", ())
    if isinstance(condition, FlagSet):
        return condition.flag in getattr(facts, "flags", ())
    if isinstance(condition, QuestDone):
        return condition.quest in getattr(facts, "completed", ())
    if isinstance(condition, XpAtLeast):
        return getattr(facts, "xp", 0) >= condition.xp
    if isinstance(condition, AllOf):
        return all(evaluate(c, facts, _depth + 1) for c in condition.conditions)
    if isinstance(condition, AnyOf):
        return any(evaluate(c, facts, _depth + 1) for c in condition.conditions)
    if isinstance(condition, Not):
        return not evaluate(condition.condition, facts, _depth + 1)
    return False
