"""Badges by rule (quest finished, N quests in a subject or interest, XP reached) and quest locks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from quest_engine.content.model import (
    AwardRule,
    Badge,
    Prerequisites,
    Quest,
    QuestCompletedRule,
    QuestsInInterestRule,
    QuestsInSubjectRule,
    XpReachedRule,
)
from quest_engine.rules.facts import PlayerFacts

__all__ = ["PlayerFacts", "rule_holds", "newly_earned", "missing_prerequisites", "is_unlocked"]


def rule_holds(rule: AwardRule, quests_by_id: Mapping[str, Quest], facts: PlayerFacts) -> bool:
    """Whether an automatic award rule is met by these facts."""
    if isinstance(rule, QuestCompletedRule):
        return rule.quest in facts.completed
    if isinstance(rule, XpReachedRule):
        return facts.xp >= rule.xp
    finished = [quests_by_id[q] for q in facts.completed if q in quests_by_id]
    if isinstance(rule, QuestsInSubjectRule):
        return sum(1 for q in finished if q.subject == rule.subject) >= rule.count
    if isinstance(rule, QuestsInInterestRule):
        return sum(1 for q in finished if rule.interest in q.interests) >= rule.count
    return False


def newly_earned(
    badges: Iterable[Badge], quests_by_id: Mapping[str, Quest], facts: PlayerFacts
) -> tuple[str, ...]:
    """Ids of automatic badges whose rule now holds and that the player neither holds nor awaits.

    The caller turns each into BadgeEarned, or BadgeAwaitingApproval when the badge
    `requires_approval`.
    """
    out: list[str] = []
    for badge in badges:
        if badge.award is None or badge.id in facts.badges or badge.id in facts.pending:
            continue
        if badge.id in out:
            continue
        if rule_holds(badge.award, quests_by_id, facts):
            out.append(badge.id)
    return tuple(out)


def missing_prerequisites(quest: Quest, facts: PlayerFacts) -> Prerequisites:
    """The prerequisite quests and badges the player still lacks."""
    return Prerequisites(
        quests=tuple(q for q in quest.prerequisites.quests if q not in facts.completed),
        badges=tuple(b for b in quest.prerequisites.badges if b not in facts.badges),
    )


def is_unlocked(quest: Quest, facts: PlayerFacts) -> tuple[bool, tuple[str, ...]]:
    """(unlocked, missing ids): missing quest ids first, then missing badge ids."""
    missing = missing_prerequisites(quest, facts)
    ids = missing.quests + missing.badges
    return not ids, ids
