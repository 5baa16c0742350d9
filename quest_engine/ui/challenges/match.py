"""`match` challenges: connect each left item to its partner on the right.

Mouse or touch: drag from a left card onto a right card, or tap one then the other.
Keyboard: Enter on a left card picks it, the arrows choose a right card, Enter pairs them
(Delete unpairs). Submits {left: right} for every pair.
"""

from __future__ import annotations

import pygame

from quest_engine.ui.challenges import draw
from quest_engine.ui.challenges.base import ChallengeComponent, Control

PAIR_COLOURS = [
    (37, 99, 235),
    (194, 65, 12),
    (15, 118, 110),
    (147, 51, 234),
    (202, 138, 4),
    (219, 39, 119),
    (22, 163, 74),
    (71, 85, 105),
]
HC_PAIR_COLOURS = [(255, 212, 0), (0, 229, 255), (92, 255, 138), (255, 107, 255), (255, 255, 255)]
DRAG_THRESHOLD = 6
PLANS = (("body", 12, 20), ("body", 8, 14), ("small", 12, 16), ("small", 8, 12))
"""(font, gap, card padding) tried in turn until every pair fits without scrolling."""


class MatchComponent(ChallengeComponent):
    submit_label = "Check matches"

    def _setup(self) -> None:
        pairs = self.challenge.pairs
        self.lefts = [p.left for p in pairs]
        rights = [p.right for p in pairs]
        ids = list(range(len(rights)))
        if len(ids) > 1:
            for _ in range(10):
                self.rng.shuffle(ids)
                if ids != sorted(ids):
                    break
        self.rights = [rights[i] for i in ids]
        self.links: dict[int, int] = {}
        """left index -> right index (as displayed)."""
        self.picked: tuple[str, int] | None = None
        self.drag_from: int | None = None
        self.drag_start = (0, 0)
        self.drag_pos = (0, 0)
        self.dragging = False
        self.verdict: bool | None = None

    # ------------------------------------------------------------------ layout
    def _layout(self) -> None:
        """Two columns sized to their words (short terms on the left get a narrower
        column, long descriptions a wider one); long texts wrap, never cut."""
        s = self.style
        n = max(1, len(self.lefts), len(self.rights))
        mid = max(64, min(140, self.body.width // 8))
        avail = self.body.width - 8 - mid
        for step, gap, pad in PLANS:
            font = s.font(step, bold=True)
            half = min(440, avail // 2)
            widest_left = max((font.size(t)[0] for t in self.lefts), default=0) + 48
            widest_right = max((font.size(t)[0] for t in self.rights), default=0) + 48
            word = max((font.size(w)[0] for t in self.lefts for w in t.split()), default=0)
            left_w = max(min(half, widest_left), min(avail * 2 // 5, 160))
            if widest_left > half and widest_right > widest_left:
                left_w = min(half, max(min(widest_left, avail * 2 // 5), word + 48))
            right_w = min(max(half, avail - left_w) if widest_right > half else half, 560)
            lines = {t: draw.wrap_text(font, t, left_w - 40) for t in self.lefts}
            lines.update({t: draw.wrap_text(font, t, right_w - 40) for t in self.rights})
            most = max((len(v) for v in lines.values()), default=1)
            row_h = max(s.min_target + 8, most * font.get_linesize() + pad)
            total = n * row_h + (n - 1) * gap
            if total <= self.body.height - 8:
                break
        self.card_font, self.card_lines = font, lines
        self.content_height = total + 8
        total_w = left_w + mid + right_w
        x0 = self.body.left + 4 + max(0, (self.body.width - 8 - total_w) // 2)
        self._left = [
            pygame.Rect(x0, self.body.top + 4 + i * (row_h + gap), left_w, row_h)
            for i in range(len(self.lefts))
        ]
        self._right = [
            pygame.Rect(x0 + left_w + mid, self.body.top + 4 + i * (row_h + gap), right_w, row_h)
            for i in range(len(self.rights))
        ]

    @property
    def left_rects(self) -> list[pygame.Rect]:
        return [self.scrolled(r) for r in self._left]

    @property
    def right_rects(self) -> list[pygame.Rect]:
        return [self.scrolled(r) for r in self._right]

    def _own_controls(self) -> list[Control]:
        out = [Control(f"L:{i}", t, self.left_rects[i]) for i, t in enumerate(self.lefts)]
        out += [Control(f"R:{i}", t, self.right_rects[i]) for i, t in enumerate(self.rights)]
        return out

    def colour(self, left: int):
        colours = HC_PAIR_COLOURS if self.style.high_contrast else PAIR_COLOURS
        return colours[left % len(colours)]

    # ------------------------------------------------------------------ actions
    def link(self, left: int, right: int) -> None:
        for other, r in list(self.links.items()):
            if r == right and other != left:
                del self.links[other]
        self.links[left] = right
        self.verdict = None
        self.changed()

    def unlink(self, left: int) -> None:
        if self.links.pop(left, None) is not None:
            self.verdict = None
            self.changed()

    def _on_activate(self, key: str) -> None:
        side, _, raw = key.partition(":")
        index = int(raw)
        picked = self.picked
        if picked is None or picked[0] == side:
            if picked == (side, index):
                self.picked = None
                return
            self.picked = (side, index)
            if self.keyboard_mode and side == "L":
                target = self.links.get(index, 0)
                self.focus_key = f"R:{target}"
            elif self.keyboard_mode:
                self.focus_key = "L:0"
            return
        left, right = (index, picked[1]) if side == "L" else (picked[1], index)
        self.link(left, right)
        self.picked = None
        if self.keyboard_mode:
            unpaired = [i for i in range(len(self.lefts)) if i not in self.links]
            self.focus_key = f"L:{unpaired[0]}" if unpaired else "submit"

    def dragging_now(self) -> bool:
        return self.drag_from is not None

    def _handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            hit = self.control_at(event.pos)
            if hit and hit.key.startswith("L:"):
                self.drag_from = int(hit.key[2:])
                self.drag_start = self.drag_pos = event.pos
                self.dragging = False
                self.focus_key = hit.key
                return True
            return False
        if event.type == pygame.MOUSEMOTION and self.drag_from is not None:
            self.drag_pos = event.pos
            dx, dy = event.pos[0] - self.drag_start[0], event.pos[1] - self.drag_start[1]
            if abs(dx) + abs(dy) >= DRAG_THRESHOLD:
                self.dragging = True
            return True
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.drag_from is not None:
            left, self.drag_from = self.drag_from, None
            if self.dragging:
                self.dragging = False
                for i, rect in enumerate(self.right_rects):
                    if rect.inflate(16, 8).collidepoint(event.pos):
                        self.link(left, i)
                        self.picked = None
                        return True
                if self.control_at(event.pos) is None:
                    self.unlink(left)  # dragged off into empty space: let go of the pair
                return True
            self._on_activate(f"L:{left}")
            return True
        return False

    def _key(self, event: pygame.event.Event) -> bool:
        key = self.focus_key or ""
        if key[:2] not in ("L:", "R:"):
            return False
        side, index = key[0], int(key[2:])
        if event.key in (pygame.K_DELETE, pygame.K_BACKSPACE) and side == "L":
            self.unlink(index)
            return True
        if event.key == pygame.K_ESCAPE and self.picked is not None:
            self.focus_key = f"{self.picked[0]}:{self.picked[1]}"
            self.picked = None
            return True
        count = len(self.lefts) if side == "L" else len(self.rights)
        if event.key in (pygame.K_UP, pygame.K_DOWN):
            step = -1 if event.key == pygame.K_UP else 1
            self.focus_key = f"{side}:{max(0, min(count - 1, index + step))}"
            return True
        if event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            other = "R" if event.key == pygame.K_RIGHT else "L"
            other_count = len(self.rights) if other == "R" else len(self.lefts)
            self.focus_key = f"{other}:{min(index, other_count - 1)}"
            return True
        return False

    def can_submit(self) -> bool:
        return len(self.links) == len(self.lefts) > 0

    def answer(self) -> dict[str, str]:
        return {self.lefts[left]: self.rights[right] for left, right in sorted(self.links.items())}

    def _on_feedback(self, correct: bool) -> None:
        self.verdict = correct

    def _on_retry(self) -> None:
        self.verdict = None

    def update(self, dt: float) -> bool:
        return self.dragging

    # ------------------------------------------------------------------ drawing
    def _draw_body(self, surface: pygame.Surface) -> None:
        s = self.style
        pal = s.palette
        right_owner = {r: left for left, r in self.links.items()}
        for left, right in self.links.items():
            a = self.left_rects[left].midright
            b = self.right_rects[right].midleft
            pygame.draw.line(surface, self.colour(left), a, b, 5)
        if self.dragging and self.drag_from is not None:
            a = self.left_rects[self.drag_from].midright
            pygame.draw.line(surface, pal.primary, a, self.drag_pos, 4)
            pygame.draw.circle(surface, pal.primary, self.drag_pos, 9)
        for side, rects, texts in (
            ("L", self.left_rects, self.lefts),
            ("R", self.right_rects, self.rights),
        ):
            for i, rect in enumerate(rects):
                key = f"{side}:{i}"
                owner = (
                    i
                    if side == "L" and i in self.links
                    else right_owner.get(i)
                    if side == "R"
                    else None
                )
                picked = self.picked == (side, i)
                fill, border = pal.card, pal.border
                if owner is not None:
                    border = self.colour(owner)
                if self.verdict is not None and owner is not None:
                    fill = pal.good_bg if self.verdict else pal.card
                if picked:
                    fill, border = pal.selected, pal.primary
                elif self.hover_key == key:
                    fill = pal.card_alt
                draw.card(
                    surface,
                    s,
                    rect,
                    fill,
                    border,
                    width=3 if owner is not None or picked else s.border,
                )
                font = self.card_font
                lines = self.card_lines.get(texts[i], [texts[i]])
                y = rect.centery - len(lines) * font.get_linesize() // 2
                for line in lines:
                    draw.blit_text(surface, font, line, pal.ink, (rect.centerx, y), "midtop")
                    y += font.get_linesize()
                dot = rect.midright if side == "L" else rect.midleft
                colour = self.colour(owner) if owner is not None else pal.border
                pygame.draw.circle(surface, pal.card, dot, 10)
                pygame.draw.circle(surface, colour, dot, 10, 0 if owner is not None else 3)
                if self.ring(key):
                    draw.focus_ring(surface, s, rect)

    def status_text(self) -> str | None:
        done = len(self.links)
        total = len(self.lefts)
        if self.picked is not None:
            return self.fit_status("Now choose its partner on the other side.", "Now its partner.")
        return self.fit_status(
            f"{done} of {total} matched · drag or tap to pair them", f"{done} of {total} matched"
        )
