"""Interactive inputs for every challenge kind, hosted by the quest-player screen.

`build_component` picks the component for a challenge; every component follows the same
small contract (see `base.ChallengeComponent`): handle_event / update / draw / set_rect,
focus_next / focus_prev, show_feedback, reset_for_retry and controls().

The component owns the verdict: `show_feedback(correct, message, extra="+10 XP")` shows
the whole message (it wraps; nothing is cut) with `extra` as a pill, and hides the submit
button once correct, so the host needs no feedback banner of its own. The writing
component also offers `show_returned(comment)` (the teacher's note above the editor) and
`detach_rubric()`, which hands its scrollable `rubric_panel` to the host to draw elsewhere.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pygame

from quest_engine.ui.challenges.base import ChallengeComponent, Control
from quest_engine.ui.challenges.style import Style

__all__ = ["ChallengeComponent", "Control", "Style", "build_component"]


def build_component(
    challenge: Any,
    rect: pygame.Rect,
    style: Style,
    on_submit: Callable[[Any], None],
    rng: random.Random | None = None,
    *,
    on_draft: Callable[[str], None] | None = None,
    draft: str | None = None,
    show_prompt: bool = True,
) -> ChallengeComponent:
    """The component for `challenge.kind` (and `challenge.game` for mini-games).

    `on_draft` and `draft` only matter for `write`: the autosave callback and the saved
    draft to restore. `show_prompt=False` when the host draws the prompt itself.
    """
    rng = rng or random.Random()
    kind = challenge.kind
    common = {"show_prompt": show_prompt}
    if kind == "choice":
        from quest_engine.ui.challenges.choice import ChoiceComponent

        return ChoiceComponent(rect, challenge, style, on_submit, rng, **common)
    if kind == "number":
        from quest_engine.ui.challenges.text_input import NumberComponent

        return NumberComponent(rect, challenge, style, on_submit, rng, **common)
    if kind == "text":
        from quest_engine.ui.challenges.text_input import TextComponent

        return TextComponent(rect, challenge, style, on_submit, rng, **common)
    if kind == "order":
        from quest_engine.ui.challenges.order import OrderComponent

        return OrderComponent(rect, challenge, style, on_submit, rng, **common)
    if kind == "match":
        from quest_engine.ui.challenges.match import MatchComponent

        return MatchComponent(rect, challenge, style, on_submit, rng, **common)
    if kind == "write":
        from quest_engine.ui.challenges.write import WriteComponent

        return WriteComponent(
            rect, challenge, style, on_submit, rng, on_draft=on_draft, draft=draft, **common
        )
    if kind == "game":
        from quest_engine.ui.games import build_game

        return build_game(challenge, rect, style, on_submit, rng, **common)
    raise ValueError(f"no component for challenge kind {kind!r}")
