"""The mini-games: launch (projectiles), balance (torque) and number-line (place values).

Each is a challenge component (see `quest_engine.ui.challenges.base`) configured from the
challenge's params; the physics comes from `quest_engine.rules.minigames`, the same code
the rules engine judges with, so what the student sees is what gets judged.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pygame

from quest_engine.ui.challenges.base import ChallengeComponent
from quest_engine.ui.challenges.style import Style


def build_game(
    challenge: Any,
    rect: pygame.Rect,
    style: Style,
    on_submit: Callable[[Any], None],
    rng: random.Random,
    **options: Any,
) -> ChallengeComponent:
    if challenge.game == "launch":
        from quest_engine.ui.games.launch import LaunchGame

        return LaunchGame(rect, challenge, style, on_submit, rng, **options)
    if challenge.game == "balance":
        from quest_engine.ui.games.balance import BalanceGame

        return BalanceGame(rect, challenge, style, on_submit, rng, **options)
    if challenge.game == "number-line":
        from quest_engine.ui.games.number_line import NumberLineGame

        return NumberLineGame(rect, challenge, style, on_submit, rng, **options)
    raise ValueError(f"unknown mini-game {challenge.game!r}")
