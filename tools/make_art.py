"""Draw the project's own art: badge emblems, avatars and quest step pictures.

Everything is drawn by code with pygame (headless), so the art is reproducible, small
and free to reuse (CC0, see assets/LICENSE-art.md). Shapes are drawn at SS times the
final size and smooth-scaled down, which gives clean anti-aliased edges everywhere.

    python tools/make_art.py            # (re)draw everything
    python tools/make_art.py --sheet /tmp/sheet.png   # also write a contact sheet
"""

from __future__ import annotations

import argparse
import colorsys
import json
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import yaml  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FONT_BOLD = ROOT / "assets" / "fonts" / "DejaVuSans-Bold.ttf"
FONT = ROOT / "assets" / "fonts" / "DejaVuSans.ttf"
SS = 4  # supersampling factor

Color = tuple[int, int, int] | tuple[int, int, int, int]

WHITE = (255, 255, 255)
INK = (43, 45, 66)
CREAM = (255, 248, 231)


# --------------------------------------------------------------------------- colour helpers


def hex_color(text: str) -> tuple[int, int, int]:
    text = text.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def shade(color: Color, factor: float) -> tuple[int, int, int]:
    """Lighter (factor > 1) or darker (factor < 1) in lightness, keeping the hue."""
    r, g, b = (c / 255 for c in color[:3])
    h, lum, s = colorsys.rgb_to_hls(r, g, b)
    lum = max(0.0, min(1.0, lum * factor if factor < 1 else lum + (1 - lum) * (factor - 1)))
    r, g, b = colorsys.hls_to_rgb(h, lum, s)
    return round(r * 255), round(g * 255), round(b * 255)


def mix(a: Color, b: Color, t: float) -> tuple[int, int, int]:
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))  # type: ignore[return-value]


# --------------------------------------------------------------------------- painter


