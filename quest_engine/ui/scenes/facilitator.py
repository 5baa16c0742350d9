"""Facilitator view: the review queue; read, score against the rubric, comment, decide.

Approve or return for revision; both send the rubric scores and the comment to the
facade, which records them (and any badge that waited for approval).
"""

from __future__ import annotations

import pygame

from quest_engine.errors import QuestError
from quest_engine.ui import draw
from quest_engine.ui.controls import Button, TextField, Tile
from quest_engine.ui.layout import row
from quest_engine.ui.scenes.base import BaseScene
from quest_engine.ui.scenes.pin_reset import PinResetPane


class FacilitatorScene(PinResetPane, BaseScene):
    title = "Review"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.selected: str | None = None
        self.scores: dict[str, int] = {}
        self.comment: TextField | None = None
        self.done_note: str | None = None
        self.tab = "writing"
        self.badge_note: str | None = None
        self.rubric_scroll = 0
        self.rubric_region = pygame.Rect(0, 0, 0, 0)
        self.rubric_height = 0
        self.init_pins()
        self.refresh()

    def refresh(self) -> None:
        self.queue = self.app.facilitator.review_queue()
        pending = getattr(self.app.facilitator, "pending_badges", None)
        self.pending = pending() if pending else []
        ids = [s.id for s in self.queue]
        if self.selected not in ids:
            self.selected = ids[0] if ids else None
            self.scores = {}

    def submission(self):
        return next((s for s in self.queue if s.id == self.selected), None)

    def select(self, sid: str) -> None:
        self.selected = sid
        self.scores = {}
        self.rubric_scroll = 0
        if self.comment:
            self.comment.text = ""
        self.message = None
        self.relayout()

    def score(self, criterion: str, value: int) -> None:
        self.scores[criterion] = value
        self.relayout()

    def decide(self, approve: bool) -> None:
        sub = self.submission()
        if sub is None:
            return
        missing = [c.criterion for c in sub.rubric if c.id not in self.scores]
        if missing:
            self.message = f"Score every criterion first: {', '.join(missing)}."
            return
        comment = self.comment.text.strip() if self.comment else ""
        if not approve and not comment:
            self.message = "Add a comment so the student knows what to revise."
            return
        try:
            self.app.facilitator.review(sub.id, dict(self.scores), comment, approve)
        except QuestError as exc:
            self.show_error(exc)
            return
        self.done_note = (
            f"{'Approved' if approve else 'Returned'}: {sub.student_name}, {sub.quest_title}"
        )
        self.message = None
        self.selected = None
        self.scores = {}
        if self.comment:
            self.comment.text = ""
        self.refresh()
        self.relayout()

    def back(self) -> None:
        if self.tab == "pins":
            self.pins_back()  # Esc leaves a student's card; the facilitator screen is home

    def show(self, tab: str) -> None:
        self.tab = tab
        self.message = None
        self.pin_note = None
        if tab == "pins":
            self.refresh_pins()
        self.relayout()

    def approve_badge(self, item) -> None:
        try:
            self.app.facilitator.approve_badge(item.student_id, item.badge.id)
        except QuestError as exc:
            self.show_error(exc)
            return
        self.badge_note = f"Approved: {item.badge.name} for {item.student_name}"
        self.refresh()
        self.relayout()

    def _build_badges(self, area: pygame.Rect) -> None:
        t = self.theme
        bh = max(t.min_target, t.px(48))
        row_h = max(
            bh + 2 * t.gap, t.px(76), t.line_height("body") + t.line_height("small") + 2 * t.gap
        )
        y = area.y + t.line_height("body") + t.gap
        self.badge_rows = []
        for item in self.pending:
            if y + row_h > area.bottom:
                break
            rect = pygame.Rect(area.x, y, area.width, row_h)
            self.badge_rows.append((rect, item))
            b = Button(
                f"Approve {item.badge.name} for {item.student_name}",
                lambda i=item: self.approve_badge(i),
                "primary",
                caption="Approve",
            )
            b.rect = pygame.Rect(0, 0, max(b.preferred_width(t), t.px(160)), bh)
            b.rect.midright = (rect.right - t.pad, rect.centery)
            self.add(b)
            y += row_h + t.gap

    def regions(self):
        t = self.theme
        w, h = self.size
        top = pygame.Rect(0, 0, w, t.top_bar_height())
        body = pygame.Rect(t.pad, top.bottom + t.pad, w - 2 * t.pad, h - top.bottom - 2 * t.pad)
        list_w = max(t.px(220), int(body.width * 0.25))
        return (
            top,
            pygame.Rect(body.x, body.y, list_w, body.height),
            pygame.Rect(body.x + list_w + t.pad, body.y, body.width - list_w - t.pad, body.height),
        )

    def build(self) -> None:
        t = self.theme
        top, queue_rect, detail = self.regions()
        bh = max(t.min_target, t.px(48))
        out = Button("Sign out", self.app.sign_out, "quiet")
        out.rect = pygame.Rect(0, top.centery - bh // 2, out.preferred_width(t), bh)
        out.rect.right = top.right - t.pad
        tabs = [
            Button(
                "Writing to review",
                lambda: self.show("writing"),
                "secondary",
                selected=self.tab == "writing",
                caption=f"Writing ({len(self.queue)})",
            ),
            Button(
                "Badges to approve",
                lambda: self.show("badges"),
                "secondary",
                selected=self.tab == "badges",
                caption=f"Badges ({len(self.pending)})",
            ),
        ]
        if hasattr(self.app.facilitator, "set_student_pin"):
            tabs.append(
                Button(
                    "Student PINs",
                    lambda: self.show("pins"),
                    "secondary",
                    selected=self.tab == "pins",
                    caption="PINs",
                )
            )
        bar = pygame.Rect(top.x, top.centery - bh // 2, out.rect.x - t.gap - top.x, bh)
        widths = [b.preferred_width(t) for b in tabs]
        for b, r in zip(tabs, row(bar, widths, bh, t.gap, "right"), strict=True):
            b.rect = r
            self.add(b)
        if self.tab == "badges":
            self._build_badges(
                pygame.Rect(
                    queue_rect.x, queue_rect.y, detail.right - queue_rect.x, queue_rect.height
                )
            )
            self.add(out)
            return
        if self.tab == "pins":
            self.build_pins()
            self.add(out)
            return
        y = queue_rect.y + t.line_height("body") + t.gap
        tile_h = max(t.min_target, t.line_height("body") + t.line_height("small") + 2 * t.gap)
        for sub in self.queue:
            if y + tile_h > queue_rect.bottom:
                break
            self.add(
                Tile(
                    f"{sub.student_name}: {sub.quest_title}",
                    lambda s=sub.id: self.select(s),
                    self._sub_painter(sub),
                    pygame.Rect(queue_rect.x, y, queue_rect.width, tile_h),
                )
            )
            y += tile_h + t.gap
        sub = self.submission()
        if sub is not None:
            inner = detail.inflate(-2 * t.pad, -2 * t.pad)
            fh = TextField.height_for(t)
            acts = [
                Button("Return for revision", lambda: self.decide(False), "secondary"),
                Button("Approve", lambda: self.decide(True), "primary"),
            ]
            acts_w = sum(b.preferred_width(t) for b in acts) + t.gap
            # a wide pane puts the comment beside the buttons: more room for the rubric
            one_row = inner.width - acts_w - t.gap >= t.px(360)
            actions_y = inner.bottom - bh
            comment_y = inner.bottom - fh if one_row else actions_y - t.gap - fh
            comment_w = inner.width - acts_w - t.gap if one_row else inner.width
            plan = self.rubric_plan(sub, inner.width)
            rubric_h = sum(self._block_height(entry) for entry in plan)
            # the essay keeps a readable share; a rubric taller than the rest scrolls
            header = t.line_height("small") + 2 * t.line_height("body") + t.px(6)
            essay_min = 2 * t.line_height("body") + 2 * t.gap
            essay_pref = max(3 * t.line_height("body") + 2 * t.gap, int(inner.height * 0.22))
            # a short essay gives its spare room to the rubric
            essay_need = (
                len(t.wrap(sub.text, inner.width - 3 * t.gap, "body")) * t.line_height("body")
                + 2 * t.gap
            )
            essay_pref = min(essay_pref, essay_need)
            essay_min = min(essay_min, essay_need)
            room = comment_y - t.gap - (inner.y + header) - t.gap
            first = (len(plan[0][1]) * t.line_height("small") + plan[0][2]) if plan else 0
            # the rubric shows at least one whole criterion; the essay at least two lines
            one_line = t.line_height("body") + 2 * t.gap
            self.rubric_compact = first > room - one_line
            self.essay_block = 0
            if self.rubric_compact:
                # too tight for the essay and a whole criterion side by side: one scrolling
                # page instead (the prompt on one line, the essay, then the rubric with its
                # levels stacked so every description reads in full)
                plan = self.rubric_plan(sub, inner.width, compact=True)
                self.essay_block = essay_need + t.gap
                rubric_h = self.essay_block + sum(self._block_height(entry) for entry in plan)
                page_top = inner.y + header - t.line_height("body")
                region = pygame.Rect(inner.x, page_top, inner.width, comment_y - t.gap - page_top)
            else:
                # a whole criterion beats a second essay line in a tight window
                rubric_room = max(min(first, room - one_line), room - essay_pref)
                lowest_top = comment_y - t.gap - rubric_room
                top_y = comment_y - t.gap - rubric_h
                if top_y < lowest_top:
                    region = pygame.Rect(
                        inner.x, lowest_top, inner.width, comment_y - t.gap - lowest_top
                    )
                else:
                    region = pygame.Rect(inner.x, top_y, inner.width, rubric_h)
            self.rubric_region = region
            self.rubric_height = rubric_h
            self.rubric_scroll = max(0, min(self.rubric_scroll, rubric_h - region.height))
            ry = region.y - self.rubric_scroll + self.essay_block
            self.rubric_top = region.y
            for entry in plan:
                crit, label, lvl_h, per_row = entry
                top = ry
                ry += len(label) * t.line_height("small")
                levels = sorted(crit.levels, key=lambda lv: lv.score)
                w = (inner.width - t.gap * (per_row - 1)) // per_row
                for i, lv in enumerate(levels):
                    r, col = divmod(i, per_row)
                    rect = pygame.Rect(
                        inner.x + col * (w + t.gap), ry + r * (lvl_h + t.gap), w, lvl_h
                    )
                    tile = Tile(
                        f"{crit.criterion}: {lv.score} {lv.description}",
                        lambda c=crit.id, v=lv.score: self.score(c, v),
                        self._level_painter(crit.id, lv),
                        rect,
                    )
                    tile.clipped = not region.contains(rect)
                    tile.rubric = True
                    tile.level = lv
                    self.add(tile)
                ry = top + self._block_height(entry)
            old = self.comment.text if self.comment else ""
            self.comment = TextField(
                "Comment for the student",
                old,
                placeholder="One strength, one next step",
                max_length=500,
            )
            self.comment.rect = pygame.Rect(inner.x, comment_y, comment_w, fh)
            self.add(self.comment)
            for b, r in zip(
                acts,
                row(
                    pygame.Rect(inner.x, actions_y, inner.width, bh),
                    [b.preferred_width(t) for b in acts],
                    bh,
                    t.gap,
                    "right",
                ),
                strict=True,
            ):
                b.rect = r
                self.add(b)
        self.add(out)

    def level_text_width(self, tile_w: int, score: int) -> int:
        t = self.theme
        return tile_w - 3 * t.gap - t.measure(str(score), "heading", True)

    def rubric_plan(self, sub, width: int, compact: bool = False) -> list[tuple]:
        """(criterion, caption lines, level-button height, levels per row) for each
        criterion: captions and level descriptions wrap in full, and the buttons grow to
        hold them. The levels sit side by side; `compact` (a window too small for one whole
        criterion, e.g. extra-large text at 1024x600) stacks them one per row, full width,
        so every description stays readable (the rubric scrolls) instead of "Some..."."""
        t = self.theme
        plan = []
        for crit in sub.rubric:
            label = t.wrap(crit.criterion, width, "small", True)
            levels = sorted(crit.levels, key=lambda lv: lv.score)
            per_row = 1 if compact else max(1, len(levels))
            w = (width - t.gap * (per_row - 1)) // per_row
            most = max(
                (len(self.level_lines(lv, w)) for lv in levels),
                default=1,
            )
            lines = most if compact else max(2, most)
            lvl_h = max(t.min_target, lines * t.line_height("small") + t.px(12))
            plan.append((crit, label, lvl_h, per_row))
        return plan

    def _block_height(self, entry: tuple) -> int:
        """Height of one criterion in the rubric: caption, rows of level buttons, a gap."""
        t = self.theme
        crit, label, lvl_h, per_row = entry
        rows = max(1, -(-len(crit.levels) // per_row))
        return len(label) * t.line_height("small") + rows * lvl_h + (rows - 1) * t.gap + t.gap

    def level_lines(self, level, tile_w: int) -> list[str]:
        """A level description wrapped in full for a button `tile_w` wide."""
        t = self.theme
        width = self.level_text_width(tile_w, level.score)
        return t.wrap(level.description, width, "small", True)

    def _level_painter(self, criterion_id: str, level):
        def paint(surface, t, rect, hovered, focused) -> None:
            c = t.colors
            chosen = self.scores.get(criterion_id) == level.score
            bg = c.primary if chosen else (c.background_alt if hovered else c.card)
            fg = c.on_primary if chosen else c.ink
            pygame.draw.rect(surface, bg, rect, border_radius=t.px(12))
            pygame.draw.rect(surface, c.primary, rect, t.border, border_radius=t.px(12))
            num = t.text(str(level.score), "heading", fg, bold=True)
            surface.blit(num, num.get_rect(midleft=(rect.x + t.gap, rect.centery)))
            x = rect.x + t.gap * 2 + num.get_width()
            lines = self.level_lines(level, rect.width)
            y = rect.centery - len(lines) * t.line_height("small") // 2
            for line in lines:
                surface.blit(t.text(line, "small", fg, bold=chosen), (x, y))
                y += t.line_height("small")

        return paint

    def clip_for(self, widget):
        return self.rubric_region if getattr(widget, "rubric", False) else None

    def reveal(self, widget):
        """Scroll the rubric so a level button is fully shown (keyboard focus, Pilot)."""
        region = self.rubric_region
        if widget.rect.top < region.top:
            self.rubric_scroll -= region.top - widget.rect.top
        elif widget.rect.bottom > region.bottom:
            self.rubric_scroll += widget.rect.bottom - region.bottom
        self.focus.focus(widget)
        self.relayout()
        return next((w for w in self.widgets if w.label == widget.label), None)

    def handle_event(self, event) -> None:
        if (
            event.type == pygame.MOUSEBUTTONUP
            and event.button == 1
            and self.rubric_region.collidepoint(event.pos)
        ):
            for w in self.widgets:
                if getattr(w, "rubric", False) and w.clipped and w.rect.collidepoint(event.pos):
                    w.on_click()  # a level button half scrolled out still takes a click
                    return
        super().handle_event(event)
        focused = self.focus.focused
        if getattr(focused, "rubric", False) and focused.clipped:
            self.reveal(focused)

    def on_scroll(self, dy: int) -> None:
        pos = pygame.mouse.get_pos()
        if self.rubric_height > self.rubric_region.height and self.rubric_region.collidepoint(pos):
            step = self.theme.line_height("body") * 2
            self.rubric_scroll = max(0, self.rubric_scroll - dy * step)
            self.relayout()
            return
        step = self.theme.line_height("body") * 2
        self.text_scroll = max(0, getattr(self, "text_scroll", 0) - dy * step)
        self.app.dirty = True

    def draw_fresh(self, surface) -> None:
        super().draw_fresh(surface)
        cue = self.rubric_cue()
        if cue is not None:
            t = self.theme
            surface.blit(t.text(cue[0], "small", t.colors.muted, bold=True), cue[1])
        limit = getattr(self, "rubric_limit", 0)
        if self.tab == "writing" and limit and self.submission() is not None:
            t = self.theme
            region = self.rubric_region
            draw.scroll_edges(surface, region, self.rubric_scroll, limit, t.colors.card, t.px(22))
            track = pygame.Rect(region.right + t.px(6), region.y, t.px(5), region.height)
            pygame.draw.rect(surface, t.colors.xp_track, track, border_radius=3)
            th = max(20, track.height * region.height // max(1, self.rubric_height))
            ty = track.y + (track.height - th) * self.rubric_scroll // limit
            pygame.draw.rect(
                surface, t.colors.muted, (track.x, ty, track.width, th), border_radius=3
            )

    def queue_heading(self, width: int) -> str:
        """The queue's heading with its count ("Review queue · 2 waiting"), or without it
        when the count would be cut to "Review queue · 2..." (the Writing tab shows it)."""
        n = len(self.queue)
        full = f"Review queue · {n} waiting"
        if n and self.theme.measure(full, "body", True) <= width:
            return full
        return "Review queue"

    def rubric_cue(self) -> tuple[str, pygame.Rect] | None:
        """On a compact page, "Rubric below" on the comment caption's line while the rubric
        is still out of sight under the essay (the scrollbar alone is easy to miss)."""
        block = getattr(self, "essay_block", 0)
        if self.tab != "writing" or not block or self.comment is None:
            return None
        t = self.theme
        region = self.rubric_region
        if block - self.rubric_scroll < region.height - 2 * t.line_height("small"):
            return None  # the first criterion is in view
        text = "Rubric below ↓"
        w = t.measure(text, "small", True)
        field = self.comment.rect
        caption = t.measure(self.comment.label, "small", True) + 4
        if caption + t.gap + w > field.width:
            return None
        return text, pygame.Rect(field.right - w, field.y, w, t.line_height("small"))

    def _sub_painter(self, sub):
        def paint(surface, t, rect, hovered, focused) -> None:
            c = t.colors
            selected = sub.id == self.selected
            draw.choice_card(surface, t, rect, hovered, selected)
            surface.blit(
                t.text(sub.student_name, "body", c.ink, bold=True), (rect.x + t.gap, rect.y + t.gap)
            )
            line = t.ellipsize(
                f"{sub.quest_title} · {sub.review_mode} review", rect.width - 2 * t.gap, "small"
            )
            surface.blit(
                t.text(line, "small", c.muted),
                (rect.x + t.gap, rect.y + t.gap + t.line_height("body")),
            )

        return paint

    def _paint_badges(self, surface: pygame.Surface, queue_rect: pygame.Rect) -> None:
        t = self.theme
        c = t.colors
        n = len(self.pending)
        title = f"{n} badge{'s' if n != 1 else ''} waiting for your approval" if n else "Badges"
        surface.blit(t.text(title, "body", c.muted, bold=True), queue_rect.topleft)
        for rect, item in getattr(self, "badge_rows", []):
            draw.card(surface, t, rect)
            r = (rect.height - 2 * t.gap) // 2
            draw.badge(surface, t, (rect.x + t.pad + r, rect.centery), r, item.badge)
            x = rect.x + 2 * t.pad + 2 * r
            room = rect.width - (x - rect.x) - t.px(220)
            line = t.ellipsize(f"{item.student_name} earned {item.badge.name}", room, "body", True)
            surface.blit(t.text(line, "body", c.ink, bold=True), (x, rect.y + t.gap))
            why = item.badge.criteria or item.badge.description
            if why:
                text = t.ellipsize(why, room, "small")
                surface.blit(
                    t.text(text, "small", c.muted), (x, rect.y + t.gap + t.line_height("body"))
                )
        if not n:
            msg = self.badge_note or "No badges are waiting for approval."
            s = t.text(msg, "heading", c.success, bold=True)
            surface.blit(s, s.get_rect(center=(self.size[0] // 2, self.size[1] // 2)))
        elif self.badge_note:
            s = t.text(self.badge_note, "small", c.success, bold=True)
            surface.blit(s, s.get_rect(topright=(self.size[0] - t.pad, queue_rect.y)))

    def paint(self, surface: pygame.Surface) -> None:
        t = self.theme
        c = t.colors
        surface.fill(c.background)
        top, queue_rect, detail = self.regions()
        pygame.draw.rect(surface, c.card, top)
        pygame.draw.line(surface, c.card_border, top.bottomleft, top.bottomright, 2)
        head = t.text("Facilitator", "heading", c.ink, bold=True)
        surface.blit(head, (t.pad, top.centery - head.get_height() // 2))
        if self.tab == "badges":
            self._paint_badges(surface, queue_rect)
            return
        if self.tab == "pins":
            self.paint_pins(surface)
            return
        label = t.ellipsize(self.queue_heading(queue_rect.width), queue_rect.width, "body", True)
        surface.blit(t.text(label, "body", c.muted, bold=True), queue_rect.topleft)
        draw.card(surface, t, detail)
        sub = self.submission()
        inner = detail.inflate(-2 * t.pad, -2 * t.pad)
        if sub is None:
            msg = "All caught up! No work is waiting for review."
            s = t.text(msg, "heading", c.success, bold=True)
            surface.blit(s, s.get_rect(center=detail.center))
            if self.done_note:
                d = t.text(self.done_note, "body", c.muted)
                surface.blit(
                    d, d.get_rect(midtop=(detail.centerx, detail.centery + s.get_height()))
                )
            return
        y = inner.y
        surface.blit(
            t.text(f"{sub.student_name} · {sub.quest_title}", "small", c.muted, bold=True),
            (inner.x, y),
        )
        y += t.line_height("small")
        prompt_lines = 1 if getattr(self, "rubric_compact", False) else 2
        role, prompt = t.fit_lines(sub.prompt, inner.width, prompt_lines, "body", True)
        for line in prompt:
            surface.blit(t.text(line, role, c.ink, bold=True), (inner.x, y))
            y += t.line_height(role)
        y += t.px(6)
        words = len(sub.text.split())
        surface.blit(
            t.text(f"{words} words", "small", c.muted),
            (inner.right - t.measure(f"{words} words", "small"), inner.y),
        )
        lines = t.wrap(sub.text, inner.width - 3 * t.gap, "body")
        if getattr(self, "essay_block", 0):
            self.essay_rect = pygame.Rect(inner.x, y, inner.width, 0)  # it is on the page below
            self._paint_rubric(surface, sub, inner, lines)
            return
        area = pygame.Rect(inner.x, y, inner.width, self.rubric_top - y - t.gap)
        total = len(lines) * t.line_height("body") + 2 * t.gap
        band = None
        if total > area.height:
            # the cue sits in its own band under the essay, never over its last line
            cue_h = t.line_height("small") + t.px(4)
            area.height -= cue_h
            band = pygame.Rect(area.x, area.bottom, area.width - t.gap, cue_h)
        limit = max(0, total - area.height)
        self.essay_rect = pygame.Rect(area)
        clip = surface.get_clip()
        surface.set_clip(area)
        pygame.draw.rect(surface, c.background_alt, area, border_radius=t.px(10))
        self.text_scroll = max(0, min(getattr(self, "text_scroll", 0), limit))
        ty = area.y + t.gap - self.text_scroll
        for line in lines:
            surface.blit(t.text(line, "body", c.ink), (area.x + t.gap, ty))
            ty += t.line_height("body")
        inset = area.inflate(0, -t.px(8))
        draw.scroll_edges(surface, inset, self.text_scroll, limit, c.background_alt, t.px(24))
        surface.set_clip(clip)
        if band is not None:
            more = "Scroll to read more ↓" if self.text_scroll < limit else "The end ↑"
            draw.more_cue(surface, t, band, c.muted, more)
        self._paint_rubric(surface, sub, inner, lines)

    def _paint_rubric(self, surface, sub, inner, essay_lines) -> None:
        """The criteria captions in the rubric's scroll region (the level buttons are
        widgets); on a compact page the essay comes first in the same region."""
        t = self.theme
        c = t.colors
        region = self.rubric_region
        ry = region.y - self.rubric_scroll
        clip = surface.get_clip()
        surface.set_clip(region)
        compact = getattr(self, "rubric_compact", False)
        block = getattr(self, "essay_block", 0)
        if block:
            box = pygame.Rect(region.x, ry, region.width - t.px(10), block - t.gap)
            pygame.draw.rect(surface, c.background_alt, box, border_radius=t.px(10))
            ty = ry + t.gap
            for line in essay_lines:
                surface.blit(t.text(line, "body", c.ink), (box.x + t.gap, ty))
                ty += t.line_height("body")
            ry += block
        for entry in self.rubric_plan(sub, inner.width, compact):
            top = ry
            for line in entry[1]:
                surface.blit(t.text(line, "small", c.muted, bold=True), (inner.x, ry))
                ry += t.line_height("small")
            ry = top + self._block_height(entry)
        surface.set_clip(clip)
        self.rubric_limit = max(0, self.rubric_height - region.height)
