"""BaseScene: what every screen shares — controls, keyboard focus, Esc to go back, layout.

A subclass builds its controls in `build()` (called on enter, on resize and when settings
change) and draws its own picture in `paint()`; controls are drawn on top, then the
pygame_gui widgets (text fields) by the app.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pygame

from quest_engine.errors import QuestError
from quest_engine.ui.controls import FocusRing, TextField, Widget

if TYPE_CHECKING:
    from quest_engine.ui.app import App


def as_sentence(text: str) -> str:
    """A store's short lower-case wording as a sentence on screen ("wrong PIN" -> "Wrong PIN.")."""
    text = text.strip()
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


TERMINAL_HINT = re.compile(
    r"--|QUEST_|see:|://|`|\bquest (?:class|review|store|student|validate|export|import|play)\b"
)
"""A hint naming a command or an option is for the terminal, not for a student's screen."""


SERVER_AWAY = "The class server can't be reached right now."


def screen_message(text: str) -> str:
    """The store's message as a sentence for the screen; "the shared store postgresql://...
    cannot be reached" (an address means nothing to a student) becomes SERVER_AWAY."""
    if "cannot be reached" in text and "://" in text:
        return SERVER_AWAY
    return as_sentence(text)


def screen_hint(hint: str | None) -> str | None:
    """The hint as a sentence for the screen, or None when it only makes sense in a terminal."""
    if not hint or TERMINAL_HINT.search(hint):
        return None
    return as_sentence(hint)


