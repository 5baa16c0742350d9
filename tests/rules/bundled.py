"""The bundled quests, once the content layer can load them (empty until then)."""

from __future__ import annotations

import functools

from quest_engine.content.model import Pack, Quest
from quest_engine.rules.events import BadgeEarned, Event, QuestCompleted
from quest_engine.rules.run import RulesContext


@functools.cache
def bundled_packs() -> tuple[Pack, ...]:
    import quest_engine.content as content

    loader = getattr(content, "load_bundled_packs", None)
    if loader is None:
        return ()
    packs = []
    for result in loader():
        pack = getattr(result, "pack", result)
        if isinstance(pack, Pack):
            packs.append(pack)
    return tuple(packs)


def bundled_quests() -> tuple[Quest, ...]:
    return tuple(q for pack in bundled_packs() for q in pack.quests.values())


def bundled_context() -> RulesContext:
    return RulesContext.from_packs(bundled_packs())


def unlocking_log(quest: Quest) -> list[Event]:
    """Events that meet a quest's prerequisites, so a test can start it."""
    return [QuestCompleted(q) for q in quest.prerequisites.quests] + [
        BadgeEarned(b) for b in quest.prerequisites.badges
    ]
