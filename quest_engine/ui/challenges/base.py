"""The base every challenge component and mini-game builds on.

A component owns one rectangle of the quest-player screen. It draws the prompt, its
controls and an action bar (feedback on the left, the submit button on the right), turns
mouse, touch and keyboard input into an answer and hands that answer to `on_submit`; the
rules engine judges it and the shell calls `show_feedback`.

Focus: every control is reachable with Tab / Shift+Tab (`focus_next` / `focus_prev`
return False when focus leaves the component, so the shell can move it to its own
buttons), arrows move between neighbours, Enter or Space activates. The focus ring shows
once the keyboard is used (like CSS :focus-visible). `controls()` lists the visible
labelled targets so a headless Pilot can click "the control labelled X".
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pygame

from quest_engine.ui.challenges import draw
from quest_engine.ui.challenges.style import Style

ACTIVATE_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)
ARROWS = (pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT)


@dataclass(slots=True)
class Control:
    """One clickable, focusable target with a text label."""

    key: str
    label: str
    rect: pygame.Rect
    enabled: bool = True
    focusable: bool = True


class ChallengeComponent:
    """Shared focus, click, feedback and layout logic (subclasses fill in the hooks)."""

    submit_label: str | None = "Check"
    """Label of the action-bar button; None means no button (e.g. single choice)."""

    def __init__(
        self,
        rect: pygame.Rect,
        challenge: Any,
        style: Style,
        on_submit: Callable[[Any], None],
        rng: random.Random,
        *,
        show_prompt: bool = True,
    ) -> None:
        self.challenge = challenge
        self.style = style
        self.on_submit = on_submit
        self.rng = rng
        self.show_prompt = show_prompt
        self.focus_key: str | None = None
        self.keyboard_mode = False
        self.hover_key: str | None = None
        self.pressed_key: str | None = None
        self.feedback: tuple[bool, str | None] | None = None
        self.notice: str | None = None
        self.locked = False
        """Answered correctly (or locked by the host): input is ignored, nothing is submitted."""
        """A neutral message (e.g. "Type a number first")."""
        self.last_answer: Any = None
        self.scroll = 0
        self.content_height = 0
        """Height of scrollable content in `body` (0: the component does not scroll)."""
        self.rect = pygame.Rect(rect)
        self.prompt_lines: list[str] = []
        self.body = pygame.Rect(self.rect)
        self.action_bar = pygame.Rect(self.rect)
        self.submit_rect = pygame.Rect(0, 0, 0, 0)
        self._setup()
        self.set_rect(rect)
        first = self._focusable()
        self.focus_key = first[0].key if first else None

    # ------------------------------------------------------------------ hooks
    def _setup(self) -> None:
        """Create the component's state (runs before the first layout)."""

    def _layout(self) -> None:
        """Place the controls inside `self.body`."""

    def _own_controls(self) -> list[Control]:
        """The component's controls in Tab order (without the submit button)."""
        return []

    def _on_activate(self, key: str) -> None:
        """A control was clicked, or Enter / Space pressed on it."""

    def _handle(self, event: pygame.event.Event) -> bool:
        """Component-specific input handled before the generic focus/click logic."""
        return False

    def _draw_body(self, surface: pygame.Surface) -> None:
        """Draw the controls."""

    def dragging_now(self) -> bool:
        """True while a mouse drag is in progress (the host should forward mouse events)."""
        return False

    def answer(self) -> Any:
        """The answer to submit, or None (with `self.notice` set) when not ready."""
        return None

    def can_submit(self) -> bool:
        return True

    def _on_feedback(self, correct: bool) -> None:
        """React to the verdict (e.g. colour the chosen option)."""

    def _on_retry(self) -> None:
        """Unlock for another attempt; keep what helps the student iterate."""

    # ------------------------------------------------------------------ layout
    def set_rect(self, rect: pygame.Rect) -> None:
        """Lay out again for a new rectangle (window resize)."""
        self.rect = pygame.Rect(rect)
        s = self.style
        pad = s.spacing
        inner = self.rect.inflate(-2 * pad, -2 * pad)
        y = inner.top
        if self.show_prompt and getattr(self.challenge, "prompt", ""):
            font = self.prompt_font()
            self.prompt_lines = draw.wrap_text(font, self.challenge.prompt, inner.width)[:3]
            y += len(self.prompt_lines) * (font.get_linesize() + 4) + pad
        else:
            self.prompt_lines = []
        bar_h = max(s.min_target + 8, s.font("body").get_linesize() * 2 + 12)
        self.action_bar = pygame.Rect(inner.left, inner.bottom - bar_h, inner.width, bar_h)
        if self.submit_label:
            font = s.font("body", bold=True)
            w = max(160, font.size(self.submit_label)[0] + 48)
            h = max(s.min_target, font.get_linesize() + 22)
            self.submit_rect = pygame.Rect(0, 0, w, h)
            self.submit_rect.midright = (self.action_bar.right - 6, self.action_bar.centery)
        else:
            self.submit_rect = pygame.Rect(0, 0, 0, 0)
        self.body = pygame.Rect(inner.left, y, inner.width, max(0, self.action_bar.top - pad - y))
        self.content_height = 0
        self._layout()
        self.scroll_to(self.scroll)

    def prompt_font(self) -> pygame.font.Font:
        """Large on roomy layouts, body size when the window is short."""
        return self.style.font("large" if self.rect.height >= 480 else "body", bold=True)

    # ------------------------------------------------------------------ controls & focus
    def _all_controls(self) -> list[Control]:
        items = list(self._own_controls())
        if self.submit_label:
            items.append(
                Control(
                    "submit", self.submit_label, self.submit_rect, enabled=self.submit_enabled()
                )
            )
        return items

    def controls(self) -> list[tuple[str, pygame.Rect]]:
        """Visible labelled targets, for a Pilot: click the centre of the one labelled X.

        In a scrolled list only the visible part of each target is listed.
        """
        out = []
        for c in self._all_controls():
            rect = pygame.Rect(c.rect)
            if not rect.width:
                continue
            if self.max_scroll() and c.key != "submit":
                rect = rect.clip(self.body)
                if rect.height < min(c.rect.height, 24):
                    continue
            out.append((c.label, rect))
        return out

    # ------------------------------------------------------------------ scrolling
    def max_scroll(self) -> int:
        return max(0, self.content_height - self.body.height)

    def scroll_to(self, value: float) -> None:
        self.scroll = int(max(0, min(self.max_scroll(), value)))

    def scrolled(self, rect: pygame.Rect) -> pygame.Rect:
        """A content rectangle moved to where it shows on screen."""
        return rect.move(0, -self.scroll)

    def reveal(self, key: str | None) -> None:
        """Scroll so the control `key` is fully in view."""
        if not self.max_scroll() or key is None or key == "submit":
            return
        control = self._control(key)
        if control is None:
            return
        r = control.rect
        if r.top < self.body.top:
            self.scroll_to(self.scroll - (self.body.top - r.top) - 6)
        elif r.bottom > self.body.bottom:
            self.scroll_to(self.scroll + (r.bottom - self.body.bottom) + 6)

    def _draw_scrollbar(self, surface: pygame.Surface) -> None:
        top = self.max_scroll()
        if not top:
            return
        pal = self.style.palette
        track = pygame.Rect(self.body.right + 2, self.body.top, 6, self.body.height)
        pygame.draw.rect(surface, pal.border, track, border_radius=3)
        h = max(30, round(track.height * self.body.height / self.content_height))
        y = track.top + round((track.height - h) * self.scroll / top)
        pygame.draw.rect(surface, pal.muted, (track.left, y, 6, h), border_radius=3)

    def _focusable(self) -> list[Control]:
        return [c for c in self._all_controls() if c.enabled and c.focusable and c.rect.width]

    def _control(self, key: str | None) -> Control | None:
        for c in self._all_controls():
            if c.key == key:
                return c
        return None

    def has_focus(self, key: str) -> bool:
        return self.focus_key == key

    def ring(self, key: str) -> bool:
        """Whether to draw the focus ring on this control (keyboard in use)."""
        return self.keyboard_mode and self.focus_key == key

    def _step_focus(self, delta: int, wrap_out: bool) -> bool:
        self.keyboard_mode = True
        keys = [c.key for c in self._focusable()]
        if not keys:
            self.focus_key = None
            return False
        if self.focus_key not in keys:
            self.focus_key = keys[0] if delta > 0 else keys[-1]
            self.reveal(self.focus_key)
            return True
        i = keys.index(self.focus_key) + delta
        if 0 <= i < len(keys):
            self.focus_key = keys[i]
            self.reveal(self.focus_key)
            return True
        if wrap_out:
            self._focus_leaving()
            self.focus_key = None
            return False
        return True

    def _focus_leaving(self) -> None:
        """Focus is about to leave the component (e.g. flush a draft)."""

    def focus_next(self) -> bool:
        """Move focus forward; False when it left the component (the shell takes over)."""
        return self._step_focus(+1, wrap_out=True)

    def focus_prev(self) -> bool:
        return self._step_focus(-1, wrap_out=True)

    def control_at(self, pos: tuple[int, int]) -> Control | None:
        clipped = bool(self.max_scroll()) and not self.body.collidepoint(pos)
        for c in reversed(self._all_controls()):
            if c.rect.collidepoint(pos) and not (clipped and c.key != "submit"):
                return c
        return None

    # ------------------------------------------------------------------ events
    def handle_event(self, event: pygame.event.Event) -> bool:
        if self.locked and not self.playable_when_locked:
            return self._locked_event(event)
        before = self.focus_key
        used = self._dispatch(event)
        if event.type == pygame.KEYDOWN and self.focus_key != before:
            self.reveal(self.focus_key)  # keyboard focus never hides in a scrolled list
        return used

    playable_when_locked = False
    """Mini-games stay playable for fun after the step is done; they just stop reporting."""

    def _locked_event(self, event: pygame.event.Event) -> bool:
        """Only Tab and scrolling work once locked."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_TAB:
            back = getattr(event, "mod", 0) & pygame.KMOD_SHIFT
            return self.focus_prev() if back else self.focus_next()
        if event.type == pygame.MOUSEWHEEL and self.max_scroll():
            self.scroll_to(self.scroll - event.y * 40)
            return True
        return False

    def _dispatch(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN:
            self.keyboard_mode = True
        elif event.type == pygame.MOUSEBUTTONDOWN:
            self.keyboard_mode = False
        elif event.type == pygame.MOUSEMOTION and self.dragging_now():
            buttons = getattr(event, "buttons", None)
            if buttons is not None and not buttons[0]:
                # the button came up outside our rectangle: finish the drag here
                self._handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=event.pos, button=1))
        if self._handle(event):
            return True
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_TAB:
                if getattr(event, "mod", 0) & pygame.KMOD_SHIFT:
                    return self.focus_prev()
                return self.focus_next()
            if event.key in ACTIVATE_KEYS and self.focus_key is not None:
                self.activate(self.focus_key)
                return True
            if event.key in ARROWS and self.focus_key is not None:
                back = event.key in (pygame.K_UP, pygame.K_LEFT)
                self._step_focus(-1 if back else 1, wrap_out=False)
                return True
            return False
        if event.type == pygame.MOUSEWHEEL and self.max_scroll():
            self.scroll_to(self.scroll - event.y * 40)
            return True
        if event.type == pygame.MOUSEMOTION:
            hit = self.control_at(event.pos)
            self.hover_key = hit.key if hit and hit.enabled else None
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            hit = self.control_at(event.pos)
            if hit and hit.enabled:
                self.pressed_key = hit.key
                if hit.focusable:
                    self.focus_key = hit.key
                return True
            return self.rect.collidepoint(event.pos)
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            pressed, self.pressed_key = self.pressed_key, None
            hit = self.control_at(event.pos)
            if pressed and hit and hit.key == pressed and hit.enabled:
                self.activate(pressed)
                return True
            return pressed is not None
        return False

    def activate(self, key: str) -> None:
        control = self._control(key)
        if control is None or not control.enabled:
            return
        if key == "submit":
            self.submit()
        else:
            self._on_activate(key)

    def submit_enabled(self) -> bool:
        return self.can_submit() and not self.locked

    def lock(self) -> None:
        """Stop taking answers (the step is finished); `reset_for_retry` unlocks."""
        self.locked = True

    def submit(self) -> bool:
        """Hand the answer to the shell; False (with a notice) when it is not ready."""
        if not self.submit_enabled():
            return False
        value = self.answer()
        if value is None:
            return False
        self.notice = None
        self.feedback = None
        self.last_answer = value
        self.on_submit(value)
        return True

    # ------------------------------------------------------------------ feedback
    def show_feedback(self, correct: bool, message: str | None = None) -> None:
        """Show the verdict; a correct answer locks the component (the step is done)."""
        self.feedback = (correct, message)
        self.notice = None
        if correct:
            self.lock()
        self._on_feedback(correct)

    def reset_for_retry(self) -> None:
        self.locked = False
        self.feedback = None
        self.notice = None
        self._on_retry()

    def changed(self) -> None:
        """The student edited the answer: the old verdict no longer applies."""
        self.feedback = None
        self.notice = None

    # ------------------------------------------------------------------ frame
    def update(self, dt: float) -> bool:
        return False

    def draw(self, surface: pygame.Surface) -> None:
        s = self.style
        if self.prompt_lines:
            font = self.prompt_font()
            x = self.rect.left + s.spacing
            draw.blit_lines(
                surface, font, self.prompt_lines, s.palette.ink, (x, self.rect.top + s.spacing)
            )
        if self.max_scroll():
            clip = surface.get_clip()
            area = self.body.inflate(16, 0)
            surface.set_clip(area.clip(clip) if clip else area)
            self._draw_body(surface)
            surface.set_clip(clip)
            self._draw_scrollbar(surface)
        else:
            self._draw_body(surface)
        self._draw_action_bar(surface)

    def _draw_action_bar(self, surface: pygame.Surface) -> None:
        s = self.style
        pal = s.palette
        if self.submit_label:
            draw.button(
                surface,
                s,
                self.submit_rect,
                self.submit_label,
                primary=True,
                enabled=self.submit_enabled(),
                focused=self.ring("submit"),
                hovered=self.hover_key == "submit",
            )
        right = (self.submit_rect.left if self.submit_label else self.action_bar.right) - 16
        area = pygame.Rect(self.action_bar.left, self.action_bar.top, 0, self.action_bar.height)
        area.width = max(0, right - area.left)
        if self.feedback is not None:
            correct, message = self.feedback
            text = message or ("Correct!" if correct else "Not quite. Have another go!")
            fill, ink = (pal.good_bg, pal.good) if correct else (pal.bad_bg, pal.bad)
            self._banner(surface, area, text, fill, ink, correct)
        elif self.notice:
            self._banner(surface, area, self.notice, pal.warn_bg, pal.warn, None)
        else:
            status = self.status_text()
            if status:
                font = s.font("body")
                lines = draw.wrap_text(font, status, area.width)[:2]
                h = len(lines) * (font.get_linesize() + 2)
                draw.blit_lines(
                    surface, font, lines, pal.muted, (area.left, area.centery - h // 2), 2
                )

    def status_text(self) -> str | None:
        """A muted line in the action bar when there is no feedback (e.g. word count)."""
        return None

    def _banner(self, surface, area, text, fill, ink, ok: bool | None) -> None:
        if area.width < 60:
            return
        s = self.style
        font = s.font("body", bold=True)
        icon = 14 if ok is not None else 0
        lines = draw.wrap_text(font, text, area.width - 32 - 2 * icon)[:2]
        if len(lines) == 2 and len(draw.wrap_text(font, text, area.width - 32 - 2 * icon)) > 2:
            lines[1] = draw.fit_text(font, lines[1] + " …", area.width - 32 - 2 * icon)
        h = len(lines) * (font.get_linesize() + 2)
        width = max(font.size(line)[0] for line in lines) + 32 + 2 * icon + (8 if icon else 0)
        box = pygame.Rect(area.left, area.top + 4, min(area.width, width), area.height - 8)
        draw.card(surface, s, box, fill, ink, shadow=False)
        x = box.left + 14
        if ok is not None:
            draw.mark(surface, (x + icon, box.centery), icon, ok, ink)
            x += 2 * icon + 10
        draw.blit_lines(surface, font, lines, ink, (x, box.centery - h // 2), 2)
