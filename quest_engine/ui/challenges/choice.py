"""`choice` challenges: big option buttons.

Single choice submits the option id on click (or Enter). Multiple choice toggles options
with a tick box and submits the list of chosen ids with the Check button.
"""

from __future__ import annotations

import pygame

from quest_engine.ui.challenges import draw
from quest_engine.ui.challenges.base import ChallengeComponent, Control

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class ChoiceComponent(ChallengeComponent):
    def _setup(self) -> None:
        options = list(self.challenge.options)
        if self.challenge.shuffle:
            self.rng.shuffle(options)
        self.options = options
        self.multiple = bool(self.challenge.multiple)
        if not self.multiple:
            self.submit_label = None
        self.chosen: list[str] = []
        self._content_rects: dict[str, pygame.Rect] = {}
        self.option_lines: dict[str, list[str]] = {}
        self.option_font = self.style.font("body", bold=True)
        self.badge_r = 18
        self.verdict: bool | None = None
        self._kept_plan: tuple[tuple[int, int], tuple[int, str]] | None = None

    def _layout(self) -> None:
        """Big buttons that use the card: two columns when wide, rows grown to a
        comfortable height and the block centred in the space under the prompt."""
        s = self.style
        b = self.body
        n = max(1, len(self.options))
        gap = s.spacing if b.height >= 320 else max(6, s.spacing // 2)
        avail = b.width - 8
        wide = n >= 4 and avail >= 640
        two = n >= 4 and (avail - gap * 2) // 2 >= 220
        if wide:
            plan = [(2, "large"), (2, "body"), (1, "body"), (2, "small")]
        else:
            plan = [(1, "large"), (1, "body")]
            plan += [(2, "large"), (2, "body")] if two else []
            plan += [(1, "small")]
        plans = [*plan, (1, "body")]
        kept = self._kept_plan
        if self._banner_message() is None:
            pass  # the plan that fits now is remembered below
        elif kept is not None and kept[0] == self.rect.size:
            # feedback or a notice takes room: the options keep their size (the list
            # scrolls and the student's pick is centred) rather than shrinking under them
            plans = [kept[1]]
        for cols, step in plans:
            col_w = min(avail, 880) if cols == 1 else (avail - gap * 2) // 2
            rows = (n + cols - 1) // cols
            font = s.font(step, bold=True)
            self.badge_r = max(18, round(font.get_linesize() * 0.72))
            text_w = max(40, col_w - self.badge_r * 2 - 30 - 18)
            self.option_lines = {o.id: draw.wrap_text(font, o.text, text_w) for o in self.options}
            most = max((len(v) for v in self.option_lines.values()), default=1)
            if cols == 2 and most > 2:
                continue  # long options read better one per row
            need = max(s.min_target + 12, most * font.get_linesize() + 24, self.badge_r * 2 + 16)
            total = rows * need + (rows - 1) * gap
            if total <= b.height - 8:
                break
        self.option_font = font
        if self._banner_message() is None:
            self._kept_plan = (self.rect.size, (cols, step))
        spare = b.height - 8 - total
        row_h = need
        if spare > 0:
            row_h = min(need + spare // rows, max(need, round(s.min_target * 1.9)))
        total = rows * row_h + (rows - 1) * gap
        self.content_height = total + 8
        top = b.top + 4 + max(0, (b.height - 8 - total) // 3)
        left = b.left + 4 + (avail - (cols * col_w + (cols - 1) * gap * 2)) // 2
        self._content_rects = {}
        for i, opt in enumerate(self.options):
            row, col = divmod(i, cols)
            x = left + col * (col_w + gap * 2)
            y = top + row * (row_h + gap)
            self._content_rects[opt.id] = pygame.Rect(x, y, col_w, row_h)

    @property
    def option_rects(self) -> dict[str, pygame.Rect]:
        return {k: self.scrolled(r) for k, r in self._content_rects.items()}

    def _own_controls(self) -> list[Control]:
        return [Control(f"opt:{o.id}", o.text, self.option_rects[o.id]) for o in self.options]

    def _on_activate(self, key: str) -> None:
        option_id = key.split(":", 1)[1]
        self.verdict = None
        if self.multiple:
            if option_id in self.chosen:
                self.chosen.remove(option_id)
            else:
                self.chosen.append(option_id)
            self.changed()
        else:
            self.chosen = [option_id]
            self.submit()

    def answer(self):
        if not self.multiple:
            return self.chosen[0] if self.chosen else None
        if not self.chosen:
            self.notice = "Choose at least one answer."
            return None
        order = [o.id for o in self.options]
        return sorted(self.chosen, key=order.index)

    def _on_feedback(self, correct: bool) -> None:
        self.verdict = correct

    def show_feedback(self, correct: bool, message: str | None = None, *, extra=None) -> None:
        super().show_feedback(correct, message, extra=extra)
        self._centre_chosen()

    def set_rect(self, rect: pygame.Rect) -> None:
        super().set_rect(rect)
        self._centre_chosen()

    def _centre_chosen(self) -> None:
        """After the verdict the banner takes room and the list may scroll: keep the
        student's own pick (coloured by the verdict) in the middle of what is shown."""
        if self.verdict is None or not self.chosen or not self.max_scroll():
            return
        rect = self._content_rects.get(self.chosen[0])
        if rect is not None:
            self.scroll_to(rect.centery - self.body.centery)

    def scroll_cue_rect(self) -> pygame.Rect | None:
        """No "More" pill over the student's pick: the scrollbar and the fade still say
        that the list goes on."""
        cue = super().scroll_cue_rect()
        if cue is None or self.verdict is None:
            return cue
        rects = self.option_rects
        if any(cue.colliderect(rects[k]) for k in self.chosen if k in rects):
            return None
        return cue

    def _on_retry(self) -> None:
        self.verdict = None
        if not self.multiple:
            self.chosen = []

    def _draw_body(self, surface: pygame.Surface) -> None:
        s = self.style
        pal = s.palette
        font = self.option_font
        rects = self.option_rects
        r = self.badge_r
        for i, opt in enumerate(self.options):
            rect = rects[opt.id]
            key = f"opt:{opt.id}"
            chosen = opt.id in self.chosen
            hovered = self.hover_key == key
            fill, border, ink = pal.card, pal.border, pal.ink
            if chosen and self.verdict is not None:
                fill, border = (pal.good_bg, pal.good) if self.verdict else (pal.bad_bg, pal.bad)
            elif chosen:
                fill, border = pal.selected, pal.primary
            elif hovered:
                fill, border = pal.card_alt, pal.primary
            draw.card(surface, s, rect, fill, border, width=3 if chosen else s.border)
            # the letter badge (or tick box for multiple choice)
            centre = (rect.left + 14 + r, rect.centery)
            if self.multiple:
                side = round(r * 1.5)
                box = pygame.Rect(0, 0, side, side)
                box.center = centre
                pygame.draw.rect(surface, pal.primary if chosen else pal.card, box, border_radius=6)
                pygame.draw.rect(surface, pal.primary, box, 2, border_radius=6)
                if chosen:
                    draw.mark(surface, centre, side // 2 - 1, True, pal.primary)
            else:
                colour = pal.primary if chosen or hovered else pal.card_alt
                pygame.draw.circle(surface, colour, centre, r)
                if s.high_contrast and not (chosen or hovered):
                    pygame.draw.circle(surface, pal.border, centre, r, 2)
                letter_ink = pal.on_primary if chosen or hovered else pal.ink
                draw.blit_text(
                    surface,
                    s.font("body", bold=True),
                    LETTERS[i % 26],
                    letter_ink,
                    centre,
                    "center",
                )
            lines = self.option_lines.get(opt.id, [opt.text])
            h = len(lines) * font.get_linesize()
            x = rect.left + 2 * r + 30
            draw.blit_lines(surface, font, lines, ink, (x, rect.centery - h // 2), 0)
            if self.ring(key):
                draw.focus_ring(surface, s, rect)

    def status_text(self) -> str | None:
        if self.multiple:
            n = len(self.chosen)
            return f"Select all that apply · {n} selected"
        return None
