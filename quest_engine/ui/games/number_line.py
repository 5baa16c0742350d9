"""The `number-line` mini-game: drag value cards ("3/4", "0.2", "1 1/2") to their place.

The line runs from `min` to `max` with a tick every `ticks` (whole numbers labelled), and
cards snap to a fine grid (a fifth of a tick, never coarser than the tolerance). Drag a
card, or tap it and tap the line, or Enter then ← → (Shift for a whole tick) and Enter.
"Check places" reports {"positions": {"3/4": 0.75, ...}}.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from quest_engine.rules import minigames
from quest_engine.ui.challenges import draw
from quest_engine.ui.challenges.base import ChallengeComponent, Control

DRAG_THRESHOLD = 6
LINE_BELOW = 66
"""Room under the line for its ticks and number labels."""
CARD_COLOURS = [
    (15, 118, 110),
    (37, 99, 235),
    (194, 65, 12),
    (147, 51, 234),
    (202, 138, 4),
    (219, 39, 119),
]
HC_CARD_COLOURS = [(0, 229, 255), (255, 212, 0), (92, 255, 138), (255, 107, 255)]


@dataclass(slots=True)
class Card:
    text: str
    value: float | None = None
    """Where the student put it, or None while in the tray."""


def _label(value: float) -> str:
    if abs(value - round(value)) < 1e-9:
        return str(int(round(value)))
    return f"{value:g}"


class NumberLineGame(ChallengeComponent):
    submit_label = "Check places"

    def _setup(self) -> None:
        p = self.challenge.params
        self.p = p
        self.lo, self.hi = float(min(p.min, p.max)), float(max(p.min, p.max))
        if self.hi - self.lo < 1e-9:
            self.hi = self.lo + 1
        tick = p.ticks if p.ticks and p.ticks > 0 else (self.hi - self.lo) / 10
        self.tick = tick
        fine = tick / 5
        if p.tolerance and p.tolerance > 0:
            fine = min(fine, p.tolerance)
        self.fine = max(fine, (self.hi - self.lo) / 2000)
        texts = list(p.values)
        self.rng.shuffle(texts)
        self.cards = [Card(t) for t in texts]
        self.holding: int | None = None
        self.hold_value = 0.0
        self.drag: int | None = None
        self.dragging = False
        self.drag_start = (0, 0)
        self.drag_pos = (0, 0)
        self.marks: dict[int, bool] = {}
        """After a verdict: card index -> placed within tolerance (judged by the rules)."""

    # ------------------------------------------------------------------ geometry
    def _layout(self) -> None:
        s = self.style
        b = self.body
        # one row of cards in the tray if at all possible (large cards, then smaller,
        # then without the "Cards" caption), else rows of body-size cards
        plans = [("large", True), ("body", True), ("small", True), ("small", False)]
        for step, caption in [*plans, ("body", True)]:
            self.tray_caption = caption
            self.card_font = s.font(step, bold=True)
            self.card_h = max(s.min_target + 8, self.card_font.get_linesize() + 22)
            rows = self._tray_rows(b.width - 32 - self._tray_label_width())
            if len(rows) == 1:
                break
        self.tray_rows = len(rows)
        pad, self.card_gap, self.ceiling_pad = 28, 34, 10
        if self._height_needed(pad) > b.height:
            # big text in a small window: snugger cards and margins, so that a card placed
            # on the line stays in the line's area instead of poking into the tray
            pad, self.card_gap, self.ceiling_pad = 12, 24, 4
            self.card_h = max(s.min_target, self.card_font.get_linesize() + 14)
        self.tray = pygame.Rect(
            b.left, b.top, b.width, self.tray_rows * (self.card_h + 10) - 10 + pad
        )
        gap = 8
        if self._height_needed(pad) > b.height and all(c.value is not None for c in self.cards):
            # every card is on the line and the verdict's banner takes room: the empty tray
            # folds away (a card dragged off the line brings it back) and the line gets it all
            self.tray.height, gap = 0, 0
        self.x_lo = b.left + 56
        self.x_hi = b.right - 56
        below = 70
        self.line_y = max(self.tray.bottom + 3 * (self.card_h + 8) + 40, b.bottom - below)
        self.line_y = min(self.line_y, b.bottom - LINE_BELOW)
        self.band = pygame.Rect(
            b.left, self.tray.bottom + gap, b.width, b.bottom - self.tray.bottom - gap
        )

    def _height_needed(self, tray_pad: int) -> int:
        """The body height for the tray and one level of cards above the line's labels."""
        tray = self.tray_rows * (self.card_h + 10) - 10 + tray_pad
        return tray + 8 + self.ceiling_pad + self.card_h + self.card_gap + LINE_BELOW

    def snap(self, value: float) -> float:
        k = round((value - self.lo) / self.fine)
        return round(max(self.lo, min(self.hi, self.lo + k * self.fine)), 6)

    def to_x(self, value: float) -> float:
        return self.x_lo + (value - self.lo) / (self.hi - self.lo) * (self.x_hi - self.x_lo)

    def to_value(self, x: float) -> float:
        return self.lo + (x - self.x_lo) / max(1, self.x_hi - self.x_lo) * (self.hi - self.lo)

    def card_size(self, card: Card) -> tuple[int, int]:
        return (max(70, self.card_font.size(card.text)[0] + 36), self.card_h)

    def card_rects(self) -> dict[int, pygame.Rect]:
        rects: dict[int, pygame.Rect] = {}
        left = self.tray.left + 16 + self._tray_label_width()
        waiting = [i for i, c in enumerate(self.cards) if c.value is None and i != self.holding]
        rows = self._tray_rows(self.tray.right - 16 - left, waiting)
        top = self.tray.centery - (len(rows) * (self.card_h + 10) - 10) // 2
        for r, row in enumerate(rows):
            x = left
            for i in row:
                w, h = self.card_size(self.cards[i])
                rects[i] = pygame.Rect(x, top + r * (h + 10), w, h)
                x += w + 14
        # cards on the line, stacked upwards where they would overlap
        placed = []
        for i, card in enumerate(self.cards):
            value = self.hold_value if i == self.holding else card.value
            if value is not None and not (self.dragging and i == self.drag):
                placed.append((self.to_x(value), i))
        placed.sort()
        taken: list[pygame.Rect] = []
        ceiling = self.band.top + self.ceiling_pad
        for x, i in placed:
            w, h = self.card_size(self.cards[i])
            rects[i] = rect = self._free_spot(x, w, h, taken, ceiling)
            taken.append(rect)
        if self.dragging and self.drag is not None:
            w, h = self.card_size(self.cards[self.drag])
            rects[self.drag] = pygame.Rect(
                self.drag_pos[0] - w // 2, self.drag_pos[1] - h // 2, w, h
            )
        return rects

    def _tray_rows(self, room: int, which: list[int] | None = None) -> list[list[int]]:
        """The tray's cards in rows that fit `room` pixels (wrapping like words)."""
        rows: list[list[int]] = [[]]
        x = 0
        for i in range(len(self.cards)) if which is None else which:
            w = self.card_size(self.cards[i])[0]
            if rows[-1] and x + w > room:
                rows.append([])
                x = 0
            rows[-1].append(i)
            x += w + 14
        return rows

    def _free_spot(
        self, x: float, w: int, h: int, taken: list[pygame.Rect], ceiling: int
    ) -> pygame.Rect:
        """A card's place above the line: over its value, stacked upwards where cards
        would overlap, and moved sideways when the stack would leave the line's area."""
        lowest = self.line_y - self.card_gap
        levels = max(1, (lowest - ceiling + 8) // (h + 8))
        left_edge, right_edge = self.band.left + 8, self.band.right - 8
        best: pygame.Rect | None = None
        best_cost = float("inf")
        for shift in range(0, self.band.width, 12):
            for sign in (1, -1) if shift else (1,):
                cx = x + sign * shift
                rect = pygame.Rect(round(cx - w / 2), 0, w, h)
                if rect.left < left_edge or rect.right > right_edge:
                    continue
                for level in range(levels):
                    rect.bottom = lowest - level * (h + 8)
                    if not any(rect.inflate(12, 6).colliderect(t) for t in taken):
                        cost = shift * 1.5 + level * (h + 8)
                        if cost < best_cost:
                            best, best_cost = pygame.Rect(rect), cost
                        break
            if best is not None and shift * 1.5 > best_cost:
                break
        if best is None:  # no room anywhere: stack on the top level over the value
            best = pygame.Rect(round(x - w / 2), 0, w, h)
            best.clamp_ip(pygame.Rect(left_edge, 0, right_edge - left_edge, 10**6))
            best.bottom = lowest - (levels - 1) * (h + 8)
        # never up into the tray: in the tightest look a card rather sits lower on the line
        best.top = max(best.top, ceiling)
        return best

    def _tray_label_width(self) -> int:
        if not getattr(self, "tray_caption", True):
            return 0
        return self.style.font("body", bold=True).size("Cards")[0] + 24

    def tick_values(self) -> list[float]:
        n = int(math.floor((self.hi - self.lo) / self.tick + 1e-9))
        return [round(self.lo + k * self.tick, 9) for k in range(n + 1)]

    def labelled_ticks(self) -> list[float]:
        out = [v for v in self.tick_values() if abs(v - round(v)) < 1e-9]
        for v in (self.lo, self.hi):
            if all(abs(v - o) > 1e-9 for o in out):
                out.append(v)
        return sorted(out)

    def _own_controls(self) -> list[Control]:
        rects = self.card_rects()
        out = [Control(f"c:{i}", c.text, rects[i]) for i, c in enumerate(self.cards) if i in rects]
        size = self.style.min_target
        for k, v in enumerate(self.labelled_ticks()):
            r = pygame.Rect(0, 0, size, size)
            r.center = (round(self.to_x(v)), self.line_y + 14)
            out.append(Control(f"t:{k}", _label(v), r, True, False))
        return out

    # ------------------------------------------------------------------ actions
    def place(self, index: int, value: float | None) -> None:
        value = None if value is None else self.snap(value)
        if self.cards[index].value != value:
            self.cards[index].value = value
            self.marks.pop(index, None)
            self.changed()
            if value is None and not self.tray.height:
                self.set_rect(self.rect)  # the folded tray opens for the card

    def _on_activate(self, key: str) -> None:
        kind, _, raw = key.partition(":")
        if kind == "t":
            if self.holding is not None:
                self.place(self.holding, self.labelled_ticks()[int(raw)])
                self.focus_key = f"c:{self.holding}"
                self.holding = None
            return
        index = int(raw)
        if self.holding == index:
            if self.keyboard_mode:
                self.place(index, self.hold_value)
            self.holding = None
            return
        self.holding = index
        card = self.cards[index]
        self.hold_value = (
            card.value if card.value is not None else self.snap((self.lo + self.hi) / 2)
        )

    def _in_line_zone(self, pos: tuple[int, int]) -> bool:
        return (
            self.x_lo - 30 <= pos[0] <= self.x_hi + 30
            and self.band.top <= pos[1] <= self.line_y + 60
        )

    def dragging_now(self) -> bool:
        return self.drag is not None

    def _handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for i, rect in self.card_rects().items():
                if (
                    rect.collidepoint(event.pos)
                    and i != self.holding
                    or (i == self.holding and rect.collidepoint(event.pos))
                ):
                    self.drag, self.dragging = i, False
                    self.drag_start = self.drag_pos = event.pos
                    self.focus_key = f"c:{i}"
                    return True
            if self.holding is not None:
                hit = self.control_at(event.pos)
                if hit is not None and hit.key.startswith("t:"):
                    return False  # the tick control places it exactly
                if self._in_line_zone(event.pos):
                    self.place(self.holding, self.to_value(event.pos[0]))
                elif self.tray.collidepoint(event.pos):
                    self.place(self.holding, None)
                else:
                    return False
                self.holding = None
                return True
            return False
        if event.type == pygame.MOUSEMOTION and self.drag is not None:
            self.drag_pos = event.pos
            dx, dy = event.pos[0] - self.drag_start[0], event.pos[1] - self.drag_start[1]
            if abs(dx) + abs(dy) >= DRAG_THRESHOLD and not self.dragging:
                self.dragging = True
                self.holding = None
            return True
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.drag is not None:
            index, self.drag = self.drag, None
            if not self.dragging:
                self._on_activate(f"c:{index}")
                return True
            self.dragging = False
            if self._in_line_zone(event.pos):
                self.place(index, self.to_value(event.pos[0]))
            else:
                self.place(index, None)
            return True
        return False

    def _key(self, event: pygame.event.Event) -> bool:
        key = self.focus_key or ""
        if not key.startswith("c:"):
            return False
        index = int(key[2:])
        if self.holding != index:
            if event.key in (pygame.K_DELETE, pygame.K_BACKSPACE):
                self.place(index, None)
                return True
            return False
        shift = bool(getattr(event, "mod", 0) & pygame.KMOD_SHIFT)
        step = self.tick if shift else self.fine
        if event.key in (pygame.K_LEFT, pygame.K_DOWN):
            self.hold_value = self.snap(self.hold_value - step)
        elif event.key in (pygame.K_RIGHT, pygame.K_UP):
            self.hold_value = self.snap(self.hold_value + step)
        elif event.key == pygame.K_HOME:
            self.hold_value = self.lo
        elif event.key == pygame.K_END:
            self.hold_value = self.hi
        elif event.key == pygame.K_ESCAPE:
            self.holding = None
        elif event.key in (pygame.K_DELETE, pygame.K_BACKSPACE):
            self.place(index, None)
            self.holding = None
        else:
            return False
        return True

    def can_submit(self) -> bool:
        return all(c.value is not None for c in self.cards) and self.drag is None

    def answer(self):
        return {"positions": {c.text: float(c.value) for c in self.cards if c.value is not None}}

    def update(self, dt: float) -> bool:
        return self.dragging

    def _on_feedback(self, correct: bool) -> None:
        """Show which cards sit in the right place, so a retry only moves the others."""
        _ok, errors = minigames.number_line_ok(self.p, self.answer()["positions"])
        tolerance = self.p.tolerance + 1e-9
        self.marks = {
            i: correct or (errors.get(c.text) is not None and errors[c.text] <= tolerance)
            for i, c in enumerate(self.cards)
            if c.value is not None
        }

    def _on_retry(self) -> None:
        self.holding = None

    def status_text(self) -> str | None:
        if self.holding is not None:
            return (
                "Move with ← → (Shift: one tick), Enter to place, Esc to cancel. Or tap the line."
            )
        done = sum(c.value is not None for c in self.cards)
        if self.marks:
            right = sum(self.marks.values())
            return f"{right} of {len(self.cards)} in the right place · move the red ones"
        return self.fit_status(
            f"{done} of {len(self.cards)} placed · drag each card onto the line",
            f"{done} of {len(self.cards)} placed",
        )

    # ------------------------------------------------------------------ drawing
    def _draw_body(self, surface: pygame.Surface) -> None:
        s = self.style
        pal = s.palette
        all_placed = all(c.value is not None for c in self.cards)
        caption = s.font("body", bold=True)
        if self.tray.height:
            draw.card(surface, s, self.tray, pal.card_alt, pal.border, shadow=False)
        if self.tray.height and (self.tray_caption or all_placed):
            draw.blit_text(
                surface,
                caption,
                "Cards",
                pal.ink,
                (self.tray.left + 16, self.tray.centery),
                "midleft",
            )
        if all_placed and self.tray.height:
            small = s.font("small")
            x = self.tray.left + 40 + caption.size("Cards")[0]
            for hint in ("All placed. Drag one back here to take it off.", "All placed."):
                if small.size(hint)[0] <= self.tray.right - 16 - x:
                    draw.blit_text(
                        surface, small, hint, pal.muted, (x, self.tray.centery), "midleft"
                    )
                    break
        # the play area and the line with its ticks
        y = self.line_y
        area = pygame.Rect(self.band.left, self.band.top + 4, self.band.width, self.band.height - 8)
        draw.card(surface, s, area, pal.sky_bottom, pal.border, shadow=False)
        if (
            not any(c.value is not None for c in self.cards)
            and self.holding is None
            and not self.dragging
        ):
            draw.blit_text(
                surface,
                s.font("body"),
                "Drop the cards on the line ↓",
                pal.muted,
                (area.centerx, area.top + 30),
                "midtop",
            )
        pygame.draw.line(surface, pal.ink, (self.x_lo - 30, y), (self.x_hi + 30, y), 4)
        for sign, x in ((-1, self.x_lo - 30), (1, self.x_hi + 30)):
            pygame.draw.polygon(surface, pal.ink, [(x + sign * 14, y), (x, y - 9), (x, y + 9)])
        px_per_tick = self.tick / (self.hi - self.lo) * (self.x_hi - self.x_lo)
        labelled = self.labelled_ticks()
        for v in self.tick_values():
            x = self.to_x(v)
            major = any(abs(v - lv) < 1e-9 for lv in labelled)
            half = not major and abs((v * 2) - round(v * 2)) < 1e-9
            if not major and px_per_tick < 8:
                continue
            h = 18 if major else 12 if half else 8
            pygame.draw.line(surface, pal.ink, (x, y - h), (x, y + h), 3 if major else 2)
        font = s.font("large", bold=True)
        for v in labelled:
            draw.blit_text(surface, font, _label(v), pal.ink, (self.to_x(v), y + 22), "midtop")
        # a guide while dragging or holding
        guide = None
        if self.dragging and self.drag is not None and self._in_line_zone(self.drag_pos):
            guide = self.snap(self.to_value(self.drag_pos[0]))
        elif self.holding is not None:
            guide = self.hold_value
        if guide is not None:
            gx = self.to_x(guide)
            pygame.draw.line(surface, pal.focus, (gx, self.band.top), (gx, y + 20), 2)
            pygame.draw.circle(surface, pal.focus, (gx, y), 8)
        rects = self.card_rects()
        for i in range(len(self.cards)):
            if i in rects and not (self.dragging and i == self.drag):
                self._draw_card(surface, i, rects[i])
        if self.dragging and self.drag is not None:
            self._draw_card(surface, self.drag, rects[self.drag], lifted=True)

    def _draw_card(self, surface, index: int, rect: pygame.Rect, lifted: bool = False) -> None:
        s = self.style
        pal = s.palette
        card = self.cards[index]
        value = self.hold_value if index == self.holding else card.value
        on_line = value is not None and not lifted
        if on_line:
            x = self.to_x(value)
            colours = HC_CARD_COLOURS if s.high_contrast else CARD_COLOURS
            colour = colours[index % len(colours)]
            top = (max(rect.left + 10, min(rect.right - 10, x)), rect.bottom)
            pygame.draw.line(surface, colour, top, (x, self.line_y), 3)
            pygame.draw.circle(surface, colour, (x, self.line_y), 7)
        if lifted and not s.high_contrast:
            pygame.draw.rect(surface, pal.shadow, rect.move(5, 7), border_radius=s.radius)
        held = index == self.holding
        colours = HC_CARD_COLOURS if s.high_contrast else CARD_COLOURS
        colour = colours[index % len(colours)]
        fill = pal.selected if held or lifted else pal.card
        border = pal.primary if held or lifted else colour
        mark = self.marks.get(index)
        if mark is not None and not (held or lifted):
            border = pal.good if mark else pal.bad
        draw.card(surface, s, rect, fill, border, width=3 if mark is None else 4)
        draw.blit_text(surface, self.card_font, card.text, pal.ink, rect.center, "center")
        if mark is not None and not (held or lifted):
            draw.mark(
                surface, (rect.right - 2, rect.top + 2), 10, mark, pal.good if mark else pal.bad
            )
        if self.ring(f"c:{index}"):
            draw.focus_ring(surface, s, rect)
