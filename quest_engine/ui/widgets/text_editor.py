"""A multi-line text editor for the writing studio, drawn with plain pygame.

Word wrap (re-wrapping only the paragraphs that changed), a cursor that moves by
character, word, line and page, shift-selection and mouse selection, scrolling with the
wheel or by following the cursor, and TEXTINPUT typing so any Unicode text works. Tab is
left to the host for focus navigation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pygame

WORD_RE = re.compile(r"\S+")
TOKEN_RE = re.compile(r"\S+\s*|\s+")


def count_words(text: str) -> int:
    """Words as a student counts them: runs of non-space characters."""
    return len(WORD_RE.findall(text))


@dataclass(frozen=True, slots=True)
class VisualLine:
    start: int
    end: int
    """Index just past the last character shown (a newline is not shown)."""
    hard: bool
    """True when the line ends at a newline or the end of the text (not a soft wrap)."""


class TextEditor:
    """Editing state plus drawing; the host routes events and picks the colours."""

    padding = 14

    def __init__(
        self,
        font: pygame.font.Font,
        rect: pygame.Rect,
        text: str = "",
        placeholder: str = "",
        on_change: Callable[[str], None] | None = None,
        max_chars: int = 20000,
    ) -> None:
        self.font = font
        self.rect = pygame.Rect(rect)
        self.placeholder = placeholder
        self.on_change = on_change
        self.max_chars = max_chars
        self.text = text[:max_chars]
        self.cursor = len(self.text)
        self.anchor: int | None = None
        self.scroll = 0
        self.goal_x: int | None = None
        self.mouse_selecting = False
        self.mouse_pos: tuple[int, int] | None = None
        self._wrap_cache: dict[tuple[str, int], list[tuple[int, int]]] = {}
        self.lines: list[VisualLine] = []
        self._rewrap()

    # ------------------------------------------------------------------ geometry
    @property
    def inner(self) -> pygame.Rect:
        return self.rect.inflate(-2 * self.padding - 10, -2 * self.padding)

    @property
    def line_height(self) -> int:
        return self.font.get_linesize() + 4

    def set_rect(self, rect: pygame.Rect) -> None:
        self.rect = pygame.Rect(rect)
        self._rewrap()
        self.ensure_visible()

    def set_font(self, font: pygame.font.Font) -> None:
        self.font = font
        self._wrap_cache.clear()
        self._rewrap()

    def _wrap_paragraph(self, para: str, width: int) -> list[tuple[int, int]]:
        key = (para, width)
        cached = self._wrap_cache.get(key)
        if cached is not None:
            return cached
        size = self.font.size
        out: list[tuple[int, int]] = []
        start = 0
        for tok in TOKEN_RE.finditer(para):
            if size(para[start : tok.end()].rstrip())[0] <= width:
                continue
            if tok.start() > start:
                out.append((start, tok.start()))
                start = tok.start()
            while size(para[start : tok.end()].rstrip())[0] > width and tok.end() - start > 1:
                cut = tok.end()
                while cut - start > 1 and size(para[start:cut])[0] > width:
                    cut -= 1
                out.append((start, cut))
                start = cut
        out.append((start, len(para)))
        if len(self._wrap_cache) > 2000:
            self._wrap_cache.clear()
        self._wrap_cache[key] = out
        return out

    def _rewrap(self) -> None:
        width = max(20, self.inner.width)
        lines: list[VisualLine] = []
        offset = 0
        for para in self.text.split("\n"):
            parts = self._wrap_paragraph(para, width)
            for i, (a, b) in enumerate(parts):
                lines.append(VisualLine(offset + a, offset + b, i == len(parts) - 1))
            offset += len(para) + 1
        self.lines = lines

    def line_of(self, index: int) -> int:
        lo, hi = 0, len(self.lines) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.lines[mid].start <= index:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def content_height(self) -> int:
        return len(self.lines) * self.line_height

    def max_scroll(self) -> int:
        return max(0, self.content_height() - self.inner.height)

    def ensure_visible(self) -> None:
        row = self.line_of(self.cursor)
        top = row * self.line_height
        if top < self.scroll:
            self.scroll = top
        elif top + self.line_height > self.scroll + self.inner.height:
            self.scroll = top + self.line_height - self.inner.height
        self.scroll = max(0, min(self.scroll, self.max_scroll()))

    def cursor_xy(self, index: int | None = None) -> tuple[int, int]:
        index = self.cursor if index is None else index
        row = self.line_of(index)
        line = self.lines[row]
        x = self.font.size(self.text[line.start : index])[0]
        return self.inner.left + x, self.inner.top + row * self.line_height - self.scroll

    def index_at(self, pos: tuple[int, int]) -> int:
        row = (pos[1] - self.inner.top + self.scroll) // self.line_height
        row = max(0, min(len(self.lines) - 1, row))
        return self._index_in_line(row, pos[0] - self.inner.left)

    def _index_in_line(self, row: int, x: int) -> int:
        line = self.lines[row]
        last = line.end if line.hard else max(line.start, line.end - 1)
        best, best_d = line.start, abs(x)
        for i in range(line.start + 1, last + 1):
            d = abs(self.font.size(self.text[line.start : i])[0] - x)
            if d < best_d:
                best, best_d = i, d
            elif d > best_d:
                break
        return best

    # ------------------------------------------------------------------ editing
    @property
    def selection(self) -> tuple[int, int] | None:
        if self.anchor is None or self.anchor == self.cursor:
            return None
        return (min(self.anchor, self.cursor), max(self.anchor, self.cursor))

    def selected_text(self) -> str:
        sel = self.selection
        return self.text[sel[0] : sel[1]] if sel else ""

    def set_text(self, text: str, notify: bool = False) -> None:
        self.text = text[: self.max_chars]
        self.cursor = min(self.cursor, len(self.text))
        self.anchor = None
        self._rewrap()
        self.ensure_visible()
        if notify and self.on_change:
            self.on_change(self.text)

    def _replace(self, start: int, end: int, new: str) -> None:
        room = self.max_chars - (len(self.text) - (end - start))
        new = new[: max(0, room)]
        self.text = self.text[:start] + new + self.text[end:]
        self.cursor = start + len(new)
        self.anchor = None
        self.goal_x = None
        self._rewrap()
        self.ensure_visible()
        if self.on_change:
            self.on_change(self.text)

    def insert(self, chars: str) -> None:
        chars = chars.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
        sel = self.selection
        start, end = sel if sel else (self.cursor, self.cursor)
        if chars or sel:
            self._replace(start, end, chars)

    def delete_back(self, word: bool = False) -> None:
        sel = self.selection
        if sel:
            self._replace(*sel, "")
        elif self.cursor > 0:
            start = self._word_left(self.cursor) if word else self.cursor - 1
            self._replace(start, self.cursor, "")

    def delete_forward(self, word: bool = False) -> None:
        sel = self.selection
        if sel:
            self._replace(*sel, "")
        elif self.cursor < len(self.text):
            end = self._word_right(self.cursor) if word else self.cursor + 1
            self._replace(self.cursor, end, "")

    def _word_left(self, i: int) -> int:
        while i > 0 and self.text[i - 1].isspace():
            i -= 1
        while i > 0 and not self.text[i - 1].isspace():
            i -= 1
        return i

    def _word_right(self, i: int) -> int:
        n = len(self.text)
        while i < n and not self.text[i].isspace():
            i += 1
        while i < n and self.text[i].isspace() and self.text[i] != "\n":
            i += 1
        return i

    def _move(self, index: int, select: bool, keep_goal: bool = False) -> None:
        if select:
            if self.anchor is None:
                self.anchor = self.cursor
        else:
            self.anchor = None
        self.cursor = max(0, min(len(self.text), index))
        if not keep_goal:
            self.goal_x = None
        self.ensure_visible()

    def _vertical(self, rows: int, select: bool) -> None:
        row = self.line_of(self.cursor)
        line = self.lines[row]
        if self.goal_x is None:
            self.goal_x = self.font.size(self.text[line.start : self.cursor])[0]
        target = row + rows
        if target < 0:
            self._move(0, select, keep_goal=True)
        elif target >= len(self.lines):
            self._move(len(self.text), select, keep_goal=True)
        else:
            self._move(self._index_in_line(target, self.goal_x), select, keep_goal=True)

    # ------------------------------------------------------------------ events
    def handle_event(self, event: pygame.event.Event) -> bool:
        """Returns True when the event was used (typing, editing keys, clicks inside)."""
        if event.type == pygame.TEXTINPUT:
            self.insert(event.text)
            return True
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        if event.type == pygame.MOUSEBUTTONDOWN and self.rect.collidepoint(event.pos):
            if event.button == 1:
                try:
                    shift = bool(pygame.key.get_mods() & pygame.KMOD_SHIFT)
                except pygame.error:  # no display (headless tests)
                    shift = False
                self._move(self.index_at(event.pos), shift)
                if not shift:
                    self.anchor = self.cursor
                self.mouse_selecting = True
                return True
            if event.button in (4, 5):  # legacy wheel buttons
                self.scroll_by(-3 if event.button == 4 else 3)
                return True
            return True
        if event.type == pygame.MOUSEMOTION and self.mouse_selecting:
            self.mouse_pos = event.pos
            self.cursor = self.index_at(event.pos)
            self.ensure_visible()
            return True
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.mouse_selecting:
            self.mouse_selecting = False
            return True
        if event.type == pygame.MOUSEMOTION:
            self.mouse_pos = event.pos
            return False
        if event.type == pygame.MOUSEWHEEL:
            if self.mouse_pos is None or self.rect.collidepoint(self.mouse_pos):
                self.scroll_by(-3 * event.y)
                return True
        return False

    def scroll_by(self, lines: int) -> None:
        self.scroll = max(0, min(self.max_scroll(), self.scroll + lines * self.line_height))

    def _key(self, event: pygame.event.Event) -> bool:
        key = event.key
        mod = getattr(event, "mod", 0)
        shift = bool(mod & pygame.KMOD_SHIFT)
        ctrl = bool(mod & (pygame.KMOD_CTRL | pygame.KMOD_META))
        page = max(1, self.inner.height // self.line_height - 1)
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.insert("\n")
        elif key == pygame.K_BACKSPACE:
            self.delete_back(word=ctrl)
        elif key == pygame.K_DELETE:
            self.delete_forward(word=ctrl)
        elif key == pygame.K_LEFT:
            sel = self.selection
            if sel and not shift:
                self._move(sel[0], False)
            else:
                self._move(self._word_left(self.cursor) if ctrl else self.cursor - 1, shift)
        elif key == pygame.K_RIGHT:
            sel = self.selection
            if sel and not shift:
                self._move(sel[1], False)
            else:
                self._move(self._word_right(self.cursor) if ctrl else self.cursor + 1, shift)
        elif key == pygame.K_UP:
            self._vertical(-1, shift)
        elif key == pygame.K_DOWN:
            self._vertical(1, shift)
        elif key == pygame.K_PAGEUP:
            self._vertical(-page, shift)
        elif key == pygame.K_PAGEDOWN:
            self._vertical(page, shift)
        elif key == pygame.K_HOME:
            line = self.lines[self.line_of(self.cursor)]
            self._move(0 if ctrl else line.start, shift)
        elif key == pygame.K_END:
            line = self.lines[self.line_of(self.cursor)]
            end = line.end if line.hard else max(line.start, line.end - 1)
            self._move(len(self.text) if ctrl else end, shift)
        elif ctrl and key == pygame.K_a:
            self.anchor, self.cursor = 0, len(self.text)
        elif ctrl and key in (pygame.K_c, pygame.K_x):
            self._copy()
            if key == pygame.K_x and self.selection:
                self._replace(*self.selection, "")
        elif ctrl and key == pygame.K_v:
            self._paste()
        elif key == pygame.K_SPACE:
            return True  # the TEXTINPUT that follows types the space
        else:
            return (
                key not in (pygame.K_TAB, pygame.K_ESCAPE, pygame.K_F1)
                and not ctrl
                and (event.unicode or "").isprintable()
                and bool(event.unicode)
            )
        return True

    def _copy(self) -> None:
        text = self.selected_text()
        if text:
            try:
                pygame.scrap.put_text(text)
            except (pygame.error, AttributeError):
                pass

    def _paste(self) -> None:
        try:
            text = pygame.scrap.get_text()
        except (pygame.error, AttributeError):
            text = ""
        if text:
            self.insert(text)

    # ------------------------------------------------------------------ drawing
    def draw(
        self,
        surface: pygame.Surface,
        ink,
        placeholder_ink,
        cursor_colour,
        selection_colour,
        focused: bool,
    ) -> None:
        inner = self.inner
        clip = surface.get_clip()
        surface.set_clip(inner.inflate(6, 0).clip(clip) if clip else inner.inflate(6, 0))
        lh = self.line_height
        if not self.text and self.placeholder:
            y = inner.top
            for line in self._placeholder_lines(inner.width):
                surface.blit(self.font.render(line, True, placeholder_ink), (inner.left, y))
                y += lh
        first = self.scroll // lh
        last = min(len(self.lines), (self.scroll + inner.height) // lh + 1)
        sel = self.selection
        for row in range(first, last):
            line = self.lines[row]
            y = inner.top + row * lh - self.scroll
            if sel and sel[0] <= line.end and sel[1] >= line.start:
                a = max(sel[0], line.start)
                b = min(sel[1], line.end)
                x0 = self.font.size(self.text[line.start : a])[0]
                x1 = self.font.size(self.text[line.start : b])[0]
                if sel[1] > line.end and line.hard:
                    x1 += 6
                pygame.draw.rect(surface, selection_colour, (inner.left + x0, y, x1 - x0, lh))
            shown = self.text[line.start : line.end].rstrip("\n")
            if shown.strip():
                surface.blit(self.font.render(shown, True, ink), (inner.left, y + 2))
        if focused:
            cx, cy = self.cursor_xy()
            pygame.draw.line(surface, cursor_colour, (cx, cy + 2), (cx, cy + lh - 2), 2)
        surface.set_clip(clip)
        if self.max_scroll() > 0:
            track = pygame.Rect(self.rect.right - 10, self.rect.top + 8, 5, self.rect.height - 16)
            pygame.draw.rect(surface, placeholder_ink, track, border_radius=3)
            frac = inner.height / self.content_height()
            h = max(24, round(track.height * frac))
            y = track.top + round((track.height - h) * self.scroll / self.max_scroll())
            pygame.draw.rect(surface, cursor_colour, (track.left, y, 5, h), border_radius=3)

    def _placeholder_lines(self, width: int) -> list[str]:
        out: list[str] = []
        for para in self.placeholder.split("\n"):
            out.extend(para[a:b] for a, b in self._wrap_paragraph(para, width))
        return out
