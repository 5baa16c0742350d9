"""Conditions, levels and badge rules."""

from __future__ import annotations

from types import MappingProxyType

from quest_engine.content.model import (
    AllOf,
    AnyOf,
    Badge,
    FlagSet,
    HasBadge,
    Not,
    Prerequisites,
    Quest,
    QuestCompletedRule,
    QuestDone,
    QuestsInInterestRule,
    QuestsInSubjectRule,
    Step,
    XpAtLeast,
    XpReachedRule,
)
from quest_engine.rules.badges import PlayerFacts, is_unlocked, newly_earned
from quest_engine.rules.conditions import evaluate
from quest_engine.rules.progression import DEFAULT_THRESHOLDS, level_for_xp, level_progress

FACTS = PlayerFacts(
    xp=120, badges=frozenset({"rocketeer"}), completed=frozenset({"q1"}), flags=frozenset({"f"})
)


def test_each_condition_form():
    assert evaluate(None, FACTS)
    assert evaluate(HasBadge("rocketeer"), FACTS)
    assert not evaluate(HasBadge("other"), FACTS)
    assert evaluate(FlagSet("f"), FACTS) and not evaluate(FlagSet("g"), FACTS)
    assert evaluate(QuestDone("q1"), FACTS) and not evaluate(QuestDone("q2"), FACTS)
    assert evaluate(XpAtLeast(120), FACTS) and not evaluate(XpAtLeast(121), FACTS)
    assert evaluate(AllOf((FlagSet("f"), QuestDone("q1"))), FACTS)
    assert not evaluate(AllOf((FlagSet("f"), QuestDone("q2"))), FACTS)
    assert evaluate(AnyOf((FlagSet("g"), QuestDone("q1"))), FACTS)
    assert not evaluate(AnyOf(()), FACTS)
    assert evaluate(Not(FlagSet("g")), FACTS)
    assert evaluate(Not(Not(AllOf(()))), FACTS)


def test_unknown_condition_form_is_false():
    assert not evaluate("__import__('os')", FACTS)  # text is never evaluated


def test_levels_default_curve():
    assert level_for_xp(0) == 1
    assert level_for_xp(99) == 1
    assert level_for_xp(100) == 2
    assert level_for_xp(250) == 3
    assert level_for_xp(-50) == 1
    assert level_for_xp(DEFAULT_THRESHOLDS[-1]) == len(DEFAULT_THRESHOLDS) + 1
    assert level_for_xp(10**6) > len(DEFAULT_THRESHOLDS) + 1  # levelling never stops


def test_levels_from_pack_thresholds():
    assert level_for_xp(60, (50, 120)) == 2
    assert level_progress(60, (50, 120)) == (2, 10, 70)
    assert level_progress(0) == (1, 0, 100)
    level, inside, span = level_progress(5000)
    assert inside < span and inside >= 0


def _quest(qid, subject="physics", interests=(), prereq=None):
    return Quest(
        id=qid,
        title=qid,
        summary="",
        subject=subject,
        start="s",
        steps=MappingProxyType({"s": Step("s", ending=True)}),
        interests=interests,
        prerequisites=prereq or Prerequisites(),
    )


QUESTS = {
    "q1": _quest("q1", "physics", ("space",)),
    "q2": _quest("q2", "physics", ("space",)),
    "q3": _quest("q3", "math"),
}
BADGES = [
    Badge("first", "First", "", "", award=QuestCompletedRule("q1")),
    Badge("physicist", "Physicist", "", "", award=QuestsInSubjectRule("physics", 2)),
    Badge("astro", "Astro", "", "", award=QuestsInInterestRule("space", 2)),
    Badge("hundred", "Hundred", "", "", award=XpReachedRule(100)),
    Badge("manual", "Manual", "", ""),
]


def test_newly_earned_rules():
    facts = PlayerFacts(xp=50, completed=frozenset({"q1"}))
    assert newly_earned(BADGES, QUESTS, facts) == ("first",)
    facts = PlayerFacts(xp=150, completed=frozenset({"q1", "q2", "gone"}))
    assert set(newly_earned(BADGES, QUESTS, facts)) == {"first", "physicist", "astro", "hundred"}


def test_a_badge_held_or_pending_is_not_earned_again():
    facts = PlayerFacts(
        xp=150,
        completed=frozenset({"q1"}),
        badges=frozenset({"first"}),
        pending=frozenset({"hundred"}),
    )
    assert newly_earned(BADGES, QUESTS, facts) == ()


def test_is_unlocked_lists_what_is_missing():
    locked = _quest("q4", prereq=Prerequisites(quests=("q1", "q2"), badges=("rocketeer", "x")))
    ok, missing = is_unlocked(locked, FACTS)
    assert not ok and missing == ("q2", "x")
    ok, missing = is_unlocked(QUESTS["q1"], PlayerFacts())
    assert ok and missing == ()


def test_levels_past_the_table_are_computed_directly():
    assert level_for_xp(4000 + 800 * 1000) == 11 + 1000
    assert level_for_xp(10**12) > 10**6
