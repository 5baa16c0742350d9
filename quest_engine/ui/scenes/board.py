"""The class board: teammates and their progress, a gallery of shared writing, and my work.

A team, not a ranking: classmates are listed alphabetically with no rank numbers, the
header counts what the class achieved together, and peer feedback is guided into three
parts (kind, specific, helpful) so it stays useful and friendly. Under *My work* a student
reads the feedback on everything they submitted and decides what the class can see.
"""

from __future__ import annotations

import pygame

from quest_engine.errors import QuestError
from quest_engine.ui import draw
from quest_engine.ui.controls import Button, TextField, Tile, Toggle
from quest_engine.ui.layout import grid, row
from quest_engine.ui.scenes.base import BaseScene

READER_LINES = 4
"""Lines of a classmate's story the reader aims to show above the feedback form."""

FEEDBACK_FIELDS = (
    ("kind", "Kind: something you liked", "e.g. I liked how you…"),
    ("specific", "Specific: a detail that worked", "e.g. The part where…"),
    ("helpful", "Helpful: one idea to try", "e.g. You could try…"),
)


class BoardScene(BaseScene):
    title = "Class board"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.tab = "team"
        self.page = 0
        self.selected: str | None = None
        self.selected_mine: str | None = None
        self.work_scroll = 0
        self.fields: dict[str, TextField] = {}
        self.compact_form = False
        self.refresh()

    def refresh(self) -> None:
        player = self.app.player
        self.entries = sorted(player.class_board(), key=lambda e: e.display_name.lower())
        self.works = player.shared_work()
        mine = getattr(player, "my_work", None)
        me = player.student.id
        self.mine = mine() if mine else [w for w in self.works if w.author_id == me]
        if self.selected is None and self.works:
            self.selected = self.works[0].submission_id
        if self.selected_mine is None and self.mine:
            self.selected_mine = self.mine[-1].submission_id

    def show(self, tab: str) -> None:
        self.tab = tab
        self.page = 0
        self.message = None
        self.relayout()

    def select(self, submission_id: str) -> None:
        if self.tab == "mine":
            self.selected_mine = submission_id
        else:
            self.selected = submission_id
        self.work_scroll = 0
        self.fields = {}
        self.message = None
        self.relayout()

    def on_scroll(self, dy: int) -> None:
        if self.tab in ("writing", "mine"):
            step = self.theme.line_height("body") * 2  # whole lines, so none is cut in half
            self.work_scroll = max(0, self.work_scroll - dy * step)
            self.app.dirty = True

    def on_key(self, event) -> bool:
        if self.tab in ("writing", "mine") and event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            self.on_scroll(-4 if event.key == pygame.K_PAGEDOWN else 4)
            return True
        return False

    def listed(self) -> list:
        return self.mine if self.tab == "mine" else self.works

    def work(self):
        chosen = self.selected_mine if self.tab == "mine" else self.selected
        return next((w for w in self.listed() if w.submission_id == chosen), None)

    def set_shared(self, shared: bool) -> None:
        work = self.work()
        share = getattr(self.app.player, "set_shared", None)
        if work is None or share is None:
            return
        try:
            share(work.submission_id, shared)
        except QuestError as exc:
            self.show_error(exc)
            return
        self.refresh()
        self.relayout()

    def send_feedback(self) -> None:
        work = self.work()
        if work is None:
            return
        parts = {k: self.fields[k].text.strip() for k, _l, _p in FEEDBACK_FIELDS}
        if not all(parts.values()):
            self.message = "Fill in all three parts: kind, specific and helpful."
            return
        try:
            self.app.player.give_feedback(
                work.submission_id, parts["kind"], parts["specific"], parts["helpful"]
            )
        except QuestError as exc:
            self.show_error(exc)
            return
        for f in self.fields.values():
            f.text = ""
        self.message = None
        self.refresh()
        self.thanks = f"Thanks! {work.author_name} will see your feedback."
        self.relayout()
        self.app.sounds.play("correct")

    # ------------------------------------------------------------------ layout
    def regions(self):
        t = self.theme
        w, h = self.size
        top = pygame.Rect(0, 0, w, t.top_bar_height())
        banner = pygame.Rect(
            t.pad, top.bottom + t.pad, w - 2 * t.pad, t.line_height("heading") + t.px(36)
        )
        if self.tab != "team":
            # reading needs the room more than the team line does (big text, small window)
            form = 2 * TextField.height_for(t) + max(t.min_target, t.px(48)) + 3 * t.gap
            if h - banner.bottom - 2 * t.pad < form + 6 * t.line_height("body"):
                banner = pygame.Rect(t.pad, top.bottom, w - 2 * t.pad, 0)
        body = pygame.Rect(
            t.pad, banner.bottom + t.pad, w - 2 * t.pad, h - banner.bottom - 2 * t.pad
        )
        return top, banner, body

    def build(self) -> None:
        t = self.theme
        top, banner, body = self.regions()
        bh = max(t.min_target, t.px(48))
        back = Button("Quest map", self.app.pop, "quiet")
        back.rect = pygame.Rect(t.pad, top.centery - bh // 2, back.preferred_width(t), bh)
        self.add(back)
        tabs = [
            Button(
                "Teammates", lambda: self.show("team"), "secondary", selected=self.tab == "team"
            ),
            Button(
                "Shared writing",
                lambda: self.show("writing"),
                "secondary",
                selected=self.tab == "writing",
            ),
            Button("My work", lambda: self.show("mine"), "secondary", selected=self.tab == "mine"),
        ]
        for b, r in zip(
            tabs,
            row(
                pygame.Rect(0, top.centery - bh // 2, top.width - t.pad, bh),
                [b.preferred_width(t) for b in tabs],
                bh,
                t.gap,
                "right",
            ),
            strict=True,
        ):
            b.rect = r
            self.add(b)
        if self.tab == "team":
            self._build_team(body)
        else:
            self._build_writing(body)

    def _build_team(self, body) -> None:
        t = self.theme
        nav_h = max(t.min_target, t.px(48))
        area = pygame.Rect(body.x, body.y, body.width, body.height - nav_h - t.gap)
        chip_h = t.font("small", True).get_height() + 2 * t.px(4)
        top_h = max(2 * t.px(34), t.line_height("body") + 2 + chip_h)
        tile_h = max(t.px(150), 2 * t.pad + top_h + t.gap + t.line_height("small"))
        rects, per_page = grid(area, len(self.entries), t.px(360), tile_h, t.pad)
        pages = max(1, -(-len(self.entries) // per_page))
        self.page = min(self.page, pages - 1)
        shown = self.entries[self.page * per_page : (self.page + 1) * per_page]
        me = self.app.player.student.id
        for rect, e in zip(rects, shown, strict=False):
            self.add(Tile(e.display_name, None, self._mate_painter(e, e.student_id == me), rect))
        if pages > 1:
            nav = pygame.Rect(body.x, body.bottom - nav_h, body.width, nav_h)
            prev = Button("Previous page", lambda: self._turn(-1), "secondary")
            nxt = Button("Next page", lambda: self._turn(1), "secondary")
            for b, r in zip(
                (prev, nxt),
                row(nav, [b.preferred_width(t) for b in (prev, nxt)], nav_h, t.gap, "right"),
                strict=True,
            ):
                b.rect = r
                self.add(b)
            prev.enabled = self.page > 0
            nxt.enabled = self.page < pages - 1

    def _turn(self, d: int) -> None:
        self.page = max(0, self.page + d)
        self.relayout()

    def _build_writing(self, body) -> None:
        t = self.theme
        list_w = max(t.px(300), int(body.width * 0.3))
        self.list_rect = pygame.Rect(body.x, body.y, list_w, body.height)
        self.read_rect = pygame.Rect(
            body.x + list_w + t.pad, body.y, body.width - list_w - t.pad, body.height
        )
        tile_h = max(t.min_target, t.line_height("body") + 2 * t.line_height("small") + 2 * t.gap)
        y = body.y
        listed = self.listed()
        for n, w in enumerate(listed, 1):
            if y + tile_h > body.bottom:
                break
            rect = pygame.Rect(body.x, y, list_w, tile_h)
            label = f"{w.author_name}: {w.quest_title}"
            if self.tab == "mine":
                label = f"My work {n}: {w.quest_title}"
            self.add(
                Tile(label, lambda s=w.submission_id: self.select(s), self._work_painter(w), rect)
            )
            y += tile_h + t.gap
        work = self.work()
        self.form_rect = pygame.Rect(0, 0, 0, 0)
        if work is None:
            return
        mine = work.author_id == self.app.player.student.id
        if mine:
            if getattr(self.app.player, "set_shared", None) is not None:
                inner = self.read_rect.inflate(-2 * t.pad, -2 * t.pad)
                th = max(t.min_target, t.px(58))
                share = Toggle(
                    "Show on the class board", bool(getattr(work, "shared", True)), self.set_shared
                )
                share.rect = pygame.Rect(inner.x, inner.bottom - th, inner.width, th)
                note_h = t.line_height("small") + t.gap
                self.form_rect = pygame.Rect(share.rect).inflate(0, note_h).move(0, -note_h // 2)
                self.add(share)
            return
        fh = TextField.height_for(t)
        bh = max(t.min_target, t.px(48))
        send = Button("Send feedback", self.send_feedback, "primary")
        send_w = send.preferred_width(t)
        form_h = 2 * fh + t.gap + bh + t.gap
        inner = self.read_rect.inflate(-2 * t.pad, -2 * t.pad)
        # the author line and a one-line prompt sit above the story
        head = 2 * t.line_height("small") + t.px(6)
        room = inner.height - form_h - t.gap - head
        helpful_w = inner.width - send_w - t.gap
        # big text in a small window: the button goes beside "Helpful" so the story keeps
        # a few lines (two are not enough to read someone's writing)
        self.compact_form = room < READER_LINES * t.line_height("body") and (
            helpful_w >= inner.width * 0.4
        )
        if self.compact_form:
            form_h = 2 * fh + t.gap
        self.form_rect = pygame.Rect(inner.x, inner.bottom - form_h, inner.width, form_h)
        y = self.form_rect.y
        half = (inner.width - t.gap) // 2
        for i, (key, label, placeholder) in enumerate(FEEDBACK_FIELDS):
            old = self.fields.get(key)
            f = TextField(label, old.text if old else "", placeholder=placeholder, max_length=240)
            if i < 2:
                f.rect = pygame.Rect(inner.x + i * (half + t.gap), y, half, fh)
            else:
                y += fh + t.gap
                width = helpful_w if self.compact_form else inner.width
                f.rect = pygame.Rect(inner.x, y, width, fh)
            if t.measure(label, "small", True) + 4 > f.rect.width:
                # "Kind" whole beats "Kind: something you..." (the placeholder says the rest)
                f.caption = label.split(":", 1)[0]
            self.fields[key] = f
            self.add(f)
        send.rect = pygame.Rect(0, y + fh + t.gap, send_w, bh)
        if self.compact_form:
            send.rect.bottom = y + fh  # level with the Helpful box
        send.rect.right = inner.right
        self.add(send)

    # ------------------------------------------------------------------ painting
    def _mate_painter(self, e, me: bool):
        def paint(surface, t, rect, hovered, focused) -> None:
            c = t.colors
            draw.card(surface, t, rect, c.card, c.secondary if me else None)
            r = t.px(34)
            draw.avatar(
                surface, t, (rect.x + t.pad + r, rect.y + t.pad + r), r, e.avatar, e.display_name
            )
            x = rect.x + t.pad * 2 + 2 * r
            name = e.display_name + (" (you)" if me else "")
            name = t.ellipsize(name, rect.right - t.gap - x, "body", True)
            surface.blit(t.text(name, "body", c.ink, bold=True), (x, rect.y + t.pad))
            chip = draw.chip(
                surface,
                t,
                f"Level {e.level}",
                (x, rect.y + t.pad + t.line_height("body") + 2),
                c.secondary,
                c.on_secondary,
            )
            bx = chip.right + t.gap
            br = chip.height // 2
            step = 2 * br + 4
            avail = rect.right - t.gap - bx
            fit = len(e.badges)
            if fit * step > avail:
                fit = max(0, (avail - t.measure("+99", "small", True) - 4) // step)
            for b in e.badges[:fit]:
                draw.badge(surface, t, (bx + br, chip.centery), br, b)
                bx += 2 * br + 4
            if len(e.badges) > fit:
                surface.blit(
                    t.text(f"+{len(e.badges) - fit}", "small", c.muted, bold=True), (bx, chip.y)
                )
            doing = (
                f"Exploring: {e.current_quest_title}"
                if e.current_quest_title
                else "Choosing a new quest"
            )
            line = t.ellipsize(doing, rect.width - 2 * t.pad, "small")
            surface.blit(
                t.text(line, "small", c.muted),
                (rect.x + t.pad, rect.bottom - t.pad - t.line_height("small")),
            )

        return paint

    def work_note(self, w, room: int) -> str:
        """The tile's third line: how much feedback the work has. The invitation "Be the
        first to give feedback" gives way to "No feedback yet" where it would be cut."""
        n = len(w.feedback)
        if n:
            label = f"{n} feedback note{'s' if n != 1 else ''}"
        elif self.tab == "mine":
            label = "No feedback yet"
        else:
            label = "Be the first to give feedback"
            if self.theme.measure(label, "small", True) > room:
                label = "No feedback yet"
        if self.tab == "mine" and not getattr(w, "shared", True):
            label = f"Private · {label}"  # the head keeps the state; this says who sees it
        return label

    def work_note_room(self, rect: pygame.Rect) -> int:
        """Width left for a tile's text beside the author's avatar."""
        t = self.theme
        return rect.right - (rect.x + 2 * t.gap + 2 * t.px(22)) - t.gap

    def _work_painter(self, w):
        def paint(surface, t, rect, hovered, focused) -> None:
            c = t.colors
            chosen = self.selected_mine if self.tab == "mine" else self.selected
            selected = w.submission_id == chosen
            draw.choice_card(surface, t, rect, hovered, selected)
            r = t.px(22)
            draw.avatar(
                surface, t, (rect.x + t.gap + r, rect.y + t.gap + r), r, w.avatar, w.author_name
            )
            x = rect.x + 2 * t.gap + 2 * r
            head = w.author_name
            if self.tab == "mine":
                state = {"approved": "Approved", "returned": "Returned: revise it"}.get(
                    getattr(w, "state", ""), "Waiting for review"
                )
                head = state
            room = self.work_note_room(rect)
            head = t.ellipsize(head, room, "body", True)
            surface.blit(t.text(head, "body", c.ink, bold=True), (x, rect.y + t.gap))
            surface.blit(
                t.text(t.ellipsize(w.quest_title, room, "small"), "small", c.muted),
                (x, rect.y + t.gap + t.line_height("body")),
            )
            label = self.work_note(w, room)
            surface.blit(
                t.text(t.ellipsize(label, room, "small", True), "small", c.secondary, bold=True),
                (x, rect.y + t.gap + t.line_height("body") + t.line_height("small")),
            )

        return paint

    def paint(self, surface: pygame.Surface) -> None:
        t = self.theme
        c = t.colors
        surface.fill(c.background)
        top, banner, body = self.regions()
        pygame.draw.rect(surface, c.card, top)
        pygame.draw.line(surface, c.card_border, top.bottomleft, top.bottomright, 2)
        title = t.text("Our class", "heading", c.ink, bold=True)
        back = next((w for w in self.widgets if w.label == "Quest map"), None)
        tx = back.rect.right + t.pad if back is not None else t.pad + t.px(170)
        tabs = [w.rect.x for w in self.widgets if w.label in ("Teammates", "Shared writing")]
        if tx + title.get_width() + t.gap <= min(tabs, default=top.right):
            surface.blit(title, (tx, top.centery - title.get_height() // 2))
        # team banner: what we did together
        if not banner.height:
            return self._paint_writing_tabs(surface, body)
        draw.card(surface, t, banner, c.secondary, shadow=False)
        quests = sum(e.quests_done for e in self.entries)
        badges = sum(len(e.badges) for e in self.entries)

        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        msg = f"Together: {n(len(self.entries), 'explorer')} · {n(quests, 'quest')} finished · {n(badges, 'badge')} earned"
        # a shared milestone: the next ten badges the class earns together
        goal = (badges // 10 + 1) * 10
        label = t.text(f"Class goal: {badges} of {goal} badges", "small", c.on_secondary, bold=True)
        bar_w = max(label.get_width(), t.px(200))
        show_goal = banner.width > t.px(900)
        room = banner.width - 3 * t.pad - (bar_w if show_goal else 0)
        short = f"{n(len(self.entries), 'explorer')} · {n(quests, 'quest')} · {n(badges, 'badge')}"
        role, text = "small", t.ellipsize(short, room, "small", True)
        for candidate in (msg, short):
            fitted = next(
                (r for r in ("heading", "body", "small") if t.measure(candidate, r, True) <= room),
                None,
            )
            if fitted is not None:
                role, text = fitted, candidate
                break
        s = t.text(text, role, c.on_secondary, bold=True)
        surface.blit(s, s.get_rect(midleft=(banner.x + t.pad, banner.centery)))
        if show_goal:
            bar_h = t.px(12)
            block_h = label.get_height() + t.px(4) + bar_h
            top_y = banner.centery - block_h // 2
            x = banner.right - t.pad - bar_w
            surface.blit(label, (x, top_y))
            bar = pygame.Rect(x, top_y + label.get_height() + t.px(4), bar_w, bar_h)
            track = c.card if t.high_contrast else pygame.Color(c.secondary).lerp((0, 0, 0), 0.35)
            draw.progress_bar(surface, t, bar, (badges % 10) / 10, c.accent, track)
        self._paint_writing_tabs(surface, body)

    def _paint_writing_tabs(self, surface, body) -> None:
        t = self.theme
        c = t.colors
        if self.tab in ("writing", "mine"):
            self._paint_reader(surface)
            if not self.listed():
                empty = (
                    "Nothing submitted yet. Your writing and its feedback will be kept here."
                    if self.tab == "mine"
                    else "No shared writing yet. Finish a writing quest and share it!"
                )
                surface.blit(t.text(empty, "body", c.muted), body.topleft)

    def _paint_reader(self, surface) -> None:
        t = self.theme
        c = t.colors
        work = self.work()
        if work is None:
            return
        rect = self.read_rect
        draw.card(surface, t, rect)
        inner = rect.inflate(-2 * t.pad, -2 * t.pad)
        y = inner.y
        surface.blit(
            t.text(f"{work.author_name} · {work.quest_title}", "small", c.muted, bold=True),
            (inner.x, y),
        )
        y += t.line_height("small")
        form_top = self.form_rect.y - t.gap if self.form_rect.height else inner.bottom
        role, prompt = t.fit_lines(work.prompt, inner.width, 2, "body", True)
        # the story comes first: a second prompt line only when the reader keeps its lines
        need = READER_LINES * t.line_height("body") + t.line_height("small") + t.px(4)
        if form_top - (y + len(prompt) * t.line_height(role)) < need:
            role, prompt = t.fit_lines(work.prompt, inner.width, 1, "small", True)  # room to read
        thanks = getattr(self, "thanks", None)
        ink = c.ink
        if thanks and self.compact_form and work.author_id != self.app.player.student.id:
            # the Send button shares its row with a field: the thanks takes the prompt's line
            role, prompt = t.fit_lines(thanks, inner.width, 1, "small", True)
            ink = c.success
        for line in prompt:
            surface.blit(t.text(line, role, ink, bold=True), (inner.x, y))
            y += t.line_height(role)
        y += t.px(6)
        lines = t.wrap(work.text, inner.width - t.pad, "body")
        notes = []
        for fb in work.feedback:
            notes.append(
                (
                    f"{fb.from_name} says",
                    f"Kind: {fb.kind}\nSpecific: {fb.specific}\nHelpful: {fb.helpful}",
                )
            )
        clip = surface.get_clip()
        area = pygame.Rect(inner.x, y, inner.width, form_top - y)
        content_h = len(lines) * t.line_height("body") + t.gap
        content_h += sum(
            t.line_height("small") * (1 + len(t.wrap(what, inner.width, "small"))) + t.px(6)
            for _who, what in notes
        )
        cue_h = t.line_height("small") + t.px(4)
        band = None
        tight = area.height < t.line_height("body")
        if tight:
            # big text in a small window: the feedback form wins; no half line, no stray cue
            self.reader_area = pygame.Rect(area.x, area.y, area.width, 0)
            self.cue_band = None
        else:
            if content_h > area.height and area.height - cue_h >= t.line_height("body"):
                # the cue gets its own band under the text; the text never runs beneath it
                # (with room for one line only, the faded edge is the cue)
                area.height -= cue_h
                band = pygame.Rect(area.x, area.bottom, area.width, cue_h)
            self.cue_band = band
            limit = max(0, content_h - area.height)
            self.work_scroll = max(0, min(self.work_scroll, limit))
            self.reader_area = area
            y -= self.work_scroll
            surface.set_clip(area)
            pygame.draw.rect(
                surface,
                c.accent,
                (inner.x, y, t.px(4), len(lines) * t.line_height("body")),
                border_radius=2,
            )
            for line in lines:
                surface.blit(t.text(line, "body", c.ink), (inner.x + t.pad, y))
                y += t.line_height("body")
            y += t.gap
            for who, what in notes:
                surface.blit(t.text(who, "small", c.secondary, bold=True), (inner.x, y))
                y += t.line_height("small")
                for line in t.wrap(what, inner.width, "small"):
                    surface.blit(t.text(line, "small", c.ink), (inner.x, y))
                    y += t.line_height("small")
                y += t.px(6)
            draw.scroll_edges(surface, area, self.work_scroll, limit, c.card, t.px(26))
            surface.set_clip(clip)
            if band is not None:
                more = "Scroll to read more ↓" if self.work_scroll < limit else "The end ↑"
                draw.more_cue(surface, t, band, c.muted, more)
        if work.author_id == self.app.player.student.id:
            note = (
                "This is your work: your classmates' feedback is above."
                if work.feedback
                else "This is your work: classmates' feedback will appear here."
            )
            s = t.text(note, "small", c.muted, italic=True)
            y_note = self.form_rect.y if self.form_rect.height else inner.bottom - s.get_height()
            surface.blit(s, (inner.x, y_note))
        elif thanks and not self.compact_form:
            send = next((w for w in self.widgets if w.label == "Send feedback"), None)
            if send is not None:
                s = t.text(thanks, "small", c.success, bold=True)
                surface.blit(s, s.get_rect(midleft=(inner.x, send.rect.centery)))
