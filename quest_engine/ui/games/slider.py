"""A labelled slider with − / + buttons: drag, click the track, or use the arrow keys."""

from __future__ import annotations

import pygame

from quest_engine.ui.challenges import draw
from quest_engine.ui.challenges.style import Style


class Slider:
    def __init__(
        self,
        key: str,
        label: str,
        unit: str,
        lo: float,
        hi: float,
        value: float,
        step: float = 1.0,
        decimals: int = 0,
    ) -> None:
        self.key = key
        self.label = label
        self.unit = unit
        self.lo = float(min(lo, hi))
        self.hi = float(max(lo, hi))
        self.step = step
        self.decimals = decimals
        self.value = self.clamp(value)
        self.rect = pygame.Rect(0, 0, 200, 80)
        self.dragging = False

    # geometry: a caption line on top, then [−] [track] [+]
    def layout(self, rect: pygame.Rect, style: Style) -> None:
        self.rect = pygame.Rect(rect)
        size = style.min_target
        caption_h = style.font("body", bold=True).get_linesize() + 4
        y = rect.top + caption_h + size // 2
        self.minus = pygame.Rect(rect.left, y - size // 2, size, size)
        self.plus = pygame.Rect(rect.right - size, y - size // 2, size, size)
        self.track = pygame.Rect(
            self.minus.right + 18, y - 4, self.plus.left - self.minus.right - 36, 8
        )
        self.hit = pygame.Rect(self.track.left - 14, y - size // 2, self.track.width + 28, size)

    @property
    def height_needed(self) -> int:
        return 0

    def clamp(self, value: float) -> float:
        value = round(round(value / self.step) * self.step, 6)
        return max(self.lo, min(self.hi, value))

    def set(self, value: float) -> bool:
        new = self.clamp(value)
        changed = new != self.value
        self.value = new
        return changed

    def nudge(self, steps: int) -> bool:
        return self.set(self.value + steps * self.step)

    def fraction(self) -> float:
        return 0.0 if self.hi == self.lo else (self.value - self.lo) / (self.hi - self.lo)

    def value_at(self, x: int) -> float:
        t = (x - self.track.left) / max(1, self.track.width)
        return self.lo + max(0.0, min(1.0, t)) * (self.hi - self.lo)

    def knob_centre(self) -> tuple[int, int]:
        return (round(self.track.left + self.fraction() * self.track.width), self.track.centery)

    def text(self) -> str:
        return f"{self.value:.{self.decimals}f}{self.unit}"

    def handle_key(self, event: pygame.event.Event) -> bool | None:
        """True if the value changed, False if the key was used without change, None if unused."""
        big = 5 if getattr(event, "mod", 0) & pygame.KMOD_SHIFT else 1
        if event.key in (pygame.K_RIGHT, pygame.K_UP):
            return self.nudge(big)
        if event.key in (pygame.K_LEFT, pygame.K_DOWN):
            return self.nudge(-big)
        if event.key == pygame.K_PAGEUP:
            return self.nudge(10)
        if event.key == pygame.K_PAGEDOWN:
            return self.nudge(-10)
        if event.key == pygame.K_HOME:
            return self.set(self.lo)
        if event.key == pygame.K_END:
            return self.set(self.hi)
        return None

    def draw(
        self,
        surface: pygame.Surface,
        style: Style,
        focused: bool,
        ring: bool,
        enabled: bool,
        hover: str | None,
    ) -> None:
        pal = style.palette
        font = style.font("body", bold=True)
        draw.blit_text(surface, font, self.label, pal.ink, (self.rect.left, self.rect.top))
        value_font = style.font("large", bold=True)
        draw.blit_text(
            surface,
            value_font,
            self.text(),
            pal.primary if enabled else pal.disabled_ink,
            (self.rect.right, self.rect.top + font.get_linesize() - 2),
            "bottomright",
        )
        for rect, sign, key in (
            (self.minus, "−", f"{self.key}-"),
            (self.plus, "+", f"{self.key}+"),
        ):
            fill = pal.card_alt if hover == key and enabled else pal.card
            draw.card(surface, style, rect, fill, pal.border, shadow=False, radius=rect.width // 2)
            cx, cy = rect.center
            colour = pal.ink if enabled else pal.disabled_ink
            pygame.draw.line(surface, colour, (cx - 8, cy), (cx + 8, cy), 3)
            if sign == "+":
                pygame.draw.line(surface, colour, (cx, cy - 8), (cx, cy + 8), 3)
        pygame.draw.rect(
            surface,
            pal.border if not style.high_contrast else pal.muted,
            self.track,
            border_radius=4,
        )
        filled = pygame.Rect(
            self.track.left, self.track.top, self.knob_centre()[0] - self.track.left, 8
        )
        pygame.draw.rect(
            surface, pal.primary if enabled else pal.disabled_ink, filled, border_radius=4
        )
        knob = self.knob_centre()
        pygame.draw.circle(surface, pal.card, knob, 15)
        pygame.draw.circle(surface, pal.primary if enabled else pal.disabled_ink, knob, 15, 4)
        if focused and enabled:
            pygame.draw.circle(surface, pal.primary, knob, 6)
        if ring:
            draw.focus_ring(surface, style, self.hit)
