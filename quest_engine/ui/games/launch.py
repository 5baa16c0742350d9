"""The `launch` mini-game: aim a launcher, set the speed, watch the capsule fly.

The flight follows `rules.minigames.launch_trajectory` (no air, launched from the ground)
on a landscape drawn to scale, with a ruler in metres and the target pad at
`target_distance`. On landing the game reports {"angle", "speed"} to the rules engine and
shows how far from the target it came down, so students can adjust and try again. Earlier
shots stay as faint dotted trails.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import pygame

from quest_engine.rules import minigames
from quest_engine.ui.challenges import draw
from quest_engine.ui.challenges.base import ChallengeComponent, Control
from quest_engine.ui.games.effects import Confetti
from quest_engine.ui.games.slider import Slider

NICE_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
MAX_TRAILS = 3


@dataclass(frozen=True, slots=True)
class Shot:
    angle: float
    speed: float
    points: tuple[tuple[float, float], ...]
    landing: float


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:.0f}"


class LaunchGame(ChallengeComponent):
    submit_label = "Launch!"
    playable_when_locked = True

    def _setup(self) -> None:
        p = self.challenge.params
        self.p = p
        self.fixed = p.fixed_angle is not None
        start_angle = p.fixed_angle if self.fixed else p.angle.start
        self.angle = Slider("angle", "Angle", "°", p.angle.min, p.angle.max, start_angle, 1, 0)
        if self.fixed:
            self.angle.lo = self.angle.hi = self.angle.value = float(p.fixed_angle)
        self.speed = Slider(
            "speed", "Speed", " m/s", p.speed.min, p.speed.max, p.speed.start, 0.5, 1
        )
        self.shots: list[Shot] = []
        self.flying: Shot | None = None
        self.flight_t = 0.0
        self.duration = 1.0
        self.puff = 0.0
        self.drag_slider: Slider | None = None
        self._background: pygame.Surface | None = None
        self._bg_key: tuple | None = None
        self.confetti = Confetti()

    @property
    def sliders(self) -> list[Slider]:
        return [self.speed] if self.fixed else [self.angle, self.speed]

    # ------------------------------------------------------------------ layout
    def _layout(self) -> None:
        s = self.style
        caption = s.font("body", bold=True).get_linesize() + 4
        slider_h = caption + s.min_target + 4
        b = self.body
        # the sliders stay inside the body, above the Launch button: in a short card (big
        # text, small window) the scene gives up height first, down to a strip of sky
        room = b.height - slider_h - s.spacing
        self.scene = pygame.Rect(b.left, b.top, b.width, max(64, room))
        row_top = self.scene.bottom + s.spacing
        sliders = self.sliders
        gap = s.spacing * 4
        columns = len(sliders) + (1 if self.fixed else 0)
        width = min(520, (b.width - gap * (columns - 1)) // columns)
        if self.fixed:
            self.fixed_rect = pygame.Rect(b.left, row_top, width, slider_h)
            x = b.left + width + gap
        else:
            x = b.left
        for slider in sliders:
            slider.layout(pygame.Rect(x, row_top, width, slider_h), s)
            x += width + gap
        # world -> screen mapping
        sc = self.scene
        self.ground_y = sc.bottom - max(36, sc.height // 6)
        self.k = k = max(0.8, min(2.0, sc.height / 320))
        """Size of the drawn props relative to a 320 px tall scene."""
        self.x0 = sc.left + round(70 * k)
        p = self.p
        span = max(p.target_distance * 1.4, p.target_distance + 2 * p.target_width, 10.0)
        usable = sc.right - 40 - self.x0
        self.ppm = usable / span
        self.tick = next((t for t in NICE_STEPS if t * self.ppm >= 64), NICE_STEPS[-1])
        self.span = span
        self._background = None

    def to_screen(self, x: float, y: float) -> tuple[float, float]:
        return (self.x0 + x * self.ppm, self.ground_y - y * self.ppm)

    def _own_controls(self) -> list[Control]:
        enabled = self.flying is None
        out: list[Control] = []
        for sl in self.sliders:
            out.append(Control(sl.key, sl.label, sl.hit, enabled))
            out.append(Control(f"{sl.key}-", f"{sl.label} −", sl.minus, enabled, False))
            out.append(Control(f"{sl.key}+", f"{sl.label} +", sl.plus, enabled, False))
        return out

    def can_submit(self) -> bool:
        return self.flying is None

    # ------------------------------------------------------------------ input
    def _slider(self, key: str) -> Slider | None:
        for sl in self.sliders:
            if sl.key == key:
                return sl
        return None

    def _on_activate(self, key: str) -> None:
        if key.endswith(("-", "+")):
            slider = self._slider(key[:-1])
            if slider and slider.nudge(1 if key.endswith("+") else -1):
                self.changed()
            return
        self.submit()  # Enter or Space on a slider launches

    def dragging_now(self) -> bool:
        return self.drag_slider is not None

    def _handle(self, event: pygame.event.Event) -> bool:
        if self.flying is not None:
            return event.type in (pygame.MOUSEBUTTONDOWN, pygame.KEYDOWN) and (
                event.type == pygame.KEYDOWN
                and event.key != pygame.K_TAB
                or event.type == pygame.MOUSEBUTTONDOWN
                and self.rect.collidepoint(event.pos)
            )
        if event.type == pygame.KEYDOWN:
            slider = self._slider(self.focus_key or "")
            if slider is None:
                return False
            result = slider.handle_key(event)
            if result is None:
                return False
            if result:
                self.changed()
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for sl in self.sliders:
                if sl.hit.collidepoint(event.pos):
                    self.drag_slider = sl
                    self.focus_key = sl.key
                    if sl.set(sl.value_at(event.pos[0])):
                        self.changed()
                    return True
            return False
        if event.type == pygame.MOUSEMOTION and self.drag_slider is not None:
            if self.drag_slider.set(self.drag_slider.value_at(event.pos[0])):
                self.changed()
            return True
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.drag_slider:
            self.drag_slider = None
            return True
        return False

    # ------------------------------------------------------------------ the flight
    def changed(self) -> None:
        if not self.locked:  # keep the "well done" in view while practising
            super().changed()

    def submit_enabled(self) -> bool:
        return self.can_submit()  # after a hit the launcher stays open for practice

    def submit(self) -> bool:
        if self.flying is not None:
            return False
        angle, speed = self.angle.value, self.speed.value
        points = minigames.launch_trajectory(angle, speed, self.p.gravity, steps=60)
        landing = minigames.launch_range(angle, speed, self.p.gravity)
        self.flying = Shot(angle, speed, tuple(points), landing)
        flight_time = 2 * speed * math.sin(math.radians(angle)) / self.p.gravity
        self.duration = max(0.9, min(2.4, flight_time))
        self.flight_t = 0.0
        if not self.locked:
            self.feedback = None
        self.notice = None
        if self.style.reduced_motion:
            self._land()
        return True

    def _land(self) -> None:
        shot = self.flying
        if shot is None:
            return
        self.flying = None
        self.shots = (self.shots + [shot])[-MAX_TRAILS:]
        self.puff = 0.0 if self.style.reduced_motion else 0.6
        if not self.style.reduced_motion and minigames.launch_hits(self.p, shot.angle, shot.speed):
            pal = self.style.palette
            colours = [pal.primary, pal.accent, pal.secondary, pal.focus, pal.good]
            self.confetti.burst(self.to_screen(shot.landing, 0), self.rng, colours)
        value = {"angle": float(shot.angle), "speed": float(shot.speed)}
        if not self.locked:  # a finished step only practises: nothing more is reported
            self.last_answer = value
            self.on_submit(value)

    def update(self, dt: float) -> bool:
        busy = False
        if self.flying is not None:
            self.flight_t += dt
            if self.flight_t >= self.duration:
                self._land()
            busy = True
        if self.puff > 0:
            self.puff = max(0.0, self.puff - dt)
            busy = True
        if self.confetti.active:
            busy = self.confetti.update(dt) or busy
        return busy or self.drag_slider is not None

    def result_text(self) -> str | None:
        if not self.shots:
            return None
        shot = self.shots[-1]
        miss = shot.landing - self.p.target_distance
        where = f"Landed at {_fmt(shot.landing)} m"
        if minigames.launch_hits(self.p, shot.angle, shot.speed):
            return f"{where}: right on the pad!"
        side = "short" if miss < 0 else "too far"
        return f"{where}: {_fmt(abs(miss))} m {side}."

    def status_text(self) -> str | None:
        if self.flying is not None:
            return "Whoosh…"
        result = self.result_text()
        if result:
            shot = self.shots[-1]
            if minigames.launch_hits(self.p, shot.angle, shot.speed):
                return result + " Great shot!"
            return result + " Adjust and launch again."
        if self.fixed:
            return self.fit_status("Set the speed, then press Launch!", "Set the speed.")
        return self.fit_status(
            "Set the angle and speed, then press Launch!", "Set the angle and speed."
        )

    def _on_retry(self) -> None:
        self.puff = 0.0

    # ------------------------------------------------------------------ drawing
    def _build_background(self) -> pygame.Surface:
        s = self.style
        pal = s.palette
        sc = self.scene
        bg = pygame.Surface(sc.size)
        local = bg.get_rect()
        gy = self.ground_y - sc.top
        if self.p.gravity < 4 and not s.high_contrast:
            self._moon_background(bg, gy)
            return bg
        draw.vertical_gradient(bg, local, pal.sky_top, pal.sky_bottom)
        if not s.high_contrast:
            for cx, cy, r in ((0.22, 0.18, 26), (0.58, 0.12, 34), (0.85, 0.24, 22)):
                x, y = local.width * cx, local.height * cy
                for dx, dy, k in (
                    (-1.1, 0.3, 0.8),
                    (0, 0, 1.0),
                    (1.0, 0.25, 0.85),
                    (0.5, -0.4, 0.8),
                ):
                    pygame.draw.circle(bg, (255, 255, 255), (x + dx * r, y + dy * r), r * k)
        for colour, amp, base, freq, phase in (
            (pal.hill_far, 38, 70, 1.6, 0.4),
            (pal.hill_near, 24, 30, 2.7, 1.9),
        ):
            pts = [(0, gy)]
            for i in range(0, local.width + 20, 20):
                t = i / max(1, local.width)
                y = gy - base - amp * math.sin(t * math.pi * freq + phase)
                pts.append((i, y))
            pts.append((local.width, gy))
            pygame.draw.polygon(bg, colour, pts)
            if s.high_contrast:
                pygame.draw.lines(bg, pal.muted, False, pts[1:-1], 1)
        pygame.draw.rect(bg, pal.ground, (0, gy, local.width, local.height - gy))
        pygame.draw.line(bg, pal.ground_line, (0, gy), (local.width, gy), 3)
        self._ruler(bg, gy)
        return bg

    def _moon_background(self, bg: pygame.Surface, gy: int) -> None:
        """Low gravity: a night sky with stars, the Earth, and grey dusty ground with craters."""
        local = bg.get_rect()
        draw.vertical_gradient(bg, local, (12, 18, 48), (44, 52, 96))
        stars = random.Random(7)
        for _ in range(70):
            x, y = stars.randrange(local.width), stars.randrange(max(1, gy - 20))
            pygame.draw.circle(bg, (255, 255, 235), (x, y), stars.choice((1, 1, 1, 2)))
        earth = (int(local.width * 0.82), int(gy * 0.28))
        pygame.draw.circle(bg, (70, 130, 220), earth, 26)
        pygame.draw.circle(bg, (90, 170, 90), (earth[0] - 8, earth[1] - 5), 10)
        pygame.draw.circle(bg, (90, 170, 90), (earth[0] + 10, earth[1] + 9), 7)
        pts = [(0, gy)]
        for i in range(0, local.width + 20, 20):
            t = i / max(1, local.width)
            pts.append((i, gy - 26 - 16 * math.sin(t * math.pi * 2.3 + 0.7)))
        pts.append((local.width, gy))
        pygame.draw.polygon(bg, (120, 122, 136), pts)
        pygame.draw.rect(bg, (150, 150, 160), (0, gy, local.width, local.height - gy))
        for i in range(8):
            cx = (i * 0.13 + 0.05) * local.width
            pygame.draw.ellipse(bg, (128, 128, 140), (cx, gy + 22 + (i % 3) * 6, 34, 9))
        pygame.draw.line(bg, (215, 215, 225), (0, gy), (local.width, gy), 3)
        self._ruler(bg, gy, (34, 36, 52))

    def _ruler(self, bg: pygame.Surface, gy: int, ink=None) -> None:
        """Scale markings in metres along the ground."""
        s = self.style
        pal = s.palette
        sc = self.scene
        small = s.font("small")
        if ink is None:
            ink = (255, 255, 255) if not s.high_contrast else pal.ink
        d = 0.0
        while d <= self.span + 1e-9:
            x = self.x0 - sc.left + d * self.ppm
            pygame.draw.line(bg, ink, (x, gy), (x, gy + 10), 2)
            if d > 0:
                draw.blit_text(bg, small, f"{_fmt(d)} m", ink, (x, gy + 12), "midtop")
            half = x + self.tick * self.ppm / 2
            if d + self.tick / 2 <= self.span:
                pygame.draw.line(bg, ink, (half, gy), (half, gy + 5), 1)
            d += self.tick

    def _draw_target(self, surface: pygame.Surface) -> None:
        s = self.style
        pal = s.palette
        p = self.p
        left, _ = self.to_screen(p.target_distance - p.target_width / 2, 0)
        right, _ = self.to_screen(p.target_distance + p.target_width / 2, 0)
        cx = (left + right) / 2
        width = max(18, right - left)
        pad = pygame.Rect(0, 0, width, 10)
        pad.midbottom = (cx, self.ground_y + 2)
        pygame.draw.rect(surface, pal.accent, pad, border_radius=3)
        stripe = max(6, int(width // 6))
        for x in range(pad.left + stripe // 2, pad.right - 2, stripe * 2):
            pygame.draw.rect(surface, pal.primary, (x, pad.top, stripe, pad.height))
        pygame.draw.rect(surface, pal.ink, pad, 2, border_radius=3)
        k = self.k
        top = self.ground_y - round(70 * k)
        pygame.draw.line(surface, pal.ink, (cx, self.ground_y - 8), (cx, top), 3)
        pygame.draw.polygon(
            surface, pal.primary, [(cx, top), (cx + 30 * k, top + 10 * k), (cx, top + 20 * k)]
        )
        label = f"Target {_fmt(p.target_distance)} m"
        font = s.font("small", bold=True)
        rect = font.size(label)
        box = pygame.Rect(0, 0, rect[0] + 16, rect[1] + 8)
        box.midbottom = (cx, top - 6)
        box.clamp_ip(self.scene)
        pygame.draw.rect(surface, pal.card, box, border_radius=8)
        pygame.draw.rect(surface, pal.primary, box, 2, border_radius=8)
        draw.blit_text(surface, font, label, pal.ink, box.center, "center")

    def _draw_launcher(self, surface: pygame.Surface) -> None:
        s = self.style
        pal = s.palette
        x0, gy = self.x0, self.ground_y
        angle = math.radians(self.angle.value)
        dx, dy = math.cos(angle), -math.sin(angle)
        nx, ny = -dy, dx
        k = self.k
        length, half, dome = 62 * k, 10 * k, round(28 * k)
        base = (x0, gy)
        tip = (x0 + dx * length, gy + dy * length)
        barrel = [
            (base[0] + nx * half, base[1] + ny * half),
            (tip[0] + nx * half, tip[1] + ny * half),
            (tip[0] - nx * half, tip[1] - ny * half),
            (base[0] - nx * half, base[1] - ny * half),
        ]
        pygame.draw.polygon(surface, pal.metal, barrel)
        pygame.draw.line(surface, pal.primary, barrel[1], barrel[2], 6)
        pygame.draw.circle(
            surface, pal.primary, (x0, gy), dome, draw_top_left=True, draw_top_right=True
        )
        pygame.draw.circle(
            surface, pal.metal, (x0, gy), dome, 4, draw_top_left=True, draw_top_right=True
        )
        pygame.draw.circle(surface, pal.accent, (x0, gy - 10 * k), 6 * k)
        # the angle arc and its value
        arc = pygame.Rect(0, 0, 110 * k, 110 * k)
        arc.center = (x0, gy)
        pygame.draw.arc(surface, pal.ink, arc, 0, angle, 2)
        mid = angle / 2
        label = f"{self.angle.value:.0f}°"
        draw.blit_text(
            surface,
            s.font("small", bold=True),
            label,
            pal.ink,
            (x0 + math.cos(mid) * 80 * k, gy - math.sin(mid) * 80 * k),
            "center",
        )

    def _draw_trail(self, surface, points, colour, upto: int, radius: int) -> None:
        for i in range(0, min(upto, len(points)), 2):
            pygame.draw.circle(surface, colour, self.to_screen(*points[i]), radius)

    def _draw_landing(self, surface, shot: Shot, colour, label: bool) -> None:
        s = self.style
        x, y = self.to_screen(min(shot.landing, self.span), 0)
        clipped = shot.landing > self.span
        if clipped:
            x = self.scene.right - 22
            pygame.draw.polygon(surface, colour, [(x + 14, y - 16), (x, y - 26), (x, y - 6)])
        else:
            pygame.draw.line(surface, colour, (x - 7, y - 7), (x + 7, y + 7), 4)
            pygame.draw.line(surface, colour, (x - 7, y + 7), (x + 7, y - 7), 4)
        if label:
            font = s.font("small", bold=True)
            text = f"{_fmt(shot.landing)} m"
            box = pygame.Rect(0, 0, font.size(text)[0] + 14, font.get_linesize() + 6)
            box.midbottom = (x, y - 14 if not clipped else y - 30)
            flag_x, _ = self.to_screen(self.p.target_distance, 0)
            if abs(x - flag_x) < box.width:
                box.midbottom = (x, self.ground_y - 108)
            box.clamp_ip(self.scene)
            pygame.draw.rect(surface, s.palette.card, box, border_radius=6)
            pygame.draw.rect(surface, colour, box, 2, border_radius=6)
            draw.blit_text(surface, font, text, s.palette.ink, box.center, "center")

    def _draw_body(self, surface: pygame.Surface) -> None:
        s = self.style
        pal = s.palette
        key = (self.scene.size, s.high_contrast, id(s))
        if self._background is None or self._bg_key != key:
            self._background = self._build_background()
            self._bg_key = key
        surface.blit(self._background, self.scene)
        clip = surface.get_clip()
        surface.set_clip(self.scene.clip(clip) if clip else self.scene)
        self._draw_target(surface)
        for shot in self.shots[:-1] if self.flying is None else self.shots:
            self._draw_trail(surface, shot.points, pal.muted, len(shot.points), round(2 * self.k))
            self._draw_landing(surface, shot, pal.muted, False)
        self._draw_launcher(surface)
        if self.flying is not None:
            shot = self.flying
            f = min(1.0, self.flight_t / self.duration)
            pos = f * (len(shot.points) - 1)
            i = int(pos)
            j = min(i + 1, len(shot.points) - 1)
            t = pos - i
            x = shot.points[i][0] + (shot.points[j][0] - shot.points[i][0]) * t
            y = shot.points[i][1] + (shot.points[j][1] - shot.points[i][1]) * t
            self._draw_trail(surface, shot.points, pal.trail, i + 1, round(4 * self.k))
            self._draw_capsule(surface, self.to_screen(x, y))
        elif self.shots:
            shot = self.shots[-1]
            self._draw_trail(surface, shot.points, pal.trail, len(shot.points), round(4 * self.k))
            hit = minigames.launch_hits(self.p, shot.angle, shot.speed)
            if shot.landing <= self.span:
                self._draw_capsule(surface, self.to_screen(shot.landing, 0.0))
            self._draw_landing(surface, shot, pal.good if hit else pal.primary, True)
            if self.puff > 0:
                x, y = self.to_screen(min(shot.landing, self.span), 0)
                r = 10 + (0.6 - self.puff) * 60
                pygame.draw.circle(surface, pal.card, (x, y - 4), r, 3)
        self._draw_banner(surface)
        self.confetti.draw(surface)
        surface.set_clip(clip)
        if self.fixed:
            font = s.font("body", bold=True)
            r = self.fixed_rect
            draw.blit_text(surface, font, "Angle", pal.ink, r.topleft)
            draw.blit_text(
                surface,
                s.font("large", bold=True),
                f"fixed at {self.angle.value:.0f}°",
                pal.muted,
                (r.left, r.top + font.get_linesize() + 8),
            )
        for sl in self.sliders:
            sl.draw(
                surface,
                s,
                self.has_focus(sl.key),
                self.ring(sl.key),
                self.flying is None,
                self.hover_key,
            )

    def _draw_capsule(self, surface, pos) -> None:
        pal = self.style.palette
        k = self.k
        pygame.draw.circle(surface, pal.ink, pos, round(11 * k))
        pygame.draw.circle(surface, pal.primary, pos, round(9 * k))
        pygame.draw.circle(surface, (255, 255, 255), (pos[0] - 3, pos[1] - 3), 3)

    def _draw_banner(self, surface: pygame.Surface) -> None:
        """The last result, large, in the top corner of the sky."""
        text = self.result_text()
        if not text or self.flying is not None:
            return
        s = self.style
        pal = s.palette
        shot = self.shots[-1]
        hit = minigames.launch_hits(self.p, shot.angle, shot.speed)
        font = s.font("body", bold=True)
        box = pygame.Rect(0, 0, font.size(text)[0] + 28, font.get_linesize() + 16)
        box.topright = (self.scene.right - 12, self.scene.top + 12)
        fill, ink = (pal.good_bg, pal.good) if hit else (pal.card, pal.ink)
        draw.card(surface, s, box, fill, pal.good if hit else pal.border)
        draw.blit_text(surface, font, text, ink, box.center, "center")
