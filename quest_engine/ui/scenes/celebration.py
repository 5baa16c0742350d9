"""Celebrations: the badge and level-up moment, with confetti and a chime made by code.

Drawn over the screen beneath. Reduced motion shows the same card without movement;
the sound follows the sound setting. Any of Enter, Space, Esc or a click moves on.
"""

from __future__ import annotations

import math
import random

import pygame

from quest_engine.ui import draw
from quest_engine.ui.controls import Button
from quest_engine.ui.scenes.base import BaseScene

DURATION = 2.4
CONFETTI = 70


class CelebrationScene(BaseScene):
    overlay = True
    title = "Celebration"

    def __init__(
        self,
        app,
        badges: tuple = (),
        level_up: int | None = None,
        quest_title: str | None = None,
        xp: int = 0,
    ) -> None:
        super().__init__(app)
        self.badges = tuple(badges)
        self.level_up = level_up
        self.quest_title = quest_title
        self.xp = xp
        self.t = 0.0
        rng = random.Random(len(self.badges) * 31 + (level_up or 0))
        palette = ("#E4572E", "#F2A541", "#2F855A", "#3B82F6", "#DB2777", "#8B5CF6")
        self.confetti = [
            (
                rng.random(),
                rng.uniform(-0.6, -0.05),
                rng.uniform(0.25, 0.55),
                rng.uniform(-0.08, 0.08),
                pygame.Color(rng.choice(palette)),
                rng.uniform(0, math.tau),
            )
            for _ in range(CONFETTI)
        ]

    @property
    def motion(self) -> bool:
        return not self.theme.reduced_motion

    def enter(self) -> None:
        super().enter()
        if self.badges:
            self.app.sounds.play("badge")
        elif self.level_up:
            self.app.sounds.play("level_up")
        else:
            self.app.sounds.play("correct")
        self.focus.move(1)

    def build(self) -> None:
        t = self.theme
        card = self.card_rect()
        bh = max(t.min_target, t.px(52))
        b = Button("Awesome!", self.app.pop, "primary")
        w = max(b.preferred_width(t), t.px(200))
        b.rect = pygame.Rect(card.centerx - w // 2, card.bottom - t.pad - bh, w, bh)
        self.add(b)

    def _text_height(self, emblem: int, width: int) -> int:
        """How tall the card's words and emblem are (what `paint` draws), for sizing."""
        t = self.theme
        wrap_w = width - 4 * t.pad
        lines = lambda text, role, bold=False: len(t.wrap(text, wrap_w, role, bold))  # noqa: E731
        h = t.pad + t.text("X", "title", bold=True).get_height() + t.px(4)
        if self.quest_title:
            h += lines(self.done_line(), "body", True) * t.line_height("body")
        h += t.gap
        if not self.badges and not self.level_up:
            h += emblem + 2 * t.line_height("body")
        if self.badges:
            h += emblem + t.line_height("heading") + t.px(6)
            if len(self.badges) == 1:
                role, desc = t.fit_lines(self.badges[0].description, wrap_w, 3, "body")
                h += len(desc) * t.line_height(role)
        if self.level_up:
            msg = self.level_line()
            h += (
                (0 if self.badges else emblem)
                + t.px(4)
                + lines(msg, "body", True) * (t.line_height("body"))
            )
        return h

    def done_line(self) -> str:
        # no-break spaces keep "+40 XP" together when the line wraps
        xp = f"  ·  +{self.xp}\u00a0XP" if self.xp else ""
        return f"You finished {self.quest_title}{xp}"

    def level_line(self) -> str:
        if self.badges:
            return f"And you reached level {self.level_up}!"
        return f"You reached level {self.level_up}. Keep exploring!"

    def emblem_height(self) -> int:
        """Room for the badge or level emblem: smaller in a short window, so the words
        never crowd the button."""
        t = self.theme
        w, h = self.size
        cw = min(w - 2 * t.pad, t.px(620))
        bh = max(t.min_target, t.px(52))
        room = h - 2 * t.pad - bh - 3 * t.pad
        emblem = t.px(130)
        while emblem > t.px(70) and self._text_height(emblem, cw) > room:
            emblem -= t.px(10)
        return emblem

    def card_rect(self) -> pygame.Rect:
        t = self.theme
        w, h = self.size
        cw = min(w - 2 * t.pad, t.px(620))
        bh = max(t.min_target, t.px(52))
        need = self._text_height(self.emblem_height(), cw) + t.pad + bh + 2 * t.pad
        ch = min(h - 2 * t.pad, need)
        return pygame.Rect(w // 2 - cw // 2, h // 2 - ch // 2, cw, ch)

    def handle_event(self, event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (
            pygame.K_ESCAPE,
            pygame.K_RETURN,
            pygame.K_KP_ENTER,
            pygame.K_SPACE,
        ):
            self.app.pop()
            return
        if (
            event.type == pygame.MOUSEBUTTONUP
            and event.button == 1
            and not self.card_rect().collidepoint(event.pos)
        ):
            self.app.pop()
            return
        super().handle_event(event)

    def update(self, dt: float) -> bool:
        if not self.motion:
            return False
        self.t += dt
        return self.t < DURATION

    def _ease(self) -> float:
        """A springy 0 -> 1 scale for the emblem (1 at once with reduced motion)."""
        if not self.motion:
            return 1.0
        x = min(1.0, self.t / 0.6)
        return 1 + 0.25 * math.sin(x * math.pi) * (1 - x) if x >= 0.5 else 0.2 + 1.6 * x

    def _centered(self, surface, text, role, color, y, card, bold=False) -> int:
        """Draw text centred in the card, wrapped to its width; returns the y below it."""
        t = self.theme
        for line in t.wrap(text, card.width - 4 * t.pad, role, bold):
            s = t.text(line, role, color, bold=bold)
            surface.blit(s, s.get_rect(midtop=(card.centerx, y)))
            y += t.line_height(role)
        return y

    def paint(self, surface: pygame.Surface) -> None:
        t = self.theme
        c = t.colors
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 150))
        surface.blit(shade, (0, 0))
        card = self.card_rect()
        draw.card(surface, t, card, c.card, c.accent)
        if self.badges:
            title = "New badge!" if len(self.badges) == 1 else "New badges!"
        elif self.level_up:
            title = "Level up!"
        else:
            title = "Quest complete!"
        head = t.text(title, "title", c.primary if not t.high_contrast else c.ink, bold=True)
        surface.blit(head, head.get_rect(midtop=(card.centerx, card.y + t.pad)))
        y = card.y + t.pad + head.get_height() + t.px(4)
        if self.quest_title:
            done = self.done_line()
            y = self._centered(surface, done, "body", c.muted, y, card, bold=True)
        y += t.gap
        scale = self._ease()
        emblem = self.emblem_height()
        r = int(min(t.px(56), emblem * 0.43) * scale)
        mid = emblem * 60 // 130
        if not self.badges and not self.level_up:
            center = (card.centerx, y + mid)
            pygame.draw.circle(surface, c.accent, center, r)
            draw.check_icon(surface, pygame.Color("#FFFFFF"), center, max(8, int(r * 0.9)))
            y += emblem
            msg = "Every quest makes you stronger. Pick your next one!"
            y = self._centered(surface, msg, "body", c.ink, y, card, bold=True)
        if self.badges:
            shown = self.badges[:3]
            spacing = t.px(150)
            x0 = card.centerx - spacing * (len(shown) - 1) // 2
            for i, b in enumerate(shown):
                cx = x0 + i * spacing
                draw.badge(surface, t, (cx, y + mid), r, b)
            y += emblem
            names = ", ".join(b.name for b in shown)
            s = t.text(names, "heading", c.ink, bold=True)
            surface.blit(s, s.get_rect(midtop=(card.centerx, y)))
            y += s.get_height() + t.px(6)
            if len(shown) == 1:
                # the whole description, on words (smaller before it would be cut)
                role, desc = t.fit_lines(shown[0].description, card.width - 4 * t.pad, 3, "body")
                for line in desc:
                    s = t.text(line, role, c.muted)
                    surface.blit(s, s.get_rect(midtop=(card.centerx, y)))
                    y += t.line_height(role)
        if self.level_up:
            ring = pygame.Rect(0, 0, 2 * r, 2 * r)
            if not self.badges:
                ring.center = (card.centerx, y + mid)
                pygame.draw.circle(surface, c.secondary, ring.center, r)
                num = t.text(str(self.level_up), "huge", c.on_secondary, bold=True)
                surface.blit(num, num.get_rect(center=ring.center))
                y += emblem
                msg = f"You reached level {self.level_up}. Keep exploring!"
            else:
                msg = f"And you reached level {self.level_up}!"
            y = self._centered(surface, msg, "body", c.ink, y + t.px(4), card, bold=True)
        self.text_bottom = y  # for layout checks: the words end above the button
        if self.motion and self.t < DURATION:
            w, h = surface.get_size()
            for fx, fy, speed, drift, color, phase in self.confetti:
                x = int((fx + drift * self.t) * w)
                yy = int((fy + speed * self.t) * h)
                size = t.px(7)
                wobble = int(size * abs(math.sin(phase + self.t * 6)))
                pygame.draw.rect(surface, color, (x, yy, size, max(2, wobble)))
