"""End to end on the quest map: a locked quest says what it needs and cannot start;
finishing that need unlocks it; playing a finished quest again is practice (no XP twice);
classmates see which quest you are on."""

from __future__ import annotations

import pytest
from e2e_player import AutoPlayer, open_game

from quest_engine.content.loader import load_bundled_packs


@pytest.fixture
def robin(tmp_path):
    pilot = open_game(tmp_path / "class.db", load_bundled_packs(), tmp_path)
    player = AutoPlayer(pilot)
    player.create_class("Room 7")
    player.create_student("Robin")
    yield pilot, player
    pilot.app.close()


def card(pilot, title: str):
    return next(c for c in pilot.app.player.quest_map() if c.quest.title == title)


def test_locked_quests_unlock_and_replays_are_practice(robin):
    pilot, player = robin
    locked = next(c for c in pilot.app.player.quest_map() if c.status == "locked")
    need = locked.quest.prerequisites.quests[0]
    need_title = next(c.quest.title for c in pilot.app.player.quest_map() if c.quest.id == need)

    pilot.click(locked.quest.title)
    pilot.assert_text(f"Finish {need_title}")
    assert "Start quest" not in pilot.labels()
    pilot.click(locked.quest.title)  # picking it again does not start it either
    player.expect_scene("HubScene")

    player.play_quest(need_title)
    assert card(pilot, locked.quest.title).status == "available"
    if pilot.app.top.selected != locked.quest.id:  # the map may suggest it already
        pilot.click(locked.quest.title)
    assert "Start quest" in pilot.labels()
    pilot.assert_text(locked.quest.title)

    # a finished quest can be played again, as practice: no XP twice
    xp = pilot.app.player.profile().xp
    player.play_quest(need_title)
    assert card(pilot, need_title).status == "done"
    assert pilot.app.player.profile().xp == xp


def test_classmates_see_the_quest_you_are_on(robin):
    pilot, player = robin
    title = player.playable()[0].quest.title
    player.open_quest(title)
    player.step()  # into the quest
    pilot.click("Quest map")
    pilot.click("Class board")
    pilot.assert_text("Robin (you)")
    pilot.assert_text(title)
