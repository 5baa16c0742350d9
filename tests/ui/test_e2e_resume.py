"""End to end on a real SQLite store: a closed window loses no draft and the game resumes on
the same step; a wrong answer gets encouraging feedback and a retry; a hint shows its text.

Everything goes through the real UI input path (Pilot clicks, typing and keys).
"""

from __future__ import annotations

import pygame
import pytest
from e2e_player import AutoPlayer, Shots, open_game

from quest_engine.content.loader import load_bundled_packs
from quest_engine.store import open_store
from quest_engine.ui.scenes.quest_player import CHEERS_RETRY

DRAFT = "Dear council: Señora Núñez says the park needs shade trees; 40 °C last July!"
HARSH = ("wrong", "incorrect", "fail", "bad", "stupid")


@pytest.fixture(scope="module")
def packs():
    return load_bundled_packs()


@pytest.fixture
def game(tmp_path, packs):
    """A new student, Sam, in Room 7, signed up through the sign-in screen."""
    pilots = []

    def open_(new_student: bool = True):
        pilot = open_game(tmp_path / "class.db", packs, tmp_path)
        pilots.append(pilot)
        player = AutoPlayer(pilot, Shots.from_env())
        if new_student:
            player.create_class("Room 7")
            player.create_student("Sam", avatar="Sofía")
        return pilot, player

    yield open_
    for pilot in pilots:
        if pilot.app.running:
            pilot.app.close()


def quest_with(player: AutoPlayer, wanted) -> str:
    """The title of the first quest on the map offering a step that `wanted(step)` likes."""
    for card in player.playable():
        if any(wanted(s) for s in card.quest.steps.values()):
            return card.quest.title
    raise AssertionError("no available quest has such a step")


def is_write(step) -> bool:
    return step.challenge is not None and step.challenge.kind == "write"


def at_write_step(scene) -> bool:
    return is_write(scene.step) and scene.awaiting() == "answer"


def reach_writing_step(player: AutoPlayer):
    player.open_quest(quest_with(player, is_write))
    player.play_until(at_write_step)
    scene = player.scene
    player.click_target("Your writing")
    player.pilot.type(DRAFT)
    assert scene.component.editor.text == DRAFT
    return scene.view.quest.id, scene.view.step.id


def test_closing_the_window_mid_draft_resumes_on_the_same_step_with_the_draft(game, tmp_path):
    pilot, player = game()
    quest_id, step_id = reach_writing_step(player)
    student_id = pilot.app.player.student.id

    pygame.event.post(pygame.event.Event(pygame.QUIT))  # the student closes the window
    pilot.frames(1)
    assert not pilot.app.running
    pygame.display.quit()

    store = open_store(str(tmp_path / "class.db"))
    try:
        assert store.draft(student_id, quest_id, step_id) == DRAFT
        assert store.student_summary(student_id).current_step == step_id
    finally:
        store.close()

    again, player = game(new_student=False)
    player.sign_in("Room 7", "Sam")
    again.assert_text("Continue quest")
    again.click("Continue quest")
    scene = again.app.top
    assert (scene.view.quest.id, scene.view.step.id) == (quest_id, step_id)
    assert scene.component.editor.text == DRAFT
    again.assert_text(DRAFT)
    # and the student carries on where they stopped: more words, then submit
    again.type(" " + " ".join(["More"] * scene.challenge.min_words))
    again.click(scene.component.submit_label)
    assert scene.feedback is not None and scene.feedback.correct
    assert scene.awaiting() in ("continue", "review")


def test_a_crash_after_the_editor_loses_focus_keeps_the_draft(game, tmp_path):
    pilot, player = game()
    quest_id, step_id = reach_writing_step(player)
    pilot.press("tab")  # focus leaves the editor: the draft is saved now
    pygame.display.quit()  # the process dies: no quit handlers run

    again, player = game(new_student=False)
    player.sign_in("Room 7", "Sam")
    again.click("Continue quest")
    scene = again.app.top
    assert scene.view.step.id == step_id
    assert scene.component.editor.text == DRAFT


def test_a_crash_a_moment_after_typing_stops_keeps_the_draft(game, tmp_path):
    """Autosave: once typing pauses, the draft reaches the store without any other action."""
    pilot, player = game()
    quest_id, step_id = reach_writing_step(player)
    comp = player.scene.component
    student_id = pilot.app.player.student.id
    for _ in range(5000):  # the loop runs on its own while the student pauses (< 2 s)
        if comp.draft_timer is None:
            break
        pilot.frames(1)
    store = open_store(str(tmp_path / "class.db"))
    try:
        assert store.draft(student_id, quest_id, step_id) == DRAFT
    finally:
        store.close()
    pilot.assert_text("draft saved")
    pygame.display.quit()  # the process dies: no quit handlers run

    again, player = game(new_student=False)
    player.sign_in("Room 7", "Sam")
    again.click("Continue quest")
    assert again.app.top.component.editor.text == DRAFT


def is_number_with_hints(step) -> bool:
    return step.challenge is not None and step.challenge.kind == "number" and len(step.hints) >= 1


def test_a_hint_shows_its_text_and_a_wrong_answer_gets_encouragement_and_a_retry(game, tmp_path):
    pilot, player = game()
    player.open_quest(quest_with(player, is_number_with_hints))
    player.play_until(lambda s: is_number_with_hints(s.step) and s.awaiting() == "answer")
    scene = player.scene
    step = scene.step
    student_id = pilot.app.player.student.id

    # a hint, on request
    pilot.click("Show a hint")
    first_hint = step.hints[0]
    pilot.assert_text(first_hint)
    assert "Hint 1" in pilot.screen_text()
    player.shot("hint")
    if len(step.hints) > 1:
        assert "Another hint" in pilot.labels()

    # a wrong answer: encouraging words, the answer field stays for another go
    wrong = format(step.challenge.answer * 10 + 7, "g")
    player.click_target("Answer")
    pilot.type(wrong)
    pilot.press("enter")
    fb = scene.feedback
    assert fb is not None and not fb.correct and fb.can_retry
    shown = scene.component.feedback[1]
    assert shown == fb.message if fb.message else shown in CHEERS_RETRY
    pilot.assert_text(shown)
    assert not any(word in shown.lower() for word in HARSH)
    player.shot("feedback-retry")
    assert scene.awaiting() == "answer"
    assert "Answer" in pilot.labels() and "Continue" not in pilot.labels()

    # the retry: clear the field with Backspace, type the right answer
    pilot.press(*["backspace"] * len(wrong))
    right = format(step.challenge.answer, "g")
    if step.challenge.unit:
        right += f" {step.challenge.unit}"
    pilot.type(right)
    pilot.press("enter")
    assert scene.feedback.correct
    pilot.assert_text("Continue")
    quest_id = scene.view.quest.id
    pilot.app.close()

    store = open_store(str(tmp_path / "class.db"))
    try:
        progress = store.quest_progress(student_id, quest_id)[0]
        assert progress.hints >= 1
        assert progress.attempts >= 2
    finally:
        store.close()
