"""The hub: the quest map (paths by interest and subject), XP, level and the badge case.

Quests sit on paths as nodes: locked (with what is missing), available, in progress, done.
Choosing a node shows its card (summary, minutes, XP, badges) with Start / Continue.
Packs that failed validation are listed as unavailable with the validator's message.
"""

from __future__ import annotations

import pygame

from quest_engine.errors import QuestError
from quest_engine.ui import draw, offline
from quest_engine.ui.controls import Button, Tile
from quest_engine.ui.layout import row
from quest_engine.ui.scenes.base import BaseScene

STATUS_TEXT = {
    "locked": "Locked",
    "available": "Start",
    "in_progress": "In progress",
    "done": "Done",
}


def _done(cards: list) -> str:
    """ "  ·  1 of 3 done" once a path has been started, else nothing."""
    done = sum(1 for c in cards if c.status == "done")
    return f"  ·  {done} of {len(cards)} done" if done else ""


def short_problem(problem: str | None) -> str:
    """The validator's message with the file shown by name only ("oops.yaml:5:8: ...")."""
    if not problem:
        return "It has errors."
    head, sep, rest = problem.partition(": ")
    if sep and ("/" in head or "\\" in head):
        head = head.replace("\\", "/").rsplit("/", 1)[-1]
        return f"{head}: {rest}"
    return problem


def subject_title(subject: str) -> str:
    return subject.replace("-", " ").title()


