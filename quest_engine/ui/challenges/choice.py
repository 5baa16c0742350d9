"""`choice` challenges: big option buttons.

Single choice submits the option id on click (or Enter). Multiple choice toggles options
with a tick box and submits the list of chosen ids with the Check button.
"""

from __future__ import annotations

import pygame

from quest_engine.ui.challenges import draw
from quest_engine.ui.challenges.base import ChallengeComponent, Control

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class ChoiceComponent(ChallengeComponent):
    def _setup(self) -> None:
        options = list(self.challenge.options)
        if self.challenge.shuffle:
            self.rng.shuffle(options)
        self.options = options
        self.multiple = bool(self.challenge.multiple)
        if not self.multiple:
            self.submit_label = None
        self.chosen: list[str] = []
        self._content_rects: dict[str, pygame.Rect] = {}
        self.option_lines: dict[str, list[str]] = {}
        self.verdict: bool | None = None

    def _layout(self) -> None:
        s = self.style
        n = max(1, len(self.options))
        font = s.font("body", bold=True)
        gap = s.spacing if self.body.height >= 320 else s.spacing // 2
        cols = 2 if (n >= 4 and self.body.width >= 720) else 1
        col_w = (self.body.width - 8 - (cols - 1) * gap * 2) // cols
        col_w = min(col_w, 640 if cols == 1 else col_w)
        text_w = max(40, col_w - 60 - 16)
        rows = (n + cols - 1) // cols
        heights = []
        for opt in self.options:
            lines = draw.fit_lines(font, opt.text, text_w, 4)
            self.option_lines[opt.id] = lines
            heights.append(max(s.min_target + 4, len(lines) * font.get_linesize() + 20))
        row_h = max(heights) if heights else s.min_target
        self.content_height = rows * (row_h + gap) - gap + 8
        self._content_rects = {}
        for i, opt in enumerate(self.options):
            col, row = (i // rows, i % rows) if cols == 2 else (0, i)
            x = self.body.left + 4 + col * (col_w + gap * 2)
            y = self.body.top + 4 + row * (row_h + gap)
            self._content_rects[opt.id] = pygame.Rect(x, y, col_w, row_h)

    @property
    def option_rects(self) -> dict[str, pygame.Rect]:
        return {k: self.scrolled(r) for k, r in self._content_rects.items()}

    def _own_controls(self) -> list[Control]:
        return [Control(f"opt:{o.id}", o.text, self.option_rects[o.id]) for o in self.options]

    def _on_activate(self, key: str) -> None:
        option_id = key.split(":", 1)[1]
        self.verdict = None
        if self.multiple:
            if option_id in self.chosen:
                self.chosen.remove(option_id)
            else:
                self.chosen.append(option_id)
            self.changed()
        else:
            self.chosen = [option_id]
            self.submit()

    def answer(self):
        if not self.multiple:
            return self.chosen[0] if self.chosen else None
        if not self.chosen:
            self.notice = "Choose at least one answer."
            return None
        order = [o.id for o in self.options]
        return sorted(self.chosen, key=order.index)

    def _on_feedback(self, correct: bool) -> None:
        self.verdict = correct

    def _on_retry(self) -> None:
        self.verdict = None
        if not self.multiple:
            self.chosen = []

    def _draw_body(self, surface: pygame.Surface) -> None:
        s = self.style
        pal = s.palette
        font = s.font("body", bold=True)
        rects = self.option_rects
        for i, opt in enumerate(self.options):
            rect = rects[opt.id]
            key = f"opt:{opt.id}"
            chosen = opt.id in self.chosen
            hovered = self.hover_key == key
            fill, border, ink = pal.card, pal.border, pal.ink
            if chosen and self.verdict is not None:
                fill, border = (pal.good_bg, pal.good) if self.verdict else (pal.bad_bg, pal.bad)
            elif chosen:
                fill, border = pal.selected, pal.primary
            elif hovered:
                fill, border = pal.card_alt, pal.primary
            draw.card(surface, s, rect, fill, border, width=3 if chosen else s.border)
            # the letter badge (or tick box for multiple choice)
            centre = (rect.left + 30, rect.centery)
            if self.multiple:
                box = pygame.Rect(0, 0, 28, 28)
                box.center = centre
                pygame.draw.rect(surface, pal.primary if chosen else pal.card, box, border_radius=6)
                pygame.draw.rect(surface, pal.primary, box, 2, border_radius=6)
                if chosen:
                    draw.mark(surface, centre, 12, True, pal.primary)
            else:
                colour = pal.primary if chosen or hovered else pal.card_alt
                pygame.draw.circle(surface, colour, centre, 18)
                letter_ink = pal.on_primary if chosen or hovered else pal.ink
                draw.blit_text(
                    surface,
                    s.font("body", bold=True),
                    LETTERS[i % 26],
                    letter_ink,
                    centre,
                    "center",
                )
            lines = self.option_lines.get(opt.id, [opt.text])
            h = len(lines) * font.get_linesize()
            draw.blit_lines(surface, font, lines, ink, (rect.left + 60, rect.centery - h // 2), 0)
            if self.ring(key):
                draw.focus_ring(surface, s, rect)

    def status_text(self) -> str | None:
        if self.multiple:
            n = len(self.chosen)
            return f"Select all that apply · {n} selected"
        return None
