"""What the rules need to know about a player, rebuilt from the event log by `replay.fold_facts`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PlayerFacts:
    """A player's standing: total XP, badges held or awaiting approval, quests finished.

    `flags` are the flags of the quest run being evaluated (conditions like `{flag: x}`);
    they are empty outside a run.
    """

    xp: int = 0
    badges: frozenset[str] = frozenset()
    completed: frozenset[str] = frozenset()
    pending: frozenset[str] = frozenset()
    """Badges awarded but waiting for a facilitator's approval."""
    flags: frozenset[str] = frozenset()
