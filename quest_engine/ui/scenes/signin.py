"""Sign in: pick your class, then your profile (with PIN if set), or create a new one.

Facilitators sign in with the passphrase. Everything is big, friendly and keyboard-ready:
Tab / arrows move between tiles, Enter picks, Esc goes one step back.
"""

from __future__ import annotations

import math

import pygame

from quest_engine.errors import QuestError
from quest_engine.ui import draw
from quest_engine.ui.avatars import avatar_catalogue
from quest_engine.ui.controls import Button, TextField, Tile
from quest_engine.ui.layout import grid, row
from quest_engine.ui.scenes.base import BaseScene

HEADINGS = {
    "class": ("Welcome, explorer!", "Which class are you in?"),
    "student": ("Who's playing?", "Pick your profile."),
    "pin": ("Your secret PIN", "Type the PIN you chose."),
    "create": ("Make your explorer", "Choose a name and a character."),
    "new_class": ("A new class", "Facilitators: give the class a name."),
    "facilitator": ("Facilitator", "Type the passphrase (leave it empty if none is set)."),
}


class SignInScene(BaseScene):
    title = "Sign in"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.mode = "class"
        self.class_info = None
        self.student = None
        self.page = 0
        self.avatar = avatar_catalogue()[0][0]
        self.fields: dict[str, TextField] = {}

    # ------------------------------------------------------------------ navigation
    def go(self, mode: str) -> None:
        self.mode = mode
        self.page = 0
        self.message = None
        self.fields = {}
        self.relayout()
        self.focus.move(1)

    def back(self) -> None:
        previous = {
            "student": "class",
            "pin": "student",
            "create": "student",
            "new_class": "class",
            "facilitator": "class",
        }.get(self.mode)
        if previous:
            self.go(previous)

    def pick_class(self, info) -> None:
        self.class_info = info
        self.go("student")

    def pick_student(self, info) -> None:
        self.student = info
        if info.has_pin:
            self.go("pin")
        else:
            self.sign_in(None)

    def sign_in(self, pin: str | None) -> None:
        try:
            session = self.app.service.sign_in(self.student.id, pin)
        except QuestError as exc:
            self.message = str(exc)
            if "pin" in self.fields:
                self.fields["pin"].text = ""
            return
        self.app.signed_in(session)

    def create_student(self) -> None:
        name = self.fields["name"].text.strip()
        pin = self.fields["pin"].text.strip() or None
        if not name:
            self.message = "Type a name for your explorer first."
            return
        if pin is not None and not (pin.isdigit() and 4 <= len(pin) <= 6):
            self.message = "A PIN is 4 to 6 digits (or leave it empty)."
            return
        try:
            info = self.app.service.create_student(self.class_info.id, name, self.avatar, pin)
        except QuestError as exc:
            self.message = str(exc)
            return
        self.student = info
        self.sign_in(pin)

    def create_class(self) -> None:
        name = self.fields["class_name"].text.strip()
        if not name:
            self.message = "Type a name for the class."
            return
        try:
            passphrase = self.fields["class_pass"].text or None
            info = self.app.service.create_class(name, passphrase)
        except QuestError as exc:
            self.message = str(exc)
            return
        self.pick_class(info)

    def facilitator(self) -> None:
        try:
            session = self.app.service.facilitator_sign_in(self.fields["passphrase"].text or None)
        except QuestError as exc:
            self.message = str(exc)
            return
        self.app.facilitator_signed_in(session)

    def choose_avatar(self, avatar_id: str) -> None:
        self.avatar = avatar_id
        self.app.dirty = True

    def turn_page(self, delta: int) -> None:
        self.page = max(0, self.page + delta)
        self.relayout()

    # ------------------------------------------------------------------ layout
    def panels(self) -> tuple[pygame.Rect, pygame.Rect]:
        w, h = self.size
        t = self.theme
        hero = pygame.Rect(0, 0, int(w * 0.34), h)
        main = pygame.Rect(hero.right + t.px(48), t.px(48), w - hero.right - t.px(96), h - t.px(96))
        return hero, main

    def content_area(self) -> pygame.Rect:
        t = self.theme
        _hero, main = self.panels()
        top = main.y + t.line_height("title") + t.line_height("body") + t.px(24)
        return pygame.Rect(main.x, top, main.width, main.bottom - top)

    def build(self) -> None:
        t = self.theme
        hero, main = self.panels()
        area = self.content_area()
        bh = max(t.min_target, t.px(52))
        actions = pygame.Rect(area.x, area.bottom - bh, area.width, bh)
        body = pygame.Rect(area.x, area.y, area.width, actions.y - area.y - t.gap * 2)

        # hero buttons: settings and facilitator entry, always there
        hb = [
            Button("Settings", self.app.open_settings, "secondary", role="button"),
            Button("I'm a facilitator", lambda: self.go("facilitator"), "secondary"),
        ]
        y = hero.bottom - t.pad - bh
        for b in reversed(hb):
            b.rect = pygame.Rect(hero.x + t.pad * 2, y, hero.width - t.pad * 4, bh)
            y -= bh + t.gap
        if self.mode != "class":
            hb[1].visible = self.mode != "facilitator"

        if self.mode == "class":
            classes = self.app.service.classes()
            self._tiles(
                body,
                classes,
                lambda c: c.name,
                self.pick_class,
                self._paint_class,
                t.px(260),
                t.px(110),
            )
            self._actions(actions, [Button("New class", lambda: self.go("new_class"), "secondary")])
        elif self.mode == "student":
            students = self.app.service.students(self.class_info.id)
            self._tiles(
                body,
                students,
                lambda s: s.display_name,
                self.pick_student,
                self._paint_student,
                t.px(170),
                t.px(170),
            )
            self._actions(
                actions,
                [
                    Button("Back", self.back, "quiet"),
                    Button("I'm new here", lambda: self.go("create")),
                ],
            )
        elif self.mode == "pin":
            f = self._field(
                "pin",
                "PIN",
                body,
                secret=True,
                on_enter=lambda: self.sign_in(self.fields["pin"].text),
            )
            f.max_length = 6
            self._actions(
                actions,
                [
                    Button("Back", self.back, "quiet"),
                    Button("Sign in", lambda: self.sign_in(self.fields["pin"].text)),
                ],
            )
        elif self.mode == "create":
            fh = TextField.height_for(t)
            col_w = min(body.width, t.px(520))
            self._field(
                "name",
                "Display name",
                pygame.Rect(body.x, body.y, col_w, fh),
                placeholder="e.g. Maya R.",
            )
            pin_rect = pygame.Rect(body.x, body.y + fh + t.gap, col_w, fh)
            self._field(
                "pin",
                "PIN (optional, 4-6 digits; leave empty for none)",
                pin_rect,
                secret=True,
            )
            self.fields["pin"].max_length = 6
            top = pin_rect.bottom + t.gap * 2 + t.line_height("small")
            av_area = pygame.Rect(body.x, top, body.width, body.bottom - top)
            count = len(avatar_catalogue())
            size = t.px(84)
            while size > t.min_target:
                cols = max(1, (av_area.width + t.gap) // (size + t.gap))
                rows = max(1, (av_area.height + t.gap) // (size + t.gap))
                if cols * rows >= count:
                    break
                size -= 4
            size = max(t.min_target, size)
            rects, _ = grid(av_area, count, size, size, t.gap)
            for rect, (aid, name, _path) in zip(rects, avatar_catalogue(), strict=False):
                rect.width = size
                self.add(
                    Tile(
                        f"Avatar {name}",
                        lambda a=aid: self.choose_avatar(a),
                        self._avatar_painter(aid),
                        rect,
                    )
                )
            self._actions(
                actions,
                [Button("Back", self.back, "quiet"), Button("Start playing", self.create_student)],
            )
        elif self.mode == "new_class":
            self._field(
                "class_name",
                "Class name",
                body,
                on_enter=self.create_class,
                placeholder="e.g. Room 12",
            )
            below = pygame.Rect(body.x, body.y + TextField.height_for(t) + t.gap, body.width, 10)
            self._field(
                "class_pass",
                "Facilitator passphrase (if one is set)",
                below,
                secret=True,
                on_enter=self.create_class,
            )
            self._actions(
                actions,
                [Button("Back", self.back, "quiet"), Button("Create class", self.create_class)],
            )
        elif self.mode == "facilitator":
            self._field("passphrase", "Passphrase", body, secret=True, on_enter=self.facilitator)
            self._actions(
                actions, [Button("Back", self.back, "quiet"), Button("Sign in", self.facilitator)]
            )
        for b in hb:
            self.add(b)

    def _field(self, key, label, body, secret=False, on_enter=None, placeholder="") -> TextField:
        t = self.theme
        old = self.fields.get(key)
        f = TextField(
            label,
            old.text if old else "",
            placeholder=placeholder,
            secret=secret,
            on_enter=on_enter,
        )
        f.rect = pygame.Rect(body.x, body.y, min(body.width, t.px(520)), TextField.height_for(t))
        self.fields[key] = f
        self.add(f)
        return f

    def _actions(self, area: pygame.Rect, buttons: list[Button]) -> None:
        widths = [b.preferred_width(self.theme) for b in buttons]
        for b, r in zip(
            buttons, row(area, widths, area.height, self.theme.gap, "right"), strict=True
        ):
            b.rect = r
            self.add(b)

    def _tiles(self, body, items, label_of, on_pick, painter, tile_w, tile_h) -> None:
        t = self.theme
        nav_h = max(t.min_target, t.px(48))
        rects, per_page = grid(
            pygame.Rect(body.x, body.y, body.width, body.height - nav_h - t.gap),
            len(items),
            tile_w,
            tile_h,
            t.gap * 2,
        )
        pages = max(1, math.ceil(len(items) / per_page))
        self.page = min(self.page, pages - 1)
        shown = items[self.page * per_page : (self.page + 1) * per_page]
        for rect, item in zip(rects, shown, strict=False):
            self.add(
                Tile(
                    label_of(item),
                    lambda i=item: on_pick(i),
                    lambda s, th, r, hov, foc, i=item: painter(s, th, r, hov, i),
                    rect,
                )
            )
        if pages > 1:
            nav = pygame.Rect(body.x, body.bottom - nav_h, body.width, nav_h)
            prev = Button("Previous page", lambda: self.turn_page(-1), "secondary")
            nxt = Button("Next page", lambda: self.turn_page(1), "secondary")
            for b, r in zip(
                (prev, nxt),
                row(nav, [b.preferred_width(t) for b in (prev, nxt)], nav_h, t.gap),
                strict=True,
            ):
                b.rect = r
                self.add(b)
            prev.enabled = self.page > 0
            nxt.enabled = self.page < pages - 1

    # ------------------------------------------------------------------ painting
    def _paint_class(self, surface, t, rect, hovered, info) -> None:
        c = t.colors
        draw.card(surface, t, rect, c.background_alt if hovered else c.card)
        pygame.draw.rect(
            surface,
            c.secondary,
            (rect.x, rect.y, t.px(10), rect.height),
            border_top_left_radius=t.radius,
            border_bottom_left_radius=t.radius,
        )
        name = t.text(info.name, "heading", c.ink, bold=True)
        surface.blit(name, (rect.x + t.px(28), rect.y + t.px(20)))
        code = t.text(f"Class code {info.join_code}", "small", c.muted)
        surface.blit(code, (rect.x + t.px(28), rect.bottom - t.px(20) - code.get_height()))

    def _paint_student(self, surface, t, rect, hovered, info) -> None:
        c = t.colors
        draw.card(surface, t, rect, c.background_alt if hovered else c.card)
        radius = min(rect.width, rect.height) // 3
        draw.avatar(
            surface,
            t,
            (rect.centerx, rect.y + t.px(16) + radius),
            radius,
            info.avatar,
            info.display_name,
        )
        name = t.text(info.display_name, "body", c.ink, bold=True)
        surface.blit(name, name.get_rect(midbottom=(rect.centerx, rect.bottom - t.px(14))))
        if info.has_pin:
            draw.lock_icon(surface, c.muted, (rect.right - t.px(22), rect.y + t.px(22)), t.px(16))

    def _avatar_painter(self, aid: str):
        def paint(surface, t, rect, hovered, focused) -> None:
            c = t.colors
            selected = aid == self.avatar
            bg = c.background_alt if (hovered or selected) else c.card
            draw.card(surface, t, rect, bg, c.primary if selected else None, shadow=False)
            draw.avatar(surface, t, rect.center, rect.width // 2 - t.px(8), aid)
            if selected:
                draw.check_icon(
                    surface, c.primary, (rect.right - t.px(12), rect.y + t.px(12)), t.px(16)
                )

        return paint

    def _paint_crew(self, surface: pygame.Surface, hero: pygame.Rect) -> None:
        """A little crew of explorers on a dotted trail: the game is played together."""
        t = self.theme
        c = t.colors
        buttons = [w.rect.top for w in self.widgets if w.label in ("Settings", "I'm a facilitator")]
        top = hero.y + t.px(60) + t.line_height("title") + 2 * t.line_height("heading") + t.pad
        bottom = (min(buttons) if buttons else hero.bottom) - t.pad
        if bottom - top < t.px(90):
            return
        crew = [aid for aid, _name, _path in avatar_catalogue()][:5]
        r = max(18, min(t.px(40), (bottom - top) // 4, hero.width // 11))
        n = len(crew)
        points = []
        for i in range(n):
            f = i / max(1, n - 1)
            x = hero.x + t.pad * 2 + r + int(f * (hero.width - 4 * t.pad - 2 * r))
            y = int(top + (bottom - top) * (0.68 - 0.36 * f) + (r * 0.6 if i % 2 else 0))
            points.append((x, y))
        trail = c.on_primary if t.high_contrast else c.accent
        for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
            steps = 8
            for k in range(1, steps):
                f = k / steps
                pygame.draw.circle(
                    surface,
                    trail,
                    (int(x1 + (x2 - x1) * f), int(y1 + (y2 - y1) * f)),
                    max(2, r // 9),
                )
        for aid, (x, y) in zip(crew, points, strict=True):
            pygame.draw.circle(surface, c.on_primary, (x, y), r + 4)
            draw.avatar(surface, t, (x, y), r, aid)
        flag_x, flag_y = points[-1][0], points[-1][1] - r - t.px(8)
        pygame.draw.line(surface, c.on_primary, (flag_x, flag_y), (flag_x, flag_y - t.px(36)), 3)
        pygame.draw.polygon(
            surface,
            c.on_primary if t.high_contrast else c.accent,
            [
                (flag_x, flag_y - t.px(36)),
                (flag_x + t.px(26), flag_y - t.px(28)),
                (flag_x, flag_y - t.px(20)),
            ],
        )

    def paint(self, surface: pygame.Surface) -> None:
        t = self.theme
        c = t.colors
        surface.fill(c.background)
        hero, main = self.panels()
        pygame.draw.rect(surface, c.primary, hero)
        self._paint_crew(surface, hero)
        title = t.text("Quest Engine", "title", c.on_primary, bold=True)
        surface.blit(title, (hero.x + t.pad * 2, hero.y + t.px(60)))
        y = hero.y + t.px(60) + title.get_height() + t.gap
        for line in t.wrap(
            "Learn by playing. Level up together.", hero.width - t.pad * 4, "heading"
        ):
            s = t.text(line, "heading", c.on_primary)
            surface.blit(s, (hero.x + t.pad * 2, y))
            y += s.get_height() + 4
        heading, sub = HEADINGS[self.mode]
        if self.mode == "student" and self.class_info is not None:
            sub = f"{self.class_info.name}: pick your profile."
        if self.mode == "pin" and self.student is not None:
            heading = f"Hi {self.student.display_name}!"
        hs = t.text(heading, "title", c.ink, bold=True)
        surface.blit(hs, (main.x, main.y))
        ss = t.text(sub, "body", c.muted)
        surface.blit(ss, (main.x, main.y + hs.get_height() + t.px(6)))
        if self.mode in ("class", "student") and not [
            w for w in self.widgets if isinstance(w, Tile)
        ]:
            empty = (
                "No classes yet: make one with New class."
                if self.mode == "class"
                else "No profiles yet: press I'm new here."
            )
            surface.blit(t.text(empty, "body", c.muted), self.content_area().topleft)
        if self.mode == "create":
            cap = t.text("Your character", "small", c.muted, bold=True)
            avatars = [w for w in self.widgets if isinstance(w, Tile)]
            if avatars:
                surface.blit(cap, (avatars[0].rect.x + 4, avatars[0].rect.y - cap.get_height() - 4))
