"""The look of the game: colours, fonts and spacing, shared by every scene and component.

One `Theme` object lives for the whole run and is handed to every scene and challenge
component (`Component(rect, theme, ...)`). It is updated in place when the settings or the
window size change, so components holding a reference always draw with current values.

Colours come from the pygame_gui JSON theme (`assets/themes/default.json` or
`high-contrast.json`, keys `qe_*` under `defaults.colours`) so the custom-drawn screens and
the pygame_gui widgets share one palette.

Text drawn through `Theme.text` (or any font from `Theme.font`) is recorded in
`Theme.drawn_text` for the current frame: the Pilot's `assert_text` reads it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pygame

from quest_engine.paths import assets_dir
from quest_engine.ui.linebreak import break_lines
from quest_engine.ui.settings import Settings

BASE_SIZES: dict[str, int] = {
    "small": 17,
    "body": 21,
    "button": 20,
    "heading": 27,
    "title": 38,
    "huge": 60,
}
DYSLEXIC_FACTOR = 0.88
MIN_TARGET = 44
"""Smallest side of anything you can click or touch, in pixels."""


class TrackedFont(pygame.font.Font):
    """A font that remembers what it rendered this frame (for the Pilot's assert_text)."""

    recorder: list[str] | None = None

    def render(self, text, antialias=True, color=(0, 0, 0), bgcolor=None, wraplength=0):  # type: ignore[override]
        if self.recorder is not None and text:
            self.recorder.append(str(text))
        if bgcolor is None:
            return super().render(text, antialias, color, None, wraplength)
        return super().render(text, antialias, color, bgcolor, wraplength)


def _hex(value: str) -> pygame.Color:
    return pygame.Color(value)


@dataclass(slots=True)
class Colors:
    """Named colours of the palette; every attribute is a pygame.Color."""

    background: pygame.Color
    background_alt: pygame.Color
    card: pygame.Color
    card_border: pygame.Color
    shadow: pygame.Color
    ink: pygame.Color
    muted: pygame.Color
    primary: pygame.Color
    primary_hover: pygame.Color
    on_primary: pygame.Color
    secondary: pygame.Color
    on_secondary: pygame.Color
    accent: pygame.Color
    success: pygame.Color
    success_bg: pygame.Color
    warning: pygame.Color
    warning_bg: pygame.Color
    locked: pygame.Color
    locked_bg: pygame.Color
    focus: pygame.Color
    xp: pygame.Color
    xp_track: pygame.Color
    path: pygame.Color

    @classmethod
    def from_theme_file(cls, path: Path) -> Colors:
        data = json.loads(path.read_text(encoding="utf-8"))
        colours = data["defaults"]["colours"]
        kwargs = {}
        for name in cls.__dataclass_fields__:
            kwargs[name] = _hex(colours[f"qe_{name}"])
        return cls(**kwargs)


def theme_file(high_contrast: bool) -> Path:
    name = "high-contrast.json" if high_contrast else "default.json"
    return assets_dir() / "themes" / name


def font_files(dyslexia: bool) -> tuple[Path, Path]:
    fonts = assets_dir() / "fonts"
    if dyslexia:
        return fonts / "OpenDyslexic-Regular.woff", fonts / "OpenDyslexic-Bold.woff"
    return fonts / "DejaVuSans.ttf", fonts / "DejaVuSans-Bold.ttf"


def window_scale(size: tuple[int, int]) -> float:
    """UI scale from the window size: 1.0 at 1280x720, 0.85..1.3 elsewhere."""
    w, h = size
    return max(0.85, min(1.3, min(w / 1280, h / 720)))


class Theme:
    """Colours, fonts, spacing and cached text for the current settings and window size."""

    def __init__(self, settings: Settings | None = None, size: tuple[int, int] = (1280, 720)):
        if not pygame.font.get_init():
            pygame.font.init()
        self.drawn_text: list[str] = []
        self._fonts: dict[tuple[str, bool], pygame.font.Font] = {}
        self._fallback: dict[tuple[str, bool], pygame.font.Font] = {}
        self._cache: dict[tuple, pygame.Surface] = {}
        self._wraps: dict[tuple, tuple[str, ...]] = {}
        self.settings = settings or Settings()
        self.size = size
        self.colors = Colors.from_theme_file(theme_file(self.settings.high_contrast))
        self.scale = window_scale(size)
        self.apply(self.settings, size)

    # ------------------------------------------------------------------ state

    @property
    def high_contrast(self) -> bool:
        return self.settings.high_contrast

    @property
    def reduced_motion(self) -> bool:
        return self.settings.reduced_motion

    @property
    def gui_theme_path(self) -> Path:
        return theme_file(self.settings.high_contrast)

    def apply(self, settings: Settings, size: tuple[int, int]) -> None:
        """Adopt new settings or a new window size (fonts and caches are rebuilt)."""
        self.settings = settings
        self.size = size
        self.scale = window_scale(size)
        self.colors = Colors.from_theme_file(theme_file(settings.high_contrast))
        self._fonts.clear()
        self._fallback.clear()
        self._cache.clear()
        self._wraps.clear()

    # ------------------------------------------------------------------ spacing

    def px(self, value: float) -> int:
        """A length in layout pixels at the current window scale."""
        return int(round(value * self.scale))

    @property
    def pad(self) -> int:
        return self.px(20)

    @property
    def gap(self) -> int:
        return self.px(12)

    @property
    def radius(self) -> int:
        return self.px(16)

    @property
    def min_target(self) -> int:
        return MIN_TARGET

    def top_bar_height(self) -> int:
        """Height of a screen's top bar: room for a heading over a small line, or a button."""
        words = self.font("heading", True).get_height() + self.font("small", True).get_height()
        return max(self.px(84), MIN_TARGET + 2 * self.gap, words + self.px(16))

    @property
    def border(self) -> int:
        return 3 if self.high_contrast else 2

    # ------------------------------------------------------------------ fonts

    @property
    def font_factor(self) -> float:
        """OpenDyslexic's letters are much wider and taller than DejaVu's at the same size."""
        return DYSLEXIC_FACTOR if self.settings.dyslexia_font else 1.0

    def font_size(self, role: str) -> int:
        base = BASE_SIZES.get(role, BASE_SIZES["body"])
        size = base * self.scale * self.settings.text_scale * self.font_factor
        return max(12, int(round(size)))

    def font(self, role: str = "body", bold: bool = False) -> pygame.font.Font:
        key = (role, bold)
        font = self._fonts.get(key)
        if font is None:
            regular, heavy = font_files(self.settings.dyslexia_font)
            font = TrackedFont(str(heavy if bold else regular), self.font_size(role))
            font.recorder = self.drawn_text
            self._fonts[key] = font
        return font

    def _font_for(self, text: str, role: str, bold: bool) -> pygame.font.Font:
        font = self.font(role, bold)
        if self.settings.dyslexia_font and not text.isascii() and self._missing(font, text):
            key = (role, bold)
            fb = self._fallback.get(key)
            if fb is None:
                regular, heavy = font_files(False)
                fb = TrackedFont(str(heavy if bold else regular), self.font_size(role))
                fb.recorder = self.drawn_text
                self._fallback[key] = fb
            return fb
        return font

    @staticmethod
    def _missing(font: pygame.font.Font, text: str) -> bool:
        """True when the font lacks a glyph of `text`: SDL_ttf reports a missing glyph as
        None or with the .notdef box's metrics (OpenDyslexic does the latter)."""
        notdef = getattr(font, "_notdef", None)
        if notdef is None:
            notdef = tuple(pygame.font.Font.metrics(font, "\U0010fffd")[0] or ())
            font._notdef = notdef  # type: ignore[attr-defined]
        return any(m is None or (notdef and tuple(m) == notdef) for m in font.metrics(text))

    def line_height(self, role: str = "body") -> int:
        return int(self.font(role).get_linesize() * 1.15)

    def text(
        self,
        text: str,
        role: str = "body",
        color: pygame.Color | tuple | None = None,
        bold: bool = False,
        italic: bool = False,
    ) -> pygame.Surface:
        """Rendered text (cached). Recorded in drawn_text even when served from the cache."""
        color = tuple(color if color is not None else self.colors.ink)
        key = (text, role, bold, italic, color)
        surf = self._cache.get(key)
        self.drawn_text.append(text)
        if surf is None:
            font = self._font_for(text, role, bold)
            font.italic = italic
            previous, font.recorder = font.recorder, None
            surf = font.render(text, True, color)
            font.recorder = previous
            font.italic = False
            if len(self._cache) > 2000:
                self._cache.clear()
            self._cache[key] = surf
        return surf

    def measure(self, text: str, role: str = "body", bold: bool = False) -> int:
        return self._font_for(text, role, bold).size(text)[0]

    def wrap(self, text: str, width: int, role: str = "body", bold: bool = False) -> list[str]:
        """Split text into lines no wider than width (long words are broken). Cached."""
        key = (text, width, role, bold)
        cached = self._wraps.get(key)
        if cached is None:
            if len(self._wraps) > 4000:
                self._wraps.clear()
            cached = self._wraps[key] = tuple(self._wrap(text, width, role, bold))
        return list(cached)

    def _wrap(self, text: str, width: int, role: str, bold: bool) -> list[str]:
        return break_lines(text, width, lambda s: self.measure(s, role, bold))

    def fit_lines(
        self, text: str, width: int, max_lines: int, role: str = "body", bold: bool = False
    ) -> tuple[str, list[str]]:
        """(role, lines) showing `text` in at most `max_lines` lines without breaking a word:
        wrap on spaces first, then a smaller role, and only as a last resort cut the last
        line with an ellipsis."""
        order = {"title": "heading", "heading": "body", "body": "small", "small": "tiny"}
        tried = role
        while True:
            lines = self._word_lines(text, width, tried, bold)
            whole = all(self.measure(line, tried, bold) <= width for line in lines)
            if whole and len(lines) <= max_lines:
                return tried, lines
            nxt = order.get(tried)
            if nxt is None or nxt not in BASE_SIZES:
                break
            tried = nxt
        lines = self._word_lines(text, width, tried, bold)
        cut = len(lines) > max_lines
        lines = lines[:max_lines]
        if cut:
            lines[-1] = lines[-1] + "…"
        return tried, [self.ellipsize(line, width, tried, bold) for line in lines]

    def _word_lines(self, text: str, width: int, role: str, bold: bool) -> list[str]:
        """Greedy wrap on spaces; a word wider than `width` stays whole on its own line."""
        lines: list[str] = []
        line = ""
        for word in text.split():
            candidate = f"{line} {word}" if line else word
            if line and self.measure(candidate, role, bold) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
        return lines

    def ellipsize(self, text: str, width: int, role: str = "body", bold: bool = False) -> str:
        """`text` cut to `width` with a trailing ellipsis (on a word boundary if possible)."""
        if self.measure(text, role, bold) <= width:
            return text
        base = text.rstrip("…")
        while base and self.measure(base + "…", role, bold) > width:
            cut = base.rfind(" ")
            base = base[:cut] if cut > len(base) // 2 else base[:-1]
        return base.rstrip() + "…"

    def begin_frame(self) -> None:
        self.drawn_text.clear()
