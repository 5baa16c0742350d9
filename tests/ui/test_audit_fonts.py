"""Audit: the bundled fonts draw accents, Greek, arrows and maths, and their licences ship.

A glyph the font lacks renders as its .notdef box; each sample character must render
differently from the box (and with other metrics), in the default and the dyslexia font,
regular and bold, and through the game's own Theme with each font setting.
"""

from __future__ import annotations

import pygame
import pytest

from quest_engine.paths import assets_dir
from quest_engine.ui.settings import Settings
from quest_engine.ui.theme import Theme, font_files

SAMPLE = "é ñ ü α β γ Δ π Σ ω → ← ⇒ ≤ ≥ ≠ ± × ÷ √ ∞ ½ ¾ °".split()
NOT_IN_ANY_FONT = "\U0010fffd"


def pixels(font: pygame.font.Font, text: str) -> bytes:
    return pygame.image.tobytes(font.render(text, True, (0, 0, 0), (255, 255, 255)), "RGB")


def boxes(font: pygame.font.Font) -> list[str]:
    box = pixels(font, NOT_IN_ANY_FONT)
    box_metrics = font.metrics(NOT_IN_ANY_FONT)[0]
    return [
        ch for ch in SAMPLE if font.metrics(ch)[0] in (None, box_metrics) or pixels(font, ch) == box
    ]


@pytest.fixture(autouse=True)
def _fonts():
    pygame.font.init()
    yield


@pytest.mark.parametrize("dyslexia", [False, True], ids=["default", "dyslexia"])
@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
def test_every_sample_character_has_a_real_glyph(dyslexia, bold):
    path = font_files(dyslexia)[1 if bold else 0]
    font = pygame.font.Font(str(path), 32)
    assert boxes(font) == [], f"{path.name} draws these as missing-glyph boxes"


@pytest.mark.parametrize("dyslexia", [False, True], ids=["default", "dyslexia"])
def test_the_game_theme_draws_the_sample_without_boxes(dyslexia):
    pygame.display.init()
    pygame.display.set_mode((200, 100))
    theme = Theme(Settings(dyslexia_font=dyslexia))
    font = theme._font_for(" ".join(SAMPLE), "body", False)
    assert boxes(font) == []
    assert theme.text(" ".join(SAMPLE), "body", (0, 0, 0)).get_width() > 0


def test_the_font_and_art_licences_are_in_assets():
    assets = assets_dir()
    for name in ("LICENSE-DejaVu.txt", "LICENSE-OpenDyslexic.txt"):
        text = (assets / "fonts" / name).read_text(encoding="utf-8")
        assert len(text) > 500, name
    assert "Open Font License" in (assets / "fonts" / "LICENSE-OpenDyslexic.txt").read_text(
        encoding="utf-8"
    )
    assert (assets / "LICENSE-art.md").stat().st_size > 100
