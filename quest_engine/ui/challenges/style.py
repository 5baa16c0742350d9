"""The look shared by every challenge component and mini-game.

The shell builds one `Style` from the player's settings (text size, high contrast, font,
reduced motion) and hands it to each component, so components never read settings or
theme files themselves. Colours follow `assets/themes/*.json` (the pygame_gui themes).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pygame

Colour = tuple[int, int, int]

SIZE_STEPS: dict[str, int] = {"small": 17, "body": 21, "large": 26, "title": 32}
"""Base pixel sizes for a real TTF font at text scale 1.0."""

DEFAULT_FONT_FACTOR = 1.3
"""pygame's built-in font renders smaller than a TTF at the same size; compensate."""


def _hex(code: str) -> Colour:
    code = code.lstrip("#")
    return (int(code[0:2], 16), int(code[2:4], 16), int(code[4:6], 16))


@dataclass(frozen=True, slots=True)
class Palette:
    """Named colours; the mini-game scenery colours live here too so themes cover them."""

    page: Colour
    card: Colour
    card_alt: Colour
    border: Colour
    shadow: Colour
    ink: Colour
    muted: Colour
    primary: Colour
    primary_hover: Colour
    on_primary: Colour
    secondary: Colour
    on_secondary: Colour
    accent: Colour
    focus: Colour
    good: Colour
    good_bg: Colour
    bad: Colour
    bad_bg: Colour
    warn: Colour
    warn_bg: Colour
    disabled: Colour
    disabled_ink: Colour
    selected: Colour
    sky_top: Colour
    sky_bottom: Colour
    hill_far: Colour
    hill_near: Colour
    ground: Colour
    ground_line: Colour
    metal: Colour
    wood: Colour
    wood_dark: Colour
    weight: Colour
    weight_fixed: Colour
    trail: Colour


DEFAULT_PALETTE = Palette(
    page=_hex("#FFF7EC"),
    card=_hex("#FFFFFF"),
    card_alt=_hex("#FDEBD3"),
    border=_hex("#EAD9C6"),
    shadow=_hex("#E9D8C4"),
    ink=_hex("#2B2118"),
    muted=_hex("#6B5B4E"),
    primary=_hex("#C2410C"),
    primary_hover=_hex("#9A3412"),
    on_primary=_hex("#FFFFFF"),
    secondary=_hex("#0F766E"),
    on_secondary=_hex("#FFFFFF"),
    accent=_hex("#F2A541"),
    focus=_hex("#2563EB"),
    good=_hex("#2F855A"),
    good_bg=_hex("#E3F4E8"),
    bad=_hex("#C53030"),
    bad_bg=_hex("#FDE8E8"),
    warn=_hex("#B45309"),
    warn_bg=_hex("#FEF3C7"),
    disabled=_hex("#EDE6DD"),
    disabled_ink=_hex("#8A7E73"),
    selected=_hex("#FFE2C2"),
    sky_top=_hex("#8EC5FF"),
    sky_bottom=_hex("#E6F4FF"),
    hill_far=_hex("#A7D3A0"),
    hill_near=_hex("#7BBF6A"),
    ground=_hex("#5E9E4F"),
    ground_line=_hex("#3F7A34"),
    metal=_hex("#44505C"),
    wood=_hex("#C98B4E"),
    wood_dark=_hex("#8A5A2B"),
    weight=_hex("#0F766E"),
    weight_fixed=_hex("#6B5B4E"),
    trail=_hex("#C2410C"),
)

HIGH_CONTRAST_PALETTE = Palette(
    page=_hex("#000000"),
    card=_hex("#000000"),
    card_alt=_hex("#1A1A1A"),
    border=_hex("#FFFFFF"),
    shadow=_hex("#000000"),
    ink=_hex("#FFFFFF"),
    muted=_hex("#E6E6E6"),
    primary=_hex("#FFD400"),
    primary_hover=_hex("#FFE866"),
    on_primary=_hex("#000000"),
    secondary=_hex("#00E5FF"),
    on_secondary=_hex("#000000"),
    accent=_hex("#FFD400"),
    focus=_hex("#00E5FF"),
    good=_hex("#5CFF8A"),
    good_bg=_hex("#000000"),
    bad=_hex("#FF6B6B"),
    bad_bg=_hex("#000000"),
    warn=_hex("#FFD400"),
    warn_bg=_hex("#000000"),
    disabled=_hex("#333333"),
    disabled_ink=_hex("#BFBFBF"),
    selected=_hex("#333333"),
    sky_top=_hex("#000000"),
    sky_bottom=_hex("#000000"),
    hill_far=_hex("#1A1A1A"),
    hill_near=_hex("#262626"),
    ground=_hex("#000000"),
    ground_line=_hex("#FFFFFF"),
    metal=_hex("#FFFFFF"),
    wood=_hex("#FFD400"),
    wood_dark=_hex("#FFFFFF"),
    weight=_hex("#00E5FF"),
    weight_fixed=_hex("#BFBFBF"),
    trail=_hex("#FFD400"),
)


