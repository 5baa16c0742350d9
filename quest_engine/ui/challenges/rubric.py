"""The writing rubric as a panel that can be drawn anywhere, read in full and scrolled.

The writing component shows it beside (or under) the editor; a host with a roomier spot
(the quest player's mission-brief panel) can take it over: `WriteComponent.detach_rubric()`
then `panel.set_rect(...)`, `panel.draw(surface)` and `panel.handle_event(event)` for
the wheel. Nothing is ever cut: what does not fit scrolls, with a fade and a "More" cue.
"""

from __future__ import annotations

from typing import Any

import pygame

from quest_engine.ui.challenges import draw
from quest_engine.ui.challenges.style import Style

HEADING = "What makes it great"


class RubricPanel:
    """Rubric criteria with their levels (best first), drawn into `rect`."""

    def __init__(self, style: Style, rubric: tuple[Any, ...], compact: bool = False) -> None:
        self.style = style
        self.rubric = tuple(rubric)
        self.compact = compact
        """One line per criterion ("… — aim for: best level") instead of every level."""
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.scroll = 0
        self.rows: list[tuple[pygame.font.Font, str, Any, int, int]] = []
        """(font, text, colour key, x offset, y) for each line, in content coordinates."""
        self.content_height = 0
        self.mouse_pos: tuple[int, int] | None = None
        self.note: tuple[str, str | None] | None = None
        """A teacher's note (heading, comment) shown first, when the host has no room
        for it elsewhere: it scrolls with the rubric, so it is never cut."""

    # ------------------------------------------------------------------ layout
    def set_rect(self, rect: pygame.Rect, compact: bool | None = None) -> None:
        self.rect = pygame.Rect(rect)
        if compact is not None:
            self.compact = compact
        self._layout()
        self.scroll_to(self.scroll)

    @property
    def padding(self) -> tuple[int, int]:
        """(horizontal, vertical) padding inside the card."""
        return (16, 10) if self.compact else (16, 12)

    @property
    def view(self) -> pygame.Rect:
        """The part of the card the text scrolls in (above the "More" cue's band)."""
        px, py = self.padding
        full = max(0, self.rect.height - 2 * py)
        if self.content_height > full:
            full = max(0, full - self._cue_size()[1] - 2)
        return pygame.Rect(
            self.rect.left + 4, self.rect.top + py, max(0, self.rect.width - 8), full
        )

    def _cue_size(self) -> tuple[int, int]:
        font = self.style.font("small", bold=True)
        return font.size("More")[0] + 38, font.get_linesize() + 4

    def text_width(self) -> int:
        return max(40, self.rect.width - 2 * self.padding[0] - 10)

    def _layout(self) -> None:
        self.rows = self._rows(self.text_width())
        last = self.rows[-1] if self.rows else None
        self.content_height = (last[4] + last[0].get_linesize()) if last else 0

    def _rows(self, w: int) -> list[tuple[pygame.font.Font, str, str, int, int]]:
        s = self.style
        small = s.font("small")
        small_bold = s.font("small", bold=True)
        rows: list[tuple[pygame.font.Font, str, str, int, int]] = []
        y = 0

        def add(font, text, colour, indent, gap):
            nonlocal y
            for line in draw.wrap_text(font, text, w - indent):
                rows.append((font, line, colour, indent, y))
                y += font.get_linesize() + gap

        if self.note is not None:
            heading, comment = self.note
            add(small_bold, heading, "warn", 0, 1)
            if comment:
                add(small, f"“{comment}”", "ink", 0, 1)
            y += 10
        if self.compact:
            for crit in self.rubric:
                best = max(crit.levels, key=lambda lvl: lvl.score, default=None)
                add(small_bold, crit.criterion, "ink", 0, 1)
                if best is not None:
                    add(small, f"Aim for: {best.description}", "good", 10, 1)
                y += 4
            return rows
        if self.rubric:
            add(s.font("body", bold=True), HEADING, "ink", 0, 2)
            y += 4
        for crit in self.rubric:
            add(small_bold, crit.criterion, "ink", 0, 2)
            levels = sorted(crit.levels, key=lambda lvl: -lvl.score)
            for lvl in levels:
                add(
                    small,
                    f"{lvl.score} · {lvl.description}",
                    "good" if lvl is levels[0] else "muted",
                    10,
                    1,
                )
            y += 8
        return rows

    def preferred_height(self, width: int) -> int:
        """Height that shows the whole rubric at `width` without scrolling."""
        saved = self.rect
        self.rect = pygame.Rect(0, 0, width, 10)
        rows = self._rows(self.text_width())
        self.rect = saved
        if not rows:
            return 0
        last = rows[-1]
        return last[4] + last[0].get_linesize() + 2 * self.padding[1]

    # ------------------------------------------------------------------ scrolling
    def max_scroll(self) -> int:
        return max(0, self.content_height - self.view.height)

    def scroll_to(self, value: float) -> None:
        self.scroll = int(max(0, min(self.max_scroll(), value)))

    def handle_event(self, event: pygame.event.Event) -> bool:
        """The wheel over the panel scrolls it; True when the event was used."""
        if event.type == pygame.MOUSEMOTION:
            self.mouse_pos = event.pos
            return False
        if event.type == pygame.MOUSEWHEEL and self.max_scroll():
            if self.mouse_pos is not None and self.rect.collidepoint(self.mouse_pos):
                self.scroll_to(self.scroll - event.y * 36)
                return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button in (4, 5):
            if self.rect.collidepoint(event.pos) and self.max_scroll():
                self.scroll_to(self.scroll + (-36 if event.button == 4 else 36))
                return True
        return False

    # ------------------------------------------------------------------ drawing
    def line_rects(self) -> list[tuple[str, pygame.Rect]]:
        """Every line's rect on screen (at the current scroll), for layout checks."""
        v = self.view
        out = []
        for font, text, _c, indent, y in self.rows:
            w, h = font.size(text)
            out.append(
                (
                    text,
                    pygame.Rect(
                        self.rect.left + self.padding[0] + indent, v.top + y - self.scroll, w, h
                    ),
                )
            )
        return out

    def draw(self, surface: pygame.Surface) -> None:
        if not self.rect.width or not self.rect.height:
            return
        s = self.style
        pal = s.palette
        draw.card(surface, s, self.rect, pal.card_alt, pal.border, shadow=False)
        v = self.view
        clip = surface.get_clip()
        surface.set_clip(v.clip(clip) if clip else v)
        colours = {"ink": pal.ink, "good": pal.good, "muted": pal.muted, "warn": pal.warn}
        for (font, text, colour, _i, _y), (_t, r) in zip(self.rows, self.line_rects(), strict=True):
            if r.bottom >= v.top and r.top <= v.bottom:
                surface.blit(font.render(text, True, colours[colour]), r.topleft)
        top = self.max_scroll()
        if top:
            h = min(24, v.height // 3)
            if self.scroll > 0:
                surface.blit(draw.fade(v.width, h, pal.card_alt, top_opaque=True), v.topleft)
            if self.scroll < top:
                surface.blit(
                    draw.fade(v.width, h, pal.card_alt, top_opaque=False), (v.left, v.bottom - h)
                )
        surface.set_clip(clip)
        if top:
            track = pygame.Rect(self.rect.right - 9, v.top, 5, v.height)
            pygame.draw.rect(surface, pal.border, track, border_radius=3)
            th = max(20, round(track.height * v.height / max(1, self.content_height)))
            ty = track.top + round((track.height - th) * self.scroll / top)
            pygame.draw.rect(surface, pal.muted, (track.left, ty, 5, th), border_radius=3)
            cue = self.cue_rect()
            if cue is not None:
                pygame.draw.rect(surface, pal.ink, cue, border_radius=cue.height // 2)
                font = s.font("small", bold=True)
                text = draw.blit_text(
                    surface, font, "More", pal.card_alt, (cue.left + 12, cue.centery), "midleft"
                )
                draw.chevron(surface, pal.card_alt, (text.right + 11, cue.centery), 4.5, down=True)

    def cue_rect(self) -> pygame.Rect | None:
        """The "More" pill while part of the rubric is below the view."""
        if not self.max_scroll() or self.scroll >= self.max_scroll():
            return None
        cue = pygame.Rect((0, 0), self._cue_size())
        cue.bottomright = (self.rect.right - 16, self.rect.bottom - 5)
        return cue
