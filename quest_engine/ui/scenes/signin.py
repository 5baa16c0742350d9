"""Sign in: pick your class, then your profile (with PIN if set), or create a new one.

Facilitators sign in with the passphrase. Everything is big, friendly and keyboard-ready:
Tab / arrows move between tiles, Enter picks, Esc goes one step back.
"""

from __future__ import annotations

import math

import pygame

from quest_engine.errors import QuestError
from quest_engine.ui import draw, offline
from quest_engine.ui.avatars import avatar_catalogue
from quest_engine.ui.controls import Button, TextField, Tile
from quest_engine.ui.layout import grid, row
from quest_engine.ui.scenes.base import BaseScene

HEADINGS = {
    "class": ("Welcome, explorer!", "Which class are you in?"),
    "student": ("Who's playing?", "Pick your profile."),
    "pin": ("Your secret PIN", "Type your 4-digit PIN."),
    "create": ("Make your explorer", "Choose a name and a character."),
    "new_class": ("A new class", "Facilitators: give the class a name."),
    "facilitator": ("Facilitator", "Type the passphrase (leave it empty if none is set)."),
}
FIRST_RUN = {
    "class": ("Welcome to Quest Engine!", "No classes yet. Two quick steps and you're playing."),
    "new_class": ("Step 1 of 2: your class", "Give your class or camp group a name."),
    "create": ("Step 2 of 2: your explorer", "Your class is ready! Now a name and a character."),
}
START_HERE = "Start here: make a new class"
UNREACHABLE = (
    "Can't reach the class server",
    "Nobody has played on this computer yet, so nobody can sign in offline. "
    "Ask your teacher, or try again in a minute.",
)
PIN_LENGTH = 4
"""The store accepts a PIN of exactly four digits (quest_engine/store/credentials.py)."""