class Painter:
    """Draws in final-size coordinates on a supersampled surface."""

    def __init__(self, width: int, height: int) -> None:
        self.w, self.h = width, height
        self.dy = 0.0
        """Vertical offset for everything drawn (lets an icon sit a little higher)."""
        self.surf = pygame.Surface((width * SS, height * SS), pygame.SRCALPHA)
        self._layer = pygame.Surface(self.surf.get_size(), pygame.SRCALPHA)
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}

    def _draw(self, color: Color, fn: Callable[[pygame.Surface], pygame.Rect]) -> None:
        """Opaque colours draw directly; translucent ones blend through a layer.

        pygame.draw writes alpha instead of blending it, so a soft shine or a blush
        would punch a hole in what lies beneath without the layer.
        """
        if len(color) == 3 or color[3] == 255:
            fn(self.surf)
            return
        dirty = fn(self._layer).clip(self._layer.get_rect())
        self.surf.blit(self._layer, dirty, dirty)
        self._layer.fill((0, 0, 0, 0), dirty)

    # coordinates -------------------------------------------------------------
    def p(self, x: float, y: float) -> tuple[int, int]:
        return round(x * SS), round((y + self.dy) * SS)

    @staticmethod
    def s(v: float) -> int:
        return max(1, round(v * SS))

    # primitives --------------------------------------------------------------
    def circle(self, color: Color, c: tuple[float, float], r: float, width: float = 0) -> None:
        self._draw(
            color,
            lambda t: pygame.draw.circle(
                t, color, self.p(*c), self.s(r), self.s(width) if width else 0
            ),
        )

    def ellipse(
        self, color: Color, x: float, y: float, w: float, h: float, width: float = 0
    ) -> None:
        rect = pygame.Rect(*self.p(x, y), self.s(w), self.s(h))
        self._draw(
            color, lambda t: pygame.draw.ellipse(t, color, rect, self.s(width) if width else 0)
        )

    def rect(
        self,
        color: Color,
        x: float,
        y: float,
        w: float,
        h: float,
        radius: float = 0,
        width: float = 0,
    ) -> None:
        rect = pygame.Rect(*self.p(x, y), self.s(w), self.s(h))
        self._draw(
            color,
            lambda t: pygame.draw.rect(
                t,
                color,
                rect,
                self.s(width) if width else 0,
                border_radius=self.s(radius) if radius else 0,
            ),
        )

    def poly(self, color: Color, pts: list[tuple[float, float]], width: float = 0) -> None:
        scaled = [self.p(*q) for q in pts]
        self._draw(
            color, lambda t: pygame.draw.polygon(t, color, scaled, self.s(width) if width else 0)
        )

    def line(
        self, color: Color, a: tuple[float, float], b: tuple[float, float], width: float
    ) -> None:
        """A thick line with round caps."""
        self._draw(
            color, lambda t: pygame.draw.line(t, color, self.p(*a), self.p(*b), self.s(width))
        )
        self.circle(color, a, width / 2)
        self.circle(color, b, width / 2)

    def polyline(self, color: Color, pts: list[tuple[float, float]], width: float) -> None:
        """A smooth stroke: round brush dabs along the path (no seams between segments)."""
        radius = self.s(width / 2)
        step = max(1.0, radius / 3)

        def stroke(target: pygame.Surface) -> pygame.Rect:
            dirty = pygame.Rect(self.p(*pts[0]), (0, 0))
            for a, b in zip(pts, pts[1:], strict=False):
                (ax, ay), (bx, by) = self.p(*a), self.p(*b)
                n = max(1, int(math.hypot(bx - ax, by - ay) / step))
                for i in range(n + 1):
                    x, y = ax + (bx - ax) * i / n, ay + (by - ay) * i / n
                    dirty.union_ip(pygame.draw.circle(target, color, (round(x), round(y)), radius))
            return dirty

        self._draw(color, stroke)

    def arc(
        self,
        color: Color,
        c: tuple[float, float],
        r: float,
        start_deg: float,
        end_deg: float,
        width: float,
        steps: int = 40,
    ) -> None:
        """An arc with round caps; angles in degrees, counter-clockwise, 0 = east (y up)."""
        pts = []
        for i in range(steps + 1):
            a = math.radians(start_deg + (end_deg - start_deg) * i / steps)
            pts.append((c[0] + r * math.cos(a), c[1] - r * math.sin(a)))
        self.polyline(color, pts, width)

    def star(
        self,
        color: Color,
        c: tuple[float, float],
        r_out: float,
        r_in: float,
        points: int = 5,
        rot: float = -90,
    ) -> None:
        pts = []
        for i in range(points * 2):
            r = r_out if i % 2 == 0 else r_in
            a = math.radians(rot + i * 180 / points)
            pts.append((c[0] + r * math.cos(a), c[1] + r * math.sin(a)))
        self.poly(color, pts)

    def vgradient(
        self,
        top: Color,
        bottom: Color,
        x: float = 0,
        y: float = 0,
        w: float | None = None,
        h: float | None = None,
    ) -> None:
        w = self.w if w is None else w
        h = self.h if h is None else h
        x0, y0 = self.p(x, y)
        ww, hh = self.s(w), self.s(h)
        for i in range(hh):
            pygame.draw.line(
                self.surf, mix(top, bottom, i / max(1, hh - 1)), (x0, y0 + i), (x0 + ww - 1, y0 + i)
            )

    def gradient_circle(self, top: Color, bottom: Color, c: tuple[float, float], r: float) -> None:
        """A disc filled with a vertical gradient."""
        size = self.s(2 * r)
        grad = pygame.Surface((size, size), pygame.SRCALPHA)
        for i in range(size):
            pygame.draw.line(
                grad, (*mix(top, bottom, i / max(1, size - 1)), 255), (0, i), (size - 1, i)
            )
        mask = pygame.Surface((size, size), pygame.SRCALPHA)
        pygame.draw.circle(mask, (255, 255, 255, 255), (size // 2, size // 2), size // 2)
        grad.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
        cx, cy = self.p(*c)
        self.surf.blit(grad, (cx - size // 2, cy - size // 2))

    def font(self, size: float, bold: bool = True) -> pygame.font.Font:
        key = (self.s(size), bold)
        if key not in self._fonts:
            self._fonts[key] = pygame.font.Font(str(FONT_BOLD if bold else FONT), key[0])
        return self._fonts[key]

    def text(
        self,
        msg: str,
        size: float,
        color: Color,
        center: tuple[float, float],
        bold: bool = True,
        shadow: Color | None = None,
    ) -> None:
        f = self.font(size, bold)
        img = f.render(msg, True, color)
        cx, cy = self.p(*center)
        if shadow is not None:
            sh = f.render(msg, True, shadow)
            self.surf.blit(sh, sh.get_rect(center=(cx + self.s(1.2), cy + self.s(1.5))))
        self.surf.blit(img, img.get_rect(center=(cx, cy)))

    def text_width(self, msg: str, size: float, bold: bool = True) -> float:
        return self.font(size, bold).size(msg)[0] / SS

    def clip_to_circle(self) -> None:
        """Keep only what lies inside the round frame (avatars are round tokens)."""
        mask = pygame.Surface(self.surf.get_size(), pygame.SRCALPHA)
        pygame.draw.circle(
            mask, (255, 255, 255, 255), mask.get_rect().center, mask.get_width() // 2
        )
        self.surf.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)

    def result(self) -> pygame.Surface:
        return pygame.transform.smoothscale(self.surf, (self.w, self.h))


def spline(pts: list[tuple[float, float]], per_segment: int = 24) -> list[tuple[float, float]]:
    """A Catmull-Rom curve through the points (for gentle, hand-drawn looking lines)."""
    ext = [pts[0], *pts, pts[-1]]
    out: list[tuple[float, float]] = []
    for i in range(1, len(ext) - 2):
        p0, p1, p2, p3 = ext[i - 1], ext[i], ext[i + 1], ext[i + 2]
        for k in range(per_segment):
            t = k / per_segment
            t2, t3 = t * t, t * t * t
            out.append(
                tuple(  # type: ignore[arg-type]
                    0.5
                    * (
                        2 * p1[j]
                        + (-p0[j] + p2[j]) * t
                        + (2 * p0[j] - 5 * p1[j] + 4 * p2[j] - p3[j]) * t2
                        + (-p0[j] + 3 * p1[j] - 3 * p2[j] + p3[j]) * t3
                    )
                    for j in range(2)
                )
            )
    out.append(pts[-1])
    return out


def save(surface: pygame.Surface, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(surface, str(path))


def heart_shape(p: Painter, col: Color, cx: float, cy: float, r: float, bottom: float) -> None:
    """A heart: two lobes of radius r centred r*0.73 either side of cx, tip at y = bottom.

    The sides are tangent to the lobes, so there is no notch where they meet.
    """
    dx = r * 0.73
    tip = (cx, bottom)
    pts = []
    for side in (-1, 1):
        c = (cx + side * dx, cy)
        vx, vy = tip[0] - c[0], tip[1] - c[1]
        d = math.hypot(vx, vy)
        phi = math.atan2(vy, vx)
        a = phi - side * math.acos(r / d)
        pts.append((c[0] + r * math.cos(a), c[1] + r * math.sin(a)))
    p.circle(col, (cx - dx, cy), r)
    p.circle(col, (cx + dx, cy), r)
    p.poly(col, [(cx - dx, cy), pts[0], tip, pts[1], (cx + dx, cy)])


# --------------------------------------------------------------------------- badge icons
# Each icon draws into a 256x256 badge, centred near (128, 104), about 110 px across.

Icon = Callable[[Painter, tuple[int, int, int]], None]
CX, CY = 128, 102


def icon_rocket(p: Painter, base: tuple[int, int, int]) -> None:
    # flame
    p.poly((255, 183, 3), [(112, 150), (144, 150), (128, 188)])
    p.poly((251, 86, 7), [(119, 150), (137, 150), (128, 172)])
    # fins
    p.poly((214, 40, 57), [(106, 112), (84, 150), (110, 144)])
    p.poly((214, 40, 57), [(150, 112), (172, 150), (146, 144)])
    # body
    p.ellipse(CREAM, 104, 40, 48, 116)
    p.rect(CREAM, 104, 100, 48, 50, radius=6)
    p.poly((214, 40, 57), [(106, 72), (128, 32), (150, 72)])
    p.ellipse((214, 40, 57), 104, 52, 48, 40)
    p.rect(CREAM, 104, 80, 48, 30)
    # window
    p.circle(INK, (128, 98), 14)
    p.circle((142, 202, 230), (128, 98), 10)
    p.circle(WHITE, (124, 94), 3.5)
    p.rect(shade(CREAM, 0.85), 104, 140, 48, 8, radius=3)


def icon_target(p: Painter, base: tuple[int, int, int]) -> None:
    for r, col in ((54, WHITE), (43, (230, 57, 70)), (32, WHITE), (21, (230, 57, 70)), (10, WHITE)):
        p.circle(col, (CX - 6, CY + 6), r)
    # arrow stuck in the bullseye
    p.line((92, 64, 42), (CX - 6, CY + 6), (CX + 44, CY - 44), 6)
    p.poly((255, 209, 102), [(CX + 36, CY - 52), (CX + 60, CY - 60), (CX + 52, CY - 36)])
    p.poly((255, 209, 102), [(CX + 30, CY - 44), (CX + 42, CY - 70), (CX + 50, CY - 54)])


def icon_pie(p: Painter, base: tuple[int, int, int]) -> None:
    c, r = (CX, CY + 2), 52
    p.circle(shade(base, 0.55), (c[0] + 3, c[1] + 4), r)
    p.circle((255, 236, 179), c, r)
    # three quarters filled with cherry-pie red, one slice missing
    pts = [c]
    for i in range(0, 271, 5):
        a = math.radians(90 + i)
        pts.append((c[0] + (r - 6) * math.cos(a), c[1] - (r - 6) * math.sin(a)))
    p.poly((214, 40, 57), pts)
    for ang in (90, 180, 270, 0):
        a = math.radians(ang)
        p.line((255, 236, 179), c, (c[0] + r * math.cos(a), c[1] - r * math.sin(a)), 5)
    # the missing slice, floating out
    off = (14, -14)
    sp = [(c[0] + off[0], c[1] + off[1])]
    for i in range(0, 91, 5):
        a = math.radians(i)
        sp.append((c[0] + off[0] + r * math.cos(a), c[1] + off[1] - r * math.sin(a)))
    p.poly((255, 236, 179), sp)
    inner = [(c[0] + off[0], c[1] + off[1])]
    for i in range(0, 91, 5):
        a = math.radians(i)
        inner.append((c[0] + off[0] + (r - 6) * math.cos(a), c[1] + off[1] - (r - 6) * math.sin(a)))
    p.poly((230, 57, 70), inner)


def icon_seesaw(p: Painter, base: tuple[int, int, int]) -> None:
    p.poly(CREAM, [(128, 104), (104, 150), (152, 150)])
    p.rect(shade(CREAM, 0.8), 96, 148, 64, 8, radius=4)
    p.line((255, 209, 102), (66, 104), (190, 104), 10)
    p.rect((66, 133, 244), 70, 62, 36, 36, radius=6)
    p.text("3", 22, WHITE, (88, 80))
    p.rect((230, 57, 70), 146, 74, 26, 26, radius=5)
    p.text("2", 17, WHITE, (159, 87))
    p.circle(INK, (128, 104), 5)


def icon_heart(p: Painter, base: tuple[int, int, int]) -> None:
    col = (255, 77, 109)
    heart_shape(p, col, 128, 86, 30, 150)
    p.circle(shade(col, 1.5), (100, 76), 8)
    p.polyline(
        WHITE,
        [(70, 110), (100, 110), (110, 90), (122, 132), (134, 70), (146, 110), (186, 110)],
        6,
    )


def icon_loop(p: Painter, base: tuple[int, int, int]) -> None:
    col = (255, 209, 102)
    p.arc(col, (CX, CY), 44, 30, 320, 10)
    a = math.radians(30)
    tip = (CX + 44 * math.cos(a), CY - 44 * math.sin(a))
    p.poly(col, [(tip[0] - 14, tip[1] - 12), (tip[0] + 14, tip[1] - 6), (tip[0] + 2, tip[1] + 16)])
    p.text("</>", 30, WHITE, (CX, CY), shadow=shade(base, 0.5))


def icon_moon(p: Painter, base: tuple[int, int, int]) -> None:
    p.circle((233, 236, 239), (CX, CY), 50)
    for c, r in (((110, 84), 10), ((148, 118), 13), ((140, 76), 6), ((108, 124), 7)):
        p.circle((173, 181, 189), c, r)
        p.circle((206, 212, 218), (c[0] - 2, c[1] - 2), r - 3)
    # a boot print
    p.ellipse(INK, 118, 96, 18, 26)
    p.ellipse(INK, 120, 124, 14, 12)
    for i in range(3):
        p.rect((233, 236, 239), 119, 100 + i * 7, 16, 2.5)
    for c in ((70, 50), (190, 60), (186, 150)):
        p.star((255, 236, 179), c, 9, 3.5)


def icon_force(p: Painter, base: tuple[int, int, int]) -> None:
    p.poly(
        (255, 209, 102),
        [(140, 44), (96, 110), (124, 110), (110, 164), (164, 88), (134, 88), (150, 44)],
    )
    p.poly(WHITE, [(140, 52), (108, 104), (122, 104)])
    p.line(CREAM, (60, 130), (84, 130), 6)
    p.line(CREAM, (52, 112), (80, 112), 6)
    p.line(CREAM, (176, 70), (200, 70), 6)


def icon_star(p: Painter, base: tuple[int, int, int]) -> None:
    p.star((255, 209, 102), (CX, CY + 4), 56, 24)
    p.star((255, 236, 179), (CX - 6, CY - 4), 22, 9)
    for c, r in (((70, 56), 10), ((188, 64), 7), ((184, 146), 9), ((72, 140), 6)):
        p.star(WHITE, c, r, r * 0.35, 4, rot=0)


def icon_trophy(p: Painter, base: tuple[int, int, int]) -> None:
    gold, dark = (255, 200, 50), (214, 150, 20)
    p.arc(dark, (90, 86), 20, 90, 270, 8)
    p.arc(dark, (166, 86), 20, -90, 90, 8)
    p.poly(gold, [(90, 56), (166, 56), (160, 100), (128, 126), (96, 100)])
    p.ellipse(gold, 90, 46, 76, 20)
    p.ellipse(shade(gold, 1.4), 96, 50, 64, 12)
    p.rect(dark, 120, 122, 16, 18)
    p.rect(gold, 100, 138, 56, 14, radius=4)
    p.rect(dark, 94, 150, 68, 10, radius=4)
    p.star(WHITE, (128, 86), 14, 6)


def icon_bulb(p: Painter, base: tuple[int, int, int]) -> None:
    glow = (255, 236, 140)
    for i, r in enumerate((64, 56)):
        p.circle((*glow, 40 + 30 * i), (CX, CY - 6), r)
    p.circle((255, 214, 10), (CX, CY - 10), 38)
    p.poly((255, 214, 10), [(108, 110), (148, 110), (140, 132), (116, 132)])
    p.rect((173, 181, 189), 114, 132, 28, 8, radius=3)
    p.rect((134, 142, 150), 116, 141, 24, 7, radius=3)
    p.rect((173, 181, 189), 118, 149, 20, 6, radius=3)
    p.circle(WHITE, (114, 82), 8)
    # two little hands holding it up: a helper
    p.ellipse((245, 203, 167), 74, 132, 40, 22)
    p.ellipse((245, 203, 167), 142, 132, 40, 22)


def icon_quill(p: Painter, base: tuple[int, int, int]) -> None:
    p.poly(CREAM, [(176, 40), (150, 60), (112, 118), (106, 150), (128, 122), (168, 82)])
    p.poly(shade(CREAM, 0.85), [(176, 40), (118, 128), (106, 150), (130, 124)])
    p.line(shade(base, 0.5), (176, 40), (104, 154), 3)
    p.line(INK, (104, 154), (92, 170), 4)
    # sparks
    for c, r in (((76, 90), 14), ((62, 130), 8), ((92, 58), 7)):
        p.star((255, 209, 102), c, r, r * 0.4, 4, rot=0)


def icon_newspaper(p: Painter, base: tuple[int, int, int]) -> None:
    p.rect(shade(CREAM, 0.8), 78, 58, 110, 92, radius=6)
    p.rect(CREAM, 70, 50, 110, 92, radius=6)
    p.rect(INK, 80, 60, 90, 14, radius=3)
    p.rect((230, 57, 70), 80, 80, 38, 30, radius=3)
    for i in range(4):
        p.rect((173, 181, 189), 124, 81 + i * 8, 46, 4, radius=2)
    for i in range(3):
        p.rect((173, 181, 189), 80, 117 + i * 8, 90, 4, radius=2)
    p.circle((255, 209, 102), (176, 54), 16)
    p.text("!", 22, INK, (176, 54))


def icon_megaphone(p: Painter, base: tuple[int, int, int]) -> None:
    p.poly(CREAM, [(84, 92), (150, 60), (150, 146), (84, 116)])
    p.ellipse(shade(CREAM, 0.8), 140, 58, 22, 90)
    p.rect((230, 57, 70), 66, 88, 22, 32, radius=5)
    p.rect(INK, 94, 114, 14, 30, radius=4)
    for i, r in enumerate((20, 34, 48)):
        p.arc((255, 209, 102), (160, 103), r + 10, -35, 35, 5 - i)


def icon_nib(p: Painter, base: tuple[int, int, int]) -> None:
    gold = (255, 200, 50)
    p.poly(gold, [(128, 170), (94, 110), (104, 60), (152, 60), (162, 110)])
    p.poly(shade(gold, 0.8), [(128, 170), (128, 60), (152, 60), (162, 110)])
    p.line(INK, (128, 168), (128, 110), 3)
    p.circle(INK, (128, 106), 7)
    p.rect(CREAM, 98, 40, 60, 22, radius=5)


def icon_bubble(p: Painter, base: tuple[int, int, int]) -> None:
    p.rect(CREAM, 62, 50, 132, 88, radius=30)
    p.poly(CREAM, [(92, 130), (82, 164), (120, 134)])
    heart_shape(p, (255, 77, 109), 128, 88, 14, 118)


def icon_book(p: Painter, base: tuple[int, int, int]) -> None:
    p.poly(CREAM, [(128, 70), (70, 56), (70, 140), (128, 154)])
    p.poly(shade(CREAM, 0.9), [(128, 70), (186, 56), (186, 140), (128, 154)])
    for i in range(4):
        p.line((173, 181, 189), (80, 74 + i * 14), (118, 84 + i * 14), 3)
        p.line((173, 181, 189), (138, 84 + i * 14), (176, 74 + i * 14), 3)
    p.star((255, 209, 102), (128, 48), 18, 7)


ICONS: dict[str, Icon] = {
    "fraction-finder": icon_pie,
    "rocketeer": icon_rocket,
    "sharp-shooter": icon_target,
    "lever-master": icon_seesaw,
    "pulse-detective": icon_heart,
    "loop-coder": icon_loop,
    "moonwalker": icon_moon,
    "force-finder": icon_force,
    "star-gazer": icon_star,
    "lab-legend": icon_trophy,
    "lab-mentor": icon_bulb,
    "story-spark": icon_quill,
    "press-pass": icon_newspaper,
    "voice-of-change": icon_megaphone,
    "wordsmith": icon_nib,
    "kind-critic": icon_bubble,
    "bookworm": icon_book,
}


ICON_LIFT: dict[Icon, float] = {icon_rocket: -12.0, icon_trophy: -4.0}


def draw_badge(name: str, color: tuple[int, int, int], icon: Icon) -> pygame.Surface:
    p = Painter(256, 256)
    dark, light = shade(color, 0.6), shade(color, 1.45)
    # scalloped seal
    for i in range(24):
        a = math.radians(i * 15)
        p.circle(dark, (128 + 112 * math.cos(a), 124 + 112 * math.sin(a)), 14)
    p.circle(dark, (128, 124), 112)
    p.gradient_circle(light, color, (128, 124), 104)
    p.circle(shade(color, 1.7), (128, 124), 96, width=3)
    # soft shine
    p.ellipse((255, 255, 255, 45), 60, 34, 136, 60)
    p.dy = ICON_LIFT.get(icon, 0.0)
    icon(p, color)
    p.dy = 0.0
    # ribbon with the name
    size = 22.0
    while p.text_width(name, size) > 196 and size > 12:
        size -= 1
    rw = max(150.0, p.text_width(name, size) + 34)
    x0, y0, rh = 128 - rw / 2, 176, 40
    ribbon, ribbon_dark = (255, 255, 255), shade(color, 0.45)
    p.poly(
        ribbon_dark,
        [
            (x0 - 18, y0 + 10),
            (x0 + 8, y0 + 10),
            (x0 + 8, y0 + rh + 10),
            (x0 - 18, y0 + rh + 10),
            (x0 - 8, y0 + rh / 2 + 10),
        ],
    )
    p.poly(
        ribbon_dark,
        [
            (x0 + rw + 18, y0 + 10),
            (x0 + rw - 8, y0 + 10),
            (x0 + rw - 8, y0 + rh + 10),
            (x0 + rw + 18, y0 + rh + 10),
            (x0 + rw + 8, y0 + rh / 2 + 10),
        ],
    )
    p.rect(ribbon, x0, y0, rw, rh, radius=6)
    p.rect(shade(color, 0.75), x0, y0, rw, rh, radius=6, width=2.5)
    p.text(name, size, shade(color, 0.4), (128, y0 + rh / 2))
    return p.result()


def make_badges(packs_dir: Path) -> list[Path]:
    written = []
    for pack_yaml in sorted(packs_dir.glob("*/pack.yaml")):
        pack = yaml.safe_load(pack_yaml.read_text(encoding="utf-8"))
        if "badges_file" in pack:
            badges_yaml = pack_yaml.parent / pack["badges_file"]
            pack = yaml.safe_load(badges_yaml.read_text(encoding="utf-8"))
        for badge in pack.get("badges", []):
            image = badge.get("image")
            if not image:
                continue
            icon = ICONS.get(badge["id"], icon_star)
            color = hex_color(badge.get("color", "#3d5a80"))
            out = pack_yaml.parent / image
            save(draw_badge(badge["name"], color, icon), out)
            written.append(out)
    # an engine-wide fallback emblem for badges without art
    out = ROOT / "assets" / "badges" / "default.png"
    save(draw_badge("Badge", (61, 90, 128), icon_star), out)
    written.append(out)
    return written


# --------------------------------------------------------------------------- avatars

SKIN = {
    "deep": (107, 68, 45),
    "brown": (150, 98, 64),
    "tan": (198, 134, 88),
    "olive": (214, 168, 120),
    "light": (241, 200, 165),
    "pale": (250, 222, 200),
}
HAIR = {
    "black": (35, 31, 32),
    "brown": (92, 58, 33),
    "auburn": (150, 62, 30),
    "blond": (232, 190, 96),
    "grey": (150, 150, 160),
    "purple": (123, 44, 191),
    "teal": (42, 157, 143),
    "pink": (255, 112, 166),
}


def _face(p: Painter, cx: float, cy: float, skin: Color, mood: str = "smile") -> None:
    # eyes with a sparkle
    for ex in (cx - 13, cx + 13):
        p.ellipse(INK, ex - 5, cy - 6, 10, 13)
        p.circle(WHITE, (ex + 1.5, cy - 2.5), 2.4)
    # cheeks
    p.circle((255, 128, 128, 110), (cx - 22, cy + 9), 6)
    p.circle((255, 128, 128, 110), (cx + 22, cy + 9), 6)
    if mood == "grin":
        p.poly(INK, [(cx - 10, cy + 10), (cx + 10, cy + 10), (cx, cy + 20)])
        p.ellipse(INK, cx - 10, cy + 6, 20, 14)
        p.rect(skin, cx - 12, cy + 2, 24, 9)
        p.ellipse((230, 80, 100), cx - 5, cy + 13, 10, 6)
    else:
        p.arc(INK, (cx, cy + 6), 9, 200, 340, 3)


def _body(p: Painter, shirt: Color, skin: Color) -> None:
    p.rect(skin, 54, 84, 20, 20, radius=6)
    p.ellipse(shirt, 22, 96, 84, 60)
    p.ellipse(shade(shirt, 1.3), 50, 96, 28, 14)


def avatar(
    bg: Color,
    skin_name: str,
    hair_name: str,
    style: str,
    shirt: Color,
    extras: tuple[str, ...] = (),
    mood: str = "smile",
) -> pygame.Surface:
    p = Painter(128, 128)
    skin, hair = SKIN[skin_name], HAIR[hair_name]
    p.gradient_circle(shade(bg, 1.35), bg, (64, 64), 64)
    cx, cy = 64, 58
    # hair behind the head
    if style == "long":
        p.rect(hair, 30, 40, 68, 66, radius=24)
    elif style == "afro":
        for a in range(0, 360, 30):
            r = math.radians(a)
            p.circle(hair, (cx + 30 * math.cos(r), cy - 6 + 28 * math.sin(r)), 18)
        p.circle(hair, (cx, cy - 6), 38)
    elif style == "braids":
        for x in (34, 94):
            for i in range(5):
                p.circle(hair, (x, 66 + i * 9), 7)
            p.circle((255, 209, 102), (x, 112), 4)
    elif style == "ponytail":
        p.ellipse(hair, 86, 32, 28, 50)
    elif style == "hijab":
        p.circle(shirt if "hijab-shirt" in extras else (42, 157, 143), (cx, cy + 2), 38)
        p.rect(shirt if "hijab-shirt" in extras else (42, 157, 143), 30, 56, 68, 50, radius=20)
    _body(p, shirt, skin)
    if style == "hijab":
        p.rect((42, 157, 143), 34, 70, 60, 44, radius=20)
    # ears and head
    if style not in ("hijab",):
        p.circle(skin, (cx - 30, cy + 4), 7)
        p.circle(skin, (cx + 30, cy + 4), 7)
    p.ellipse(skin, cx - 30, cy - 30, 60, 62)
    # hair on top
    if style in ("short", "long", "ponytail", "braids", "bun"):
        p.ellipse(hair, cx - 32, cy - 36, 64, 36)
        p.rect(hair, cx - 32, cy - 20, 10, 22, radius=4)
        p.rect(hair, cx + 22, cy - 20, 10, 22, radius=4)
        p.poly(hair, [(cx - 10, cy - 22), (cx + 26, cy - 22), (cx + 20, cy - 10)])
    if style == "bun":
        p.circle(hair, (cx, cy - 40), 13)
    if style == "buns":
        p.ellipse(hair, cx - 32, cy - 36, 64, 34)
        p.circle(hair, (cx - 28, cy - 32), 13)
        p.circle(hair, (cx + 28, cy - 32), 13)
    if style == "curly":
        for i in range(9):
            a = math.radians(180 + i * 22.5)
            p.circle(hair, (cx + 28 * math.cos(a), cy - 10 + 24 * math.sin(a)), 11)
    if style == "spiky":
        pts = [(cx - 32, cy - 8)]
        for i in range(7):
            x = cx - 30 + i * 10
            pts += [(x, cy - 28), (x + 5, cy - 44 + (i % 2) * 6)]
        pts += [(cx + 32, cy - 8), (cx + 30, cy - 20), (cx - 30, cy - 20)]
        p.poly(hair, pts)
        p.ellipse(hair, cx - 32, cy - 34, 64, 30)
    if style == "afro":
        p.ellipse(hair, cx - 30, cy - 36, 60, 24)
    if style == "hijab":
        p.ellipse((42, 157, 143), cx - 34, cy - 38, 68, 36)
        p.arc(shade((42, 157, 143), 0.75), (cx, cy + 2), 33, 20, 160, 3)
    if style == "buzz":
        p.ellipse(hair, cx - 30, cy - 31, 60, 30)
        p.ellipse(skin, cx - 28, cy - 18, 56, 30)
    _face(p, cx, cy + 4, skin, mood)
    # accessories
    if "glasses" in extras:
        for ex in (cx - 13, cx + 13):
            p.circle(INK, (ex, cy + 4), 10, width=2.5)
        p.line(INK, (cx - 3, cy + 3), (cx + 3, cy + 3), 2.5)
    if "cap" in extras:
        p.ellipse((230, 57, 70), cx - 32, cy - 38, 64, 36)
        p.rect((230, 57, 70), cx - 32, cy - 22, 64, 6)
        p.ellipse(shade((230, 57, 70), 0.7), cx - 6, cy - 22, 48, 12)
        p.circle(WHITE, (cx, cy - 28), 5)
    if "beanie" in extras:
        p.ellipse((58, 134, 255), cx - 33, cy - 42, 66, 44)
        p.rect(shade((58, 134, 255), 0.75), cx - 34, cy - 22, 68, 12, radius=5)
        p.circle(WHITE, (cx, cy - 42), 8)
    if "headband" in extras:
        p.rect((255, 209, 102), cx - 31, cy - 22, 62, 7, radius=3)
        p.circle((255, 77, 109), (cx + 22, cy - 22), 6)
    if "headphones" in extras:
        p.arc(INK, (cx, cy), 36, 10, 170, 5)
        p.rect((255, 77, 109), cx - 42, cy - 6, 14, 22, radius=5)
        p.rect((255, 77, 109), cx + 28, cy - 6, 14, 22, radius=5)
    if "freckles" in extras:
        for dx, dy in ((-20, 12), (-16, 15), (-24, 15), (20, 12), (16, 15), (24, 15)):
            p.circle(shade(skin, 0.7), (cx + dx, cy + dy), 1.3)
    if "flower" in extras:
        for a in range(0, 360, 72):
            r = math.radians(a)
            p.circle((255, 255, 255), (cx - 24 + 6 * math.cos(r), cy - 28 + 6 * math.sin(r)), 4.5)
        p.circle((255, 209, 102), (cx - 24, cy - 28), 3.5)
    return p.result()


def creature(kind: str, bg: Color) -> pygame.Surface:
    p = Painter(128, 128)
    p.gradient_circle(shade(bg, 1.35), bg, (64, 64), 64)
    cx, cy = 64, 62
    if kind == "robot":
        metal = (173, 216, 230)
        p.line(INK, (cx, cy - 30), (cx, cy - 44), 3)
        p.circle((255, 77, 109), (cx, cy - 46), 6)
        p.ellipse(shade(metal, 0.8), 20, 98, 88, 56)
        p.rect(metal, cx - 34, cy - 32, 68, 60, radius=16)
        p.rect(shade(metal, 0.85), cx - 40, cy - 8, 8, 20, radius=3)
        p.rect(shade(metal, 0.85), cx + 32, cy - 8, 8, 20, radius=3)
        p.rect(INK, cx - 26, cy - 20, 52, 32, radius=10)
        for ex in (cx - 12, cx + 12):
            p.circle((128, 255, 219), (ex, cy - 5), 6)
            p.circle(WHITE, (ex + 2, cy - 7), 2)
        p.arc((128, 255, 219), (cx, cy + 2), 7, 200, 340, 2.5)
        p.circle((255, 209, 102), (cx - 14, cy + 20), 3)
        p.circle((255, 77, 109), (cx, cy + 20), 3)
        p.circle((128, 255, 219), (cx + 14, cy + 20), 3)
    elif kind in ("cat", "fox", "panda"):
        fur = {"cat": (120, 120, 130), "fox": (244, 140, 60), "panda": (250, 250, 250)}[kind]
        ear = (40, 40, 40) if kind == "panda" else fur
        p.ellipse(shade(fur, 0.85) if kind != "panda" else (40, 40, 40), 22, 98, 84, 56)
        if kind == "panda":
            p.circle(ear, (cx - 28, cy - 26), 13)
            p.circle(ear, (cx + 28, cy - 26), 13)
        else:
            p.poly(ear, [(cx - 34, cy - 6), (cx - 30, cy - 46), (cx - 6, cy - 26)])
            p.poly(ear, [(cx + 34, cy - 6), (cx + 30, cy - 46), (cx + 6, cy - 26)])
            p.poly((255, 180, 190), [(cx - 29, cy - 14), (cx - 28, cy - 38), (cx - 14, cy - 26)])
            p.poly((255, 180, 190), [(cx + 29, cy - 14), (cx + 28, cy - 38), (cx + 14, cy - 26)])
        p.ellipse(fur, cx - 36, cy - 30, 72, 62)
        if kind == "fox":
            p.poly(WHITE, [(cx - 34, cy + 4), (cx, cy + 30), (cx + 34, cy + 4), (cx, cy + 10)])
        if kind == "panda":
            p.ellipse((40, 40, 40), cx - 26, cy - 8, 20, 24)
            p.ellipse((40, 40, 40), cx + 6, cy - 8, 20, 24)
            for ex in (cx - 16, cx + 16):
                p.circle(WHITE, (ex, cy + 2), 5)
                p.circle(INK, (ex, cy + 3), 3)
        else:
            for ex in (cx - 14, cx + 14):
                p.ellipse(INK, ex - 5, cy - 4, 10, 13)
                p.circle(WHITE, (ex + 1.5, cy - 0.5), 2.4)
        p.poly(
            INK if kind != "cat" else (255, 128, 150),
            [(cx - 5, cy + 10), (cx + 5, cy + 10), (cx, cy + 15)],
        )
        p.arc(INK, (cx - 4, cy + 15), 4, 200, 360, 2)
        p.arc(INK, (cx + 4, cy + 15), 4, 180, 340, 2)
        p.circle((255, 128, 128, 110), (cx - 24, cy + 12), 6)
        p.circle((255, 128, 128, 110), (cx + 24, cy + 12), 6)
        if kind == "cat":
            for dy in (-2, 4):
                p.line(INK, (cx - 14, cy + 13), (cx - 34, cy + 10 + dy), 1.5)
                p.line(INK, (cx + 14, cy + 13), (cx + 34, cy + 10 + dy), 1.5)
    elif kind == "dino":
        green = (112, 193, 101)
        p.ellipse(shade(green, 0.85), 22, 98, 84, 56)
        for i in range(5):
            x = cx - 24 + i * 12
            p.poly(
                (255, 183, 3), [(x - 6, cy - 24), (x, cy - 40 + abs(i - 2) * 3), (x + 6, cy - 24)]
            )
        p.ellipse(green, cx - 36, cy - 30, 72, 64)
        p.ellipse(shade(green, 1.3), cx - 22, cy + 8, 44, 22)
        for ex in (cx - 14, cx + 14):
            p.ellipse(INK, ex - 5, cy - 10, 10, 13)
            p.circle(WHITE, (ex + 1.5, cy - 6.5), 2.4)
        p.circle(shade(green, 0.6), (cx - 6, cy + 12), 2)
        p.circle(shade(green, 0.6), (cx + 6, cy + 12), 2)
        p.arc(INK, (cx, cy + 14), 10, 200, 340, 3)
        p.circle((255, 128, 128, 110), (cx - 25, cy + 8), 6)
        p.circle((255, 128, 128, 110), (cx + 25, cy + 8), 6)
    elif kind == "owl":
        brown = (150, 105, 70)
        p.ellipse(shade(brown, 0.85), 22, 98, 84, 56)
        p.poly(brown, [(cx - 34, cy - 14), (cx - 28, cy - 44), (cx - 10, cy - 26)])
        p.poly(brown, [(cx + 34, cy - 14), (cx + 28, cy - 44), (cx + 10, cy - 26)])
        p.ellipse(brown, cx - 36, cy - 32, 72, 66)
        p.ellipse(shade(brown, 1.5), cx - 24, cy + 6, 48, 28)
        for ex in (cx - 15, cx + 15):
            p.circle(WHITE, (ex, cy - 6), 14)
            p.circle((255, 183, 3), (ex, cy - 6), 9)
            p.circle(INK, (ex, cy - 6), 5.5)
            p.circle(WHITE, (ex + 2, cy - 8), 2)
        p.poly((255, 183, 3), [(cx - 6, cy + 4), (cx + 6, cy + 4), (cx, cy + 14)])
    return p.result()


AVATARS: list[tuple[str, str, Callable[[], pygame.Surface]]] = [
    (
        "amara",
        "Amara",
        lambda: avatar(
            (255, 183, 3), "deep", "black", "afro", (58, 134, 255), ("headband",), "grin"
        ),
    ),
    (
        "kenji",
        "Kenji",
        lambda: avatar((131, 56, 236), "light", "black", "spiky", (255, 190, 11), ("glasses",)),
    ),
    (
        "sofia",
        "Sofía",
        lambda: avatar((255, 0, 110), "tan", "brown", "long", (58, 134, 255), ("flower",), "grin"),
    ),
    (
        "liam",
        "Liam",
        lambda: avatar((58, 134, 255), "pale", "auburn", "short", (42, 157, 143), ("freckles",)),
    ),
    (
        "aisha",
        "Aisha",
        lambda: avatar((255, 153, 200), "brown", "black", "hijab", (123, 44, 191), (), "grin"),
    ),
    (
        "mateo",
        "Mateo",
        lambda: avatar((6, 214, 160), "olive", "black", "curly", (230, 57, 70), ("cap",)),
    ),
    ("priya", "Priya", lambda: avatar((255, 123, 0), "tan", "black", "braids", (6, 214, 160), ())),
    (
        "noah",
        "Noah",
        lambda: avatar(
            (17, 138, 178), "deep", "black", "buzz", (255, 209, 102), ("headphones",), "grin"
        ),
    ),
    ("mei", "Mei", lambda: avatar((239, 71, 111), "light", "black", "buns", (17, 138, 178), ())),
    (
        "zara",
        "Zara",
        lambda: avatar(
            (42, 157, 143), "brown", "purple", "ponytail", (255, 77, 109), ("glasses",), "grin"
        ),
    ),
    (
        "oliver",
        "Oliver",
        lambda: avatar((255, 209, 102), "pale", "blond", "short", (131, 56, 236), ("beanie",)),
    ),
    (
        "kai",
        "Kai",
        lambda: avatar((114, 9, 183), "olive", "teal", "bun", (255, 183, 3), (), "grin"),
    ),
    (
        "grace",
        "Grace",
        lambda: avatar((58, 12, 163), "light", "pink", "long", (6, 214, 160), ("headphones",)),
    ),
    ("bitbot", "Bitbot", lambda: creature("robot", (76, 201, 240))),
    ("whiskers", "Whiskers", lambda: creature("cat", (255, 190, 11))),
    ("ember", "Ember", lambda: creature("fox", (67, 97, 238))),
    ("rex", "Rex", lambda: creature("dino", (255, 0, 110))),
    ("bamboo", "Bamboo", lambda: creature("panda", (6, 214, 160))),
    ("hoot", "Hoot", lambda: creature("owl", (131, 56, 236))),
]


def make_avatars(out_dir: Path) -> list[Path]:
    written, manifest = [], []
    for avatar_id, name, draw in AVATARS:
        path = out_dir / f"{avatar_id}.png"
        save(draw(), path)
        written.append(path)
        manifest.append({"id": avatar_id, "name": name, "file": path.name})
    (out_dir / "avatars.json").write_text(
        json.dumps({"avatars": manifest}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return written


# --------------------------------------------------------------------------- step pictures

W, H = 640, 360


def sky(p: Painter, top: Color = (144, 224, 239), bottom: Color = (224, 251, 252)) -> None:
    p.vgradient(top, bottom)


def cloud(p: Painter, x: float, y: float, s: float = 1.0) -> None:
    for dx, dy, r in ((0, 0, 18), (20, -10, 22), (42, 0, 18), (22, 6, 18)):
        p.circle((255, 255, 255, 230), (x + dx * s, y + dy * s), r * s)


def pic_launch_pad() -> pygame.Surface:
    p = Painter(W, H)
    sky(p)
    p.circle((255, 214, 10), (560, 60), 30)
    cloud(p, 120, 70)
    cloud(p, 360, 50, 0.8)
    p.ellipse((106, 190, 69), -100, 270, 900, 200)
    p.rect((106, 190, 69), 0, 300, W, 60)
    # launcher, tilted at 45 degrees
    x0, y0, k = 116, 282, 11.0
    p.line((73, 80, 87), (84, 314), (x0, y0), 18)
    p.rect((73, 80, 87), 40, 300, 80, 22, radius=6)
    p.circle((255, 183, 3), (78, 310), 10)
    # dotted flight path: the same parabola the game uses (45 degrees, 19.8 m/s)
    g, v, ang = 9.8, 19.8, math.radians(45)
    rng = v * v * math.sin(2 * ang) / g

    def at(x: float) -> tuple[float, float]:
        y = x * math.tan(ang) - g * x * x / (2 * v * v * math.cos(ang) ** 2)
        return x0 + x * k, y0 - y * k

    for i in range(1, 30):
        if 11 <= i <= 13:
            continue
        p.circle((255, 255, 255), at(rng * i / 30), 3.5)
    # pad and flag at the landing point
    tx = x0 + rng * k
    p.ellipse((73, 80, 87), tx - 40, y0 - 6, 80, 18)
    p.ellipse((255, 209, 102), tx - 34, y0 - 4, 68, 12)
    p.line(INK, (tx + 30, y0 + 2), (tx + 30, y0 - 60), 4)
    p.poly((230, 57, 70), [(tx + 32, y0 - 60), (tx + 62, y0 - 50), (tx + 32, y0 - 40)])
    # capsule in flight, on the path
    cx, cy = at(rng * 12 / 30)
    p.ellipse(CREAM, cx - 19, cy - 13, 38, 26)
    p.ellipse(shade(CREAM, 0.8), cx - 19, cy - 13, 38, 26, width=2)
    p.circle((142, 202, 230), (cx + 6, cy - 1), 6)
    p.line(INK, (x0 + 4, 330), (tx - 4, 330), 3)
    p.line(INK, (x0 + 4, 322), (x0 + 4, 338), 3)
    p.line(INK, (tx - 4, 322), (tx - 4, 338), 3)
    p.rect((255, 255, 255, 200), (x0 + tx) / 2 - 34, 318, 68, 26, radius=8)
    p.text("40 m", 18, INK, ((x0 + tx) / 2, 331))
    return p.result()


def pic_number_line() -> pygame.Surface:
    p = Painter(W, H)
    p.vgradient((255, 243, 224), (255, 221, 210))
    x0, x1, y = 60, 580, 230
    p.line(INK, (x0, y), (x1, y), 5)
    p.poly(INK, [(x1 + 18, y), (x1, y - 10), (x1, y + 10)])
    labels = {0: "0", 2: "1/2", 4: "1", 6: "1 1/2", 8: "2"}
    for i in range(9):
        x = x0 + i * (x1 - x0) / 8
        big = i % 2 == 0
        p.line(INK, (x, y - (18 if big else 10)), (x, y + (18 if big else 10)), 4 if big else 3)
        if i in labels:
            p.text(labels[i], 22, INK, (x, y + 42))
    # pancake on 1/2
    px = x0 + 2 * (x1 - x0) / 8
    p.ellipse((214, 140, 69), px - 50, y - 76, 100, 40)
    p.ellipse((240, 180, 100), px - 50, y - 86, 100, 40)
    p.ellipse((255, 214, 10), px - 14, y - 80, 28, 12)
    p.circle(INK, (px - 14, y - 68), 3)
    p.circle(INK, (px + 14, y - 68), 3)
    p.arc(INK, (px, y - 64), 6, 200, 340, 2)
    # decimal card above 3/4
    qx = x0 + 3 * (x1 - x0) / 8
    p.rect(WHITE, qx - 30 + 60, 60, 80, 46, radius=10)
    p.rect((42, 157, 143), qx - 30 + 60, 60, 80, 46, radius=10, width=3)
    p.text("0.75", 22, (42, 157, 143), (qx + 70, 83))
    p.line((42, 157, 143), (qx + 70, 108), (qx + 70, 140), 3)
    p.line((42, 157, 143), (qx + 70, 140), (x0 + 3 * (x1 - x0) / 8 + 4, y - 24), 3)
    return p.result()


def pic_pancakes() -> pygame.Surface:
    p = Painter(W, H)
    p.vgradient((255, 236, 210), (252, 213, 206))
    p.rect((222, 170, 135), 0, 280, W, 80)
    p.ellipse(WHITE, 120, 250, 260, 50)
    for i in range(5):
        y = 240 - i * 26
        p.ellipse((190, 120, 60), 150, y, 200, 44)
        p.ellipse((236, 176, 98), 150, y - 8, 200, 44)
    p.rect((255, 236, 150), 225, 116, 50, 26, radius=5)
    p.poly((245, 200, 60), [(225, 136), (212, 170), (238, 142)])
    p.circle(INK, (232, 150), 4)
    p.circle(INK, (268, 150), 4)
    p.arc(INK, (250, 156), 8, 200, 340, 3)
    # measuring cup, 3/4 full
    cx, top, bot = 470, 120, 290
    p.rect((200, 230, 255, 160), cx - 60, top, 120, bot - top, radius=14)
    fill_top = bot - (bot - top) * 0.75
    p.rect((255, 255, 255), cx - 56, fill_top, 112, bot - fill_top - 4, radius=10)
    p.rect((80, 140, 200), cx - 60, top, 120, bot - top, radius=14, width=4)
    p.arc((80, 140, 200), (cx + 66, 190), 28, -80, 80, 8)
    for i, lab in enumerate(("3/4", "1/2", "1/4"), start=1):
        y = top + (bot - top) * i / 4
        p.line((80, 140, 200), (cx - 56, y), (cx - 36, y), 3)
        p.text(lab, 15, (80, 140, 200), (cx - 10, y))
    return p.result()


def pic_seesaw() -> pygame.Surface:
    p = Painter(W, H)
    sky(p, (162, 210, 255), (230, 244, 255))
    cloud(p, 90, 60)
    cloud(p, 470, 80, 0.9)
    p.rect((153, 217, 140), 0, 290, W, 70)
    p.poly((244, 162, 97), [(320, 220), (280, 292), (360, 292)])
    ang = math.radians(0)
    p.line((140, 90, 60), (90, 218), (550, 218), 14)
    p.circle(INK, (320, 220), 6)

    def kid(x: float, scale: float, shirt: Color, skin: Color, hair: Color) -> None:
        base = 208
        p.rect(shirt, x - 16 * scale, base - 44 * scale, 32 * scale, 44 * scale, radius=10 * scale)
        p.circle(skin, (x, base - 62 * scale), 20 * scale)
        p.ellipse(hair, x - 21 * scale, base - 86 * scale, 42 * scale, 24 * scale)
        p.circle(INK, (x - 7 * scale, base - 60 * scale), 2.5 * scale)
        p.circle(INK, (x + 7 * scale, base - 60 * scale), 2.5 * scale)
        p.arc(INK, (x, base - 56 * scale), 6 * scale, 200, 340, 2 * scale)

    kid(110, 0.9, (255, 77, 109), SKIN["brown"], HAIR["black"])
    kid(420, 1.3, (58, 134, 255), SKIN["light"], HAIR["auburn"])
    del ang
    p.text("far out, lighter", 16, INK, (120, 250))
    p.text("closer, heavier", 16, INK, (420, 250))
    return p.result()


def pic_levers() -> pygame.Surface:
    p = Painter(W, H)
    p.vgradient((237, 246, 249), (209, 230, 240))
    # crowbar lifting a rock: load, pivot, effort
    p.poly((134, 142, 150), [(40, 250), (52, 206), (86, 190), (118, 204), (128, 248)])
    p.poly((173, 181, 189), [(54, 240), (62, 212), (86, 200), (108, 210)])
    p.poly((244, 162, 97), [(140, 242), (122, 288), (158, 288)])
    p.line((73, 80, 87), (96, 252), (224, 210), 9)
    p.line((73, 80, 87), (96, 252), (84, 242), 9)
    p.line((230, 57, 70), (224, 150), (224, 186), 5)
    p.poly((230, 57, 70), [(224, 198), (214, 182), (234, 182)])
    p.text("push", 14, (230, 57, 70), (224, 138))
    p.text("crowbar", 18, INK, (110, 320))
    # bottle and opener
    p.rect((46, 196, 114, 200), 290, 160, 50, 130, radius=12)
    p.rect((46, 196, 114, 200), 302, 120, 26, 50, radius=6)
    p.rect((230, 57, 70), 298, 112, 34, 12, radius=3)
    p.line((108, 117, 125), (316, 112), (390, 86), 10)
    p.circle((108, 117, 125), (314, 114), 10, width=4)
    p.text("bottle opener", 18, INK, (320, 320))
    # scissors
    p.line((58, 134, 255), (480, 130), (580, 250), 8)
    p.line((58, 134, 255), (580, 130), (480, 250), 8)
    p.circle((255, 77, 109), (470, 262), 18, width=7)
    p.circle((255, 77, 109), (590, 262), 18, width=7)
    p.circle(INK, (530, 190), 6)
    p.text("scissors", 18, INK, (530, 320))
    p.text("Every lever turns around a pivot", 20, INK, (320, 40))
    return p.result()


def pic_heart() -> pygame.Surface:
    p = Painter(W, H)
    p.vgradient((255, 240, 243), (255, 214, 224))
    col = (239, 71, 111)
    cx, cy = 320, 170
    heart_shape(p, col, cx, cy - 24, 60, cy + 110)
    p.circle(shade(col, 1.5), (cx - 62, cy - 50), 14)
    for ex in (cx - 24, cx + 24):
        p.ellipse(INK, ex - 7, cy - 22, 14, 20)
        p.circle(WHITE, (ex + 2, cy - 16), 3)
    p.arc(INK, (cx, cy + 6), 16, 200, 340, 4)
    p.circle((255, 170, 170), (cx - 46, cy + 4), 10)
    p.circle((255, 170, 170), (cx + 46, cy + 4), 10)
    # arteries out (red), veins back (blue)
    p.arc((214, 40, 57), (cx + 130, cy - 40), 60, 100, 10, 10)
    p.poly((214, 40, 57), [(cx + 192, cy - 52), (cx + 178, cy - 24), (cx + 206, cy - 24)])
    p.arc((58, 134, 255), (cx - 130, cy - 40), 60, 170, 80, 10)
    p.poly((58, 134, 255), [(cx - 118, cy - 100), (cx - 142, cy - 112), (cx - 142, cy - 88)])
    p.text("to the body", 18, (214, 40, 57), (cx + 200, cy + 20))
    p.text("back to the heart", 18, (58, 134, 255), (cx - 200, cy + 20))
    p.polyline(
        col, [(40, 320), (220, 320), (240, 290), (262, 346), (284, 300), (300, 320), (600, 320)], 5
    )
    return p.result()


def pic_bitbot() -> pygame.Surface:
    p = Painter(W, H)
    p.vgradient((36, 0, 70), (90, 24, 154))
    for i, colr in enumerate(((255, 0, 110), (58, 134, 255), (255, 190, 11), (6, 214, 160))):
        p.poly((*colr, 60), [(320, 0), (120 + i * 130, 360), (180 + i * 130, 360)])
    p.circle((220, 220, 230), (320, 26), 20)
    for x in range(0, W, 40):
        p.rect((255, 255, 255, 30 if (x // 40) % 2 else 60), x, 300, 40, 60)
    metal = (173, 216, 230)
    cx, cy = 320, 180
    p.line(INK, (cx, cy - 60), (cx, cy - 86), 4)
    p.circle((255, 77, 109), (cx, cy - 90), 9)
    p.rect(metal, cx - 40, cy + 20, 80, 70, radius=18)
    p.line(metal, (cx - 40, cy + 40), (cx - 90, cy - 10), 12)
    p.line(metal, (cx + 40, cy + 40), (cx + 86, cy + 70), 12)
    p.line(metal, (cx - 20, cy + 88), (cx - 34, cy + 122), 12)
    p.line(metal, (cx + 20, cy + 88), (cx + 30, cy + 122), 12)
    p.circle(metal, (cx, cy - 14), 52)
    p.rect(INK, cx - 36, cy - 34, 72, 40, radius=14)
    for ex in (cx - 16, cx + 16):
        p.circle((128, 255, 219), (ex, cy - 14), 8)
    p.arc((128, 255, 219), (cx, cy - 8), 10, 200, 340, 3)
    p.arc((255, 77, 109), (cx, cy - 14), 58, 20, 160, 7)
    p.rect((255, 77, 109), cx - 66, cy - 26, 16, 30, radius=6)
    p.rect((255, 77, 109), cx + 50, cy - 26, 16, 30, radius=6)
    for x, y in ((120, 100), (520, 130), (470, 60)):
        p.text("♪", 34, (255, 209, 102), (x, y))
    return p.result()


def pic_bracelet() -> pygame.Surface:
    p = Painter(W, H)
    p.vgradient((255, 240, 246), (240, 225, 255))
    cx, cy, rx, ry = 320, 180, 220, 110
    p.ellipse((190, 170, 200), cx - rx, cy - ry, 2 * rx, 2 * ry, width=3)
    n = 21
    for i in range(n):
        a = 2 * math.pi * i / n
        x, y = cx + rx * math.cos(a), cy + ry * math.sin(a)
        colr = (230, 57, 70) if i % 3 == 0 else (58, 134, 255)
        p.circle(shade(colr, 0.7), (x + 1, y + 2), 17)
        p.circle(colr, (x, y), 16)
        p.circle((255, 255, 255, 170), (x - 5, y - 5), 5)
    p.text("red, blue, blue, red, blue, blue ...", 20, INK, (cx, cy))
    return p.result()


def pic_moon() -> pygame.Surface:
    p = Painter(W, H)
    p.vgradient((5, 5, 20), (20, 20, 50))
    import random

    rnd = random.Random(7)
    for _ in range(90):
        p.circle(
            (255, 255, 255, rnd.randint(120, 255)),
            (rnd.uniform(0, W), rnd.uniform(0, 220)),
            rnd.uniform(0.6, 1.8),
        )
    # Earth
    p.circle((58, 134, 255), (520, 70), 36)
    p.ellipse((106, 190, 69), 496, 50, 26, 20)
    p.ellipse((106, 190, 69), 520, 78, 22, 18)
    p.ellipse((255, 255, 255, 150), 492, 40, 40, 10)
    # ground
    p.ellipse((173, 181, 189), -120, 240, 880, 260)
    for c, r in (((120, 300), 26), ((460, 290), 18), ((300, 330), 14)):
        p.ellipse((140, 148, 156), c[0] - r, c[1] - r / 3, 2 * r, r * 0.7)
    # astronaut mid-bounce
    cx, cy = 300, 150
    p.ellipse((30, 30, 40, 90), cx - 36, 280, 72, 14)
    p.rect(WHITE, cx - 26, cy, 52, 64, radius=16)
    p.rect((230, 57, 70), cx - 10, cy + 14, 20, 12, radius=3)
    p.line(WHITE, (cx - 24, cy + 14), (cx - 56, cy - 12), 16)
    p.line(WHITE, (cx + 24, cy + 14), (cx + 56, cy - 12), 16)
    p.line(WHITE, (cx - 14, cy + 60), (cx - 28, cy + 94), 18)
    p.line(WHITE, (cx + 14, cy + 60), (cx + 30, cy + 90), 18)
    p.circle(WHITE, (cx, cy - 24), 32)
    p.ellipse((255, 183, 3), cx - 24, cy - 40, 48, 34)
    p.ellipse((255, 236, 179), cx - 14, cy - 36, 14, 10)
    p.text("1.62 m/s²", 18, WHITE, (120, 40))
    return p.result()


def pic_pyramid() -> pygame.Surface:
    p = Painter(W, H)
    p.vgradient((250, 250, 245), (235, 235, 225))
    tiers = [
        ("Most important: who, what, when, where", (230, 57, 70)),
        ("Key details and quotes", (244, 162, 97)),
        ("Background", (42, 157, 143)),
        ("Extra", (38, 70, 83)),
    ]
    top, h = 40, 70
    for i, (label, colr) in enumerate(tiers):
        y0, y1 = top + i * h, top + (i + 1) * h - 6
        w0 = 560 - i * 130
        w1 = 560 - (i + 1) * 130 + 12
        p.poly(
            colr, [(320 - w0 / 2, y0), (320 + w0 / 2, y0), (320 + w1 / 2, y1), (320 - w1 / 2, y1)]
        )
        p.text(label, 18 if i == 0 else 17, WHITE, (320, (y0 + y1) / 2))
    p.line(INK, (600, 50), (600, 300), 4)
    p.poly(INK, [(600, 318), (590, 298), (610, 298)])
    return p.result()


def pic_story_arc() -> pygame.Surface:
    p = Painter(W, H)
    p.vgradient((255, 250, 235), (255, 236, 210))
    pts = [(70, 290), (190, 250), (330, 90), (470, 220), (580, 270)]
    curve = spline(pts)
    # a soft hill under the curve
    p.poly((123, 44, 191, 40), [*curve, (580, 330), (70, 330)])
    p.polyline((123, 44, 191), curve, 7)
    colours = ((42, 157, 143), (244, 162, 97), (230, 57, 70), (58, 134, 255), (6, 214, 160))
    labels = [
        ("Beginning", (70, 318)),
        ("Problem", (170, 222)),
        ("Climax", (330, 56)),
        ("Falling action", (520, 190)),
        ("Ending", (580, 240)),
    ]
    for (x, y), colr, (lab, where) in zip(pts, colours, labels, strict=True):
        p.circle(WHITE, (x, y), 14)
        p.circle(colr, (x, y), 10)
        w = p.text_width(lab, 17) + 18
        p.rect((255, 255, 255, 220), where[0] - w / 2, where[1] - 14, w, 28, radius=10)
        p.text(lab, 17, INK, where)
    p.text("Rising action", 16, (123, 44, 191), (160, 160), bold=False)
    p.star((255, 209, 102), (392, 56), 16, 6.5)
    p.star((255, 209, 102), (268, 60), 11, 4.5)
    return p.result()


def pic_cer() -> pygame.Surface:
    p = Painter(W, H)
    p.vgradient((235, 245, 255), (220, 232, 250))
    boxes = [
        ("CLAIM", "What I think", (230, 57, 70)),
        ("EVIDENCE", "What shows it", (244, 162, 97)),
        ("REASONING", "Why it proves it", (42, 157, 143)),
    ]
    for i, (title, sub, colr) in enumerate(boxes):
        x = 40 + i * 200
        p.rect(shade(colr, 0.7), x + 4, 104, 170, 150, radius=18)
        p.rect(colr, x, 98, 170, 150, radius=18)
        p.text(title, 22, WHITE, (x + 85, 150))
        p.text(sub, 16, WHITE, (x + 85, 196), bold=False)
        if i < 2:
            p.poly(INK, [(x + 178, 160), (x + 196, 173), (x + 178, 186)])
    p.text("Build an argument like a bridge", 22, INK, (320, 50))
    return p.result()


PICTURES: dict[str, dict[str, Callable[[], pygame.Surface]]] = {
    "stem-lab": {
        "launch-pad.png": pic_launch_pad,
        "number-line.png": pic_number_line,
        "pancakes.png": pic_pancakes,
        "seesaw.png": pic_seesaw,
        "levers.png": pic_levers,
        "heart.png": pic_heart,
        "bitbot.png": pic_bitbot,
        "bracelet.png": pic_bracelet,
        "moon.png": pic_moon,
    },
    "writers-room": {
        "inverted-pyramid.png": pic_pyramid,
        "story-arc.png": pic_story_arc,
        "cer.png": pic_cer,
    },
}


def make_pictures(packs_dir: Path) -> list[Path]:
    written = []
    for pack, pictures in PICTURES.items():
        if not (packs_dir / pack).is_dir():
            continue
        for name, draw in pictures.items():
            out = packs_dir / pack / "assets" / name
            save(draw(), out)
            written.append(out)
    return written


# --------------------------------------------------------------------------- contact sheet


def contact_sheet(paths: list[Path], out: Path, cell: int = 160, cols: int = 8) -> None:
    rows = (len(paths) + cols - 1) // cols
    sheet = pygame.Surface((cols * cell, rows * cell))
    sheet.fill((250, 250, 250))
    for i, path in enumerate(paths):
        img = pygame.image.load(str(path))
        w, h = img.get_size()
        k = (cell - 8) / max(w, h)
        img = pygame.transform.smoothscale(img, (max(1, round(w * k)), max(1, round(h * k))))
        r = img.get_rect(center=((i % cols) * cell + cell // 2, (i // cols) * cell + cell // 2))
        sheet.blit(img, r)
    save(sheet, out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sheet", type=Path, help="also write a contact sheet PNG here")
    args = ap.parse_args(argv)
    pygame.init()
    packs = ROOT / "quests"
    written = make_badges(packs) + make_avatars(ROOT / "assets" / "avatars") + make_pictures(packs)
    for path in written:
        print(path.relative_to(ROOT))
    if args.sheet:
        contact_sheet(written, args.sheet)
    pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
