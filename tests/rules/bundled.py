"""The bundled quests, compiled once per test session for the rules tests."""

from __future__ import annotations

import functools

from quest_engine.content.model import Pack, Quest
from quest_engine.rules.events import BadgeEarned, Event, QuestCompleted
from quest_engine.rules.run import RulesContext


@functools.cache
def bundled_results() -> tuple:
    from quest_engine.content import load_bundled_packs
    from quest_engine.content.cache import CompileCache

    return tuple(load_bundled_packs(CompileCache(None)))  # no cache files from tests


def bundled_packs() -> tuple[Pack, ...]:
    return tuple(r.pack for r in bundled_results() if isinstance(r.pack, Pack))


def bundled_quests() -> tuple[Quest, ...]:
    return tuple(q for pack in bundled_packs() for q in pack.quests.values())


def bundled_context() -> RulesContext:
    return RulesContext.from_packs(bundled_packs())


def unlocking_log(quest: Quest) -> list[Event]:
    """Events that meet a quest's prerequisites, so a test can start it."""
    return [QuestCompleted(q) for q in quest.prerequisites.quests] + [
        BadgeEarned(b) for b in quest.prerequisites.badges
    ]
