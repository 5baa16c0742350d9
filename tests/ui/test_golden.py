"""A golden picture of the settings screen (our fonts, palette and layout only), compared
with a tolerance so tiny anti-aliasing differences pass and layout or colour slips fail.

Regenerate after an intended change: QUEST_UPDATE_GOLDEN=1 pytest tests/ui/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pygame
import pytest

GOLDEN = Path(__file__).parent / "golden"


def _difference(a: pygame.Surface, b: pygame.Surface) -> float:
    """Mean absolute channel difference (0-255) over a sparse grid of pixels."""
    total, count = 0, 0
    w, h = a.get_size()
    for y in range(0, h, 3):
        for x in range(0, w, 3):
            pa, pb = a.get_at((x, y)), b.get_at((x, y))
            total += abs(pa.r - pb.r) + abs(pa.g - pb.g) + abs(pa.b - pb.b)
            count += 3
    return total / count


@pytest.mark.parametrize("high_contrast", [False, True], ids=["default", "high-contrast"])
def test_settings_screen_matches_its_golden_picture(make_pilot, tmp_path, high_contrast):
    pilot = make_pilot()
    pilot.click("Settings")
    if high_contrast:
        pilot.click("High-contrast colours")
    name = f"settings-{'high-contrast' if high_contrast else 'default'}.png"
    shot = pilot.screenshot(tmp_path / name)
    golden = GOLDEN / name
    if os.environ.get("QUEST_UPDATE_GOLDEN") or not golden.exists():
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(shot.read_bytes())
        pytest.skip("golden picture written")
    got, want = pygame.image.load(str(shot)), pygame.image.load(str(golden))
    assert got.get_size() == want.get_size()
    assert _difference(got, want) < 2.0, f"{name} drifted from tests/ui/golden/{name}"