class BaseScene:
    cacheable = False
    """True when the picture depends only on layout, hover, focus and `cache_key()`: an
    unchanged frame is then one blit of the last one (mouse moves cost almost nothing)."""
    overlay = False
    """True for scenes drawn over the one beneath (celebrations)."""
    title = ""

    def __init__(self, app: App) -> None:
        self.app = app
        self.theme = app.theme
        self.focus = FocusRing()
        self.widgets: list[Widget] = []
        self.message = None
        """A short notice shown by the scene (errors in plain words)."""
        self.message_hint: str | None = None
        """The hint of the QuestError behind the notice (`show_error`), shown under it."""
        self.notice_split = 0
        self._version = 0
        self._frame: pygame.Surface | None = None
        self._frame_key: tuple | None = None
        self._frame_text: list[str] = []
        self._message_seen: tuple[str, tuple[str, ...]] | None = None

    @property
    def message(self) -> str | None:
        return self._message

    @message.setter
    def message(self, text: str | None) -> None:
        """A new notice (or none) drops the hint of the last one."""
        self._message = text
        self.message_hint = None

    def show_error(
        self, exc: QuestError, message: str | None = None, hint: str | None = None
    ) -> None:
        """Show a QuestError as the notice: its message (or a kinder `message`) and, on a
        second, softer line, its hint (or `hint`): what to do next."""
        self.message = message or screen_message(str(exc))
        self.message_hint = hint or screen_hint(getattr(exc, "hint", None))

    # ------------------------------------------------------------------ lifecycle
    def enter(self) -> None:
        self.relayout()

    def exit(self) -> None:
        for w in self.widgets:
            if isinstance(w, TextField):
                w.detach()

    def cover(self) -> None:
        """Another scene was pushed on top: hide our text fields."""
        for w in self.widgets:
            if isinstance(w, TextField) and w.entry is not None:
                w.entry.hide()

    def uncover(self) -> None:
        self.relayout()

    def relayout(self) -> None:
        """Rebuild controls for the current window size and settings, keeping focus."""
        focused = self.focus.focused
        keep = focused.label if focused else None
        for w in self.widgets:
            if isinstance(w, TextField):
                w.detach()
        self.widgets = []
        self.build()
        for w in self.widgets:
            if isinstance(w, TextField):
                w.attach(self.app.manager, self.theme)
        self.focus.set(self.widgets, keep)
        self._version += 1
        self.app.dirty = True

    def build(self) -> None:
        """Create self.widgets with rects for the current size."""

    def add(self, widget: Widget) -> Widget:
        self.widgets.append(widget)
        return widget

    # ------------------------------------------------------------------ input
    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            if self.on_key(event):
                return
            if self.focus.handle_key(event):
                return
            if event.key == pygame.K_ESCAPE:
                self.back()
                return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.focus_field_at(event.pos)
        if event.type == pygame.MOUSEWHEEL:
            self.on_scroll(event.y)
            return
        for w in list(self.widgets):
            if w.handle_event(event):
                self.app.dirty = True
                return
        if event.type == pygame.MOUSEMOTION:
            self.app.set_pointer(any(w.hovered and not w.clipped for w in self.widgets))

    def focus_field_at(self, pos: tuple[int, int]) -> None:
        """A click on a text field moves the keyboard focus (and its ring) there."""
        for w in self.focus.available():
            if isinstance(w, TextField) and w.entry_rect().collidepoint(pos):
                self.focus.focus(w)
                return

    def on_key(self, event: pygame.event.Event) -> bool:
        """Scene-specific keys before focus handling; True when used."""
        return False

    def on_scroll(self, dy: int) -> None:
        pass

    def back(self) -> None:
        """Esc: leave this screen (the bottom scene stays)."""
        if len(self.app.scenes) > 1:
            self.app.pop()

    # ------------------------------------------------------------------ frame
    def update(self, dt: float) -> bool:
        return False

    def resize(self, size: tuple[int, int]) -> None:
        self.relayout()

    def cache_key(self) -> tuple:
        """Scene state (beyond layout, hover and focus) that changes the picture."""
        return ()

    def message_resolved(self) -> bool:
        """True once the student acted on the notice (typed into any field since it was
        shown): a "fill this in" toast goes away as soon as it is being answered."""
        texts = tuple(w.text for w in self.widgets if isinstance(w, TextField))
        seen = self._message_seen
        if seen is None or seen[0] != self.message:
            self._message_seen = (self.message or "", texts)
            return False
        return texts != seen[1]

    def draw(self, surface: pygame.Surface) -> None:
        if self.message and self.message_resolved():
            self.message = None
        if not self.message:
            self._message_seen = None
        if not self.cacheable:
            self.draw_fresh(surface)
            return
        focused = self.focus.focused
        key = (
            self._version,
            surface.get_size(),
            tuple(w.hovered for w in self.widgets),
            id(focused),
            self.message,
            self.message_hint,
            self.cache_key(),
        )
        if self._frame is not None and key == self._frame_key:
            surface.blit(self._frame, (0, 0))
            self.theme.drawn_text.extend(self._frame_text)
            return
        start = len(self.theme.drawn_text)
        self.draw_fresh(surface)
        self._frame = surface.copy()
        self._frame_key = key
        self._frame_text = self.theme.drawn_text[start:]

    def draw_fresh(self, surface: pygame.Surface) -> None:
        self.paint(surface)
        focused = self.focus.focused
        for w in self.widgets:
            if w.visible:
                clip = self.clip_for(w)
                if clip is None:
                    w.draw(surface, self.theme, w is focused)
                else:
                    previous = surface.get_clip()
                    surface.set_clip(clip)
                    w.draw(surface, self.theme, w is focused)
                    surface.set_clip(previous)
        if self.message:
            self.draw_message(surface)

    def clip_for(self, widget: Widget) -> pygame.Rect | None:
        """The area a scrolled control may draw in (None: anywhere)."""
        return None

    def paint(self, surface: pygame.Surface) -> None:
        surface.fill(self.theme.colors.background)

    def message_area(self) -> pygame.Rect:
        """Where the notice may go (a scene can narrow it to its main panel)."""
        w, h = self.size
        return pygame.Rect(0, 0, w, h)

    def notice_blockers(self) -> list[pygame.Rect]:
        """Painted panels (not controls) the notice should not cover either."""
        return []

    def notice_lines(self, room: int) -> tuple[list[str], list[str]]:
        """(message lines, hint lines) wrapped on words for a pill `room` wide."""
        t = self.theme
        words = t.wrap(self.message or "", room, "body", True)
        hints = t.wrap(self.message_hint, room, "small") if self.message_hint else []
        return words, hints

    def message_rect(self) -> tuple[pygame.Rect, list[str]]:
        """The notice's pill and its lines: wrapped (never cut), as low in `message_area`
        as it can sit without covering a control (centred, else beside the buttons). A
        hint's lines follow the message's in the same pill (`notice_split` tells them apart)."""
        t = self.theme
        area = self.message_area().inflate(-2 * t.pad, -2 * t.pad)
        blockers = [w.rect.inflate(8, 8) for w in self.widgets if w.visible and not w.clipped]
        blockers += self.notice_blockers()
        shapes = []
        for frac in (1.0, 0.62, 0.45):
            words, hints = self.notice_lines(max(40, int(area.width * frac) - t.px(40)))
            widths = [t.measure(line, "body", True) for line in words]
            widths += [t.measure(line, "small") for line in hints]
            height = len(words) * t.line_height("body") + t.px(20)
            if hints:
                height += len(hints) * t.line_height("small") + t.px(4)
            rect = pygame.Rect(0, 0, min(area.width, max(widths) + t.px(40)), height)
            shapes.append((rect, words + hints, len(words)))
        step = t.px(8)
        y = area.bottom
        while y - shapes[0][0].height >= area.top:
            for rect, lines, split in shapes:
                for anchor in ("midbottom", "bottomleft", "bottomright"):
                    x = {
                        "midbottom": area.centerx,
                        "bottomleft": area.left,
                        "bottomright": area.right,
                    }
                    setattr(rect, anchor, (x[anchor], y))
                    if rect.collidelist(blockers) == -1:
                        self.notice_split = split
                        return rect, lines
            y -= step
        rect, lines, self.notice_split = shapes[0]
        rect.midbottom = (area.centerx, area.bottom)  # nowhere free: the bottom edge
        return rect, lines

    def draw_message(self, surface: pygame.Surface) -> None:
        """The message in bold; its hint under it, smaller and not bold: what to do next."""
        t = self.theme
        rect, lines = self.message_rect()
        words, hints = lines[: self.notice_split], lines[self.notice_split :]
        radius = rect.height // 2 if len(lines) == 1 else t.radius
        pygame.draw.rect(surface, t.colors.warning_bg, rect, border_radius=radius)
        pygame.draw.rect(surface, t.colors.warning, rect, t.border, border_radius=radius)
        total = len(words) * t.line_height("body")
        if hints:
            total += len(hints) * t.line_height("small") + t.px(4)
        y = rect.centery - total // 2
        for line in words:
            text = t.text(line, "body", t.colors.ink, bold=True)
            surface.blit(text, text.get_rect(midtop=(rect.centerx, y)))
            y += t.line_height("body")
        y += t.px(4)
        for line in hints:
            text = t.text(line, "small", t.colors.ink)
            surface.blit(text, text.get_rect(midtop=(rect.centerx, y)))
            y += t.line_height("small")

    # ------------------------------------------------------------------ helpers
    @property
    def size(self) -> tuple[int, int]:
        return self.app.size

    def controls(self) -> list[Widget]:
        """Visible, enabled, unclipped controls (the Pilot clicks these by label)."""
        return [w for w in self.widgets if w.visible and w.enabled and not w.clipped]

    def hidden_controls(self) -> list[Widget]:
        """Controls scrolled out of view; `reveal` brings one into view."""
        return [w for w in self.widgets if w.visible and w.enabled and w.clipped]

    def reveal(self, widget: Widget) -> Widget | None:
        """Scroll so `widget` is fully shown; returns the rebuilt control with that label."""
        return None
