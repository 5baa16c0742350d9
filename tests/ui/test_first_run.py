"""A fresh machine: the sign-in screen leads a teacher or student from nothing to the map
in two steps (name the class, make the first explorer), with no dead ends."""

from __future__ import annotations

import pytest
from e2e_player import open_game

from quest_engine.content.loader import load_bundled_packs
from quest_engine.ui.scenes.signin import START_HERE


@pytest.fixture(scope="module")
def packs():
    return load_bundled_packs()


@pytest.mark.parametrize("size", [(1024, 600), (1280, 720), (1920, 1080)])
def test_start_here_makes_a_class_and_a_first_profile_in_two_steps(tmp_path, packs, size):
    pilot = open_game(tmp_path / "fresh.db", packs, tmp_path)
    try:
        pilot.resize(*size)
        pilot.assert_text("Welcome to Quest Engine!")
        pilot.assert_text("No classes yet")
        assert [w.label for w in pilot.controls()][0] == START_HERE
        pilot.click(START_HERE)
        pilot.assert_text("Step 1 of 2")
        pilot.type("Camp Orion")
        pilot.press("enter")
        pilot.assert_text("Step 2 of 2")  # straight on: the class has nobody in it yet
        pilot.type("Robin")
        pilot.click("Avatar Kenji")
        pilot.click("Start playing")
        pilot.assert_text("Quest map")
        assert [c.name for c in pilot.app.service.classes()] == ["Camp Orion"]
    finally:
        pilot.app.close()


def test_the_pin_field_takes_exactly_what_the_store_accepts(tmp_path, packs):
    pilot = open_game(tmp_path / "fresh.db", packs, tmp_path)
    try:
        pilot.click(START_HERE)
        pilot.type("Room 3")
        pilot.press("enter")
        pin = pilot.app.top.fields["pin"]
        assert "4 digits" in pin.label and pin.max_length == 4
        pilot.type("Ada")
        pilot.click("PIN")
        pilot.type("123")
        pilot.click("Start playing")
        pilot.assert_text("A PIN is exactly 4 digits")
        pilot.click("PIN")
        pilot.type("4")  # typing again answers the notice: it goes away
        pilot.frames(1)
        assert pilot.app.top.message is None
        pilot.click("Start playing")
        pilot.assert_text("Quest map")
    finally:
        pilot.app.close()
