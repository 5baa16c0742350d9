"""End to end, two classmates on one machine: Ada shares her writing through the writing
studio, Robin reads it on the class board and leaves guided feedback, and Ada, signing in
later, reads Robin's words under her work. All through the real UI and a real store."""

from __future__ import annotations

from e2e_player import AutoPlayer, Shots, open_game

from quest_engine.content.loader import load_bundled_packs

KIND = "Your opening line made me laugh."
SPECIFIC = "The dragon who is scared of sparks is a great twist."
HELPFUL = "You could end with what the dragon learned."


def peer_write(step) -> bool:
    return (
        step.challenge is not None
        and step.challenge.kind == "write"
        and step.challenge.review == "peer"
    )


def test_shared_writing_gets_guided_feedback_that_its_author_reads(tmp_path):
    pilot = open_game(tmp_path / "class.db", load_bundled_packs(), tmp_path)
    player = AutoPlayer(pilot)  # the screens on the way are pictured by the full run
    try:
        player.create_class("Room 7")
        player.create_student("Ada", avatar="Amara")
        title = next(
            c.quest.title for c in player.playable() if any(map(peer_write, c.quest.steps.values()))
        )
        player.play_quest(title)  # her story is shared at the writing step
        pilot.click("Sign out")

        pilot.click("Room 7")
        player.create_student("Robin")
        pilot.click("Class board")
        pilot.click("Shared writing")
        pilot.click(f"Ada: {title}")
        for label, words in zip(
            ("Kind", "Specific", "Helpful"), (KIND, SPECIFIC, HELPFUL), strict=True
        ):
            pilot.click(label)  # the guided fields, found by the start of their captions
            pilot.type(words)
        pilot.click("Send feedback")
        pilot.assert_text("Ada will see your feedback")
        pilot.click("Quest map")
        pilot.click("Sign out")

        player.sign_in("Room 7", "Ada")
        pilot.click("Class board")
        pilot.click("Shared writing")
        pilot.click(f"Ada: {title}")
        pilot.assert_text("This is your work")
        assert "Send feedback" not in pilot.labels()
        for _ in range(20):  # read down to the notes with Page Down
            if "Scroll to read more" not in pilot.screen_text():
                break
            pilot.press("pagedown")
        pilot.assert_text("Robin says")
        pilot.assert_text(f"Kind: {KIND}")
        pilot.assert_text(HELPFUL)
        Shots.from_env().take(pilot, "board-feedback-read")
    finally:
        pilot.app.close()
