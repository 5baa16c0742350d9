"""The facilitator's PINs tab: give a student who forgot their PIN a new one, or none.

Pick the class (when there are several) and the student; type the new PIN twice, masked
like the sign-in PIN, or remove the PIN. The facade (`FacilitatorSession.set_student_pin`)
stores it and lifts a pause after wrong PINs, so the student can sign in at once. The
confirmation names the student, never the PIN.
"""

from __future__ import annotations

import pygame

from quest_engine.errors import QuestError
from quest_engine.ui import draw
from quest_engine.ui.controls import Button, TextField, Tile
from quest_engine.ui.layout import row

PIN_LENGTH = 4
"""The store accepts a PIN of exactly four digits (quest_engine/store/credentials.py)."""
PIN_HELP = (
    "The new PIN works at once, and a pause after wrong PINs ends. "
    "Tell the student their PIN in person."
)

NEEDS_SERVER = "A new PIN needs the class server: try again when the network is back."


class PinResetPane:
    """Mixed into FacilitatorScene: state, controls and drawing of the PINs tab."""

    def init_pins(self) -> None:
        self.pin_class: str | None = None
        self.pin_student: str | None = None
        self.pin_page = 0
        self.pin_note: str | None = None
        self.pin_fields: dict[str, TextField] = {}
        self.pin_students: list = []
        self.pin_classes: list = []

    # ------------------------------------------------------------------ data
    def refresh_pins(self) -> None:
        fac = self.app.facilitator
        try:
            self.pin_classes = list(fac.classes())
            ids = [c.id for c in self.pin_classes]
            if self.pin_class not in ids:
                self.pin_class = ids[0] if ids else None
            self.pin_students = list(fac.students(self.pin_class)) if self.pin_class else []
        except QuestError as exc:  # the class server is away and this computer knows none
            self.pin_classes, self.pin_students = [], []
            self.show_error(exc, hint=NEEDS_SERVER)
        if self.pin_student not in [s.id for s in self.pin_students]:
            self.pin_student = None

    def pin_target(self):
        return next((s for s in self.pin_students if s.id == self.pin_student), None)

    def next_pin_class(self) -> None:
        ids = [c.id for c in self.pin_classes]
        if len(ids) > 1:
            self.pin_class = ids[(ids.index(self.pin_class) + 1) % len(ids)]
            self.pin_student = None
            self.pin_page = 0
            self._clear_pin_fields()
            self.message = None
            self.refresh_pins()
            self.relayout()

    def pick_pin_student(self, student_id: str) -> None:
        self.pin_student = student_id
        self.pin_note = None
        self.message = None
        self._clear_pin_fields()
        self.relayout()
        self.focus.focus(self.pin_fields.get("new"))

    def pins_back(self) -> bool:
        """Esc on a student's card: back to the list, on that student (True when used)."""
        student = self.pin_target()
        if student is None:
            return False
        self.pin_student = None
        self.message = None
        self._clear_pin_fields()
        self.relayout()
        label = f"PIN for {student.display_name}"
        self.focus.focus(next((w for w in self.widgets if w.label == label), None))
        return True

    def turn_pin_page(self, delta: int) -> None:
        self.pin_page = max(0, self.pin_page + delta)
        self.relayout()

    def _clear_pin_fields(self) -> None:
        for f in self.pin_fields.values():
            f.text = ""

    # ------------------------------------------------------------------ actions
    def set_pin(self) -> None:
        student = self.pin_target()
        if student is None:
            return
        first = self.pin_fields["new"].text.strip()
        again = self.pin_fields["again"].text.strip()
        if not (first.isdigit() and len(first) == PIN_LENGTH):
            self.message = f"A PIN is exactly {PIN_LENGTH} digits, like 2580."
            self.message_hint = "Or press Remove PIN to let them sign in without one."
            return
        if again != first:
            self.message = "The two PINs differ. Type the same PIN in both boxes."
            self.message_hint = "Nothing was changed."
            self.pin_fields["again"].text = ""
            self.focus.focus(self.pin_fields["again"])
            return
        self._save_pin(student, first)

    def remove_pin(self) -> None:
        student = self.pin_target()
        if student is not None:
            self._save_pin(student, None)

    def _save_pin(self, student, pin: str | None) -> None:
        try:
            self.app.facilitator.set_student_pin(student.id, pin)
        except QuestError as exc:
            away = self.app.offline or "cannot be reached" in str(exc)
            self.show_error(exc, hint=NEEDS_SERVER if away else None)
            return
        name = student.display_name
        if pin is None:
            self.pin_note = f"{name} can now sign in without a PIN."
        else:
            self.pin_note = f"New PIN set for {name}. They can sign in with it now."
        self.message = None
        self.pin_student = None  # the confirmation fills the card: done, nothing left open
        self._clear_pin_fields()
        self.refresh_pins()
        self.relayout()
        self.focus.focus(next((w for w in self.widgets if w.label == f"PIN for {name}"), None))

    # ------------------------------------------------------------------ layout
    def pin_regions(self) -> tuple[pygame.Rect, pygame.Rect]:
        """(the student list, the detail card) under the top bar."""
        _top, queue_rect, detail = self.regions()
        return queue_rect, detail

    def build_pins(self) -> None:
        t = self.theme
        list_rect, detail = self.pin_regions()
        bh = max(t.min_target, t.px(48))
        y = list_rect.y
        if len(self.pin_classes) > 1:
            current = next(c for c in self.pin_classes if c.id == self.pin_class)
            switch = Button(
                "Next class",
                self.next_pin_class,
                "secondary",
                caption=t.ellipsize(f"{current.name} ▸", list_rect.width - t.px(40), "button"),
            )
            switch.rect = pygame.Rect(list_rect.x, y, list_rect.width, bh)
            self.add(switch)
            y += bh + t.gap
        y += t.line_height("body") + t.gap
        # one line a student (a lock shows who has a PIN): a whole class in few pages
        tile_h = max(t.min_target, t.line_height("body") + 2 * t.gap)
        room = list_rect.bottom - y
        per_page = max(1, (room + t.gap) // (tile_h + t.gap))
        pages = max(1, -(-len(self.pin_students) // per_page))
        if pages > 1:
            per_page = max(1, (room - bh + t.gap) // (tile_h + t.gap))
            pages = max(1, -(-len(self.pin_students) // per_page))
        self.pin_page = min(self.pin_page, pages - 1)
        self.pin_pages = pages
        shown = self.pin_students[self.pin_page * per_page : (self.pin_page + 1) * per_page]
        for student in shown:
            self.add(
                Tile(
                    f"PIN for {student.display_name}",
                    lambda s=student.id: self.pick_pin_student(s),
                    self._pin_student_painter(student),
                    pygame.Rect(list_rect.x, y, list_rect.width, tile_h),
                )
            )
            y += tile_h + t.gap
        if pages > 1:
            nav = pygame.Rect(list_rect.x, list_rect.bottom - bh, list_rect.width, bh)
            prev = Button("Previous students", lambda: self.turn_pin_page(-1), "secondary")
            nxt = Button("More students", lambda: self.turn_pin_page(1), "secondary")
            prev.caption, nxt.caption = "◀", "▶"
            half = (nav.width - t.gap) // 2
            prev.rect = pygame.Rect(nav.x, nav.y, half, bh)
            nxt.rect = pygame.Rect(nav.right - half, nav.y, half, bh)
            prev.enabled = self.pin_page > 0
            nxt.enabled = self.pin_page < pages - 1
            self.add(prev)
            self.add(nxt)
        student = self.pin_target()
        if student is None:
            return
        inner = detail.inflate(-2 * t.pad, -2 * t.pad)
        fh = TextField.height_for(t)
        top = inner.y + self.pin_header_height(inner.width)
        side_by_side = inner.width >= 2 * t.px(240) + t.gap * 2
        col_w = (inner.width - 2 * t.gap) // 2 if side_by_side else min(inner.width, t.px(420))
        col_w = min(col_w, t.px(320))
        rects = [
            pygame.Rect(inner.x, top, col_w, fh),
            pygame.Rect(inner.x + col_w + 2 * t.gap, top, col_w, fh)
            if side_by_side
            else pygame.Rect(inner.x, top + fh + t.gap, col_w, fh),
        ]
        for key, label, rect in zip(
            ("new", "again"), ("New PIN", "Type it again"), rects, strict=True
        ):
            old = self.pin_fields.get(key)
            field = TextField(
                label,
                old.text if old else "",
                secret=True,
                max_length=PIN_LENGTH,
                on_enter=self.set_pin if key == "again" else self._to_again,
            )
            field.rect = rect
            self.pin_fields[key] = field
            self.add(field)
        acts = [
            Button("Set new PIN", self.set_pin, "primary"),
            Button("Remove PIN", self.remove_pin, "secondary"),
        ]
        acts[1].enabled = bool(student.has_pin)
        # right under the fields they act on (never below the card)
        y = min(rects[1].bottom + 2 * t.gap, inner.bottom - bh)
        area = pygame.Rect(inner.x, y, inner.width, bh)
        widths = [b.preferred_width(t) for b in acts]
        for b, r in zip(acts, row(area, widths, bh, 2 * t.gap, "left"), strict=True):
            b.rect = r
            self.add(b)

    def _to_again(self) -> None:
        self.focus.focus(self.pin_fields.get("again"))

    def pin_header_height(self, width: int) -> int:
        """The student's name, their PIN state and the help lines above the fields."""
        t = self.theme
        return (
            t.line_height("heading")
            + t.line_height("small")
            + len(self.pin_help_lines(width)) * t.line_height("small")
            + 2 * t.gap
        )

    def pin_help_lines(self, width: int) -> list[str]:
        return self.theme.fit_lines(PIN_HELP, width, 3, "small")[1]

    # ------------------------------------------------------------------ painting
    def _pin_student_painter(self, student):
        def paint(surface, t, rect, hovered, focused) -> None:
            c = t.colors
            chosen = student.id == self.pin_student
            draw.choice_card(surface, t, rect, hovered, chosen)
            room = rect.width - 2 * t.gap - t.px(24)
            name = t.text(
                t.ellipsize(student.display_name, room, "body", True), "body", c.ink, True
            )
            surface.blit(name, name.get_rect(midleft=(rect.x + t.gap, rect.centery)))
            if student.has_pin:
                draw.lock_icon(surface, c.muted, (rect.right - t.px(20), rect.centery), t.px(14))

        return paint

    def paint_pins(self, surface: pygame.Surface) -> None:
        t = self.theme
        c = t.colors
        list_rect, detail = self.pin_regions()
        y = list_rect.y
        if len(self.pin_classes) > 1:
            y += max(t.min_target, t.px(48)) + t.gap
        label = "Pick a student"
        pages = getattr(self, "pin_pages", 1)
        if pages > 1:
            paged = f"{label} · {self.pin_page + 1}/{pages}"
            label = paged if t.measure(paged, "body", True) <= list_rect.width else label
        label = t.ellipsize(label, list_rect.width, "body", True)
        surface.blit(t.text(label, "body", c.muted, bold=True), (list_rect.x, y))
        if not self.pin_students:
            note = t.fit_lines("No students in this class yet.", list_rect.width, 3, "small")[1]
            for i, line in enumerate(note):
                pos = (list_rect.x, y + t.line_height("body") + t.gap + i * t.line_height("small"))
                surface.blit(t.text(line, "small", c.muted), pos)
        draw.card(surface, t, detail)
        inner = detail.inflate(-2 * t.pad, -2 * t.pad)
        student = self.pin_target()
        if student is None:
            text = self.pin_note or "Pick a student to give them a new PIN."
            role, lines = t.fit_lines(text, inner.width, 3, "heading", True)
            colour = c.success if self.pin_note else c.muted
            y = detail.centery - len(lines) * t.line_height(role) // 2
            if self.pin_note:
                r = t.px(22)
                pygame.draw.circle(surface, c.success_bg, (detail.centerx, y - r - t.gap), r)
                draw.check_icon(surface, c.success, (detail.centerx, y - r - t.gap), t.px(22))
            for line in lines:
                s = t.text(line, role, colour, bold=True)
                surface.blit(s, s.get_rect(midtop=(detail.centerx, y)))
                y += t.line_height(role)
            return
        y = inner.y
        name = t.ellipsize(student.display_name, inner.width, "heading", True)
        surface.blit(t.text(name, "heading", c.ink, bold=True), (inner.x, y))
        y += t.line_height("heading")
        state = "Has a PIN" if student.has_pin else "No PIN: signs in without one"
        surface.blit(t.text(state, "small", c.muted, bold=True), (inner.x, y))
        y += t.line_height("small")
        for line in self.pin_help_lines(inner.width):
            surface.blit(t.text(line, "small", c.muted), (inner.x, y))
            y += t.line_height("small")