FALLBACK_FONT = "DejaVuSans.ttf"
"""Wide-coverage font (Greek, arrows, maths) looked up next to the chosen font."""


class FallbackFont(pygame.font.Font):
    """A font that hands a text to a wide-coverage font when it lacks one of its glyphs.

    OpenDyslexic covers Latin only: "Δv → 9.8 m/s²" would show empty boxes otherwise.
    """

    fallback: pygame.font.Font | None = None
    _notdef: tuple | None = None

    def _other(self, text: str) -> pygame.font.Font | None:
        if self.fallback is None or not text or text.isascii():
            return None
        if self._notdef is None:
            # SDL_ttf reports a missing glyph either as None or with the .notdef box's metrics
            self._notdef = tuple(pygame.font.Font.metrics(self, "\U0010fffd")[0] or ())
        for m in pygame.font.Font.metrics(self, text):
            if m is None or (self._notdef and tuple(m) == self._notdef):
                return self.fallback
        return None

    def render(self, text, antialias=True, color=(0, 0, 0), bgcolor=None, wraplength=0):  # type: ignore[override]
        other = self._other(text)
        if other is not None:
            return other.render(text, antialias, color, bgcolor, wraplength)
        return pygame.font.Font.render(self, text, antialias, color, bgcolor, wraplength)

    def size(self, text):  # type: ignore[override]
        other = self._other(text)
        return other.size(text) if other is not None else pygame.font.Font.size(self, text)


def _bold_path(font_path: str) -> str | None:
    root, ext = os.path.splitext(font_path)
    candidates = [f"{root}-Bold{ext}"]
    if root.endswith("-Regular"):
        candidates.insert(0, f"{root[: -len('-Regular')]}-Bold{ext}")
    return next((c for c in candidates if os.path.exists(c)), None)


def _load(path: str | None, size: int, bold: bool) -> pygame.font.Font:
    if path:
        try:
            real = _bold_path(path) if bold else path
            font = FallbackFont(real or path, size)
            if bold and real is None:
                font.bold = True
            wide = os.path.join(os.path.dirname(path), FALLBACK_FONT)
            if os.path.basename(path) != FALLBACK_FONT and os.path.exists(wide):
                font.fallback = _load(wide, size, bold)
            return font
        except (OSError, FileNotFoundError, pygame.error):
            pass
    font = pygame.font.Font(None, round(size * DEFAULT_FONT_FACTOR))
    font.bold = bold
    return font


@dataclass(frozen=True, slots=True, eq=False)
class Style:
    """Fonts by size step, colours, corner radius and spacing for one settings combination."""

    text_scale: float
    high_contrast: bool
    font_path: str | None
    reduced_motion: bool
    palette: Palette
    fonts: dict[str, pygame.font.Font]
    bold_fonts: dict[str, pygame.font.Font]
    radius: int = 12
    spacing: int = 12
    border: int = 2
    min_target: int = 44
    """Smallest edge of anything clickable or touchable, in pixels."""

    @classmethod
    def create(
        cls,
        text_scale: float = 1.0,
        high_contrast: bool = False,
        font_path: str | None = None,
        reduced_motion: bool = False,
    ) -> Style:
        if not pygame.font.get_init():
            pygame.font.init()
        fonts = {k: _load(font_path, round(v * text_scale), False) for k, v in SIZE_STEPS.items()}
        bold = {k: _load(font_path, round(v * text_scale), True) for k, v in SIZE_STEPS.items()}
        return cls(
            text_scale=text_scale,
            high_contrast=high_contrast,
            font_path=font_path,
            reduced_motion=reduced_motion,
            palette=HIGH_CONTRAST_PALETTE if high_contrast else DEFAULT_PALETTE,
            fonts=fonts,
            bold_fonts=bold,
            border=3 if high_contrast else 2,
            radius=round(12 * max(1.0, text_scale)),
            spacing=round(12 * max(1.0, text_scale)),
            min_target=max(44, round(44 * text_scale)),
        )

    def font(self, step: str = "body", bold: bool = False) -> pygame.font.Font:
        """The font for a size step: "small", "body", "large" or "title"."""
        return (self.bold_fonts if bold else self.fonts)[step]

    @property
    def colors(self) -> Palette:
        return self.palette