def friendly_error(message: str, passphrase_given: bool, creating_class: bool = False) -> str:
    """The store's short technical wording, said kindly for the person at the screen."""
    low = message.lower()
    if "too many" in low:
        return message[:1].upper() + message[1:]  # it says how long to wait
    if "passphrase" in low and ("wrong" in low or "needed" in low or "needs" in low):
        if creating_class and not passphrase_given:
            return "Creating a class needs the facilitator passphrase."
        if not passphrase_given:
            return "This needs the facilitator passphrase."
        return "That passphrase isn't right. Check it and try again."
    if "pin" in low and "exactly" in low:
        return f"A PIN is exactly {PIN_LENGTH} digits, like 2580 (or leave it empty)."
    return message[:1].upper() + message[1:]


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
        self.first_run = False
        self.unreachable = False
        """The class server can't be reached and this computer knows no class yet."""
        self.ask_passphrase = False
        """Show the passphrase field on New class (after the store said one is needed)."""
        """No class exists yet: the screen walks a teacher through class, then profile."""

    # ------------------------------------------------------------------ navigation
    def go(self, mode: str) -> None:
        self.mode = mode
        self.page = 0
        self.message = None
        self.fields = {}
        self.ask_passphrase = False
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

    def _classes(self) -> list:
        """The classes, or none when the class server is away and this computer knows of
        none yet (`unreachable`: the screen says so instead of "make a new class")."""
        try:
            classes = self.app.service.classes()
        except QuestError:
            self.unreachable = True
            return []
        self.unreachable = False
        return classes

    def _students(self, class_id: str) -> list:
        try:
            return self.app.service.students(class_id)
        except QuestError as exc:
            self.show_error(exc, UNREACHABLE[0])
            return []

    def try_again(self) -> None:
        """Ask the class server again (a retry also starts in the background)."""
        self.app.check_connection(force=True)
        self.relayout()

    def start_here(self) -> None:
        self.first_run = True
        self.go("new_class")

    def pick_class(self, info) -> None:
        self.class_info = info
        if self.first_run and not self._students(info.id):
            self.go("create")  # step 2 of the first run: straight to making a profile
            return
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
            away = "cannot be reached" in str(exc) and "://" in str(exc)
            hint = offline.NO_NEW_EXPLORERS_HINT if away else None
            self.show_error(exc, None if away else friendly_error(str(exc), True), hint)
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
        if pin is not None and not (pin.isdigit() and len(pin) == PIN_LENGTH):
            self.message = f"A PIN is exactly {PIN_LENGTH} digits, like 2580 (or leave it empty)."
            return
        try:
            info = self.app.service.create_student(self.class_info.id, name, self.avatar, pin)
        except QuestError as exc:
            self.show_error(exc, friendly_error(str(exc), True))
            return
        self.student = info
        self.sign_in(pin)

    def create_class(self) -> None:
        name = self.fields["class_name"].text.strip()
        if not name:
            self.message = "Type a name for the class."
            return
        try:
            field = self.fields.get("class_pass")
            passphrase = (field.text if field else "") or None
            info = self.app.service.create_class(name, passphrase)
        except QuestError as exc:
            self.show_error(
                exc, friendly_error(str(exc), passphrase is not None, creating_class=True)
            )
            if "passphrase" in str(exc).lower() and not self.ask_passphrase:
                self.ask_passphrase = True
                self.relayout()
                self.focus.focus(self.fields.get("class_pass"))
            return
        self.pick_class(info)

    def facilitator(self) -> None:
        try:
            given = self.fields["passphrase"].text or None
            session = self.app.service.facilitator_sign_in(given)
        except QuestError as exc:
            self.show_error(exc, friendly_error(str(exc), given is not None))
            return
        self.app.facilitator_signed_in(session)

    def choose_avatar(self, avatar_id: str) -> None:
        self.avatar = avatar_id
        self.app.dirty = True

    def more_avatars(self) -> None:
        pages = max(1, getattr(self, "avatar_pages", 1))
        self.avatar_page = (getattr(self, "avatar_page", 0) + 1) % pages
        self.relayout()
        self.focus.focus(next((w for w in self.widgets if w.label == "More characters"), None))

    def clip_for(self, widget):
        if getattr(widget, "avatar_page", None) is not None and widget.clipped:
            return pygame.Rect(0, 0, 0, 0)  # a face on another page is not drawn
        return None

    def reveal(self, widget):
        page = getattr(widget, "avatar_page", None)
        if page is None:
            return None
        self.avatar_page = page
        self.relayout()
        shown = next((w for w in self.widgets if w.label == widget.label), None)
        self.focus.focus(shown)
        return shown

    def handle_event(self, event) -> None:
        super().handle_event(event)
        focused = self.focus.focused
        if focused is not None and getattr(focused, "avatar_page", None) is not None:
            if focused.clipped:
                self.reveal(focused)  # Tab walks on to the next page of characters

    def _more_painter(self, pages: int):
        def paint(surface, t, rect, hovered, focused) -> None:
            c = t.colors
            draw.card(surface, t, rect, c.background_alt if hovered else c.card, c.primary)
            arrow = t.text("→", "heading", c.primary, bold=True)
            surface.blit(arrow, arrow.get_rect(center=(rect.centerx, rect.centery - t.px(8))))
            page = getattr(self, "avatar_page", 0) + 1
            note = t.text(f"{page} / {pages}", "small", c.muted, bold=True)
            surface.blit(note, note.get_rect(midtop=(rect.centerx, rect.centery + t.px(10))))

        return paint

    def turn_page(self, delta: int) -> None:
        self.page = max(0, self.page + delta)
        self.relayout()

    # ------------------------------------------------------------------ layout
    def panels(self) -> tuple[pygame.Rect, pygame.Rect]:
        w, h = self.size
        t = self.theme
        # the forms with the most to show (characters to pick) get a slimmer hero panel
        share = 0.27 if self.mode == "create" else 0.32
        hero = pygame.Rect(0, 0, int(w * share), h)
        m = t.px(48) if h >= 700 else t.px(32)
        main = pygame.Rect(hero.right + m, m, w - hero.right - 2 * m, h - 2 * m)
        return hero, main

    def headings(self) -> tuple[str, str]:
        heading, sub = HEADINGS[self.mode]
        if self.mode == "class" and self.unreachable:
            heading, sub = UNREACHABLE
        elif self.mode == "class" and getattr(self, "no_classes", False):
            heading, sub = FIRST_RUN["class"]
        elif self.first_run and self.mode in FIRST_RUN:
            heading, sub = FIRST_RUN[self.mode]
        if self.mode == "student" and self.class_info is not None:
            sub = f"{self.class_info.name}: pick your profile."
        if self.mode == "pin" and self.student is not None:
            heading = f"Hi {self.student.display_name}!"
        return heading, sub

    def header_layout(self) -> tuple[str, list[str], list[str]]:
        """(heading role, heading lines, subtitle lines): the heading on one line (a
        smaller size before it would leave the panel), the subtitle wrapped on words."""
        t = self.theme
        _hero, main = self.panels()
        heading, sub = self.headings()
        role, heads = t.fit_lines(heading, main.width, 2, "title", True)
        most = 3 if self.mode == "class" and self.unreachable else 2
        return role, heads, t.fit_lines(sub, main.width, most, "body")[1]

    def form_body(self) -> pygame.Rect:
        """The content area above the bottom row of buttons."""
        t = self.theme
        area = self.content_area()
        bh = max(t.min_target, t.px(52))
        return pygame.Rect(area.x, area.y, area.width, area.height - bh - t.gap * 2)

    def content_area(self) -> pygame.Rect:
        t = self.theme
        _hero, main = self.panels()
        role, heads, subs = self.header_layout()
        top = main.y + len(heads) * t.line_height(role) + len(subs) * t.line_height("body")
        top += t.px(18)
        band = self.offline_band()
        if band is not None:
            top = band[0].bottom + t.px(14)
        return pygame.Rect(main.x, top, main.width, main.bottom - top)

    OFFLINE_MODES = ("class", "student", "pin")

    def offline_band(self) -> tuple[pygame.Rect, list[str]] | None:
        """While the class server can't be reached: a calm band under the heading that
        says who can sign in (explorers who played on this computer) and that new ones
        wait. (rect, explanation lines), or None when online or on another form."""
        if not self.app.offline or self.mode not in self.OFFLINE_MODES or self.unreachable:
            return None
        t = self.theme
        _hero, main = self.panels()
        role, heads, subs = self.header_layout()
        top = main.y + len(heads) * t.line_height(role) + len(subs) * t.line_height("body")
        top += t.px(12)
        inner = main.width - 2 * t.px(14) - t.px(6)
        texts = offline.SIGN_IN_PIN_TEXTS if self.mode == "pin" else offline.SIGN_IN_TEXTS
        lines = offline.sign_in_lines(t, inner, 3 if main.height >= t.px(560) else 2, texts)
        height = t.line_height("small") * (1 + len(lines)) + 2 * t.px(10)
        return pygame.Rect(main.x, top, main.width, height), lines

    def notice_blockers(self) -> list[pygame.Rect]:
        band = self.offline_band()
        return [band[0]] if band is not None else []

    def _paint_offline(self, surface: pygame.Surface) -> None:
        band = self.offline_band()
        if band is None:
            return
        t = self.theme
        c = t.colors
        rect, lines = band
        pygame.draw.rect(surface, c.background_alt, rect, border_radius=t.px(12))
        pygame.draw.rect(
            surface,
            c.secondary,
            (rect.x, rect.y, t.px(6), rect.height),
            border_top_left_radius=t.px(12),
            border_bottom_left_radius=t.px(12),
        )
        x, y = rect.x + t.px(20), rect.y + t.px(10)
        title = t.ellipsize(offline.SIGN_IN_TITLE, rect.right - x - t.px(10), "small", True)
        surface.blit(t.text(title, "small", c.ink, bold=True), (x, y))
        for line in lines:
            y += t.line_height("small")
            surface.blit(t.text(line, "small", c.ink), (x, y))

    def new_here(self) -> None:
        """Make a profile, or (offline) say why that has to wait."""
        if self.app.offline:
            self.message = offline.NO_NEW_EXPLORERS
            self.message_hint = offline.NO_NEW_EXPLORERS_HINT
            return
        self.go("create")

    def build(self) -> None:
        t = self.theme
        if self.mode == "class":
            self.no_classes = not self._classes()  # the headings depend on it
        hero, main = self.panels()
        area = self.content_area()
        bh = max(t.min_target, t.px(52))
        actions = pygame.Rect(area.x, area.bottom - bh, area.width, bh)
        body = self.form_body()

        # hero buttons: settings and facilitator entry, always there
        hb = [
            Button("Settings", self.app.open_settings, "secondary", role="button"),
            Button("I'm a facilitator", lambda: self.go("facilitator"), "secondary"),
        ]
        y = hero.bottom - t.pad - bh
        for b in reversed(hb):
            # a caption keeps its padding: the button widens into the margin if it must
            bw = min(hero.width - t.pad * 2, max(hero.width - t.pad * 4, b.preferred_width(t)))
            b.rect = pygame.Rect(hero.centerx - bw // 2, y, bw, bh)
            y -= bh + t.gap
        if self.mode != "class":
            hb[1].visible = self.mode != "facilitator"

        if self.mode == "class":
            classes = self._classes()
            self.no_classes = not classes
            self._tiles(
                body,
                classes,
                lambda c: c.name,
                self.pick_class,
                self._paint_class,
                t.px(260),
                max(t.px(110), t.line_height("heading") + t.line_height("small") + t.px(40)),
            )
            if classes:
                self._actions(
                    actions, [Button("New class", lambda: self.go("new_class"), "secondary")]
                )
            elif self.unreachable:
                self._actions(actions, [Button("Try again", self.try_again)])
            else:
                # first run on this machine: one big obvious way in
                start = Button(START_HERE, self.start_here)
                bw = max(start.preferred_width(t), t.px(260))
                start.rect = pygame.Rect(body.x, self.first_run_button_y(body), bw, bh + t.px(8))
                self.add(start)
        elif self.mode == "student":
            students = self._students(self.class_info.id)
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
                    Button("I'm new here", self.new_here),
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
            f.max_length = PIN_LENGTH
            self._actions(
                actions,
                [
                    Button("Back", self.back, "quiet"),
                    Button("Sign in", lambda: self.sign_in(self.fields["pin"].text)),
                ],
            )
        elif self.mode == "create":
            fh = TextField.height_for(t)
            side_by_side = body.width >= 2 * t.px(280) + t.gap * 2
            col_w = (body.width - t.gap * 2) // 2 if side_by_side else min(body.width, t.px(520))
            name = self._field(
                "name",
                "Display name",
                pygame.Rect(body.x, body.y, col_w, fh),
                placeholder="e.g. Maya R.",
            )
            name.rect.width = min(name.rect.width, col_w)
            pin_rect = (
                pygame.Rect(body.x + col_w + t.gap * 2, body.y, col_w, fh)
                if side_by_side
                else pygame.Rect(body.x, body.y + fh + t.gap, col_w, fh)
            )
            label = f"Secret PIN (optional, {PIN_LENGTH} digits)"
            if t.measure(label, "small", True) > col_w - t.px(8):
                label = f"PIN ({PIN_LENGTH} digits, optional)"
            if t.measure(label, "small", True) > col_w - t.px(8):
                label = f"PIN: {PIN_LENGTH} digits"
            pin = self._field("pin", label, pin_rect, secret=True)
            pin.rect = pygame.Rect(pin_rect.x, pin_rect.y, min(col_w, t.px(520)), fh)
            pin.max_length = PIN_LENGTH
            top = pin_rect.bottom + t.gap * 2 + t.line_height("small")
            av_area = pygame.Rect(body.x, top, body.width, body.bottom - top)
            count = len(avatar_catalogue())
            size = t.px(96)
            smallest = max(72, t.min_target)  # a face must be big enough to recognise
            while size > smallest:
                cols = max(1, (av_area.width + t.gap) // (size + t.gap))
                rows = max(1, (av_area.height + t.gap) // (size + t.gap))
                if cols * rows >= count:
                    break
                size -= 4
            size = max(smallest, size)
            rects, per_page = grid(av_area, count, size, size, t.gap)
            # too many faces for one page: the last cell turns the page (never smaller faces)
            slots = count if count <= per_page else max(1, per_page - 1)
            pages = -(-count // slots)
            self.avatar_page = min(getattr(self, "avatar_page", 0), pages - 1)
            self.avatar_pages = pages
            for i, (aid, name, _path) in enumerate(avatar_catalogue()):
                here = i // slots == self.avatar_page
                rect = pygame.Rect(rects[i % slots]) if here else pygame.Rect(0, 0, size, size)
                rect.width = size
                tile = Tile(
                    f"Avatar {name}",
                    lambda a=aid: self.choose_avatar(a),
                    self._avatar_painter(aid),
                    rect,
                )
                tile.clipped = not here
                tile.avatar_page = i // slots
                self.add(tile)
            if pages > 1:
                rect = pygame.Rect(rects[slots])
                rect.width = size
                self.add(
                    Tile("More characters", self.more_avatars, self._more_painter(pages), rect)
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
            if self.ask_passphrase:
                below = pygame.Rect(
                    body.x, body.y + TextField.height_for(t) + t.gap, body.width, 10
                )
                self._field(
                    "class_pass",
                    "Facilitator passphrase",
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

    def message_area(self) -> pygame.Rect:
        _hero, main = self.panels()
        return main.inflate(self.theme.pad * 2, self.theme.pad * 2)

    def first_run_steps(self) -> list[tuple[str, str]]:
        return [
            ("Name your class", "A teacher or camp leader does this once."),
            ("Make your explorer", "Pick a name and a character. A PIN is optional."),
            ("Play quests, level up", "Earn XP and badges, and share your work with the class."),
        ]

    def first_run_rows(self, body: pygame.Rect) -> list[tuple[str, list[str], int]]:
        """(step title, note lines, row height) with notes wrapped on words."""
        t = self.theme
        r = t.line_height("heading") // 2
        w = body.right - (body.x + 2 * r + t.gap)
        rows = []
        for title, note in self.first_run_steps():
            lines = t.fit_lines(note, w, 2, "small")[1]
            rows.append(
                (
                    title,
                    lines,
                    t.line_height("heading") + len(lines) * t.line_height("small") + t.gap,
                )
            )
        button = max(t.min_target, t.px(52)) + t.px(8) + 2 * t.gap
        if sum(row[2] for row in rows) + button > body.height:
            # big text in a small window: the step names alone, so the button stays in view
            rows = [(title, [], t.line_height("heading") + t.gap) for title, _l, _h in rows]
        return rows

    def first_run_button_y(self, body: pygame.Rect) -> int:
        return body.y + sum(h for *_rest, h in self.first_run_rows(body)) + self.theme.gap

    def _paint_first_run(self, surface: pygame.Surface) -> None:
        """Three numbered steps above the Start here button: what happens next, at a glance."""
        t = self.theme
        c = t.colors
        body = self.form_body()
        y = body.y
        r = t.line_height("heading") // 2
        for i, (title, lines, row_h) in enumerate(self.first_run_rows(body), 1):
            centre = (body.x + r, y + r)
            pygame.draw.circle(surface, c.primary if i == 1 else c.secondary, centre, r)
            num = t.text(str(i), "body", c.on_primary, bold=True)
            surface.blit(num, num.get_rect(center=centre))
            x = body.x + 2 * r + t.gap
            surface.blit(t.text(title, "heading", c.ink, bold=True), (x, y))
            ly = y + t.line_height("heading")
            for line in lines:
                surface.blit(t.text(line, "small", c.muted), (x, ly))
                ly += t.line_height("small")
            y += row_h

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
        room = rect.right - t.px(28) - t.gap - rect.x
        top = rect.centery - (t.line_height("heading") + t.line_height("small")) // 2
        name = t.text(t.ellipsize(info.name, room, "heading", True), "heading", c.ink, bold=True)
        surface.blit(name, (rect.x + t.px(28), top))
        code = t.text(f"Class code {info.join_code}", "small", c.muted)
        surface.blit(code, (rect.x + t.px(28), top + t.line_height("heading")))

    def _paint_student(self, surface, t, rect, hovered, info) -> None:
        c = t.colors
        draw.card(surface, t, rect, c.background_alt if hovered else c.card)
        below = t.line_height("body") + t.px(14) + t.px(8)  # the name, with air above it
        radius = min(min(rect.width, rect.height) // 3, (rect.height - t.px(16) - below) // 2)
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
            draw.choice_card(surface, t, rect, hovered, selected)
            draw.avatar(surface, t, rect.center, rect.width // 2 - max(4, t.px(5)), aid)
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
        role, _lines = t.fit_lines("Quest Engine", hero.width - t.pad * 4, 1, "title", True)
        title = t.text("Quest Engine", role, c.on_primary, bold=True)
        surface.blit(title, (hero.x + t.pad * 2, hero.y + t.px(60)))
        self.title_rect = title.get_rect(topleft=(hero.x + t.pad * 2, hero.y + t.px(60)))
        y = hero.y + t.px(60) + title.get_height() + t.gap
        for line in t.wrap(
            "Learn by playing. Level up together.", hero.width - t.pad * 4, "heading"
        ):
            s = t.text(line, "heading", c.on_primary)
            surface.blit(s, (hero.x + t.pad * 2, y))
            y += s.get_height() + 4
        role, heads, subs = self.header_layout()
        y = main.y
        for line in heads:
            surface.blit(t.text(line, role, c.ink, bold=True), (main.x, y))
            y += t.line_height(role)
        y += t.px(6) - (t.line_height(role) - t.font(role, True).get_height())
        for line in subs:
            surface.blit(t.text(line, "body", c.muted), (main.x, y))
            y += t.line_height("body")
        self._paint_offline(surface)
        if self.mode in ("class", "student") and not [
            w for w in self.widgets if isinstance(w, Tile)
        ]:
            if self.mode == "class" and not self.unreachable:
                self._paint_first_run(surface)
            elif self.mode == "class":
                pass  # the heading says why the list is empty
            else:
                empty = "No profiles yet: press I'm new here to make the first one."
                surface.blit(t.text(empty, "body", c.muted), self.content_area().topleft)
        if self.mode == "new_class":
            field = self.fields.get("class_pass") or self.fields.get("class_name")
            if field is not None:
                tip = "Students will find the class by this name when they sign in."
                line = t.fit_lines(tip, main.right - field.rect.x, 1, "small")[1][0]
                pos = (field.rect.x + 4, field.rect.bottom + t.gap)
                surface.blit(t.text(line, "small", c.muted), pos)
        if self.mode == "create":
            cap = t.text("Your character", "small", c.muted, bold=True)
            avatars = [w for w in self.widgets if isinstance(w, Tile)]
            if avatars:
                surface.blit(cap, (avatars[0].rect.x + 4, avatars[0].rect.y - cap.get_height() - 4))
