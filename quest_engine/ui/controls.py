"""The small widget kit the screens are built from: buttons, tiles, toggles, text fields.

Every control has a `label` (what the Pilot clicks by, what a screen reader would say), a
rect at least MIN_TARGET pixels high, and takes part in keyboard focus via `FocusRing`:
Tab / Shift+Tab cycle, arrow keys move to the nearest control in that direction, Enter or
Space activates. Text fields wrap pygame_gui's UITextEntryLine (cursor, selection, IME).
"""

from __future__ import annotations

from collections.abc import Callable

import pygame
import pygame_gui

from quest_engine.ui import draw
from quest_engine.ui.theme import MIN_TARGET, Theme


class Widget:
    focusable = True

    def __init__(self, label: str, rect: pygame.Rect | None = None) -> None:
        self.label = label
        self.rect = pygame.Rect(rect or (0, 0, 10, MIN_TARGET))
        self.enabled = True
        self.visible = True
        self.hovered = False
        self.clipped = False
        """Scrolled (partly) out of its viewport: still focusable, not clickable."""

    def activate(self) -> None:
        """Enter / Space / click."""

    def handle_event(self, event: pygame.event.Event) -> bool:
        """Mouse input on this control; return True when it used the event."""
        if not (self.visible and self.enabled):
            return False
        if event.type == pygame.MOUSEMOTION:
            self.hovered = self.rect.collidepoint(event.pos)
            return False
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and not self.clipped:
            if self.rect.collidepoint(event.pos):
                self.activate()
                return True
        return False

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        raise NotImplementedError


