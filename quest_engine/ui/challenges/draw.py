"""Small drawing helpers shared by challenge components and mini-games.

Plain pygame drawing: wrapped text, rounded cards, buttons with a visible focus ring and
the check / cross marks used for feedback (drawn as shapes so any font works).
"""

from __future__ import annotations

import pygame

from quest_engine.ui.challenges.style import Colour, Style
from quest_engine.ui.linebreak import break_lines


def wrap_text(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Break text into lines no wider than `width` pixels (long words are split)."""
    return break_lines(text, width, lambda s: font.size(s)[0])


def fit_lines(font: pygame.font.Font, text: str, width: int, max_lines: int) -> list[str]:
    """Wrapped lines, at most `max_lines`, the last shortened with an ellipsis if needed."""
    lines = wrap_text(font, text, width)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = fit_text(font, lines[-1] + "…", width)
    return lines


def fit_text(font: pygame.font.Font, text: str, width: int) -> str:
    """The text, shortened with an ellipsis when it is wider than `width`."""
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return text + "…"


def blit_text(
    surface: pygame.Surface,
    font: pygame.font.Font,
    text: str,
    colour: Colour,
    pos: tuple[int, int],
    anchor: str = "topleft",
) -> pygame.Rect:
    image = font.render(text, True, colour)
    rect = image.get_rect(**{anchor: pos})
    surface.blit(image, rect)
    return rect


def blit_lines(
    surface: pygame.Surface,
    font: pygame.font.Font,
    lines: list[str],
    colour: Colour,
    topleft: tuple[int, int],
    line_gap: int = 4,
) -> int:
    """Draw lines top to bottom; return the y below the last one."""
    x, y = topleft
    for line in lines:
        if line:
            surface.blit(font.render(line, True, colour), (x, y))
        y += font.get_linesize() + line_gap
    return y


def card(
    surface: pygame.Surface,
    style: Style,
    rect: pygame.Rect,
    fill: Colour | None = None,
    border: Colour | None = None,
    shadow: bool = True,
    radius: int | None = None,
    width: int | None = None,
) -> None:
    """A rounded card with a soft drop shadow (no shadow in high contrast)."""
    pal = style.palette
    r = style.radius if radius is None else radius
    if shadow and not style.high_contrast:
        pygame.draw.rect(surface, pal.shadow, rect.move(0, 3), border_radius=r)
    pygame.draw.rect(surface, fill or pal.card, rect, border_radius=r)
    bw = style.border if width is None else width
    if bw:
        pygame.draw.rect(surface, border or pal.border, rect, bw, border_radius=r)


def focus_ring(surface: pygame.Surface, style: Style, rect: pygame.Rect) -> None:
    """A thick ring just outside the focused control."""
    pygame.draw.rect(
        surface, style.palette.focus, rect.inflate(10, 10), 3, border_radius=style.radius + 4
    )


def button(
    surface: pygame.Surface,
    style: Style,
    rect: pygame.Rect,
    label: str,
    *,
    primary: bool = False,
    enabled: bool = True,
    focused: bool = False,
    hovered: bool = False,
    selected: bool = False,
    font_step: str = "body",
) -> None:
    pal = style.palette
    if not enabled:
        fill, ink, border = pal.disabled, pal.disabled_ink, pal.disabled
    elif primary:
        fill = pal.primary_hover if hovered else pal.primary
        ink, border = pal.on_primary, fill
    elif selected:
        fill, ink, border = pal.selected, pal.ink, pal.primary
    else:
        fill = pal.card_alt if hovered else pal.card
        ink, border = pal.ink, pal.primary if hovered else pal.border
    card(surface, style, rect, fill, border, shadow=enabled)
    font = style.font(font_step, bold=True)
    text = fit_text(font, label, rect.width - 16)
    blit_text(surface, font, text, ink, rect.center, "center")
    if focused:
        focus_ring(surface, style, rect)


def mark(surface: pygame.Surface, centre: tuple[int, int], radius: int, ok: bool, colour) -> None:
    """A filled circle with a check (ok) or a cross drawn in white."""
    pygame.draw.circle(surface, colour, centre, radius)
    cx, cy = centre
    r = radius
    w = max(2, r // 4)
    ink = (255, 255, 255) if sum(colour) < 600 else (0, 0, 0)
    if ok:
        pts = [(cx - r * 0.5, cy), (cx - r * 0.12, cy + r * 0.4), (cx + r * 0.5, cy - r * 0.35)]
        pygame.draw.lines(surface, ink, False, pts, w)
    else:
        d = r * 0.4
        pygame.draw.line(surface, ink, (cx - d, cy - d), (cx + d, cy + d), w)
        pygame.draw.line(surface, ink, (cx - d, cy + d), (cx + d, cy - d), w)


def vertical_gradient(
    surface: pygame.Surface, rect: pygame.Rect, top: Colour, bottom: Colour
) -> None:
    if top == bottom:
        surface.fill(top, rect)
        return
    h = max(1, rect.height)
    for i in range(0, h, 2):
        t = i / h
        c = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        surface.fill(c, (rect.x, rect.y + i, rect.width, 2))


_FADES: dict[tuple, pygame.Surface] = {}


def fade(width: int, height: int, colour: Colour, top_opaque: bool) -> pygame.Surface:
    """A strip that fades from `colour` to transparent (cached: it is drawn every frame)."""
    key = (width, height, tuple(colour), top_opaque)
    strip = _FADES.get(key)
    if strip is None:
        if len(_FADES) > 64:
            _FADES.clear()
        strip = pygame.Surface((max(1, width), max(1, height)), pygame.SRCALPHA)
        for i in range(height):
            t = i / max(1, height - 1)
            alpha = round(255 * ((1 - t) if top_opaque else t) ** 1.4)
            strip.fill((*colour[:3], alpha), (0, i, width, 1))
        _FADES[key] = strip
    return strip


def chevron(
    surface: pygame.Surface, colour: Colour, centre: tuple[float, float], size: float, down: bool
) -> None:
    """A small filled triangle pointing down or up, centred on `centre` (never a glyph)."""
    cx, cy = centre
    d = size if down else -size
    points = [(cx - size * 1.2, cy - d * 0.6), (cx + size * 1.2, cy - d * 0.6), (cx, cy + d * 0.6)]
    pygame.draw.polygon(surface, colour, points)


def triangle(
    surface: pygame.Surface, colour: Colour, box: pygame.Rect, up: bool, size: int = 10
) -> list[tuple[float, float]]:
    """An arrow triangle whose bounding box is centred in `box` (so ▲ and ▼ line up)."""
    cx, cy = box.center
    half_h = size * 0.8
    tip, base = (cy - half_h, cy + half_h) if up else (cy + half_h, cy - half_h)
    points = [(cx - size, base), (cx + size, base), (cx, tip)]
    pygame.draw.polygon(surface, colour, points)
    return points


def return_badge(
    surface: pygame.Surface, centre: tuple[float, float], radius: int, colour: Colour
) -> None:
    """A filled circle with a curved "sent back" arrow drawn in white (or black)."""
    import math

    cx, cy = centre
    pygame.draw.circle(surface, colour, (round(cx), round(cy)), radius)
    ink = (255, 255, 255) if sum(colour[:3]) < 600 else (0, 0, 0)
    r = radius * 0.5
    w = max(2, radius // 5)
    # an arc from the right round the top to the left, with the head at the left end
    pts = []
    for i in range(13):
        a = math.radians(-20 + i * (200 / 12))
        pts.append((cx + r * math.cos(a), cy + r * 0.15 - r * math.sin(a)))
    pygame.draw.lines(surface, ink, False, pts, w)
    tip_x, tip_y = pts[-1]
    head = radius * 0.32
    pygame.draw.polygon(
        surface,
        ink,
        [
            (tip_x - head, tip_y - head * 0.2),
            (tip_x + head, tip_y - head * 0.2),
            (tip_x, tip_y + head),
        ],
    )


def info_badge(
    surface: pygame.Surface, centre: tuple[float, float], radius: int, colour: Colour
) -> None:
    """A filled circle with an "i" drawn as shapes (dot and bar), for neutral notes."""
    cx, cy = round(centre[0]), round(centre[1])
    pygame.draw.circle(surface, colour, (cx, cy), radius)
    ink = (255, 255, 255) if sum(colour[:3]) < 600 else (0, 0, 0)
    w = max(3, radius // 4)
    pygame.draw.circle(surface, ink, (cx, cy - round(radius * 0.45)), max(2, w // 2 + 1))
    bar = pygame.Rect(0, 0, w, round(radius * 0.9))
    bar.midtop = (cx, cy - round(radius * 0.15))
    pygame.draw.rect(surface, ink, bar, border_radius=w // 2)
