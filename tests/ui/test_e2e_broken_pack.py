"""End to end: a pack with a content error never crashes the game. The hub names it as
unavailable with the validator's message; the other pack still plays to the end."""

from __future__ import annotations

import shutil
from pathlib import Path

from e2e_player import AutoPlayer, Shots, open_game

from quest_engine.content.loader import load_pack

QUESTS = Path(__file__).resolve().parents[2] / "quests"


def test_a_broken_pack_is_named_on_the_map_and_the_other_pack_still_plays(tmp_path):
    broken = tmp_path / "writers-room"
    shutil.copytree(QUESTS / "writers-room", broken)
    quest = broken / "speak-up.yaml"
    text = quest.read_text(encoding="utf-8")
    assert "kind: match" in text
    quest.write_text(text.replace("kind: match", "kind: matchy", 1), encoding="utf-8")
    packs = [load_pack(QUESTS / "stem-lab"), load_pack(broken)]
    assert packs[0].pack is not None and packs[1].pack is None

    pilot = open_game(tmp_path / "class.db", packs, tmp_path)
    player = AutoPlayer(pilot, Shots.from_env())
    try:
        player.create_class("Room 7")
        player.create_student("Robin")
        pilot.assert_text("can't open right now")
        pilot.assert_text("speak-up.yaml")
        player.shot("hub-broken-pack")
        player.shots = Shots(None)  # the other screens are pictured by the full run
        cards = pilot.app.player.quest_map()
        assert {c.pack_id for c in cards} == {"stem-lab"}
        log = player.play_quest("Fraction Trail")
        assert log.answered
        player.expect_scene("HubScene")
        pilot.assert_text("can't open right now")
    finally:
        pilot.app.close()
