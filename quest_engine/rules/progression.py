"""XP and levels: level 1 at 0 XP; each threshold is the total XP needed for the next level."""

from __future__ import annotations

from collections.abc import Sequence

DEFAULT_THRESHOLDS: tuple[int, ...] = (100, 250, 450, 700, 1000, 1400, 1900, 2500, 3200, 4000)
"""XP needed for level 2, 3, ...; gaps grow so early levels come quickly."""


def _clean(thresholds: Sequence[int]) -> tuple[int, ...]:
    usable = sorted({int(t) for t in thresholds if int(t) > 0})
    return tuple(usable) or DEFAULT_THRESHOLDS


def threshold_for_level(level: int, thresholds: Sequence[int] = ()) -> int:
    """Total XP needed to reach `level`. Past the table, each level costs the last gap again,
    so students keep levelling up after the last listed threshold."""
    table = _clean(thresholds)
    if level <= 1:
        return 0
    if level - 2 < len(table):
        return table[level - 2]
    gap = table[-1] - (table[-2] if len(table) > 1 else 0)
    return table[-1] + gap * (level - 1 - len(table))


def level_for_xp(xp: int, thresholds: Sequence[int] = ()) -> int:
    """The level for a total XP (empty thresholds: DEFAULT_THRESHOLDS). Negative XP counts as 0."""
    xp = max(0, int(xp))
    table = _clean(thresholds)
    level = 1 + sum(1 for t in table if xp >= t)
    if level == len(table) + 1:
        gap = table[-1] - (table[-2] if len(table) > 1 else 0)
        level += (xp - table[-1]) // gap
    return level


def level_progress(xp: int, thresholds: Sequence[int] = ()) -> tuple[int, int, int]:
    """(level, XP earned inside this level, XP this level spans) — for a progress bar."""
    xp = max(0, int(xp))
    level = level_for_xp(xp, thresholds)
    start = threshold_for_level(level, thresholds)
    end = threshold_for_level(level + 1, thresholds)
    return level, xp - start, end - start
