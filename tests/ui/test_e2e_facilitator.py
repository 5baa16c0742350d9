"""End to end with a facilitator passphrase set on the store: only the passphrase opens a
new class or the review queue; a student's wrong PIN is refused kindly. All through the
sign-in screen of the real game on a real SQLite file."""

from __future__ import annotations

from e2e_player import AutoPlayer, open_game

from quest_engine.content.loader import load_bundled_packs
from quest_engine.store import open_store

PASSPHRASE = "correct horse battery staple"


def test_the_passphrase_guards_classes_and_reviews_and_a_pin_guards_a_profile(tmp_path):
    store = open_store(str(tmp_path / "class.db"))
    store.set_facilitator_passphrase(PASSPHRASE)
    store.close()
    pilot = open_game(tmp_path / "class.db", load_bundled_packs(), tmp_path)
    player = AutoPlayer(pilot)
    try:
        # a new class needs the passphrase
        pilot.click("New class")
        pilot.click("Class name")
        pilot.type("Room 9")
        pilot.click("Create class")
        assert player.scene_name == "SignInScene" and pilot.app.service.classes() == []
        assert player.scene.message == "Creating a class needs the facilitator passphrase."
        pilot.click("Facilitator passphrase")
        pilot.type(PASSPHRASE)
        pilot.click("Create class")
        pilot.assert_text("Step 2 of 2")

        # a student with a PIN: the wrong PIN is refused, the right one signs in
        player.create_student("Lena", pin="1357")
        pilot.click("Sign out")
        pilot.click("Room 9")
        pilot.click("Lena")
        pilot.click("PIN")
        pilot.type("9999")
        pilot.press("enter")
        player.expect_scene("SignInScene")
        pilot.assert_text("That PIN doesn't match")
        pilot.click("PIN")
        pilot.type("1357")
        pilot.press("enter")
        player.expect_scene("HubScene")
        pilot.click("Sign out")

        # the review queue needs the passphrase too
        pilot.click("I'm a facilitator")
        pilot.click("Passphrase")
        pilot.type("not it")
        pilot.click("Sign in")
        player.expect_scene("SignInScene")
        assert "passphrase" in player.scene.message
        pilot.click("Passphrase")
        pilot.press(*["backspace"] * len("not it"))
        pilot.type(PASSPHRASE)
        pilot.click("Sign in")
        player.expect_scene("FacilitatorScene")
        pilot.assert_text("Review queue")
    finally:
        pilot.app.close()