class Button(Widget):
    """A rounded button. Styles: primary (filled), secondary (outlined), quiet (text only)."""

    def __init__(
        self,
        label: str,
        on_click: Callable[[], None] | None = None,
        style: str = "primary",
        rect: pygame.Rect | None = None,
        selected: bool = False,
        role: str = "button",
        caption: str | None = None,
    ) -> None:
        super().__init__(label, rect)
        self.caption = caption
        """What the button shows when it differs from its accessible label."""
        self.on_click = on_click
        self.style = style
        self.selected = selected
        self.role = role

    def activate(self) -> None:
        if self.enabled and self.on_click:
            self.on_click()

    def preferred_width(self, theme: Theme) -> int:
        return max(
            MIN_TARGET * 2,
            theme.measure(self.caption or self.label, self.role, True) + theme.px(40),
        )

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        if not self.visible:
            return
        c = theme.colors
        radius = min(theme.radius, self.rect.height // 2)
        if not self.enabled:
            bg, fg, border = c.locked_bg, c.muted, c.locked
        elif self.style == "primary" or self.selected:
            bg = c.primary_hover if self.hovered else c.primary
            fg, border = c.on_primary, None
        elif self.style == "secondary":
            bg = c.background_alt if self.hovered else c.card
            fg, border = c.ink, c.primary
        else:
            bg = c.background_alt if self.hovered else None
            fg, border = c.primary, None
        if bg is not None:
            pygame.draw.rect(surface, bg, self.rect, border_radius=radius)
        if border is not None:
            pygame.draw.rect(surface, border, self.rect, theme.border, border_radius=radius)
        elif theme.high_contrast:
            pygame.draw.rect(surface, c.ink, self.rect, theme.border, border_radius=radius)
        text = theme.text(self.caption or self.label, self.role, fg, bold=True)
        if text.get_width() > self.rect.width - 8:
            text = pygame.transform.smoothscale(
                text,
                (
                    self.rect.width - 8,
                    max(1, int(text.get_height() * (self.rect.width - 8) / text.get_width())),
                ),
            )
        surface.blit(text, text.get_rect(center=self.rect.center))
        if focused:
            draw.focus_ring(surface, theme, self.rect, radius)


class Tile(Widget):
    """A clickable card drawn by a callback (quest nodes, profiles, avatars, work cards)."""

    def __init__(
        self,
        label: str,
        on_click: Callable[[], None] | None,
        painter: Callable[[pygame.Surface, Theme, pygame.Rect, bool, bool], None],
        rect: pygame.Rect | None = None,
    ) -> None:
        super().__init__(label, rect)
        self.on_click = on_click
        self.painter = painter

    def activate(self) -> None:
        if self.enabled and self.on_click:
            self.on_click()

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        if self.visible:
            self.painter(surface, theme, self.rect, self.hovered, focused)
            if focused:
                draw.focus_ring(surface, theme, self.rect)


class Toggle(Button):
    """An on/off switch with its label on the left (settings)."""

    def __init__(
        self,
        label: str,
        value: bool,
        on_change: Callable[[bool], None],
        rect: pygame.Rect | None = None,
    ) -> None:
        super().__init__(label, None, "secondary", rect)
        self.value = value
        self.on_change = on_change

    def activate(self) -> None:
        self.value = not self.value
        self.on_change(self.value)

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        c = theme.colors
        draw.card(
            surface,
            theme,
            self.rect,
            c.background_alt if self.hovered else c.card,
            c.card_border,
            shadow=False,
        )
        text = theme.text(self.label, "body", c.ink)
        surface.blit(text, (self.rect.x + theme.pad, self.rect.centery - text.get_height() // 2))
        track = pygame.Rect(0, 0, theme.px(64), theme.px(34))
        track.midright = (self.rect.right - theme.pad, self.rect.centery)
        pygame.draw.rect(
            surface, c.secondary if self.value else c.locked, track, border_radius=track.height // 2
        )
        knob_x = track.right - track.height // 2 if self.value else track.left + track.height // 2
        pygame.draw.circle(
            surface, pygame.Color("#FFFFFF"), (knob_x, track.centery), track.height // 2 - 4
        )
        if theme.high_contrast:
            pygame.draw.rect(surface, c.ink, track, 2, border_radius=track.height // 2)
        state = theme.text("On" if self.value else "Off", "small", c.muted, bold=True)
        surface.blit(state, state.get_rect(midright=(track.left - theme.gap, track.centery)))
        if focused:
            draw.focus_ring(surface, theme, self.rect)


class TextField(Widget):
    """A labelled single-line text entry (a pygame_gui UITextEntryLine underneath)."""

    def __init__(
        self,
        label: str,
        text: str = "",
        placeholder: str = "",
        secret: bool = False,
        max_length: int = 200,
        on_enter: Callable[[], None] | None = None,
        on_change: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(label)
        self._text = text
        self.placeholder = placeholder
        self.secret = secret
        self.max_length = max_length
        self.on_enter = on_enter
        self.on_change = on_change
        self.entry: pygame_gui.elements.UITextEntryLine | None = None
        self.caption_height = 0
        self.caption: str | None = None
        """Shown above the entry instead of `label` when the label would be cut."""

    # the rect covers caption + entry; the pygame_gui entry sits in the lower part
    @property
    def text(self) -> str:
        if self.entry is not None:
            self._text = self.entry.get_text()
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text = value
        if self.entry is not None:
            self.entry.set_text(value)

    def entry_rect(self) -> pygame.Rect:
        return pygame.Rect(
            self.rect.x,
            self.rect.y + self.caption_height,
            self.rect.width,
            self.rect.height - self.caption_height,
        )

    def attach(self, manager: pygame_gui.UIManager, theme: Theme) -> None:
        """(Re)create the entry in the manager at the current rect."""
        current = self.text
        self.detach()
        self.caption_height = theme.line_height("small") + 4
        self.entry = pygame_gui.elements.UITextEntryLine(
            self.entry_rect(), manager, placeholder_text=self.placeholder
        )
        self.entry.set_text_length_limit(self.max_length)
        if current:
            self.entry.set_text(current[: self.max_length])
        if self.secret:
            self.entry.set_text_hidden(True)
        if not self.visible:
            self.entry.hide()

    def detach(self) -> None:
        if self.entry is not None:
            self._text = self.entry.get_text()
            self.entry.kill()
            self.entry = None

    def set_rect(self, rect: pygame.Rect) -> None:
        self.rect = pygame.Rect(rect)
        if self.entry is not None:
            r = self.entry_rect()
            self.entry.set_relative_position(r.topleft)
            self.entry.set_dimensions(r.size)

    def set_focus(self, focused: bool) -> None:
        if self.entry is None:
            return
        if focused and not self.entry.is_focused:
            self.entry.focus()
        elif not focused and self.entry.is_focused:
            self.entry.unfocus()

    def activate(self) -> None:
        if self.on_enter:
            self.on_enter()

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.entry:
            self.activate()
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.entry:
            if self.on_change:
                self.on_change(self.entry.get_text())
            return True
        return False

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        if not self.visible:
            return
        shown = theme.ellipsize(self.caption or self.label, self.rect.width - 4, "small", True)
        caption = theme.text(shown, "small", theme.colors.muted, bold=True)
        surface.blit(caption, (self.rect.x + 4, self.rect.y))
        if focused:
            draw.focus_ring(surface, theme, self.entry_rect(), 12)

    @staticmethod
    def height_for(theme: Theme) -> int:
        return theme.line_height("small") + 4 + max(MIN_TARGET, theme.px(50))


class FocusRing:
    """Keyboard focus over a scene's controls: Tab order plus spatial arrow-key moves."""

    def __init__(self) -> None:
        self.widgets: list[Widget] = []
        self.index: int | None = None

    def set(self, widgets: list[Widget], keep: str | None = None) -> None:
        """Replace the controls; keep focus on the control with label `keep` if present."""
        self.widgets = widgets
        if keep is not None:
            for i, w in enumerate(self.available()):
                if w.label == keep:
                    self.index = i
                    self._sync()
                    return
        self.index = None
        self._sync()

    def available(self) -> list[Widget]:
        return [w for w in self.widgets if w.focusable and w.visible and w.enabled]

    @property
    def focused(self) -> Widget | None:
        items = self.available()
        if self.index is None or not items:
            return None
        return items[self.index % len(items)]

    def focus(self, widget: Widget | None) -> None:
        items = self.available()
        self.index = items.index(widget) if widget in items else None
        self._sync()

    def move(self, step: int) -> None:
        items = self.available()
        if not items:
            return
        if self.index is None:
            self.index = 0 if step > 0 else len(items) - 1
        else:
            self.index = (self.index + step) % len(items)
        self._sync()

    def move_direction(self, dx: int, dy: int) -> None:
        """Focus the nearest control whose centre lies in the direction (dx, dy)."""
        items = self.available()
        current = self.focused
        if current is None:
            self.move(1)
            return
        cx, cy = current.rect.center
        best, best_score = None, None
        for w in items:
            if w is current:
                continue
            wx, wy = w.rect.center
            ddx, ddy = wx - cx, wy - cy
            along = ddx * dx + ddy * dy
            if along <= 0:
                continue
            across = abs(ddx * dy) + abs(ddy * dx)
            score = along + 2 * across
            if best_score is None or score < best_score:
                best, best_score = w, score
        if best is None:
            self.move(1 if (dx + dy) > 0 else -1)
        else:
            self.focus(best)

    def _sync(self) -> None:
        focused = self.focused
        for w in self.widgets:
            if isinstance(w, TextField):
                w.set_focus(w is focused)

    def handle_key(self, event: pygame.event.Event) -> bool:
        """Tab, arrows, Enter and Space; True when the key was used."""
        if event.type != pygame.KEYDOWN:
            return False
        focused = self.focused
        typing = isinstance(focused, TextField)
        if event.key == pygame.K_TAB:
            self.move(-1 if event.mod & pygame.KMOD_SHIFT else 1)
            return True
        if typing:
            if event.key in (pygame.K_UP, pygame.K_DOWN):
                self.move_direction(0, -1 if event.key == pygame.K_UP else 1)
                return True
            return False
        arrows = {
            pygame.K_LEFT: (-1, 0),
            pygame.K_RIGHT: (1, 0),
            pygame.K_UP: (0, -1),
            pygame.K_DOWN: (0, 1),
        }
        if event.key in arrows:
            self.move_direction(*arrows[event.key])
            return True
        if (
            event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)
            and focused is not None
        ):
            focused.activate()
            return True
        return False
