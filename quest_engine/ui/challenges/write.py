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
from quest_engine.ui.challenges.rubric import RubricPanel
from quest_engine.ui.challenges.style import Style
from quest_engine.ui.widgets.text_editor import TextEditor, count_words

DRAFT_DELAY = 1.5
NOTE_PAD = 16
"""Horizontal padding inside the returned-work note."""
NOTE_VPAD = 12
NOTE_ICON = 44
"""Room for the note's badge (its width plus the gap before the text)."""
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
        rubric = self.challenge.rubric
        self.rubric_panel: RubricPanel | None = RubricPanel(self.style, rubric) if rubric else None
        """The rubric, scrollable; a host may place it elsewhere (see `detach_rubric`)."""
        self.rubric_external = False
        self.returned: tuple[str, str | None] | None = None
        """(heading, teacher's comment) when the work came back for another draft."""
        self.returned_rect = pygame.Rect(0, 0, 0, 0)
        self.returned_lines: list[tuple[pygame.font.Font, str]] = []

    # ------------------------------------------------------------------ host hooks
    def detach_rubric(self, external: bool = True) -> RubricPanel | None:
        """The host draws `rubric_panel` itself (e.g. in the mission-brief panel): the
        editor gets the whole width. The host then calls `rubric_panel.set_rect(rect)`,
        `.draw(surface)` each frame and passes mouse events to `.handle_event(event)`."""
        self.rubric_external = external
        self.set_rect(self.rect)
        return self.rubric_panel

    def show_returned(
        self,
        comment: str | None,
        heading: str = "Your teacher returned this for another draft.",
    ) -> None:
        """Show the teacher's note above the editor, in full, while the student revises."""
        comment = (comment or "").strip() or None
        self.returned = (heading, comment)
        self.set_rect(self.rect)

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
        b = pygame.Rect(self.body)
        self.returned_rect = pygame.Rect(0, 0, 0, 0)
        self.returned_lines = []
        line = s.font("body").get_linesize() + 4
        min_editor = 4 * line + 2 * self.editor.padding
        if self.returned is not None and self.rubric_panel is None:
            self.rubric_panel = RubricPanel(s, ())
        panel = self.rubric_panel
        if panel is not None:
            panel.note = None
        if self.returned is not None:
            heading, comment = self.returned
            step = "body" if b.height >= 330 else "small"
            bold, body = s.font(step, bold=True), s.font(step)
            text_w = b.width - 8 - 2 * NOTE_PAD - NOTE_ICON
            lines = [(bold, line) for line in draw.wrap_text(bold, heading, text_w)]
            if comment:
                lines += [(body, line) for line in draw.wrap_text(body, f"“{comment}”", text_w)]
            h = sum(f.get_linesize() + 2 for f, _ in lines) + 2 * NOTE_VPAD
            if b.height - h - s.spacing - 8 >= min_editor or panel is None or self.rubric_external:
                self.returned_lines = lines
                self.returned_rect = pygame.Rect(b.left + 4, b.top + 4, b.width - 8, h)
                b.top = self.returned_rect.bottom + s.spacing - 4
                b.height = max(0, self.body.bottom - b.top)
            else:
                panel.note = self.returned  # no room above the editor: read it in the panel
        self.rubric_rect = pygame.Rect(0, 0, 0, 0)
        editor = pygame.Rect(b.left + 4, b.top + 4, b.width - 8, b.height - 8)
        if panel is not None and not self.rubric_external and (panel.rubric or panel.note):
            gap = s.spacing * 2
            panel.compact = True
            small = s.font("small").get_linesize()
            least = 2 * small + 2 * panel.padding[1] + panel._cue_size()[1] + 6
            strip_fits = b.height - 8 - s.spacing - min_editor >= least
            if b.width >= 680 or (not strip_fits and b.width >= 460):
                rubric_w = max(200, min(380, b.width // 3 if b.width >= 680 else b.width * 2 // 5))
                editor.width = b.width - rubric_w - gap - 8
                panel.compact = False
                want = panel.preferred_height(rubric_w)
                self.rubric_rect = pygame.Rect(
                    editor.right + gap, b.top + 4, rubric_w, min(want, b.height - 8)
                )
                panel.set_rect(self.rubric_rect, compact=False)
            else:
                # narrow: a short strip under the editor (scrolls), the editor keeps 4 lines
                want = panel.preferred_height(b.width - 8)
                room = b.height - 8 - s.spacing - min_editor
                strip = max(least, min(want, room, int(b.height * 0.34)))
                editor.height = b.height - 8 - strip - s.spacing
                self.rubric_rect = pygame.Rect(
                    b.left + 4, editor.bottom + s.spacing, b.width - 8, strip
                )
                panel.set_rect(self.rubric_rect, compact=True)
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
        panel = self.rubric_panel
        if panel is not None and not self.rubric_external and panel.handle_event(event):
            return True
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
        extra = ""
        if n < self.challenge.min_words:
            extra = f" · {self.challenge.min_words - n} more to go"
        elif self.challenge.max_words is not None and n > self.challenge.max_words:
            extra = " · a little too long"
        saved = " · draft saved" if self.just_saved > 0 else ""
        return self.fit_status(text + extra + saved, text + extra, text)

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
        self._draw_returned(surface)

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
        if self.rubric_panel is not None and not self.rubric_external:
            self.rubric_panel.draw(surface)

    def _draw_returned(self, surface: pygame.Surface) -> None:
        """The teacher's note: a calm info card with a "sent back" arrow badge."""
        r = self.returned_rect
        if not r.width:
            return
        s = self.style
        pal = s.palette
        draw.card(surface, s, r, pal.warn_bg, pal.warn, shadow=False)
        draw.return_badge(
            surface, (r.left + NOTE_PAD + NOTE_ICON // 2 - 4, r.top + NOTE_VPAD + 14), 14, pal.warn
        )
        x = r.left + NOTE_PAD + NOTE_ICON
        y = r.top + NOTE_VPAD
        for font, text in self.returned_lines:
            surface.blit(font.render(text, True, pal.ink), (x, y))
            y += font.get_linesize() + 2
