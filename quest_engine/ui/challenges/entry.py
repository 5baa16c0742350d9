"""A single-line text field: TEXTINPUT typing (any Unicode), cursor keys, click to place.

No IME composition and no clipboard: typed characters arrive as TEXTINPUT events, which
is also how a headless Pilot types.
"""

from __future__ import annotations

import pygame

from quest_engine.ui.challenges import draw
from quest_engine.ui.challenges.style import Style


class LineEntry:
    def __init__(self, style: Style, placeholder: str = "", max_len: int = 200) -> None:
        self.style = style
        self.placeholder = placeholder
        self.max_len = max_len
        self.text = ""
        self.cursor = 0
        self.scroll = 0
        self.rect = pygame.Rect(0, 0, 200, style.min_target)

    @property
    def font(self) -> pygame.font.Font:
        return self.style.font("large")

    def set_text(self, text: str) -> None:
        self.text = text[: self.max_len]
        self.cursor = len(self.text)

    def insert(self, chars: str) -> bool:
        chars = chars.replace("\n", " ").replace("\r", "")
        room = self.max_len - len(self.text)
        if room <= 0 or not chars:
            return False
        chars = chars[:room]
        self.text = self.text[: self.cursor] + chars + self.text[self.cursor :]
        self.cursor += len(chars)
        return True

    def handle_key(self, event: pygame.event.Event) -> tuple[bool, bool]:
        """(consumed, text changed) for one KEYDOWN."""
        key, ctrl = (
            event.key,
            bool(getattr(event, "mod", 0) & (pygame.KMOD_CTRL | pygame.KMOD_META)),
        )
        if key == pygame.K_BACKSPACE:
            if self.cursor == 0:
                return True, False
            start = self._word_left() if ctrl else self.cursor - 1
            self.text = self.text[:start] + self.text[self.cursor :]
            self.cursor = start
            return True, True
        if key == pygame.K_DELETE:
            if self.cursor >= len(self.text):
                return True, False
            self.text = self.text[: self.cursor] + self.text[self.cursor + 1 :]
            return True, True
        if key == pygame.K_LEFT:
            self.cursor = self._word_left() if ctrl else max(0, self.cursor - 1)
            return True, False
        if key == pygame.K_RIGHT:
            self.cursor = self._word_right() if ctrl else min(len(self.text), self.cursor + 1)
            return True, False
        if key == pygame.K_HOME:
            self.cursor = 0
            return True, False
        if key == pygame.K_END:
            self.cursor = len(self.text)
            return True, False
        return False, False

    def _word_left(self) -> int:
        i = self.cursor
        while i > 0 and self.text[i - 1] == " ":
            i -= 1
        while i > 0 and self.text[i - 1] != " ":
            i -= 1
        return i

    def _word_right(self) -> int:
        i, n = self.cursor, len(self.text)
        while i < n and self.text[i] == " ":
            i += 1
        while i < n and self.text[i] != " ":
            i += 1
        return i

    def click(self, pos: tuple[int, int]) -> None:
        x = pos[0] - (self.rect.left + 14) + self.scroll
        best, best_d = 0, abs(x)
        for i in range(1, len(self.text) + 1):
            d = abs(self.font.size(self.text[:i])[0] - x)
            if d < best_d:
                best, best_d = i, d
        self.cursor = best

    def draw(
        self,
        surface: pygame.Surface,
        focused: bool,
        ring: bool,
        border_colour=None,
    ) -> None:
        s = self.style
        pal = s.palette
        border = border_colour or (pal.focus if focused else pal.border)
        draw.card(surface, s, self.rect, pal.card, border, shadow=False, width=3 if focused else 2)
        inner = self.rect.inflate(-28, -8)
        font = self.font
        cursor_x = font.size(self.text[: self.cursor])[0]
        if cursor_x - self.scroll > inner.width - 4:
            self.scroll = cursor_x - inner.width + 4
        elif cursor_x - self.scroll < 0:
            self.scroll = max(0, cursor_x - 20)
        clip = surface.get_clip()
        surface.set_clip(inner.clip(clip) if clip else inner)
        y = inner.centery - font.get_height() // 2
        if self.text:
            surface.blit(font.render(self.text, True, pal.ink), (inner.left - self.scroll, y))
        elif self.placeholder:
            surface.blit(font.render(self.placeholder, True, pal.disabled_ink), (inner.left, y))
        if focused:
            cx = inner.left + cursor_x - self.scroll
            pygame.draw.line(surface, pal.primary, (cx, y), (cx, y + font.get_height()), 2)
        surface.set_clip(clip)
        if ring:
            draw.focus_ring(surface, s, self.rect)