class HubScene(BaseScene):
    title = "Quest map"
    cacheable = True

    def cache_key(self) -> tuple:
        return (self.scroll, self.selected, id(self.profile), id(self.cards))

    def __init__(self, app) -> None:
        super().__init__(app)
        self.scroll = 0
        self.selected: str | None = None
        self.cards = []
        self.profile = None
        self.problems = []
        self.refresh()

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        player = self.app.player
        reload = getattr(player, "refresh", None)
        if reload is not None and player.current() is None:
            try:
                reload()  # reviews and awards made elsewhere (a facilitator's machine)
            except QuestError:
                pass
        self.cards = player.quest_map()
        self.profile = player.profile()
        self.problems = [p for p in self.app.service.packs() if not p.ok]
        if self.selected is None:
            preferred = [c for c in self.cards if c.status == "in_progress"] or [
                c for c in self.cards if c.status == "available"
            ]
            if preferred:
                self.selected = preferred[0].quest.id
            elif self.cards:
                self.selected = self.cards[0].quest.id

    def uncover(self) -> None:
        before = {c.quest.id: c.status for c in self.cards}
        self.refresh()
        card = self.card()
        if card is not None and card.status == "done" and before.get(card.quest.id) != "done":
            # just finished: suggest what comes next (a newly unlocked quest first)
            opened = [
                c
                for c in self.cards
                if c.status == "available" and before.get(c.quest.id) == "locked"
            ]
            nxt = opened or [c for c in self.cards if c.status in ("available", "in_progress")]
            if nxt:
                self.selected = nxt[0].quest.id
        super().uncover()
        self.ensure_selected_visible()

    def enter(self) -> None:
        super().enter()
        self.ensure_selected_visible()

    def resize(self, size: tuple[int, int]) -> None:
        super().resize(size)
        limit = max(0, self.content_height - self.viewport().height)
        if self.scroll > limit:
            self.scroll = limit
            self.relayout()
        self.ensure_selected_visible()

    def clip_for(self, widget):
        return self.viewport().inflate(12, 12) if isinstance(widget, Tile) else None

    def ensure_selected_visible(self) -> None:
        node = next(
            (
                w
                for w in self.widgets
                if isinstance(w, Tile) and self.card() and w.label == self.card().quest.title
            ),
            None,
        )
        if node is not None and node.clipped:
            self.reveal(node)

    def groups(self) -> list[tuple[str, str, list]]:
        """(title, subtitle, cards) rows: interest paths first, then the rest by subject."""
        by_id = {c.quest.id: c for c in self.cards}
        placed: set[str] = set()
        rows = []
        packs = {p.pack_id: p.pack for p in self.app.service.packs() if p.ok and p.pack}
        for pack in packs.values():
            for path in pack.paths:
                cards = [by_id[q] for q in path.quests if q in by_id and q not in placed]
                if cards:
                    placed.update(c.quest.id for c in cards)
                    rows.append((path.title, f"{path.interest.title()} path{_done(cards)}", cards))
        rest: dict[str, list] = {}
        for c in self.cards:
            if c.quest.id not in placed:
                rest.setdefault(c.quest.subject, []).append(c)
        for subject, cards in rest.items():
            cards.sort(key=lambda c: (c.quest.level, c.quest.title))
            rows.append((subject_title(subject), f"Subject{_done(cards)}", cards))
        return rows

    def card(self):
        for c in self.cards:
            if c.quest.id == self.selected:
                return c
        return None

    # ------------------------------------------------------------------ actions
    def select(self, quest_id: str) -> None:
        if self.selected == quest_id:
            card = self.card()
            if card is not None and card.status != "locked":
                self.start()
                return
        self.selected = quest_id
        self.relayout()

    def start(self) -> None:
        card = self.card()
        if card is None or card.status == "locked":
            return
        from quest_engine.ui.scenes.quest_player import QuestPlayerScene

        try:
            view = self.app.player.start(card.quest.id)
        except QuestError as exc:
            self.show_error(exc)
            return
        self.app.push(QuestPlayerScene(self.app, view))

    def open_board(self) -> None:
        from quest_engine.ui.scenes.board import BoardScene

        self.app.push(BoardScene(self.app))

    def back(self) -> None:
        pass  # the hub is home: Esc does nothing here (Sign out is a button)

    # ------------------------------------------------------------------ layout
    def regions(self) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]:
        t = self.theme
        w, h = self.size
        top = pygame.Rect(0, 0, w, max(t.px(92), t.top_bar_height()))
        body = pygame.Rect(t.pad, top.bottom + t.pad, w - 2 * t.pad, h - top.bottom - 2 * t.pad)
        side_w = max(t.px(330), int(body.width * 0.3))
        map_rect = pygame.Rect(body.x, body.y, body.width - side_w - t.pad, body.height)
        side = pygame.Rect(map_rect.right + t.pad, body.y, side_w, body.height)
        return top, map_rect, side

    def viewport(self) -> pygame.Rect:
        t = self.theme
        _top, map_rect, _side = self.regions()
        head = t.line_height("heading") + t.gap
        return pygame.Rect(
            map_rect.x + t.pad,
            map_rect.y + t.pad + head,
            map_rect.width - 2 * t.pad,
            map_rect.height - 2 * t.pad - head,
        )

    def columns(self) -> int:
        """How many quest nodes fit side by side (more when the window is wide)."""
        t = self.theme
        return max(1, (self.viewport().width + t.px(36)) // (t.px(168) + t.px(36)))

    def node_size(self) -> tuple[int, int]:
        """Nodes share the map's width evenly, so a wide window shows more columns."""
        t = self.theme
        cols = self.columns()
        width = (self.viewport().width - (cols - 1) * t.px(36)) // cols
        return min(width, t.px(240)), max(
            t.min_target, t.line_height("body") * 2 + t.line_height("small") + t.px(58)
        )

    def row_height(self) -> int:
        t = self.theme
        return t.line_height("body") + self.node_size()[1] + t.px(28)

    def build(self) -> None:
        t = self.theme
        top, map_rect, side = self.regions()
        bh = max(t.min_target, t.px(48))
        buttons = [
            Button("Class board", self.open_board, "secondary"),
            Button("Settings", self.app.open_settings, "secondary"),
            Button("Sign out", self.app.sign_out, "quiet"),
        ]
        bar = pygame.Rect(top.x + t.pad, top.centery - bh // 2, top.width - 2 * t.pad, bh)
        for b, r in zip(
            buttons,
            row(bar, [b.preferred_width(t) for b in buttons], bh, t.gap, "right"),
            strict=True,
        ):
            b.rect = r
        # quest nodes: each path is a block; short blocks sit side by side
        view = self.viewport()
        self.layout_groups = []
        bottom = view.y
        for title, sub, cards, label_pos, rects in self.map_layout(view):
            self.layout_groups.append((title, sub, label_pos, rects))
            for card, rect in zip(cards, rects, strict=True):
                tile = Tile(
                    card.quest.title,
                    lambda q=card.quest.id: self.select(q),
                    self._node_painter(card),
                    rect,
                )
                tile.clipped = not view.contains(rect)
                self.add(tile)
                bottom = max(bottom, rect.bottom)
        y = bottom + t.gap
        self.content_height = y + self.scroll - view.y
        # quest card action
        card = self.card()
        if card is not None:
            label = {"in_progress": "Continue quest", "done": "Play again", "locked": "Locked"}.get(
                card.status, "Start quest"
            )
            start = Button(label, self.start, "primary")
            start.enabled = card.status != "locked"
            start.rect = pygame.Rect(
                side.x + t.pad,
                self._card_rect(side).bottom - t.pad - bh,
                side.width - 2 * t.pad,
                bh,
            )
            self.add(start)
        for b in buttons:
            self.add(b)

    def _card_rect(self, side: pygame.Rect) -> pygame.Rect:
        """The quest card; the badge case keeps room for a row under it (and above a
        broken-pack notice, when there is one)."""
        t = self.theme
        foot = self.problems_rect(side).height
        profile = self.profile
        has_badges = bool(
            profile is not None and (profile.badges or getattr(profile, "pending_badges", ()))
        )
        # a row of badges, or the line that says how to earn the first
        one_row = 2 * t.px(22) + t.px(8) if has_badges else t.line_height("small")
        badges_min = t.line_height("body") + one_row + 3 * t.gap
        free = side.height - (foot + t.pad if foot else 0)
        room = free - t.pad - badges_min
        need = self._card_need(side.width)
        height = min(max(int(side.height * 0.62), need), room)
        if need > room:
            # the card comes first: the badge case gives up its room (the class board
            # shows the badges too) rather than "Start quest" cover the card's facts
            height = min(need, free)
        return pygame.Rect(side.x, side.y, side.width, height)

    def _card_need(self, width: int) -> int:
        """Height the quest card needs for its chip, title, facts, the unlock line of a
        locked quest (or one line of summary) and its button: it grows into the badge
        case's room with big text rather than hide "Unlock by" under the button."""
        t = self.theme
        card = self.card()
        if card is None:
            return 0
        w = width - 2 * t.pad
        q = card.quest
        role, title_lines = t.fit_lines(q.title, w, 2, "heading", True)
        meta = f"{q.minutes} min · {q.max_xp} XP · level {q.level}"
        meta_lines = t.fit_lines(meta, w, 2, "small", True)[1]
        note = self.unlock_lines(card, w - t.px(28))
        words = len(note) * t.line_height("small") if note else t.line_height("body")
        bh = max(t.min_target, t.px(48))
        return (
            2 * t.pad
            + t.line_height("small")
            + t.px(14)
            + len(title_lines) * t.line_height(role)
            + t.px(6)
            + len(meta_lines) * t.line_height("small")
            + t.gap
            + words
            + t.px(6)
            + t.gap
            + bh
        )

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type in (
            pygame.MOUSEBUTTONUP,
            pygame.MOUSEBUTTONDOWN,
        ) and not self.viewport().collidepoint(event.pos):
            nodes = [w for w in self.widgets if isinstance(w, Tile)]
            for n in nodes:
                n.enabled = False
            super().handle_event(event)
            for n in nodes:
                n.enabled = True
        else:
            super().handle_event(event)
        self.ensure_visible()

    def ensure_visible(self) -> None:
        w = self.focus.focused
        view = self.viewport()
        if not isinstance(w, Tile) or view.contains(w.rect):
            return
        if w.rect.top < view.top:
            self.scroll -= view.top - w.rect.top + self.theme.line_height("body")
        elif w.rect.bottom > view.bottom:
            self.scroll += w.rect.bottom - view.bottom + self.theme.gap
        self.scroll = max(0, self.scroll)
        self.relayout()

    def reveal(self, widget):
        self.focus.focus(widget)
        self.ensure_visible()
        return next((w for w in self.widgets if w.label == widget.label), None)

    def on_scroll(self, dy: int) -> None:
        view = self.viewport()
        limit = max(0, self.content_height - view.height)
        self.scroll = max(0, min(limit, self.scroll - dy * self.theme.px(60)))
        self.relayout()

    # ------------------------------------------------------------------ painting
    def _node_painter(self, card):
        def paint(surface, t, rect, hovered, focused) -> None:
            c = t.colors
            clip = surface.get_clip()
            surface.set_clip(self.viewport().inflate(12, 12))
            status = card.status
            selected = card.quest.id == self.selected
            bg = c.locked_bg if status == "locked" else (c.background_alt if hovered else c.card)
            draw.card(surface, t, rect, bg, c.primary if selected else None)
            band = draw.subject_color(card.quest.subject) if status != "locked" else c.locked
            pygame.draw.rect(
                surface,
                band,
                (rect.x, rect.y, rect.width, t.px(10)),
                border_top_left_radius=t.radius,
                border_top_right_radius=t.radius,
            )
            # whole words only: a smaller font, then an ellipsis, before a word is split
            role, lines = t.fit_lines(card.quest.title, rect.width - 2 * t.px(14), 2, "body", True)
            y = rect.y + t.px(20)
            for line in lines:
                s = t.text(line, role, c.muted if status == "locked" else c.ink, bold=True)
                surface.blit(s, (rect.x + t.px(14), y))
                y += t.line_height("body") if role == "body" else s.get_height()
            chip_bg = {
                "locked": c.locked,
                "available": c.primary,
                "in_progress": c.secondary,
                "done": c.success,
            }[status]
            chip_fg = c.on_primary if status in ("available", "locked") else c.on_secondary
            if t.high_contrast:
                chip_bg, chip_fg = c.card, c.ink
            text = STATUS_TEXT[status]
            chip_y = rect.bottom - t.px(14) - t.line_height("small") - t.px(6)
            r = draw.chip(surface, t, text, (rect.x + t.px(14), chip_y), chip_bg, chip_fg)
            if status == "locked":
                draw.lock_icon(surface, c.muted, (r.right + t.px(18), r.centery), t.px(16))
            elif status == "done":
                draw.check_icon(surface, c.success, (r.right + t.px(18), r.centery), t.px(18))
            surface.set_clip(clip)

        return paint

    def paint(self, surface: pygame.Surface) -> None:
        t = self.theme
        c = t.colors
        surface.fill(c.background)
        top, map_rect, side = self.regions()
        self._paint_top(surface, top)
        # map panel
        draw.card(surface, t, map_rect, c.card, shadow=True)
        head = t.text("Quest map", "heading", c.ink, bold=True)
        surface.blit(head, (map_rect.x + t.pad, map_rect.y + t.pad))
        legend = t.text("Pick a quest to see what it's about", "small", c.muted)
        spot = legend.get_rect(
            bottomright=(map_rect.right - t.pad, map_rect.y + t.pad + head.get_height())
        )
        if spot.x >= map_rect.x + t.pad + head.get_width() + t.gap:
            surface.blit(legend, spot)  # only beside the heading, never over it
        view = self.viewport()
        clip = surface.get_clip()
        surface.set_clip(view.inflate(12, 12))
        self._paint_paths(surface, view)
        surface.set_clip(clip)
        if self.content_height > view.height:
            # soft edges say "there is more" instead of slicing a card's text in half
            from quest_engine.ui.challenges.draw import fade

            h = t.px(28)
            if self.scroll > 0:
                surface.blit(fade(view.width + 12, h, c.card, True), (view.x - 6, view.y - 6))
            if self.scroll < self.content_height - view.height:
                surface.blit(
                    fade(view.width + 12, h, c.card, False), (view.x - 6, view.bottom + 6 - h)
                )
            self._paint_scrollbar(surface, view)
        self._paint_problems(surface, side)
        self._paint_card(surface, side)
        self._paint_badges(surface, side)

    def _paint_top(self, surface, top) -> None:
        t = self.theme
        c = t.colors
        pygame.draw.rect(surface, c.card, top)
        pygame.draw.line(surface, c.card_border, top.bottomleft, top.bottomright, 2)
        player = self.app.player
        p = self.profile
        radius = (top.height - 2 * t.gap) // 2
        draw.avatar(
            surface,
            t,
            (t.pad + radius, top.centery),
            radius,
            player.student.avatar,
            player.student.display_name,
        )
        x = t.pad + 2 * radius + t.gap
        buttons = [
            w.rect.x for w in self.widgets if not isinstance(w, Tile) and w.rect.y < top.bottom
        ]
        limit = (min(buttons) if buttons else top.right - t.pad) - t.gap
        limit = self._paint_offline(surface, top, x, limit)
        shown = t.ellipsize(player.student.display_name, limit - x, "heading", True)
        name = t.text(shown, "heading", c.ink, bold=True)
        surface.blit(name, (x, top.centery - name.get_height() + 2))
        level_chip = draw.chip(
            surface, t, f"Level {p.level}", (x, top.centery + t.px(6)), c.secondary, c.on_secondary
        )
        # the XP line shortens (then drops its words) before it would run under a button
        room = limit - level_chip.right - t.gap
        long = f"{p.xp_in_level} / {p.xp_for_next_level} XP to level {p.level + 1}"
        short = f"{p.xp_in_level}/{p.xp_for_next_level} XP"
        bar_w = min(t.px(220), max(t.px(60), room - t.measure(long, "small") - t.gap))
        label = long if bar_w + t.gap + t.measure(long, "small") <= room else short
        if bar_w + t.gap + t.measure(label, "small") > room:
            bar_w = max(0, room - t.gap - t.measure(label, "small"))
        frac = p.xp_in_level / p.xp_for_next_level if p.xp_for_next_level else 1.0
        bar = pygame.Rect(
            level_chip.right + t.gap, level_chip.y + t.px(4), bar_w, level_chip.height - t.px(8)
        )
        if bar_w >= t.px(40):
            draw.progress_bar(surface, t, bar, frac)
        else:
            bar.width = -t.gap
        self.header_right = max(level_chip.right, bar.right, x + name.get_width())
        if room > t.measure(label, "small"):
            xp = t.text(label, "small", c.muted)
            surface.blit(xp, (bar.right + t.gap, bar.centery - xp.get_height() // 2))
            self.header_right = bar.right + t.gap + xp.get_width()

    def _paint_offline(self, surface, top: pygame.Rect, left: int, limit: int) -> int:
        """While offline, a calm pill just left of the buttons: the longest wording that
        leaves the level row its chip, a short XP bar and "40/100 XP" (the name shortens
        first); returns the new right limit."""
        if not self.app.offline:
            return limit
        t = self.theme
        p = self.profile
        level_row = (
            t.measure(f"Level {p.level}", "small", True)
            + t.px(20)
            + t.px(60)
            + t.measure(f"{p.xp_in_level}/{p.xp_for_next_level} XP", "small")
            + 3 * t.gap
        )
        text = offline.header_text(t, limit - left - level_row - t.gap) or offline.header_text(
            t, (limit - left) // 2
        )  # with big text the level row gives up its XP words before the pill goes
        if text is None:
            return limit
        w, h = offline.pill_size(t, text)
        rect = pygame.Rect(limit - w, top.centery - h // 2, w, h)
        offline.paint_pill(surface, t, rect, text)
        self.offline_rect = rect
        return rect.x - t.gap

    def map_layout(self, view: pygame.Rect):
        """(title, subtitle, cards, label position, node rects) for every path block."""
        t = self.theme
        nw, nh = self.node_size()
        gap = t.px(36)
        per_line = self.columns()
        block_gap = gap  # blocks sit on the same column grid as the nodes
        line_h = nh + t.px(28)
        label_h = t.line_height("body")
        x, y = view.x, view.y - self.scroll
        row_h = 0
        out = []
        for title, sub, cards in self.groups():
            label_w = t.measure(title, "body", True) + t.measure(f"  ·  {sub}", "small")
            lines = -(-len(cards) // per_line)
            span = max(min(len(cards), per_line), -(-(label_w + gap) // (nw + gap)))
            block_w = min(per_line, span) * (nw + gap) - gap
            block_h = label_h + lines * line_h
            if x > view.x and x + block_w > view.right:
                x, y = view.x, y + row_h
                row_h = 0
            rects = []
            for i in range(len(cards)):
                line, col = divmod(i, per_line)
                rects.append(pygame.Rect(x + col * (nw + gap), y + label_h + line * line_h, nw, nh))
            out.append((title, sub, cards, (x, y), rects))
            row_h = max(row_h, block_h)
            x += block_w + block_gap
        return out

    def _paint_paths(self, surface, view) -> None:
        t = self.theme
        c = t.colors
        for title, sub, (x, y), rects in getattr(self, "layout_groups", []):
            label = t.text(title, "body", c.ink, bold=True)
            if view.top - 2 <= y and y + label.get_height() <= view.bottom + 2:
                # a heading is drawn whole or not at all (never sliced by the edge)
                surface.blit(label, (x, y))
                s = t.text(f"  ·  {sub}", "small", c.muted)
                sy = y + label.get_height() - s.get_height() - 2
                surface.blit(s, (x + label.get_width(), sy))
            for a, b in zip(rects, rects[1:], strict=False):
                start = a.midright if a.y == b.y else a.midbottom
                end = b.midleft if a.y == b.y else b.midtop
                self._dashed(surface, c.path, start, end, t.px(6))

    @staticmethod
    def _dashed(surface, color, start, end, width) -> None:
        (x1, y1), (x2, y2) = start, end
        length = max(1.0, ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5)
        steps = int(length // (width * 2.5)) + 1
        for i in range(steps):
            f = i / steps
            pygame.draw.circle(
                surface, color, (int(x1 + (x2 - x1) * f), int(y1 + (y2 - y1) * f)), width // 2 + 1
            )

    def _paint_scrollbar(self, surface, view) -> None:
        t = self.theme
        track = pygame.Rect(view.right + t.px(4), view.y, t.px(6), view.height)
        pygame.draw.rect(surface, t.colors.xp_track, track, border_radius=3)
        frac = view.height / max(1, self.content_height)
        thumb_h = max(20, int(track.height * frac))
        limit = max(1, self.content_height - view.height)
        thumb_y = track.y + int((track.height - thumb_h) * min(1.0, self.scroll / limit))
        pygame.draw.rect(
            surface, t.colors.muted, (track.x, thumb_y, track.width, thumb_h), border_radius=3
        )

    def problems_rect(self, side: pygame.Rect) -> pygame.Rect:
        """Where a pack that failed to load is reported: the foot of the side panel, so
        the map keeps its room (an empty rect when every pack loaded)."""
        t = self.theme
        if not self.problems:
            return pygame.Rect(side.x, side.bottom, side.width, 0)
        h = t.line_height("small") * self._problem_lines(side) + 2 * t.gap
        return pygame.Rect(side.x, side.bottom - h, side.width, h)

    def _problem_lines(self, side: pygame.Rect) -> int:
        """4 lines (head, tip, two of detail); 3 when the quest card would not fit above
        them (big text on a small window): the teacher's validator gives the detail."""
        t = self.theme
        full = t.line_height("small") * 4 + 2 * t.gap
        return 4 if side.height - full - t.pad >= self._card_need(side.width) else 3

    def _paint_problems(self, surface, side) -> None:
        t = self.theme
        c = t.colors
        box = self.problems_rect(side)
        if not box.height:
            return
        pygame.draw.rect(surface, c.warning_bg, box, border_radius=t.radius)
        pygame.draw.rect(surface, c.warning, box, t.border, border_radius=t.radius)
        names = [p.title for p in self.problems]
        head = (
            f"{names[0]} can't open right now"
            if len(names) == 1
            else f"{len(names)} quest packs can't open right now"
        )
        w = box.width - 2 * t.gap
        y = box.y + t.gap
        for line in t.fit_lines(head, w, 1, "small", True)[1]:
            surface.blit(t.text(line, "small", c.warning, bold=True), (box.x + t.gap, y))
            y += t.line_height("small")
        tip = "Teacher: run quest validate to see why."
        detail = short_problem(self.problems[0].problem)
        lines = t.fit_lines(tip, w, 1, "small")[1] + t.fit_lines(detail, w, 2, "small")[1]
        for i, line in enumerate(lines[: self._problem_lines(side) - 1]):
            col = c.ink if i == 0 else c.muted
            surface.blit(t.text(line, "small", col), (box.x + t.gap, y))
            y += t.line_height("small")

    def _paint_card(self, surface, side) -> None:
        t = self.theme
        c = t.colors
        rect = self._card_rect(side)
        draw.card(surface, t, rect)
        card = self.card()
        x, y, w = rect.x + t.pad, rect.y + t.pad, rect.width - 2 * t.pad
        if card is None:
            surface.blit(t.text("No quests yet.", "body", c.muted), (x, y))
            return
        q = card.quest
        draw.chip(
            surface,
            t,
            subject_title(q.subject),
            (x, y),
            draw.subject_color(q.subject),
            pygame.Color("#FFFFFF"),
        )
        y += t.line_height("small") + t.px(14)
        role, title_lines = t.fit_lines(q.title, w, 2, "heading", True)
        for line in title_lines:
            s = t.text(line, role, c.ink, bold=True)
            surface.blit(s, (x, y))
            y += s.get_height()
        y += t.px(6)
        meta = f"{q.minutes} min   ·   {q.max_xp} XP   ·   level {q.level}"
        if t.measure(meta, "small", True) > w:
            meta = f"{q.minutes} min · {q.max_xp} XP · level {q.level}"
        for line in t.fit_lines(meta, w, 2, "small", True)[1]:
            surface.blit(t.text(line, "small", c.muted, bold=True), (x, y))
            y += t.line_height("small")
        self.card_text_bottom = y  # where the card's words end (tests: above the button)
        y += t.gap
        start_top = rect.bottom - t.pad - max(t.min_target, t.px(48)) - t.gap
        # a locked quest says what unlocks it before anything else: the summary gets
        # the room that is left (the unlock line once ran under the Locked button)
        note_lines = self.unlock_lines(card, w - t.px(28))
        reserve = len(note_lines) * t.line_height("small") + t.px(6) if note_lines else t.px(40)
        lines = t.wrap(q.summary, w, "body")
        fit = max(0, (start_top - reserve - y) // t.line_height("body"))
        if len(lines) > fit:
            lines = lines[:fit]
            if lines:
                last = lines[-1]
                while last and t.measure(last + "…", "body") > w:
                    last = last[:-1]
                lines[-1] = last.rstrip() + "…"
        for line in lines:
            surface.blit(t.text(line, "body", c.ink), (x, y))
            y += t.line_height("body")
            self.card_text_bottom = y
        y += t.px(6) if lines else 0
        if note_lines:
            for i, line in enumerate(note_lines):
                if i == 0:
                    centre = (x + t.px(8), y + t.line_height("small") // 2)
                    draw.lock_icon(surface, c.warning, centre, t.px(14))
                surface.blit(t.text(line, "small", c.warning, bold=True), (x + t.px(24), y))
                y += t.line_height("small")
            self.card_text_bottom = y
        elif q.badges:
            packs = {p.pack_id: p.pack for p in self.app.service.packs() if p.ok and p.pack}
            pack = packs.get(card.pack_id)
            names = [pack.badges[b].name for b in q.badges if pack and b in pack.badges] or list(
                q.badges
            )
            if y + t.line_height("small") < start_top:
                surface.blit(
                    t.text("Earn: " + ", ".join(names), "small", c.secondary, bold=True), (x, y)
                )
                y += t.line_height("small")
                self.card_text_bottom = y
        opens = [o.quest.title for o in self.cards if q.id in o.quest.prerequisites.quests]
        if opens and y + t.line_height("small") < start_top:
            line = t.wrap("Opens the way to: " + ", ".join(opens), w, "small", True)[0]
            surface.blit(t.text(line, "small", c.muted, bold=True), (x, y))
            self.card_text_bottom = y + t.line_height("small")

    def unlock_lines(self, card, width: int) -> list[str]:
        """ "Unlock by: Finish Launch Lab" for a locked quest, in at most two lines."""
        if card.status != "locked" or not card.missing:
            return []
        t = self.theme
        lines = t.wrap("Unlock by: " + "; ".join(card.missing), width, "small", True)
        if len(lines) > 2:
            lines = [lines[0], t.ellipsize(" ".join(lines[1:]), width, "small", True)]
        return lines

    def _paint_badges(self, surface, side) -> None:
        t = self.theme
        c = t.colors
        card_rect = self._card_rect(side)
        foot = self.problems_rect(side)
        bottom = foot.y - t.pad if foot.height else side.bottom
        rect = pygame.Rect(
            side.x, card_rect.bottom + t.pad, side.width, bottom - card_rect.bottom - t.pad
        )
        if rect.height < t.line_height("body") + t.line_height("small") + 3 * t.gap:
            return
        draw.card(surface, t, rect)
        head = t.text("Badge case", "body", c.ink, bold=True)
        surface.blit(head, (rect.x + t.pad, rect.y + t.gap))
        badges = self.profile.badges
        y = rect.y + t.gap + head.get_height() + t.gap
        if not badges:
            for line in t.wrap(
                "Finish a quest to earn your first badge!", rect.width - 2 * t.pad, "small"
            ):
                surface.blit(t.text(line, "small", c.muted), (rect.x + t.pad, y))
                y += t.line_height("small")
            return
        pending = tuple(getattr(self.profile, "pending_badges", ()))
        items = [(b, True) for b in badges] + [(b, False) for b in pending]
        r = t.px(22)
        cols = 2 if rect.width > t.px(300) else 1
        cell_w = (rect.width - 2 * t.pad - (cols - 1) * t.gap) // cols
        words = [w for b, earned in items for w in b.name.split()]
        if cols == 2 and any(t.measure(w, "small", True) > cell_w - 2 * r - t.gap for w in words):
            cols = 1  # one column before any badge name loses a word
            cell_w = rect.width - 2 * t.pad
        cell_h = 2 * r + t.px(8)
        rows = max(1, (rect.bottom - t.gap - y) // cell_h)
        room = rows * cols
        shown = items if len(items) <= room else items[: max(1, room - 1)]
        extra = len(items) - len(shown) if room == 1 else 0  # one row: "+1" on its label
        for i, (b, earned) in enumerate(shown):
            row_i, col = divmod(i, cols)
            cx = rect.x + t.pad + col * (cell_w + t.gap)
            cy = y + row_i * cell_h
            draw.badge(surface, t, (cx + r, cy + r), r, b, earned)
            label = b.name if earned else f"{b.name} (awaiting approval)"
            if extra:
                label = f"{label} +{extra} more"
            text_w = cell_w - 2 * r - t.gap
            lines = t.fit_lines(label, text_w, 2, "small", True)[1]
            ty = cy + r - len(lines) * t.line_height("small") // 2
            for line in lines:
                surface.blit(
                    t.text(line, "small", c.ink if earned else c.muted, bold=True),
                    (cx + 2 * r + t.gap, ty),
                )
                ty += t.line_height("small")
        if len(shown) < len(items) and not extra:
            more = t.text(f"+{len(items) - len(shown)} more", "small", c.muted, bold=True)
            row_i, col = divmod(len(shown), cols)
            surface.blit(
                more,
                (
                    rect.x + t.pad + col * (cell_w + t.gap),
                    y + row_i * cell_h + r - more.get_height() // 2,
                ),
            )
