"""`write` challenges: the writing studio's editor, word count, rubric and autosave.

The draft is handed to `on_draft` 1.5 s after typing stops, when focus leaves the editor
and on `flush_draft()` (the shell calls it before closing), so a closed window loses at
most the last second and a half. Submit stays disabled below the minimum word count.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pygame

from quest_engine.ui.challenges import draw
from quest_engine.ui.challenges.base import ChallengeComponent, Control
from quest_engine.ui.challenges.style import Style
from quest_engine.ui.widgets.text_editor import TextEditor, count_words

DRAFT_DELAY = 1.5
SUBMIT_LABELS = {
    "teacher": "Submit for review",
    "peer": "Share for peer review",
    "self": "Submit",
}


class WriteComponent(ChallengeComponent):
    def __init__(
        self,
        rect: pygame.Rect,
        challenge: Any,
        style: Style,
        on_submit: Callable[[Any], None],
        rng: random.Random,
        *,
        on_draft: Callable[[str], None] | None = None,
        draft: str | None = None,
        show_prompt: bool = True,
    ) -> None:
        self.on_draft = on_draft
        self._initial = draft or ""
        self.submit_label = SUBMIT_LABELS.get(challenge.review, "Submit")
        super().__init__(rect, challenge, style, on_submit, rng, show_prompt=show_prompt)

    def _setup(self) -> None:
        self.editor = TextEditor(
            self.style.font("body"),
            pygame.Rect(0, 0, 300, 200),
            self._initial,
            placeholder=self.challenge.starter or "Start writing here…",
            on_change=self._edited,
        )
        self.draft_timer: float | None = None
        self.saved_text = self._initial
        self.just_saved = 0.0
        self.rubric_rect = pygame.Rect(0, 0, 0, 0)
        self.rubric_lines: list[str] = []

    # ------------------------------------------------------------------ text & drafts
    @property
    def text(self) -> str:
        return self.editor.text

    def set_text(self, text: str) -> None:
        self.editor.set_text(text)
        self.saved_text = text

    @property
    def words(self) -> int:
        return count_words(self.editor.text)

    def _edited(self, text: str) -> None:
        self.changed()
        self.draft_timer = 0.0 if self.on_draft else None

    def flush_draft(self) -> bool:
        """Save the draft now if it changed; True when `on_draft` was called."""
        self.draft_timer = None
        if self.on_draft is None or self.editor.text == self.saved_text:
            return False
        self.saved_text = self.editor.text
        self.on_draft(self.saved_text)
        self.just_saved = 2.0
        return True

    def _focus_leaving(self) -> None:
        self.flush_draft()

    # ------------------------------------------------------------------ layout
    def _layout(self) -> None:
        s = self.style
        b = self.body
        rubric = self.challenge.rubric
        self.rubric_compact = False
        if b.width >= 680 or not rubric:
            rubric_w = max(230, min(380, b.width // 3)) if rubric else 0
            gap = s.spacing * 2 if rubric_w else 0
            editor = pygame.Rect(b.left + 4, b.top + 4, b.width - rubric_w - gap - 8, b.height - 8)
            self.rubric_rect = pygame.Rect(editor.right + gap, b.top + 4, rubric_w, b.height - 8)
        else:
            # narrow: one line per criterion ("Aim for ...") under the editor
            self.rubric_compact = True
            small = s.font("small")
            line = small.get_linesize() + 2
            self.rubric_lines = []
            for crit in rubric:
                best = max(crit.levels, key=lambda lvl: lvl.score, default=None)
                aim = f" — aim for: {best.description}" if best else ""
                self.rubric_lines += draw.fit_lines(
                    small, f"{crit.criterion}{aim}", b.width - 40, 2
                )
            most = max(2, int(b.height * 0.4) // line)
            self.rubric_lines = self.rubric_lines[:most]
            rubric_h = len(self.rubric_lines) * line + 16
            editor = pygame.Rect(
                b.left + 4, b.top + 4, b.width - 8, b.height - rubric_h - s.spacing - 8
            )
            self.rubric_rect = pygame.Rect(
                b.left + 4, editor.bottom + s.spacing, b.width - 8, rubric_h
            )
        if self.editor.font is not s.font("body"):
            self.editor.set_font(s.font("body"))
        self.editor.set_rect(editor)

    def _own_controls(self) -> list[Control]:
        return [Control("editor", "Your writing", self.editor.rect)]

    def can_submit(self) -> bool:
        n = self.words
        top = self.challenge.max_words
        return n >= max(1, self.challenge.min_words) and (top is None or n <= top)

    def answer(self) -> str | None:
        self.flush_draft()
        return self.editor.text

    # ------------------------------------------------------------------ events
    def dragging_now(self) -> bool:
        return self.editor.mouse_selecting

    def _handle(self, event: pygame.event.Event) -> bool:
        if event.type in (pygame.WINDOWFOCUSLOST, pygame.WINDOWMINIMIZED):
            self.flush_draft()  # the student switched away: keep the draft safe now
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and self.editor.rect.collidepoint(event.pos):
            self.focus_key = "editor"
            return self.editor.handle_event(event)
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEWHEEL, pygame.MOUSEBUTTONUP):
            used = self.editor.handle_event(event)
            if used and event.type != pygame.MOUSEMOTION:
                return True
            return False
        if not self.has_focus("editor"):
            return False
        if event.type == pygame.TEXTINPUT:
            return self.editor.handle_event(event)
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and getattr(event, "mod", 0) & (
                pygame.KMOD_CTRL | pygame.KMOD_META
            ):
                self.submit()
                return True
            if event.key == pygame.K_TAB:
                return False
            return self.editor.handle_event(event)
        return False

    def _step_focus(self, delta: int, wrap_out: bool) -> bool:
        if self.focus_key == "editor":
            self.flush_draft()
        return super()._step_focus(delta, wrap_out)

    # ------------------------------------------------------------------ frame
    def update(self, dt: float) -> bool:
        busy = False
        if self.draft_timer is not None:
            self.draft_timer += dt
            if self.draft_timer >= DRAFT_DELAY:
                self.flush_draft()
            else:
                busy = True
        if self.just_saved > 0:
            self.just_saved = max(0.0, self.just_saved - dt)
            busy = busy or self.just_saved > 0
        return busy

    def word_count_text(self) -> str:
        n = self.words
        lo, hi = self.challenge.min_words, self.challenge.max_words
        if hi is not None and lo:
            target = f"{lo}–{hi}"
        elif hi is not None:
            target = f"up to {hi}"
        elif lo:
            target = f"{lo}+"
        else:
            return f"{n} words"
        return f"{n} / {target} words"

    def status_text(self) -> str | None:
        text = self.word_count_text()
        n = self.words
        if n < self.challenge.min_words:
            text += f" · {self.challenge.min_words - n} more to go"
        elif self.challenge.max_words is not None and n > self.challenge.max_words:
            text += " · a little too long"
        if self.just_saved > 0:
            text += " · draft saved"
        return text

    def _draw_body(self, surface: pygame.Surface) -> None:
        s = self.style
        pal = s.palette
        focused = self.has_focus("editor")
        draw.card(
            surface,
            s,
            self.editor.rect,
            pal.card,
            pal.focus if focused else pal.border,
            width=3 if focused else s.border,
        )
        self.editor.draw(surface, pal.ink, pal.disabled_ink, pal.primary, pal.selected, focused)
        if self.ring("editor"):
            draw.focus_ring(surface, s, self.editor.rect)
        self._draw_meter(surface)
        if self.rubric_rect.width and self.rubric_rect.height:
            self._draw_rubric(surface)

    def _draw_meter(self, surface: pygame.Surface) -> None:
        """A thin progress bar under the editor towards the word target."""
        s = self.style
        pal = s.palette
        lo, hi = self.challenge.min_words, self.challenge.max_words
        goal = lo or hi
        if not goal:
            return
        r = self.editor.rect
        bar = pygame.Rect(r.left + s.radius, r.bottom - 7, r.width - 2 * s.radius, 4)
        n = self.words
        frac = min(1.0, n / goal)
        over = hi is not None and n > hi
        colour = pal.bad if over else pal.good if n >= lo else pal.accent
        pygame.draw.rect(surface, pal.card_alt, bar, border_radius=2)
        pygame.draw.rect(
            surface, colour, (bar.left, bar.top, round(bar.width * frac), 4), border_radius=2
        )

    def _draw_rubric(self, surface: pygame.Surface) -> None:
        s = self.style
        pal = s.palette
        r = self.rubric_rect
        draw.card(surface, s, r, pal.card_alt, pal.border, shadow=False)
        clip = surface.get_clip()
        surface.set_clip(r.inflate(-4, -4).clip(clip) if clip else r.inflate(-4, -4))
        x, y, w = r.left + 16, r.top + 12, r.width - 32
        small = s.font("small")
        small_bold = s.font("small", bold=True)
        if self.rubric_compact:
            draw.blit_lines(surface, small, self.rubric_lines, pal.ink, (x, r.top + 8), 2)
            surface.set_clip(clip)
            return
        title = s.font("body", bold=True)
        heading = draw.wrap_text(title, "What makes it great", w)
        y = draw.blit_lines(surface, title, heading, pal.ink, (x, y)) + 2
        for crit in self.challenge.rubric:
            lines = draw.wrap_text(small_bold, crit.criterion, w)
            y = draw.blit_lines(surface, small_bold, lines, pal.ink, (x, y), 2)
            levels = sorted(crit.levels, key=lambda lvl: -lvl.score)
            for lvl in levels:
                label = f"{lvl.score} · {lvl.description}"
                colour = pal.good if lvl is levels[0] else pal.muted
                lines = draw.wrap_text(small, label, w - 10)
                y = draw.blit_lines(surface, small, lines, colour, (x + 10, y), 1)
            y += 8
            if y > r.bottom:
                break
        surface.set_clip(clip)
