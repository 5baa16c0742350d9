"""`number` and `text` challenges: one entry field plus a Check button.

A number answer is submitted as the text the student typed ("2.4 km"): the rules engine
parses it and converts units, so the UI never second-guesses a valid answer.
"""

from __future__ import annotations

import pygame

from quest_engine.ui.challenges import draw
from quest_engine.ui.challenges.base import ChallengeComponent, Control
from quest_engine.ui.challenges.entry import LineEntry


class _EntryComponent(ChallengeComponent):
    placeholder = "Type your answer"
    empty_notice = "Type your answer first."
    max_width = 620

    def _setup(self) -> None:
        self.entry = LineEntry(self.style, self.placeholder)

    def _unit(self) -> str | None:
        return None

    def _helper(self) -> str | None:
        return None

    def _layout(self) -> None:
        s = self.style
        font = self.entry.font
        h = max(s.min_target + 12, font.get_linesize() + 24)
        unit = self._unit()
        unit_w = s.font("large", bold=True).size(unit)[0] + 2 * s.spacing if unit else 0
        w = min(self.max_width, self.body.width - unit_w)
        self.entry.rect = pygame.Rect(self.body.left + 4, self.body.top + 8, max(120, w), h)

    def _own_controls(self) -> list[Control]:
        return [Control("entry", "Answer", self.entry.rect)]

    def _handle(self, event: pygame.event.Event) -> bool:
        if not self.has_focus("entry"):
            if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                if self.entry.rect.collidepoint(event.pos):
                    self.focus_key = "entry"
                    self.entry.click(event.pos)
                    return True
            return False
        if event.type == pygame.TEXTINPUT:
            if self.entry.insert(event.text):
                self.changed()
            return True
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.submit()
                return True
            if event.key == pygame.K_SPACE:
                return True  # the TEXTINPUT event that follows types the space
            consumed, edited = self.entry.handle_key(event)
            if edited:
                self.changed()
            return consumed
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.entry.rect.collidepoint(event.pos):
                self.entry.click(event.pos)
                return True
        return False

    def _on_activate(self, key: str) -> None:
        if key == "entry":
            self.focus_key = "entry"

    def answer(self) -> str | None:
        text = self.entry.text.strip()
        if not text:
            self.notice = self.empty_notice
            self.focus_key = "entry"
            return None
        return text

    def _on_retry(self) -> None:
        self.focus_key = "entry"
        self.entry.cursor = len(self.entry.text)

    def _draw_body(self, surface: pygame.Surface) -> None:
        s = self.style
        pal = s.palette
        border = None
        if self.feedback is not None:
            border = pal.good if self.feedback[0] else pal.bad
        self.entry.draw(surface, self.has_focus("entry"), self.ring("entry"), border)
        unit = self._unit()
        if unit:
            draw.blit_text(
                surface,
                s.font("large", bold=True),
                unit,
                pal.ink,
                (self.entry.rect.right + s.spacing, self.entry.rect.centery),
                "midleft",
            )
        lines = self.helper_lines()
        if lines:
            draw.blit_lines(
                surface,
                s.font("small"),
                lines,
                pal.muted,
                (self.entry.rect.left, self.entry.rect.bottom + 10),
            )

    def helper_lines(self) -> list[str]:
        """The tip under the entry, whole, in the room left above the action bar: the
        long tip, else the short one, else none (never half a line behind the banner)."""
        font = self.style.font("small")
        room = self.body.bottom - (self.entry.rect.bottom + 10)
        for helper in (self._helper(), "Press Enter to check."):
            if not helper:
                continue
            lines = draw.wrap_text(font, helper, self.body.width)
            if len(lines) * (font.get_linesize() + 4) - 4 <= room:
                return lines
        return []


class NumberComponent(_EntryComponent):
    placeholder = "Type a number"
    empty_notice = "Type a number first."
    max_width = 360

    def _unit(self) -> str | None:
        return self.challenge.unit

    def _helper(self) -> str | None:
        unit = self.challenge.unit
        if unit:
            return f"Answer in {unit}; you may type another unit too (like km or cm). Press Enter to check."
        return "Press Enter to check."


class TextComponent(_EntryComponent):
    placeholder = "Type your answer"

    def _helper(self) -> str | None:
        return "Press Enter to check."
