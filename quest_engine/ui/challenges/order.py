"""`order` challenges: put shuffled cards in the right order.

Mouse or touch: drag a card to its place, or tap one card then tap where it should go, or
use the arrow buttons on each card. Keyboard: Enter or Space picks the focused card up,
the arrow keys move it, Enter or Space puts it down (Ctrl+arrow moves it at once).
Submits the list of items in the student's order.
"""

from __future__ import annotations

import pygame

from quest_engine.ui.challenges import draw
from quest_engine.ui.challenges.base import ChallengeComponent, Control

DRAG_THRESHOLD = 6


class OrderComponent(ChallengeComponent):
    submit_label = "Check order"

    def _setup(self) -> None:
        items = list(self.challenge.items)
        ids = list(range(len(items)))
        if len(ids) > 1:
            for _ in range(10):
                self.rng.shuffle(ids)
                if ids != sorted(ids):
                    break
            if ids == sorted(ids):
                ids = ids[1:] + ids[:1]
        self.texts = items
        self.order: list[int] = ids
        """Original item indices in the order the student sees them."""
        self.grabbed: int | None = None
        self.drag: int | None = None
        self.drag_start = (0, 0)
        self.drag_offset = 0
        self.drag_y = 0
        self.dragging = False
        self.shown_y: dict[int, float] = {}
        self.verdict: bool | None = None

    # ------------------------------------------------------------------ layout
    def _layout(self) -> None:
        s = self.style
        n = max(1, len(self.order))
        self.gap = gap = 10
        self.card_w = min(self.body.width - 20, 900)
        self.left = self.body.left + 4
        self.top = self.body.top + 4
        text_w = max(60, self.card_w - 60 - 2 * s.min_target - 24)
        plans = (("body", 10, 18, 6), ("body", 6, 12, 2), ("small", 8, 14, 2), ("small", 4, 10, 0))
        for step, gap, pad, extra in plans:
            font = s.font(step, bold=True)
            lines = {i: draw.wrap_text(font, self.texts[i], text_w) for i in self.order}
            most = max((len(v) for v in lines.values()), default=1)
            card_h = max(s.min_target + extra, most * font.get_linesize() + pad)
            total = n * card_h + (n - 1) * gap
            if total <= self.body.height - 8:
                break
        self.gap = gap
        self.item_font, self.item_lines, self.card_h = font, lines, card_h
        self.content_height = total + 8
        for i in self.order:
            self.shown_y[i] = self._slot_y(self.order.index(i))

    def _slot_y(self, index: int) -> float:
        """Top of a slot in content coordinates (before scrolling)."""
        return self.top + index * (self.card_h + self.gap)

    def _card_rect(self, item: int) -> pygame.Rect:
        y = self.shown_y.get(item, self._slot_y(self.order.index(item))) - self.scroll
        if self.dragging and item == self.drag:
            y = self.drag_y
        return pygame.Rect(self.left, round(y), self.card_w, self.card_h)

    def reveal(self, key: str | None) -> None:
        if key and key.startswith("item:") and self.max_scroll():
            y = self._slot_y(self.order.index(int(key[5:]))) - self.scroll
            if y < self.body.top:
                self.scroll_to(self.scroll - (self.body.top - y) - 6)
            elif y + self.card_h > self.body.bottom:
                self.scroll_to(self.scroll + (y + self.card_h - self.body.bottom) + 6)
            return
        super().reveal(key)

    def _arrow_rects(self, item: int) -> tuple[pygame.Rect, pygame.Rect]:
        rect = self._card_rect(item)
        size = self.style.min_target
        down = pygame.Rect(0, 0, size, size)
        down.midright = (rect.right - 6, rect.centery)
        up = down.move(-size - 4, 0)
        return up, down

    def _own_controls(self) -> list[Control]:
        out = []
        for item in self.order:
            text = self.texts[item]
            out.append(Control(f"item:{item}", text, self._card_rect(item)))
            up, down = self._arrow_rects(item)
            pos = self.order.index(item)
            out.append(Control(f"up:{item}", f"Move {text} up", up, pos > 0, False))
            out.append(
                Control(f"down:{item}", f"Move {text} down", down, pos < len(self.order) - 1, False)
            )
        return out

    # ------------------------------------------------------------------ actions
    def move(self, item: int, new_index: int) -> None:
        new_index = max(0, min(len(self.order) - 1, new_index))
        if self.order.index(item) == new_index:
            return
        self.order.remove(item)
        self.order.insert(new_index, item)
        self.verdict = None
        self.changed()
        if self.style.reduced_motion:
            self._snap()

    def _snap(self) -> None:
        for i in self.order:
            self.shown_y[i] = self._slot_y(self.order.index(i))

    def _on_activate(self, key: str) -> None:
        kind, _, raw = key.partition(":")
        item = int(raw)
        if kind == "up":
            self.move(item, self.order.index(item) - 1)
        elif kind == "down":
            self.move(item, self.order.index(item) + 1)
        elif self.grabbed is None:
            self.grabbed = item
        elif self.grabbed == item:
            self.grabbed = None
        else:
            self.move(self.grabbed, self.order.index(item))
            self.focus_key = f"item:{self.grabbed}"
            self.grabbed = None

    def dragging_now(self) -> bool:
        return self.drag is not None

    def _handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            hit = self.control_at(event.pos)
            if hit and hit.key.startswith("item:"):
                item = int(hit.key.split(":")[1])
                self.drag = item
                self.drag_start = event.pos
                self.drag_offset = event.pos[1] - self._card_rect(item).top
                self.dragging = False
                self.focus_key = hit.key
                return True
            return False
        if event.type == pygame.MOUSEMOTION and self.drag is not None:
            if not self.dragging:
                dx = event.pos[0] - self.drag_start[0]
                dy = event.pos[1] - self.drag_start[1]
                if abs(dx) + abs(dy) < DRAG_THRESHOLD:
                    return True
                self.dragging = True
                self.grabbed = None
            self.drag_y = event.pos[1] - self.drag_offset
            return True
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.drag is not None:
            item, self.drag = self.drag, None
            if self.dragging:
                self.dragging = False
                centre = self.drag_y + self.scroll + self.card_h / 2
                index = int((centre - self.top) // (self.card_h + self.gap))
                self.shown_y[item] = self.drag_y + self.scroll
                self.move(item, index)
            else:
                self._on_activate(f"item:{item}")
            return True
        return False

    def _key(self, event: pygame.event.Event) -> bool:
        key = self.focus_key or ""
        if not key.startswith("item:"):
            return False
        item = int(key.split(":")[1])
        ctrl = bool(getattr(event, "mod", 0) & (pygame.KMOD_CTRL | pygame.KMOD_ALT))
        if event.key in (pygame.K_UP, pygame.K_DOWN) and (self.grabbed == item or ctrl):
            delta = -1 if event.key == pygame.K_UP else 1
            self.move(item, self.order.index(item) + delta)
            self.reveal(key)
            return True
        if event.key == pygame.K_ESCAPE and self.grabbed is not None:
            self.grabbed = None
            return True
        if event.key in (pygame.K_UP, pygame.K_DOWN):
            delta = -1 if event.key == pygame.K_UP else 1
            index = max(0, min(len(self.order) - 1, self.order.index(item) + delta))
            self.focus_key = f"item:{self.order[index]}"
            self.reveal(self.focus_key)
            return True
        if event.key in (pygame.K_TAB,) and self.grabbed is not None:
            self.grabbed = None
        return False

    def answer(self) -> list[str]:
        self.grabbed = None
        return [self.texts[i] for i in self.order]

    def _on_feedback(self, correct: bool) -> None:
        self.verdict = correct

    def _on_retry(self) -> None:
        self.verdict = None

    # ------------------------------------------------------------------ frame
    def update(self, dt: float) -> bool:
        if self.dragging and self.max_scroll():
            if self.drag_y < self.body.top:
                self.scroll_to(self.scroll - 10)
            elif self.drag_y + self.card_h > self.body.bottom:
                self.scroll_to(self.scroll + 10)
        moving = False
        rate = min(1.0, dt * 14)
        for i in self.order:
            target = self._slot_y(self.order.index(i))
            y = self.shown_y.get(i, target)
            if abs(target - y) < 0.5 or self.style.reduced_motion:
                self.shown_y[i] = target
            else:
                self.shown_y[i] = y + (target - y) * rate
                moving = True
        return moving or self.dragging

    def _draw_body(self, surface: pygame.Surface) -> None:
        s = self.style
        pal = s.palette
        font = s.font("body", bold=True)
        # faint numbered slots behind the cards
        for index in range(len(self.order)):
            slot = pygame.Rect(
                self.left, round(self._slot_y(index) - self.scroll), self.card_w, self.card_h
            )
            pygame.draw.rect(surface, pal.card_alt, slot, border_radius=s.radius)
        drawn = [i for i in self.order if not (self.dragging and i == self.drag)]
        if self.dragging and self.drag is not None:
            drawn.append(self.drag)
        for item in drawn:
            rect = self._card_rect(item)
            key = f"item:{item}"
            lifted = item == self.grabbed or (self.dragging and item == self.drag)
            fill, border = pal.card, pal.border
            if self.verdict is not None:
                fill, border = (pal.good_bg, pal.good) if self.verdict else (pal.card, pal.bad)
            if lifted:
                fill, border = pal.selected, pal.primary
                if not s.high_contrast:
                    pygame.draw.rect(surface, pal.shadow, rect.move(4, 6), border_radius=s.radius)
            elif self.hover_key == key:
                border = pal.primary
            draw.card(surface, s, rect, fill, border, width=3 if lifted else s.border)
            index = self.order.index(item)
            badge = (rect.left + 30, rect.centery)
            pygame.draw.circle(surface, pal.primary if lifted else pal.secondary, badge, 17)
            ink = pal.on_primary if lifted else pal.on_secondary
            draw.blit_text(surface, font, str(index + 1), ink, badge, "center")
            up, down = self._arrow_rects(item)
            lines = self.item_lines.get(item, [self.texts[item]])
            h = len(lines) * self.item_font.get_linesize()
            draw.blit_lines(
                surface, self.item_font, lines, pal.ink, (rect.left + 60, rect.centery - h // 2), 0
            )
            for arrow, enabled, pointing_up in (
                (up, index > 0, True),
                (down, index < len(self.order) - 1, False),
            ):
                colour = pal.muted if enabled else pal.disabled
                if self.hover_key in (f"up:{item}", f"down:{item}") and enabled:
                    hovered = self.hover_key == (f"up:{item}" if pointing_up else f"down:{item}")
                    if hovered:
                        pygame.draw.rect(surface, pal.card_alt, arrow, border_radius=8)
                        colour = pal.primary
                draw.triangle(surface, colour, arrow, pointing_up)
            if self.ring(key):
                draw.focus_ring(surface, s, rect)

    def status_text(self) -> str | None:
        if self.grabbed is not None:
            return self.fit_status(
                "Moving: use ↑ ↓ then Enter to put it down (or tap its new place).",
                "Moving: ↑ ↓ then Enter (or tap its place).",
            )
        return self.fit_status(
            "Drag the cards into order (or Enter, then ↑ ↓).", "Drag the cards into order."
        )
