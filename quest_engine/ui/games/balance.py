"""The `balance` mini-game: place weights on a beam until it balances.

The beam tilts with the net torque (`rules.minigames.net_torque`, mass × signed distance)
on a damped spring, so every move gives immediate, physical feedback. Weights snap to slots
every `slot_spacing` metres. Drag a weight (or tap it, then tap a slot; or Enter, the
arrow keys and Enter again). "Check balance" reports {"placed": [{"mass", "position"}...]}.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from quest_engine.rules import minigames
from quest_engine.ui.challenges import draw
from quest_engine.ui.challenges.base import ChallengeComponent, Control
from quest_engine.ui.games.effects import Confetti

MAX_TILT = math.radians(14)
MIN_TILT = math.radians(3)
DRAG_THRESHOLD = 6


@dataclass(slots=True)
class Piece:
    id: int
    mass: float
    slot: int | None = None
    """Index into the game's slots, or None while in the tray."""


def _g(value: float) -> str:
    return f"{value:g}"


class BalanceGame(ChallengeComponent):
    submit_label = "Check balance"

    def _setup(self) -> None:
        p = self.challenge.params
        self.p = p
        spacing = p.slot_spacing if p.slot_spacing > 0 else 0.5
        count = int(math.floor(p.beam_half_length / spacing + 1e-9))
        self.slots = [round(k * spacing, 6) for k in range(-count, count + 1) if k != 0]
        self.pieces = [Piece(i, float(mass)) for i, mass in enumerate(p.available)]
        self.tilt = self._target_tilt()
        self.tilt_vel = 0.0
        self.holding: int | None = None
        self.hold_slot = 0
        self.drag: int | None = None
        self.dragging = False
        self.drag_start = (0, 0)
        self.drag_pos = (0, 0)
        self.confetti = Confetti()

    # ------------------------------------------------------------------ physics (display)
    def weights(self) -> list[tuple[float, float]]:
        out = [(w.mass, w.position) for w in self.p.fixed]
        out += [(pc.mass, self.slots[pc.slot]) for pc in self.pieces if pc.slot is not None]
        return out

    def torque(self) -> float:
        return minigames.net_torque(self.weights())

    def balanced(self) -> bool:
        return abs(self.torque()) <= self.p.tolerance + 1e-6

    def _target_tilt(self) -> float:
        torque = self.torque()
        if abs(torque) <= self.p.tolerance + 1e-6:
            return 0.0
        total = sum(w.mass for w in self.p.fixed) + sum(self.p.available)
        scale = max(1.0, total * self.p.beam_half_length / 3)
        top = getattr(self, "max_tilt", MAX_TILT)
        size = max(min(MIN_TILT, top), top * abs(math.tanh(torque / scale)))
        return math.copysign(size, torque)

    # ------------------------------------------------------------------ layout
    def _layout(self) -> None:
        s = self.style
        b = self.body
        self.piece_font = s.font("body", bold=True)
        self.piece_unit = True
        self.piece_max_w = None
        piece_h = self._piece_size(max(self.p.available, default=1))[1]
        tray_h = piece_h + (44 if b.height >= 380 else 22)
        self.scene = pygame.Rect(b.left, b.top, b.width, max(120, b.height - tray_h - s.spacing))
        self.tray = pygame.Rect(b.left, self.scene.bottom + s.spacing, b.width, tray_h)
        self.k = k = max(0.8, min(2.0, self.scene.height / 300))
        """Size of the beam and stand relative to a 300 px tall scene."""
        self.half_t = round(9 * k)
        self.ground = self.scene.bottom - round(26 * k)
        # the low end's distance labels hang below the beam: in a short scene (big text,
        # small window) the pivot rises so that they stay above the ground
        label_drop = 2 * self.half_t + round(25 * k) + s.font("small").get_linesize() // 2 + 4
        natural = self.scene.top + round(self.scene.height * 0.56)
        highest = self.scene.top + piece_h + self.half_t
        self.pivot = (self.scene.centerx, min(natural, max(highest, self.ground - label_drop - 12)))
        # the beam reaches past the outermost slot by half the widest weight, so a weight
        # on the last slot never overhangs, and the whole beam fits in the scene
        widest = max(
            [self._piece_size(m)[0] for m in self.p.available]
            + [self._piece_size(w.mass)[0] for w in self.p.fixed]
            + [52]
        )
        self.reach = max([self.p.beam_half_length, *(abs(x) for x in self.slots)] + [0.1])
        self.reach = max([self.reach, *(abs(w.position) for w in self.p.fixed)])
        room = self.scene.width / 2 - 18
        step = self.slots[1] - self.slots[0] if len(self.slots) > 1 else 0.0
        self.ppm = max(4.0, min(room - widest / 2 - 8, 520) / self.reach)
        if step and step * self.ppm - 3 < widest:
            # weights will shrink to the slot pitch, so the beam needs less overhang and the
            # slots can spread wider: solve reach*ppm + (step*ppm - 3)/2 + 8 = room
            roomy = (room - 6.5) / (self.reach + step / 2)
            self.ppm = max(4.0, min(roomy, (widest + 3) / step, 520 / self.reach))
        # weights on neighbouring slots sit side by side: no wider than the slot pitch
        pitch = step * self.ppm if step else 1e9
        self.piece_max_w = max(40, int(pitch) - 3)
        masses = [*self.p.available, *(w.mass for w in self.p.fixed)]
        for font_step, unit in (("body", True), ("small", True), ("body", False), ("small", False)):
            self.piece_font, self.piece_unit = s.font(font_step, bold=True), unit
            if all(
                self.piece_font.size(self.piece_label(m))[0] + 4 <= self.piece_max_w for m in masses
            ):
                break
        widest = max([self._piece_size(m)[0] for m in masses] + [0])
        self.overhang = widest / 2 + 8
        self.ppm = max(4.0, min(self.ppm, (room - self.overhang) / self.reach))
        self.beam_half_px = self.reach * self.ppm + self.overhang
        # ... and the beam tilts no further than keeps them there
        room = max(10, self.ground - self.pivot[1] - label_drop)
        self.max_tilt = min(MAX_TILT, math.asin(min(1.0, room / (self.beam_half_px + 4))))
        # the first tilt was set before this limit existed (and a resize can lower it)
        self.tilt = max(-self.max_tilt, min(self.max_tilt, self.tilt))
        self.label_every = self._label_stride()

    def _label_stride(self) -> int:
        """Label every slot, or every 2nd, 4th... so the distance labels never touch.

        Strides that land on whole metres are preferred ("1 m", "2 m", "3 m")."""
        small = self.style.font("small")
        spacing_px = (self.slots[1] - self.slots[0]) * self.ppm if len(self.slots) > 1 else 1e9
        widest = max((small.size(self._slot_label(x))[0] for x in self.slots), default=0)
        step = self.slots[1] - self.slots[0] if len(self.slots) > 1 else 1.0
        fits = [
            k
            for k in (1, 2, 3, 4, 5, 6, 8, 10, 20, 40)
            if spacing_px * k * math.cos(MAX_TILT) >= widest + 12
        ]
        if not fits:
            return max(1, len(self.slots))
        if fits[0] == 1:
            return 1
        whole = [k for k in fits if abs(step * k - round(step * k)) < 1e-6]
        return whole[0] if whole and whole[0] <= 2 * fits[0] else fits[0]

    @staticmethod
    def _slot_label(position: float) -> str:
        return f"{_g(abs(position))} m"

    def labelled_slots(self) -> list[int]:
        """Indices of the slots that carry a distance label (counted out from the pivot)."""
        out = []
        step = self.slots[1] - self.slots[0] if len(self.slots) > 1 else 1.0
        for i, pos in enumerate(self.slots):
            k = round(abs(pos) / step)
            if k % self.label_every == 0:
                out.append(i)
        return out

    def distance_labels(self) -> list[tuple[str, pygame.Rect]]:
        """The distance labels under the beam as drawn: (text, rect)."""
        small = self.style.font("small")
        t = self.half_t
        out = []
        for i in self.labelled_slots():
            pos = self.slots[i]
            text = self._slot_label(pos)
            rect = pygame.Rect((0, 0), small.size(text))
            rect.center = [round(v) for v in self.beam_point(pos, -t - round(25 * self.k))]
            out.append((text, rect))
        return out

    def piece_label(self, mass: float) -> str:
        """ "3 kg", or just "3" when the slots are too close for the unit."""
        return f"{_g(mass)} kg" if getattr(self, "piece_unit", True) else _g(mass)

    def _piece_size(self, mass: float) -> tuple[int, int]:
        k = math.sqrt(max(0.1, mass))
        font = self.style.font("body", bold=True)
        if getattr(self, "piece_max_w", None) is not None:
            font = self.piece_font
        text_w = font.size(f"{_g(mass)} kg")[0] + 18
        text_h = font.get_linesize() + 14
        w = int(max(52, text_w, min(110, 30 + 16 * k)))
        limit = getattr(self, "piece_max_w", None)
        if limit is not None:
            w = max(min(w, limit), self.piece_font.size(self.piece_label(mass))[0] + 4)
        return w, int(max(44, text_h, min(78, 26 + 12 * k)))

    def beam_point(self, position: float, lift: float = 0.0) -> tuple[float, float]:
        """Screen point at `position` metres along the beam, `lift` px above its top face."""
        c, sn = math.cos(self.tilt), math.sin(self.tilt)
        x = position * self.ppm
        y = -(self.half_t + lift)
        return (self.pivot[0] + x * c - y * sn, self.pivot[1] + x * sn + y * c)

    def _stack(self) -> dict[int, list[tuple[str, float]]]:
        """Weights per slot position, bottom first: ("F", mass) fixed or ("P", piece id)."""
        stacks: dict[float, list[tuple[str, float]]] = {}
        for w in self.p.fixed:
            stacks.setdefault(round(w.position, 6), []).append(("F", w.mass))
        for pc in self.pieces:
            if pc.slot is not None and pc.id != (self.drag if self.dragging else None):
                stacks.setdefault(self.slots[pc.slot], []).append(("P", pc.id))
        return stacks

    def _lifts(self) -> dict[int, float]:
        """How high each of the student's weights on the beam sits above the beam (px)."""
        out = {}
        for stack in self._stack().values():
            lift = 0.0
            for kind, ident in stack:
                mass = ident if kind == "F" else self.pieces[int(ident)].mass
                if kind == "P":
                    out[int(ident)] = lift
                lift += self._piece_size(mass)[1] + 2
        return out

    def piece_rects(self) -> dict[int, pygame.Rect]:
        rects: dict[int, pygame.Rect] = {}
        for pos, stack in self._stack().items():
            lift = 0.0
            for kind, ident in stack:
                mass = ident if kind == "F" else self.pieces[int(ident)].mass
                w, h = self._piece_size(mass)
                if kind == "P":
                    x, y = self.beam_point(pos, lift)
                    rects[int(ident)] = pygame.Rect(round(x - w / 2), round(y - h), w, h)
                lift += h + 2
        # the tray, left to right
        x = self.tray.left + 20 + self._tray_label_width()
        for pc in self.pieces:
            if pc.slot is None:
                w, h = self._piece_size(pc.mass)
                # centred in a touch-sized cell, so every tray weight is easy to pick up
                cell = max(w, self.style.min_target)
                left = x + (cell - w) // 2
                rects[pc.id] = pygame.Rect(left, self.tray.centery - h // 2 + 4, w, h)
                x += cell + 16
        if self.dragging and self.drag is not None:
            w, h = self._piece_size(self.pieces[self.drag].mass)
            rects[self.drag] = pygame.Rect(
                self.drag_pos[0] - w // 2, self.drag_pos[1] - h // 2, w, h
            )
        return rects

    def _tray_label_width(self) -> int:
        return self.style.font("body", bold=True).size("Weights to place")[0] + 24

    def _slot_strips(self) -> list[tuple[int, int]]:
        """Each slot's share of the beam (left, right x): up to half-way to each neighbour,
        so touch areas cut from these strips never overlap however close the slots are."""
        size = self.style.min_target
        xs = [self.beam_point(pos)[0] for pos in self.slots]
        cuts = [round((a + b) / 2) for a, b in zip(xs, xs[1:], strict=False)]
        # the end slots reach outwards as far as they reach inwards
        ends = [size / 2, size / 2]
        if len(xs) > 1:
            ends = [max(size / 2, (xs[1] - xs[0]) / 2), max(size / 2, (xs[-1] - xs[-2]) / 2)]
        strips = []
        for i, x in enumerate(xs):
            left = cuts[i - 1] if i > 0 else round(x - ends[0])
            right = cuts[i] if i < len(cuts) else round(x + ends[1])
            strips.append((left, right))
        return strips

    def slot_rects(self) -> list[pygame.Rect]:
        """Touch areas of the slots: just under the beam's top face, never over a weight."""
        size = self.style.min_target
        out = []
        per_px = 1 / (self.ppm * max(0.2, math.cos(self.tilt)))
        for pos, (left, right) in zip(self.slots, self._slot_strips(), strict=True):
            x = self.beam_point(pos)[0]
            # a min_target square when the slots are far apart, else the whole strip
            left, right = max(left, round(x - size / 2)), min(right, round(x - size / 2) + size)
            ends = (pos + (left - x) * per_px, pos + (right - x) * per_px)
            top = max(self.beam_point(end)[1] for end in ends)
            out.append(pygame.Rect(left, math.ceil(top) + 1, right - left, size))
        return out

    def piece_hit_rects(self) -> dict[int, pygame.Rect]:
        """Where each weight takes a tap or a drag: the drawn weight grown to a touch target.

        In the tray a weight's area is at least `min_target` square; on the beam it is as
        wide as its slot's strip allows (shifted with the stack as the beam tilts), so it
        never reaches a neighbour's weight or slot; the slot areas sit under the beam."""
        size = self.style.min_target
        drawn = self.piece_rects()
        strips = self._slot_strips()
        lifts = self._lifts()
        out = {}
        for pc in self.pieces:
            rect = drawn[pc.id]
            on_beam = pc.slot is not None and not (self.dragging and pc.id == self.drag)
            if not on_beam:
                out[pc.id] = rect.inflate(max(0, size - rect.width), max(0, size - rect.height))
                continue
            left, right = strips[pc.slot]
            shift = round(lifts.get(pc.id, 0.0) * math.sin(self.tilt))  # stacks lean
            left, right = left + shift, right + shift
            if rect.width >= right - left:
                hit = pygame.Rect(left, rect.top, right - left, rect.height)
            else:
                w = max(rect.width, min(size, right - left))
                x = max(left, min(rect.centerx - w // 2, right - w))
                hit = pygame.Rect(x, rect.top, w, rect.height)
            out[pc.id] = hit
        return out

    def _own_controls(self) -> list[Control]:
        rects = self.piece_hit_rects()
        out = []
        for pc in self.pieces:
            label = f"{_g(pc.mass)} kg weight"
            if pc.slot is not None:
                label += f" at {self.slots[pc.slot]:+g} m"
            out.append(Control(f"w:{pc.id}", label, rects[pc.id]))
        for i, (pos, rect) in enumerate(zip(self.slots, self.slot_rects(), strict=True)):
            out.append(Control(f"s:{i}", f"slot {pos:+g} m", rect, True, False))
        return out

    # ------------------------------------------------------------------ actions
    def place(self, piece_id: int, slot: int | None) -> None:
        if slot is not None and not 0 <= slot < len(self.slots):
            return
        piece = self.pieces[piece_id]
        if piece.slot != slot:
            was_level = self.balanced()
            piece.slot = slot
            self.changed()
            placed = any(pc.slot is not None for pc in self.pieces)
            if placed and self.balanced() and not was_level and not self.style.reduced_motion:
                pal = self.style.palette
                colours = [pal.primary, pal.accent, pal.secondary, pal.focus, pal.good]
                self.confetti.burst((self.pivot[0], self.pivot[1] - 40), self.rng, colours)
            if self.style.reduced_motion:
                self.tilt = self._target_tilt()

    def _start_holding(self, piece_id: int) -> None:
        self.holding = piece_id
        slot = self.pieces[piece_id].slot
        if slot is None:
            slot = next((i for i, pos in enumerate(self.slots) if pos > 0), 0)
        self.hold_slot = slot

    def _on_activate(self, key: str) -> None:
        kind, _, raw = key.partition(":")
        index = int(raw)
        if kind == "s":
            if self.holding is not None:
                self.place(self.holding, index)
                self.focus_key = f"w:{self.holding}"
                self.holding = None
            return
        if self.holding == index:
            if self.keyboard_mode:
                self.place(index, self.hold_slot)
            self.holding = None
        else:
            self._start_holding(index)

    def dragging_now(self) -> bool:
        return self.drag is not None

    def _handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for pid, rect in self.piece_hit_rects().items():
                if rect.collidepoint(event.pos):
                    self.drag = pid
                    self.dragging = False
                    self.drag_start = self.drag_pos = event.pos
                    self.focus_key = f"w:{pid}"
                    return True
            if self.holding is not None and self.tray.collidepoint(event.pos):
                self.place(self.holding, None)
                self.holding = None
                return True
            return False
        if event.type == pygame.MOUSEMOTION and self.drag is not None:
            self.drag_pos = event.pos
            dx, dy = event.pos[0] - self.drag_start[0], event.pos[1] - self.drag_start[1]
            if abs(dx) + abs(dy) >= DRAG_THRESHOLD:
                self.dragging = True
                self.holding = None
            return True
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.drag is not None:
            pid, self.drag = self.drag, None
            if not self.dragging:
                self._on_activate(f"w:{pid}")
                return True
            self.dragging = False
            self.place(pid, self._slot_near(event.pos))
            return True
        return False

    def _slot_near(self, pos: tuple[int, int]) -> int | None:
        best, best_d = None, 1e9
        for i, p in enumerate(self.slots):
            x, y = self.beam_point(p)
            dx, dy = abs(pos[0] - x), pos[1] - y
            if dx <= max(40, self.p.slot_spacing * self.ppm / 2 + 4) and -170 <= dy <= 70:
                if dx < best_d:
                    best, best_d = i, dx
        return best

    def _key(self, event: pygame.event.Event) -> bool:
        key = self.focus_key or ""
        if not key.startswith("w:"):
            return False
        pid = int(key[2:])
        if self.holding == pid:
            if event.key in (pygame.K_LEFT, pygame.K_RIGHT):
                step = -1 if event.key == pygame.K_LEFT else 1
                self.hold_slot = max(0, min(len(self.slots) - 1, self.hold_slot + step))
                return True
            if event.key == pygame.K_ESCAPE:
                self.holding = None
                return True
            if event.key in (pygame.K_DELETE, pygame.K_BACKSPACE):
                self.place(pid, None)
                self.holding = None
                return True
            return False
        if event.key in (pygame.K_DELETE, pygame.K_BACKSPACE):
            self.place(pid, None)
            return True
        return False

    def can_submit(self) -> bool:
        return self.drag is None

    def answer(self):
        placed = [pc for pc in self.pieces if pc.slot is not None]
        if self.pieces and not placed:
            self.notice = "Put at least one weight on the beam first."
            return None
        return {"placed": [{"mass": pc.mass, "position": self.slots[pc.slot]} for pc in placed]}

    # ------------------------------------------------------------------ frame
    def update(self, dt: float) -> bool:
        if self.confetti.active:
            self.confetti.update(dt)
            return self._settle(dt) or True
        return self._settle(dt)

    def _settle(self, dt: float) -> bool:
        target = self._target_tilt()
        if self.style.reduced_motion:
            self.tilt, self.tilt_vel = target, 0.0
            return self.dragging
        if abs(target - self.tilt) < 1e-4 and abs(self.tilt_vel) < 1e-4:
            self.tilt, self.tilt_vel = target, 0.0
            return self.dragging
        dt = min(dt, 0.05)
        accel = (target - self.tilt) * 60.0 - self.tilt_vel * 10.0
        self.tilt_vel += accel * dt
        self.tilt += self.tilt_vel * dt
        return True

    def side_torques(self) -> tuple[float, float]:
        left = sum(m * -p for m, p in self.weights() if p < 0)
        right = sum(m * p for m, p in self.weights() if p > 0)
        return left, right

    def status_text(self) -> str | None:
        if self.holding is not None:
            return "Choose a slot: ← → then Enter (or tap a slot). Esc cancels."
        left, right = self.side_torques()
        values = f"left {_g(round(left, 3))} · right {_g(round(right, 3))}"
        level = (
            "Level! " if self.balanced() and any(pc.slot is not None for pc in self.pieces) else ""
        )
        return self.fit_status(
            f"{level}Turning (mass × distance): {values}",
            f"{level}Turning: {values}",
            f"{level}{values}",
        )

    # ------------------------------------------------------------------ drawing
    def _draw_body(self, surface: pygame.Surface) -> None:
        s = self.style
        pal = s.palette
        sc = self.scene
        draw.card(surface, s, sc, pal.sky_bottom, pal.border, shadow=False)
        ground = self.ground
        pygame.draw.rect(
            surface,
            pal.card_alt,
            (sc.left + 2, ground, sc.width - 4, sc.bottom - ground - 2),
            border_bottom_left_radius=s.radius,
            border_bottom_right_radius=s.radius,
        )
        pygame.draw.line(surface, pal.wood_dark, (sc.left + 2, ground), (sc.right - 3, ground), 2)
        px, py = self.pivot
        pygame.draw.polygon(
            surface,
            pal.metal,
            [(px, py + 6), (px - 46 * self.k, ground), (px + 46 * self.k, ground)],
        )
        pygame.draw.circle(surface, pal.accent, (px, py + 6), 9)
        # the beam
        k, t = self.k, self.half_t
        end = self.beam_half_px / self.ppm
        a = self.beam_point(-end, -t)
        b = self.beam_point(end, -t)
        pygame.draw.line(surface, pal.wood_dark, a, b, 2 * t + 4)
        pygame.draw.line(surface, pal.wood, a, b, 2 * t - 2)
        small = s.font("small")
        slot_rects = self.slot_rects()
        labelled = set(self.labelled_slots())
        for i, pos in enumerate(self.slots):
            x, y = self.beam_point(pos, -self.half_t)
            pygame.draw.circle(
                surface, pal.wood_dark, (x, y), round((5 if i in labelled else 3) * k)
            )
            if self.holding is not None and self.hold_slot == i:
                pygame.draw.rect(surface, pal.focus, slot_rects[i], 3, border_radius=10)
        for text, rect in self.distance_labels():
            draw.blit_text(surface, small, text, pal.muted, rect.center, "center")
        self._draw_level(surface)
        x = sc.left + 16
        unit = "" if self.piece_unit else " (kg)"
        for colour, text in (
            (pal.weight_fixed, "fixed" + unit),
            (pal.weight, "yours to move" + unit),
        ):
            pygame.draw.rect(surface, colour, (x, sc.top + 16, 16, 16), border_radius=4)
            x = (
                draw.blit_text(
                    surface, small, text, pal.muted, (x + 22, sc.top + 24), "midleft"
                ).right
                + 18
            )
        # weights on the beam
        rects = self.piece_rects()
        for pos, stack in self._stack().items():
            lift = 0.0
            for kind, ident in stack:
                mass = ident if kind == "F" else self.pieces[int(ident)].mass
                w, h = self._piece_size(mass)
                if kind == "F":
                    x, y = self.beam_point(pos, lift)
                    rect = pygame.Rect(round(x - w / 2), round(y - h), w, h)
                    self._draw_weight(surface, rect, mass, fixed=True)
                else:
                    pid = int(ident)
                    self._draw_weight(surface, rects[pid], mass, key=f"w:{pid}")
                lift += h + 2
        # the tray
        draw.card(surface, s, self.tray, pal.card_alt, pal.border, shadow=False)
        font = s.font("body", bold=True)
        draw.blit_text(
            surface,
            font,
            "Weights to place",
            pal.ink,
            (self.tray.left + 16, self.tray.centery),
            "midleft",
        )
        if all(pc.slot is not None for pc in self.pieces):
            small = s.font("small")
            x = self.tray.left + 20 + self._tray_label_width()
            room = self.tray.right - 16 - x
            for hint in ("All on the beam. Drag one back here to take it off.", "All on the beam."):
                if small.size(hint)[0] <= room:
                    draw.blit_text(
                        surface, small, hint, pal.muted, (x, self.tray.centery), "midleft"
                    )
                    break
        for pc in self.pieces:
            if pc.slot is None and not (self.dragging and pc.id == self.drag):
                self._draw_weight(surface, rects[pc.id], pc.mass, key=f"w:{pc.id}")
        # a keyboard/tap "ghost" at the chosen slot
        if self.holding is not None and 0 <= self.hold_slot < len(self.slots):
            pc = self.pieces[self.holding]
            w, h = self._piece_size(pc.mass)
            x, y = self.beam_point(self.slots[self.hold_slot], 0)
            ghost = pygame.Rect(round(x - w / 2), round(y - h - 60), w, h)
            pygame.draw.rect(surface, pal.focus, ghost, 3, border_radius=8)
            draw.blit_text(
                surface,
                self.piece_font,
                self.piece_label(pc.mass),
                pal.focus,
                ghost.center,
                "center",
            )
            pygame.draw.line(surface, pal.focus, ghost.midbottom, (x, y - 4), 2)
        if self.dragging and self.drag is not None:
            self._draw_weight(surface, rects[self.drag], self.pieces[self.drag].mass, lifted=True)
        self.confetti.draw(surface)

    def _draw_weight(
        self, surface, rect: pygame.Rect, mass: float, fixed=False, key=None, lifted=False
    ) -> None:
        s = self.style
        pal = s.palette
        colour = pal.weight_fixed if fixed else pal.weight
        if lifted and not s.high_contrast:
            pygame.draw.rect(surface, pal.shadow, rect.move(5, 7), border_radius=10)
        body = pygame.Rect(rect.left, rect.top + 8, rect.width, rect.height - 8)
        handle = pygame.Rect(0, 0, rect.width // 2, 16)
        handle.midtop = (rect.centerx, rect.top)
        pygame.draw.rect(surface, colour, handle, 5, border_radius=7)
        pygame.draw.rect(surface, colour, body, border_radius=10)
        if s.high_contrast:
            pygame.draw.rect(surface, pal.ink, body, 2, border_radius=10)
        ink = pal.on_secondary if not s.high_contrast else (0, 0, 0)
        draw.blit_text(surface, self.piece_font, self.piece_label(mass), ink, body.center, "center")
        if key is not None:
            if self.holding is not None and key == f"w:{self.holding}":
                pygame.draw.rect(surface, pal.primary, rect.inflate(6, 6), 3, border_radius=12)
            if self.ring(key):
                draw.focus_ring(surface, s, rect)

    def _draw_level(self, surface: pygame.Surface) -> None:
        """A spirit level on the pivot: the bubble centres when the beam is level."""
        s = self.style
        pal = s.palette
        tube = pygame.Rect(0, 0, 90, 20)
        tube.topright = (self.scene.right - 16, self.scene.top + 14)
        px = tube.centerx
        level = self.balanced()
        pygame.draw.rect(surface, pal.good_bg if level else pal.card, tube, border_radius=10)
        pygame.draw.rect(surface, pal.good if level else pal.muted, tube, 2, border_radius=10)
        offset = max(-34, min(34, -math.degrees(self.tilt) * 3))
        pygame.draw.circle(
            surface, pal.good if level else pal.accent, (px + offset, tube.centery), 7
        )
        pygame.draw.line(surface, pal.muted, (px - 10, tube.top + 3), (px - 10, tube.bottom - 3), 1)
        pygame.draw.line(surface, pal.muted, (px + 10, tube.top + 3), (px + 10, tube.bottom - 3), 1)
