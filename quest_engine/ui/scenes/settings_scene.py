"""Settings: text size, high contrast, dyslexia-friendly font, sound and reduced motion.

Every change applies at once (the whole game lays itself out again) and is saved to the
user's config folder, so it holds next time on this machine.
"""

from __future__ import annotations

import pygame

from quest_engine.ui import draw
from quest_engine.ui.controls import Button, Toggle
from quest_engine.ui.layout import row
from quest_engine.ui.scenes.base import BaseScene
from quest_engine.ui.settings import TEXT_SIZES

SIZE_LABELS = {"small": "Small", "medium": "Medium", "large": "Large", "x-large": "Extra large"}
SAMPLE = "Aa Bb Éé Ññ · θ π Σ · ½ ¾ · → ≤ ≥ ≈ · 2.4 km = 2400 m"


class SettingsScene(BaseScene):
    title = "Settings"

    def set(self, **changes) -> None:
        self.app.apply_settings(self.app.settings.with_changes(**changes))

    def column(self) -> pygame.Rect:
        t = self.theme
        w, h = self.size
        cw = min(w - 2 * t.pad, t.px(760))
        return pygame.Rect(w // 2 - cw // 2, t.px(28), cw, h - t.px(56))

    SUBTITLE = "Make the game comfortable for you. Changes apply right away."

    def subtitle_lines(self) -> list[str]:
        return self.theme.wrap(self.SUBTITLE, self.column().width, "body")

    def build(self) -> None:
        t = self.theme
        s = self.app.settings
        col = self.column()
        y = col.y + t.line_height("title") + len(self.subtitle_lines()) * t.line_height("body")
        y += t.pad
        y += t.line_height("small") + t.px(6)
        bh = max(t.min_target, t.px(50))
        sizes = [
            Button(
                SIZE_LABELS[k],
                lambda k=k: self.set(text_size=k),
                "secondary",
                selected=s.text_size == k,
            )
            for k in TEXT_SIZES
        ]
        # every caption keeps its padding: equal buttons when they fit, else widths by
        # caption, else two rows of two
        prefs = [b.preferred_width(t) + t.px(12) for b in sizes]
        equal = (col.width - 3 * t.gap) // 4
        if equal >= max(prefs):
            rows = [(sizes, [equal] * 4)]
        elif sum(prefs) + 3 * t.gap <= col.width:
            extra = (col.width - 3 * t.gap - sum(prefs)) // 4
            rows = [(sizes, [p + extra for p in prefs])]
        else:
            half = (col.width - t.gap) // 2
            rows = [(sizes[:2], [half] * 2), (sizes[2:], [half] * 2)]
        for buttons, widths in rows:
            area = pygame.Rect(col.x, y, col.width, bh)
            for b, r in zip(buttons, row(area, widths, bh, t.gap), strict=True):
                b.rect = r
                self.add(b)
            y += bh + t.gap
        y += t.pad - t.gap
        toggles = [
            Toggle("High-contrast colours", s.high_contrast, lambda v: self.set(high_contrast=v)),
            Toggle("Dyslexia-friendly font", s.dyslexia_font, lambda v: self.set(dyslexia_font=v)),
            Toggle("Sound effects", s.sound, lambda v: self.set(sound=v)),
            Toggle("Reduced motion", s.reduced_motion, lambda v: self.set(reduced_motion=v)),
        ]
        th = max(t.min_target, t.px(58))
        for tg in toggles:
            tg.rect = pygame.Rect(col.x, y, col.width, th)
            self.add(tg)
            y += th + t.gap
        self.preview_top = y + t.gap
        done = Button("Done", self.app.pop, "primary")
        done.rect = pygame.Rect(0, 0, max(done.preferred_width(t), t.px(180)), bh)
        done.rect.bottomright = (col.right, col.bottom)
        if done.rect.top < y:
            # big text: no room under the switches, so Done joins the title row
            done.rect.topright = (col.right, col.y + (t.line_height("title") - bh) // 2)
        self.add(done)

    def paint(self, surface: pygame.Surface) -> None:
        t = self.theme
        c = t.colors
        surface.fill(c.background)
        col = self.column()
        head = t.text("Settings", "title", c.ink, bold=True)
        surface.blit(head, col.topleft)
        sy = col.y + head.get_height() + t.px(4)
        for line in self.subtitle_lines():
            surface.blit(t.text(line, "body", c.muted), (col.x, sy))
            sy += t.line_height("body")
        cap = t.text("Text size", "small", c.muted, bold=True)
        lines = len(self.subtitle_lines())
        cap_y = col.y + t.line_height("title") + lines * t.line_height("body") + t.pad
        surface.blit(cap, (col.x + 4, cap_y))
        done = next(w for w in self.widgets if w.label == "Done")
        beside = done.rect.top >= self.preview_top
        box = pygame.Rect(
            col.x,
            self.preview_top,
            col.width - (done.rect.width + t.pad if beside else 0),
            (done.rect.bottom if beside else col.bottom) - self.preview_top,
        )
        if box.height >= t.px(6) + t.line_height("small") + t.line_height("body") + t.px(4):
            draw.card(surface, t, box, c.background_alt, shadow=False)
            surface.blit(
                t.text("Preview", "small", c.muted, bold=True), (box.x + t.gap, box.y + t.px(6))
            )
            fits = min(3, (box.height - t.px(6) - t.line_height("small")) // t.line_height("body"))
            for i, line in enumerate(t.wrap(SAMPLE, box.width - 2 * t.gap, "body")[:fits]):
                surface.blit(
                    t.text(line, "body", c.ink),
                    (
                        box.x + t.gap,
                        box.y + t.px(6) + t.line_height("small") + i * t.line_height("body"),
                    ),
                )
