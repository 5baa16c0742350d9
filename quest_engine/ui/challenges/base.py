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
BANNER_PAD = 16
"""Left and right padding inside the feedback banner."""
BANNER_VPAD = 10
BANNER_ICON = 14
"""Radius of the banner's check / cross badge."""
FADE = 28
"""Height of the soft fade where a scrolled list meets the edge of its viewport."""


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
        self.feedback_extra: str | None = None
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
        if self.show_submit():
            font = s.font("body", bold=True)
            w = max(160, font.size(self.submit_label)[0] + 48)
            h = max(s.min_target, font.get_linesize() + 22)
            self.submit_rect = pygame.Rect(0, 0, min(w, inner.width), h)
        else:
            self.submit_rect = pygame.Rect(0, 0, 0, 0)
        least = self._bar_height(None)
        self._banner_spec = self._fit_banner(inner.width, max(least, (inner.bottom - y) * 3 // 5))
        bar_h = self._bar_height(self._banner_spec)
        if self._banner_spec is None and not self.submit_rect.width and not self.status_text():
            bar_h = 0  # nothing to show yet (e.g. single choice): the answers get the room
        self.action_bar = pygame.Rect(inner.left, inner.bottom - bar_h, inner.width, bar_h)
        if self.submit_rect.width and self._banner_spec is not None and self._banner_spec[5]:
            self.submit_rect.bottomright = (self.action_bar.right - 6, self.action_bar.bottom - 4)
        elif self.submit_rect.width:
            self.submit_rect.midright = (self.action_bar.right - 6, self.action_bar.centery)
        gap = pad if bar_h else 0
        self.body = pygame.Rect(inner.left, y, inner.width, max(0, self.action_bar.top - gap - y))
        self.content_height = 0
        self._layout()
        self.scroll_to(self.scroll)

    def show_submit(self) -> bool:
        """Whether the action-bar button is shown: hidden once the step is done."""
        return bool(self.submit_label) and not (self.locked and not self.playable_when_locked)

    def _banner_message(self) -> tuple[str, bool | None] | None:
        """The text the action bar's banner shows, with its verdict (None: neutral)."""
        if self.feedback is not None:
            correct, message = self.feedback
            text = message or ("Correct!" if correct else "Not quite. Have another go!")
            return text, correct
        if self.notice:
            return self.notice, None
        return None

    def _fit_banner(self, bar_width: int, max_height: int):
        """(font, lines, height, width, key, stacked) of the banner, or None.

        The teacher's words are never cut: the text wraps and the bar grows (up to
        `max_height`); then the small font is tried; then the banner takes the bar's whole
        width with the button under it. Only past all that is the end elided.
        """
        shown = self._banner_message()
        if shown is None:
            return None
        text, ok = shown
        key = (text, ok, self.feedback_extra)
        button = self.submit_rect.width
        if button:
            beside = self._fit_text(text, ok, bar_width - button - 16, max_height)
            if not beside[4]:
                return (*beside[:4], key, False)
            below = max_height - self.submit_rect.height - 8
            stacked = self._fit_text(text, ok, bar_width, below)
            if not stacked[4] or stacked[2] > beside[2]:
                return (*stacked[:4], key, True)
            return (*beside[:4], key, False)
        return (*self._fit_text(text, ok, bar_width, max_height)[:4], key, False)

    def _fit_text(self, text: str, ok: bool | None, width: int, max_height: int):
        """(font, lines, height, box width, cut) for the banner text in `width` pixels."""
        s = self.style
        width = max(60, width)
        extra_w = self._extra_width()
        icon = self._banner_icon(ok)
        text_w = max(40, width - 2 * BANNER_PAD - icon - extra_w)
        cut = False
        for step in ("body", "small"):
            font = s.font(step, bold=True)
            lines = draw.wrap_text(font, text, text_w)
            height = len(lines) * (font.get_linesize() + 2) + 2 * BANNER_VPAD
            if height <= max_height:
                break
        else:
            fit = max(1, (max_height - 2 * BANNER_VPAD) // (font.get_linesize() + 2))
            cut = len(lines) > fit
            lines = draw.fit_lines(font, text, text_w, fit)
            height = len(lines) * (font.get_linesize() + 2) + 2 * BANNER_VPAD
        used = max(font.size(line)[0] for line in lines)
        box_w = min(width, used + 2 * BANNER_PAD + icon + extra_w)
        return font, lines, max(height, s.min_target), box_w, cut

    def _bar_height(self, spec) -> int:
        """The action bar's height for a banner spec (None: no banner)."""
        s = self.style
        bar_h = max(s.min_target + 8, s.font("body").get_linesize() * 2 + 12)
        if spec is None:
            return bar_h
        if spec[5]:
            return spec[2] + 8 + self.submit_rect.height + 8
        return max(bar_h, spec[2] + 8)

    def _banner_icon(self, ok: bool | None) -> int:
        """Width taken by the banner's round icon (and its gap)."""
        return 0 if ok is None else 2 * BANNER_ICON + 10

    def _extra_width(self) -> int:
        if not self.feedback_extra:
            return 0
        return self.style.font("small", bold=True).size(self.feedback_extra)[0] + 24 + 12

    def prompt_font(self) -> pygame.font.Font:
        """Large on roomy layouts, body size when the window is short or the large
        prompt would take three lines (the room is better spent on the answer)."""
        s = self.style
        if self.rect.height >= 480:
            large = s.font("large", bold=True)
            width = self.rect.width - 2 * s.spacing
            prompt = getattr(self.challenge, "prompt", "") or ""
            if len(draw.wrap_text(large, prompt, width)) <= 2:
                return large
        return s.font("body", bold=True)

    # ------------------------------------------------------------------ controls & focus
    def _all_controls(self) -> list[Control]:
        items = list(self._own_controls())
        if self.submit_rect.width:
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

    def _draw_fades(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        """Soften the edges where cards slide under the viewport, so nothing looks sliced."""
        colour = self.style.palette.card
        h = min(FADE, area.height // 4)
        if self.scroll > 0:
            surface.blit(draw.fade(area.width, h, colour, top_opaque=True), area.topleft)
        if self.scroll < self.max_scroll():
            surface.blit(
                draw.fade(area.width, h, colour, top_opaque=False), (area.left, area.bottom - h)
            )

    def scroll_cue_rect(self) -> pygame.Rect | None:
        """The "More" pill at the bottom of a list that continues below.

        Only a cue: a click on it reaches the control underneath, as the student expects
        of the card they can see through the fade."""
        if not self.max_scroll() or self.scroll >= self.max_scroll():
            return None
        font = self.style.font("small", bold=True)
        w = font.size("More")[0] + 44
        h = max(28, font.get_linesize() + 8)
        if self.body.height < 3 * h:
            return None  # a viewport about one row tall: the pill would hide its words
        cue = pygame.Rect(0, 0, w, h)
        cue.midbottom = (self.body.centerx, self.body.bottom - 2)
        return cue

    def _draw_scroll_cue(self, surface: pygame.Surface) -> None:
        cue = self.scroll_cue_rect()
        if cue is None:
            return
        s = self.style
        pal = s.palette
        pygame.draw.rect(surface, pal.ink, cue, border_radius=cue.height // 2)
        ink = pal.page
        font = s.font("small", bold=True)
        text = draw.blit_text(surface, font, "More", ink, (cue.left + 14, cue.centery), "midleft")
        draw.chevron(surface, ink, (text.right + 12, cue.centery), 5, down=True)

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
            self._refit_bar()
            return False
        self.notice = None
        self.feedback = None
        self.last_answer = value
        self.on_submit(value)
        return True

    # ------------------------------------------------------------------ feedback
    def show_feedback(
        self, correct: bool, message: str | None = None, *, extra: str | None = None
    ) -> None:
        """Show the verdict; a correct answer locks the component (the step is done).

        The banner shows `message` in full (it wraps; the action bar grows), and `extra`
        (e.g. "+10 XP") as a small pill beside it, so the host needs no banner of its own.
        Once correct, the submit button is hidden (nothing more to check).
        """
        self.feedback = (correct, message)
        self.feedback_extra = extra
        self.notice = None
        if correct:
            self.lock()
        self._on_feedback(correct)
        self._refit_bar()

    def reset_for_retry(self) -> None:
        self.locked = False
        self.feedback = None
        self.feedback_extra = None
        self.notice = None
        self._on_retry()
        self._refit_bar()

    def changed(self) -> None:
        """The student edited the answer: the old verdict no longer applies."""
        had = self.feedback is not None or self.notice is not None
        self.feedback = None
        self.feedback_extra = None
        self.notice = None
        if had:
            self._refit_bar()

    def _refit_bar(self) -> None:
        """Lay out again only when the action bar's size or the button changes."""
        if not hasattr(self, "_banner_spec"):
            return  # still constructing
        if self.show_submit() != bool(self.submit_rect.width):
            self.set_rect(self.rect)
            return
        s = self.style
        inner = self.rect.inflate(-2 * s.spacing, -2 * s.spacing)
        least = self._bar_height(None)
        spec = self._fit_banner(inner.width, max(least, (inner.bottom - self.body.top) * 3 // 5))
        old = self._banner_spec
        bar_h = self._bar_height(spec)
        if spec is None and not self.submit_rect.width and not self.status_text():
            bar_h = 0
        if bar_h != self.action_bar.height or (bool(spec and spec[5]) != bool(old and old[5])):
            self.set_rect(self.rect)
        else:
            self._banner_spec = spec

    # ------------------------------------------------------------------ frame
    def update(self, dt: float) -> bool:
        return False

    def _sync_banner(self) -> None:
        """A notice set or cleared directly (not via show_feedback) gets its banner fitted."""
        shown = self._banner_message()
        spec = getattr(self, "_banner_spec", None)
        now = None if shown is None else (*shown, self.feedback_extra)
        if (spec[4] if spec else None) != now or self.show_submit() != bool(self.submit_rect.width):
            self._refit_bar()

    def draw(self, surface: pygame.Surface) -> None:
        self._sync_banner()
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
            self._draw_fades(surface, area)
            surface.set_clip(clip)
            self._draw_scrollbar(surface)
            self._draw_scroll_cue(surface)
        else:
            self._draw_body(surface)
        self._draw_action_bar(surface)

    def _draw_action_bar(self, surface: pygame.Surface) -> None:
        s = self.style
        pal = s.palette
        if self.submit_rect.width:
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
        right = (self.submit_rect.left if self.submit_rect.width else self.action_bar.right) - 16
        area = pygame.Rect(self.action_bar.left, self.action_bar.top, 0, self.action_bar.height)
        area.width = max(0, right - area.left)
        shown = self._banner_message()
        if shown is not None:
            _text, ok = shown
            if ok is None:
                fill, ink = pal.warn_bg, pal.warn
            else:
                fill, ink = (pal.good_bg, pal.good) if ok else (pal.bad_bg, pal.bad)
            self._banner(surface, area, fill, ink, ok)
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

    def status_width(self) -> int:
        """Room for the status line, left of the submit button."""
        right = self.submit_rect.left if self.submit_rect.width else self.action_bar.right
        return max(0, right - 16 - self.action_bar.left)

    def fit_status(self, *variants: str) -> str:
        """The first wording that fits on one line (the last one wraps if none does)."""
        font = self.style.font("body")
        width = self.status_width()
        for text in variants:
            if font.size(text)[0] <= width:
                return text
        return variants[-1]

    def banner_rect(self) -> pygame.Rect | None:
        """Where the feedback / notice banner is drawn (None when there is none)."""
        spec = getattr(self, "_banner_spec", None)
        if spec is None or self._banner_message() is None:
            return None
        height, width = spec[2], spec[3]
        box = pygame.Rect(self.action_bar.left, 0, width, height)
        if spec[5]:  # stacked over the button
            box.top = self.action_bar.top + 4
        else:
            box.centery = self.action_bar.centery
        return box

    def banner_lines(self) -> list[str]:
        """The banner's lines as drawn (tests check nothing was cut)."""
        spec = getattr(self, "_banner_spec", None)
        return list(spec[1]) if spec and self._banner_message() is not None else []

    def _banner(self, surface, area, fill, ink, ok: bool | None) -> None:
        spec = self._banner_spec
        box = self.banner_rect()
        if spec is None or box is None:
            return
        s = self.style
        font, lines = spec[0], spec[1]
        draw.card(surface, s, box, fill, ink, shadow=False)
        x = box.left + BANNER_PAD
        if ok is not None:
            draw.mark(surface, (x + BANNER_ICON, box.centery), BANNER_ICON, ok, ink)
            x += self._banner_icon(ok)
        h = len(lines) * (font.get_linesize() + 2) - 2
        draw.blit_lines(surface, font, lines, ink, (x, box.centery - h // 2), 2)
        if self.feedback_extra:
            small = s.font("small", bold=True)
            pill = pygame.Rect(
                0, 0, small.size(self.feedback_extra)[0] + 24, small.get_linesize() + 10
            )
            pill.midright = (box.right - BANNER_PAD + 2, box.centery)
            pygame.draw.rect(surface, ink, pill, border_radius=pill.height // 2)
            on = pal_on(ink)
            draw.blit_text(surface, small, self.feedback_extra, on, pill.center, "center")


def pal_on(colour) -> tuple[int, int, int]:
    """White or black, whichever reads on `colour`."""
    r, g, b = colour[:3]
    return (0, 0, 0) if 0.299 * r + 0.587 * g + 0.114 * b > 150 else (255, 255, 255)
