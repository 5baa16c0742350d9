"""The scene protocol: every screen (sign-in, hub, quest, studio, board, ...) is a Scene.

The app keeps a stack of scenes; only the top one gets input and is drawn. A scene says
whether it is animating so the loop can sleep on `pygame.event.wait` when nothing moves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import pygame


class Scene(Protocol):
    def handle_event(self, event: pygame.event.Event) -> None:
        """React to one input event (already passed through the UI manager)."""

    def update(self, dt: float) -> bool:
        """Advance animations by dt seconds; return True while something still moves."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the whole scene onto the window surface."""

    def resize(self, size: tuple[int, int]) -> None:
        """The window changed size: lay the scene out again."""
