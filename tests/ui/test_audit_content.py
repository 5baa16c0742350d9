"""Audit: broken pictures in a pack never crash the game.

Step images cut short (a PNG with a bad checksum) and badge images that are not images at
all pass the validator (the files exist), so the game itself must cope: every quest of the
pack still plays to the end through the UI, and the badge case still shows the badges.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from e2e_player import AutoPlayer, open_game

from quest_engine.content.loader import load_pack

QUESTS = Path(__file__).resolve().parents[2] / "quests"


def test_a_pack_with_corrupt_step_and_badge_images_still_plays_to_the_end(tmp_path):
    pack_dir = tmp_path / "stem-lab"
    shutil.copytree(QUESTS / "stem-lab", pack_dir)
    pictures = sorted(pack_dir.rglob("*.png"))
    assert any("badges" in p.parts for p in pictures)
    for picture in pictures:
        if "badges" in picture.parts:
            picture.write_text("<svg>this badge is not a PNG</svg>", encoding="utf-8")
        else:
            picture.write_bytes(picture.read_bytes()[:200])  # cut short mid-data
    loaded = load_pack(pack_dir)
    assert loaded.pack is not None, loaded.diagnostics

    pilot = open_game(tmp_path / "class.db", [loaded], tmp_path)
    player = AutoPlayer(pilot)
    try:
        player.create_class("Room 7")
        player.create_student("Robin")
        logs = player.play_all()
        assert len(logs) == len(loaded.pack.quests)
        assert {c.status for c in pilot.app.player.quest_map()} == {"done"}
        player.expect_scene("HubScene")
        pilot.assert_text("Badge case")
        badge = pilot.app.player.profile().badges[0]
        pilot.assert_text(badge.name.split()[0])
    finally:
        pilot.app.close()
