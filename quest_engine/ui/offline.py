"""The offline notice: a game on the class's shared store keeps playing without its server.

While the server cannot be reached, the sign-in screen says plainly who can play (students
who played on this computer) and what waits (new explorers); the hub and the quest header
carry a small, calm "Offline" pill that says progress is safe. Both go away once the
server answers again (`App.check_connection`).
"""

from __future__ import annotations

import pygame

from quest_engine.ui.theme import Theme

HEADER_TEXTS = (
    "Offline — your progress is saved on this computer and will be sent when the class "
    "server is back",
    "Offline — your progress is saved on this computer",
    "Offline — progress saved here",
    "Offline",
)
"""Longest first: the header shows the longest that fits beside the buttons."""

SIGN_IN_TITLE = "Offline: the class server can't be reached."
SIGN_IN_TEXTS = (
    "If you have played on this computer before, pick your name and play: your progress "
    "is saved here and sent when the server is back. New explorers can be made once it's back.",
    "Played on this computer before? Pick your name and play: your progress is saved here. "
    "New explorers wait until the server is back.",
    "Only explorers who played on this computer can sign in. Progress is saved here.",
)
SIGN_IN_PIN_TEXTS = (
    "Type your PIN as usual. Your progress is saved on this computer and sent when the "
    "server is back.",
    "Type your PIN as usual. Your progress is saved here until the server is back.",
    "Type your PIN as usual. Progress is saved here.",
)
"""On the PIN form the name is already picked: say what still holds."""
NO_NEW_EXPLORERS = "New explorers can't be made while the class server is offline."
NO_NEW_EXPLORERS_HINT = "Ask your teacher, or try again when the network is back."


def pill_size(theme: Theme, text: str) -> tuple[int, int]:
    t = theme
    return (
        t.measure(text, "small", True) + t.px(20) + t.px(18),
        t.line_height("small") + t.px(8),
    )


def header_text(theme: Theme, room: int) -> str | None:
    """The longest header notice that fits in `room` pixels (None: not even "Offline")."""
    for text in HEADER_TEXTS:
        if pill_size(theme, text)[0] <= room:
            return text
    return None


def paint_pill(surface: pygame.Surface, theme: Theme, rect: pygame.Rect, text: str) -> None:
    """A calm pill (no warning colours): a hollow dot, the way a paused connection looks."""
    t = theme
    c = t.colors
    pygame.draw.rect(surface, c.background_alt, rect, border_radius=rect.height // 2)
    pygame.draw.rect(surface, c.card_border, rect, max(1, t.border // 2), rect.height // 2)
    r = max(3, t.px(5))
    centre = (rect.x + t.px(10) + r, rect.centery)
    pygame.draw.circle(surface, c.muted, centre, r, max(2, r // 2))
    label = t.text(text, "small", c.ink, bold=True)
    surface.blit(label, label.get_rect(midleft=(centre[0] + r + t.px(6), rect.centery)))


def sign_in_lines(
    theme: Theme, width: int, max_lines: int, texts: tuple[str, ...] = SIGN_IN_TEXTS
) -> list[str]:
    """The sign-in notice's explanation, wrapped: the longest wording that fits."""
    for text in texts:
        lines = theme.wrap(text, width, "small")
        if len(lines) <= max_lines:
            return lines
    return theme.fit_lines(texts[-1], width, max_lines, "small")[1]
