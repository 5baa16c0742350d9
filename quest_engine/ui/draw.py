"""Small drawing helpers shared by the scenes: cards, chips, bars, focus rings, avatars."""

from __future__ import annotations

import hashlib
import math

import pygame

from quest_engine.ui.theme import Theme

AVATAR_COLORS = (
    "#E4572E",
    "#F2A541",
    "#2F855A",
    "#0F766E",
    "#3B82F6",
    "#8B5CF6",
    "#DB2777",
    "#B45309",
)

SUBJECT_COLORS = {
    "math": "#3B82F6",
    "physics": "#E4572E",
    "chemistry": "#8B5CF6",
    "biology": "#2F855A",
    "earth-science": "#B45309",
    "space-science": "#4F46E5",
    "computing": "#0F766E",
    "engineering": "#D97706",
    "writing": "#DB2777",
    "reading": "#BE185D",
    "history": "#92400E",
    "civics": "#1D4ED8",
    "art": "#C026D3",
    "music": "#7C3AED",
}


def subject_color(subject: str) -> pygame.Color:
    return pygame.Color(SUBJECT_COLORS.get(subject, "#6B5B4E"))


def card(
    surface: pygame.Surface,
    theme: Theme,
    rect: pygame.Rect,
    color: pygame.Color | None = None,
    border: pygame.Color | None = None,
    radius: int | None = None,
    shadow: bool = True,
) -> None:
    """A rounded card with a soft offset shadow (no shadow in high contrast)."""
    radius = theme.radius if radius is None else radius
    c = theme.colors
    if shadow and not theme.high_contrast:
        pygame.draw.rect(surface, c.shadow, rect.move(0, max(2, theme.px(4))), border_radius=radius)
    pygame.draw.rect(surface, color or c.card, rect, border_radius=radius)
    if border is not None or theme.high_contrast:
        pygame.draw.rect(surface, border or c.card_border, rect, theme.border, border_radius=radius)


def choice_card(
    surface: pygame.Surface, theme: Theme, rect: pygame.Rect, hovered: bool, selected: bool
) -> None:
    """A flat card in a pick-one list (a classmate's work, a submission, a student, an
    avatar): tinted under the pointer or when chosen, outlined when chosen."""
    c = theme.colors
    color = c.background_alt if (hovered or selected) else c.card
    card(surface, theme, rect, color, c.primary if selected else None, shadow=False)


def focus_ring(
    surface: pygame.Surface, theme: Theme, rect: pygame.Rect, radius: int | None = None
) -> None:
    radius = theme.radius if radius is None else radius
    pygame.draw.rect(surface, theme.colors.focus, rect.inflate(8, 8), 3, border_radius=radius + 4)


