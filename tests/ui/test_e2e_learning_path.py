"""End to end, the way a real student learns in Launch Lab (motion on, as by default):
a wrong prediction branches to a detour step, a missed launch flies, lands short and
invites another try, a misconception gets its own feedback, an answer typed in another
unit is accepted, and running out of tries reveals the answer and moves on.
"""

from __future__ import annotations

import pytest
from e2e_player import AutoPlayer, open_game

from quest_engine.content.loader import load_bundled_packs
from quest_engine.store import open_store


@pytest.fixture(scope="module")
def packs():
    return load_bundled_packs()


@pytest.fixture
def game(tmp_path, packs):
    pilots = []

    def open_(motion: bool):
        pilot = open_game(tmp_path / "class.db", packs, tmp_path, motion=motion)
        pilots.append(pilot)
        player = AutoPlayer(pilot)
        player.create_class("Room 7")
        player.create_student("Robin")
        return pilot, player

    yield open_
    for pilot in pilots:
        if pilot.app.running:
            pilot.app.close()


def on_step(player: AutoPlayer, step_id: str) -> None:
    assert player.scene_name == "QuestPlayerScene", player.scene_name
    assert player.scene.step.id == step_id, player.scene.step.id


def option_text(step, option_id: str) -> str:
    return next(o.text for o in step.challenge.options if o.id == option_id)


def test_launch_lab_branches_retries_and_reveals_through_the_ui(game, tmp_path):
    pilot, player = game(motion=True)
    app = pilot.app
    player.open_quest("Launch Lab")
    on_step(player, "briefing")
    pilot.click("Continue")

    # a wrong prediction: its own feedback, then the detour step explains why
    on_step(player, "predict")
    predict = player.scene.step
    player.click_target(option_text(predict, "a80"))
    pilot.assert_text("At 80° it flies high but hardly moves forward")
    pilot.click("Continue")
    on_step(player, "steep-detour")
    pilot.assert_text("A steep launch spends almost all of its speed")
    pilot.click("Continue")

    # the launcher: a first shot at the starting settings flies and lands short
    on_step(player, "launch")
    scene = player.scene
    comp = scene.component
    player.click_target("Launch!")
    assert comp.flying is not None  # the capsule is in the air: nothing judged yet
    assert scene.feedback is None
    player.settle()
    assert scene.feedback is not None and not scene.feedback.correct
    pilot.assert_text("short")
    pilot.assert_text("Adjust and launch again")
    assert scene.awaiting() == "answer"
    # settings mid-step: reduced motion from here on; the step and its verdict stay
    pilot.click("Settings")
    pilot.click("Reduced motion")
    pilot.click("Done")
    on_step(player, "launch")
    scene = player.scene
    comp = scene.component
    assert app.settings.reduced_motion and comp.style.reduced_motion
    assert scene.view.attempts == 1
    # the second shot, aimed with the keyboard, lands on the pad
    angle, speed = player.launch_setting(comp, {"angle": 45.0, "speed": 19.8})
    player.tab_to_challenge("angle")
    player.set_slider(comp.angle, angle)
    player.tab_to_challenge("speed")
    player.set_slider(comp.speed, speed)
    player.click_target("Launch!")
    player.settle()
    assert scene.feedback.correct
    pilot.assert_text("right on the pad")
    pilot.click("Continue")

    # no bonus step: the student did not predict 45° first
    on_step(player, "formula")
    player.click_target("Answer")
    pilot.type("196")
    pilot.press("enter")
    pilot.assert_text("You found v × v = 196. Nearly there!")
    pilot.press(*["backspace"] * 3)
    pilot.type("2000 cm")  # the same distance in another unit
    pilot.press("enter")
    assert player.scene.feedback.correct, player.scene.feedback
    pilot.click("Continue")

    # one shot only: a miss is judged at once and sends the student to practise
    on_step(player, "sniper")
    player.click_target("Launch!")
    player.settle()
    fb = player.scene.feedback
    assert fb is not None and not fb.correct and not fb.can_retry
    pilot.assert_text("short of the target")
    pilot.assert_text("Let's keep going")
    pilot.click("Continue")
    on_step(player, "practice")
    player.step()  # the auto-player lands it
    pilot.click("Continue")

    # three wrong tries: each misconception is named, then the answer is revealed
    on_step(player, "convert")
    player.click_target("Answer")
    for typed, said in (
        ("24", "That divides by 100"),
        ("240", "That multiplies by 100"),
        ("2.4", None),
    ):
        pilot.type(typed)
        pilot.press("enter")
        if said:
            pilot.assert_text(said)
            pilot.press(*["backspace"] * len(typed))
    fb = player.scene.feedback
    assert not fb.correct and not fb.can_retry
    pilot.assert_text("The answer was: 2400 m")
    assert "Answer" not in pilot.labels()
    pilot.click("Continue")

    # the auto-player finishes the rest; the store knows which way the student went
    for _ in range(60):
        if player.scene_name == "HubScene":
            break
        if player.scene_name == "CelebrationScene":
            pilot.click("Awesome!")
        else:
            player.step()
    player.expect_scene("HubScene")
    student_id = app.player.student.id
    app.close()
    store = open_store(str(tmp_path / "class.db"))
    try:
        (progress,) = store.quest_progress(student_id, "launch-lab")
        assert progress.status == "done"
        visited = {
            e.event.step_id
            for e in store.events(student_id)
            if type(e.event).__name__ == "StepEntered"
        }
        assert {"steep-detour", "practice"} <= visited
        assert "bonus" not in visited
        assert progress.attempts > progress.correct
    finally:
        store.close()


def test_a_missed_one_shot_launch_shows_the_authors_advice(game):
    pilot, player = game(motion=False)
    player.open_quest("Launch Lab")
    player.play_until(lambda s: s.step.id == "sniper")
    player.click_target("Launch!")  # the starting speed misses
    player.settle()
    assert not player.scene.feedback.correct
    pilot.assert_text("Remember that speed is squared")