def chip(
    surface: pygame.Surface,
    theme: Theme,
    text: str,
    topleft: tuple[int, int],
    bg: pygame.Color,
    fg: pygame.Color,
    role: str = "small",
) -> pygame.Rect:
    """A pill-shaped label; returns its rect."""
    label = theme.text(text, role, fg, bold=True)
    pad_x, pad_y = theme.px(10), theme.px(4)
    rect = pygame.Rect(topleft, (label.get_width() + 2 * pad_x, label.get_height() + 2 * pad_y))
    pygame.draw.rect(surface, bg, rect, border_radius=rect.height // 2)
    if theme.high_contrast:
        pygame.draw.rect(surface, fg, rect, 2, border_radius=rect.height // 2)
    surface.blit(label, (rect.x + pad_x, rect.y + pad_y))
    return rect


def progress_bar(
    surface: pygame.Surface,
    theme: Theme,
    rect: pygame.Rect,
    fraction: float,
    fill: pygame.Color | None = None,
    track: pygame.Color | None = None,
) -> None:
    fraction = max(0.0, min(1.0, fraction))
    radius = rect.height // 2
    pygame.draw.rect(surface, track or theme.colors.xp_track, rect, border_radius=radius)
    if fraction > 0:
        w = max(rect.height, int(rect.width * fraction))
        pygame.draw.rect(
            surface, fill or theme.colors.xp, (rect.x, rect.y, w, rect.height), border_radius=radius
        )
    if theme.high_contrast:
        pygame.draw.rect(surface, theme.colors.ink, rect, 2, border_radius=radius)


def avatar_color(avatar: str) -> pygame.Color:
    digest = hashlib.sha256(avatar.encode("utf-8")).digest()
    return pygame.Color(AVATAR_COLORS[digest[0] % len(AVATAR_COLORS)])


def avatar(
    surface: pygame.Surface,
    theme: Theme,
    center: tuple[int, int],
    radius: int,
    avatar_id: str,
    name: str = "",
) -> None:
    """A drawn avatar: the image from assets/avatars when there is one, else a friendly face."""
    from quest_engine.ui.avatars import avatar_image

    image = avatar_image(avatar_id, radius * 2)
    if image is not None:
        pygame.draw.circle(surface, theme.colors.background_alt, center, radius)
        surface.blit(image, image.get_rect(center=center))
        if theme.high_contrast:
            pygame.draw.circle(surface, theme.colors.ink, center, radius, 2)
        return
    color = avatar_color(avatar_id or name)
    pygame.draw.circle(surface, color, center, radius)
    # a simple smiling face so a placeholder still feels like a character
    eye_dy = radius // 4
    eye_dx = radius // 3
    eye_r = max(2, radius // 9)
    white = pygame.Color("#FFFFFF")
    pygame.draw.circle(surface, white, (center[0] - eye_dx, center[1] - eye_dy), eye_r)
    pygame.draw.circle(surface, white, (center[0] + eye_dx, center[1] - eye_dy), eye_r)
    smile = pygame.Rect(0, 0, radius, radius // 2 + 2)
    smile.center = (center[0], center[1] + radius // 5)
    pygame.draw.arc(surface, white, smile, math.pi * 1.1, math.pi * 1.9, max(2, radius // 12))
    if theme.high_contrast:
        pygame.draw.circle(surface, theme.colors.ink, center, radius, 2)


def badge_emblem(
    surface: pygame.Surface,
    theme: Theme,
    center: tuple[int, int],
    radius: int,
    color: str | None,
    letter: str,
    earned: bool = True,
) -> None:
    """A round badge emblem with a star ring; greyed when not yet earned."""
    base = pygame.Color(color) if color else theme.colors.accent
    if not earned:
        base = theme.colors.locked
    pygame.draw.circle(surface, base, center, radius)
    pygame.draw.circle(
        surface, pygame.Color("#FFFFFF"), center, int(radius * 0.78), max(2, radius // 10)
    )
    points = []
    for i in range(10):
        r = radius * (0.55 if i % 2 == 0 else 0.25)
        a = -math.pi / 2 + i * math.pi / 5
        points.append((center[0] + r * math.cos(a), center[1] + r * math.sin(a)))
    pygame.draw.polygon(surface, pygame.Color("#FFFFFF"), points)
    if theme.high_contrast:
        pygame.draw.circle(surface, theme.colors.ink, center, radius, 2)


def lock_icon(
    surface: pygame.Surface, color: pygame.Color, center: tuple[int, int], size: int
) -> None:
    body = pygame.Rect(0, 0, size, int(size * 0.75))
    body.midtop = (center[0], center[1] - size // 8)
    shackle = pygame.Rect(0, 0, int(size * 0.7), int(size * 0.8))
    shackle.midbottom = (center[0], body.top + size // 4)
    pygame.draw.rect(surface, color, shackle, max(2, size // 7), border_radius=size // 3)
    pygame.draw.rect(surface, color, body, border_radius=max(2, size // 6))


def check_icon(
    surface: pygame.Surface, color: pygame.Color, center: tuple[int, int], size: int
) -> None:
    x, y = center
    s = size / 2
    pygame.draw.lines(
        surface,
        color,
        False,
        [(x - s, y), (x - s / 3, y + s * 0.66), (x + s, y - s * 0.66)],
        max(3, size // 5),
    )


def badge(
    surface: pygame.Surface,
    theme: Theme,
    center: tuple[int, int],
    radius: int,
    badge_obj,
    earned: bool = True,
) -> None:
    """A badge: its pack's artwork when there is one, else a drawn emblem in its colour."""
    from quest_engine.ui.images import badge_image

    image = None
    if earned and getattr(badge_obj, "image", None):
        image = badge_image(badge_obj.pack_id, badge_obj.image, max(2, radius * 2))
    if image is not None:
        surface.blit(image, image.get_rect(center=center))
        if theme.high_contrast:
            pygame.draw.circle(surface, theme.colors.ink, center, radius, 2)
        return
    badge_emblem(surface, theme, center, radius, badge_obj.color, badge_obj.name[:1], earned)


def scroll_edges(
    surface: pygame.Surface, area: pygame.Rect, scroll: int, limit: int, colour, height: int
) -> None:
    """Soft fades at a scrolled area's cut edges: a line half out of view fades instead of
    being sliced, and the fade itself says "there is more this way"."""
    from quest_engine.ui.challenges.draw import fade

    h = min(height, area.height // 3)
    if h <= 0:
        return
    if scroll > 0:
        surface.blit(fade(area.width, h, colour, True), area.topleft)
    if scroll < limit:
        surface.blit(fade(area.width, h, colour, False), (area.x, area.bottom - h))


def more_cue(surface: pygame.Surface, theme, band: pygame.Rect, colour, text: str) -> None:
    """The "Scroll to read more" cue, in its own band under the text (never over it)."""
    s = theme.text(text, "small", colour, bold=True)
    surface.blit(s, s.get_rect(midright=(band.right, band.centery)))
