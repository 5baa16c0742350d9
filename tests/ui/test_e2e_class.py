"""End to end, the class around the student, on a real SQLite store through the real UI:

- writing sent for review goes to the facilitator's queue; the facilitator returns it with
  rubric scores and a comment; the student reads the comment, revises and resubmits; the
  facilitator approves; the store records every decision;
- the class board shows classmates and their shared writing; guided peer feedback typed
  on the board reaches the store;
- settings change the whole game at once and are saved.

With QUEST_SCREENSHOTS=1 it also saves the board, facilitator and settings screens.
"""

from __future__ import annotations

import json

import pytest
from e2e_player import AutoPlayer, Shots, essay, open_game

from quest_engine.content.loader import load_bundled_packs
from quest_engine.rules.autoplay import next_action
from quest_engine.rules.run import Proceed, SubmitWork
from quest_engine.store import open_store

COMMENT = "Lovely start! Add one sentence on why the heart beats faster."


@pytest.fixture(scope="module")
def packs():
    return load_bundled_packs()


@pytest.fixture
def robin(tmp_path, packs):
    """Robin signs up through the sign-in screen in a new class, Room 7."""
    pilot = open_game(tmp_path / "class.db", packs, tmp_path)
    player = AutoPlayer(pilot, Shots.from_env())
    pilot.assert_text("No classes yet")
    player.shot("signin-empty")
    player.create_class("Room 7")
    player.create_student("Robin", avatar="Kenji")
    yield pilot, player
    if pilot.app.running:
        pilot.app.close()


def teacher_write(step) -> bool:
    return (
        step.challenge is not None
        and step.challenge.kind == "write"
        and (step.challenge.review == "teacher")
    )


def peer_write(step) -> bool:
    return (
        step.challenge is not None
        and step.challenge.kind == "write"
        and (step.challenge.review == "peer")
    )


def play_as_classmate(service, class_id: str, name: str, avatar: str, wanted) -> str:
    """A classmate on another machine plays a quest to its end through the facade."""
    mate = service.create_student(class_id, name, avatar)
    session = service.sign_in(mate.id)
    quest = next(
        c.quest
        for c in session.quest_map()
        if c.status == "available" and any(wanted(s) for s in c.quest.steps.values())
    )
    session.start(quest.id)
    while (action := next_action(quest, session.run)) is not None:
        if isinstance(action, Proceed):
            if session.proceed() is None:
                break
        elif isinstance(action, SubmitWork):
            challenge = quest.steps[session.run.step_id].challenge
            session.submit_work(essay(challenge.min_words, challenge.max_words))
        else:
            session.submit(action.answer)
    return quest.title


def send_for_review(pilot, player):
    """Robin writes the teacher-reviewed task, sends it and goes back to the map."""
    title = next(
        c.quest.title for c in player.playable() if any(map(teacher_write, c.quest.steps.values()))
    )
    player.open_quest(title)
    player.play_until(lambda s: teacher_write(s.step) and s.awaiting() == "answer")
    challenge = player.scene.challenge
    text = essay(challenge.min_words, challenge.max_words)
    player.click_target("Your writing")
    pilot.type(text)
    pilot.click("Submit for review")
    pilot.assert_text("Submitted for your teacher")
    player.shot("writing-sent")
    pilot.click("Quest map")  # wait for the teacher on the map
    player.expect_scene("HubScene")
    return title, challenge, text


def facilitator_opens(pilot, player, title: str) -> None:
    """Sign out, sign in as the facilitator (no passphrase set) and open Robin's work."""
    pilot.click("Sign out")
    player.shot("signin-classes")
    pilot.click("I'm a facilitator")
    pilot.click("Sign in")
    player.expect_scene("FacilitatorScene")
    pilot.assert_text("1 waiting")
    pilot.assert_text(f"{title} · teacher review")
    pilot.click(f"Robin: {title}")


def score_all(pilot, rubric, best: bool) -> None:
    for crit in rubric:
        pick = max if best else min
        level = pick(crit.levels, key=lambda lv: lv.score)
        pilot.click(f"{crit.criterion}: {level.score} {level.description}")


def return_with_comment(pilot, player, title, challenge) -> None:
    facilitator_opens(pilot, player, title)
    pilot.click("Return for revision")
    pilot.assert_text("Score every criterion first")
    score_all(pilot, challenge.rubric, best=False)
    pilot.click("Return for revision")
    pilot.assert_text("Add a comment")
    pilot.click("Comment for the student")
    pilot.type(COMMENT)
    player.shot("facilitator-review")
    pilot.click("Return for revision")
    pilot.assert_text("Returned: Robin")
    pilot.click("Sign out")
    player.sign_in("Room 7", "Robin")
    pilot.click("Continue quest")


def test_approved_writing_is_recorded_and_the_student_sees_it(robin, tmp_path):
    pilot, player = robin
    app = pilot.app
    robin_id = app.player.student.id
    title, challenge, text = send_for_review(pilot, player)
    quest = next(c.quest for c in app.player.quest_map() if c.quest.title == title)
    facilitator_opens(pilot, player, title)
    assert text[:60] in pilot.screen_text().replace("\n", " ")
    pilot.click("Approve")
    pilot.assert_text("Score every criterion first")
    score_all(pilot, challenge.rubric, best=True)
    pilot.click("Approve")
    pilot.assert_text("Approved: Robin")

    pilot.click("Sign out")
    player.sign_in("Room 7", "Robin")
    pilot.click("Continue quest")
    pilot.assert_text("Approved")
    for _ in range(20):  # on to the end of the quest
        if player.scene_name == "HubScene":
            break
        if player.scene_name == "CelebrationScene":
            pilot.click("Awesome!")
        else:
            player.step()
    player.expect_scene("HubScene")
    app.close()

    store = open_store(str(tmp_path / "class.db"))
    try:
        (sub,) = [s for s in store.submissions(robin_id) if s.review_mode == "teacher"]
        assert sub.state == "approved" and sub.text == text
        assert sub.reviews[-1].scores == {
            c.id: max(lv.score for lv in c.levels) for c in challenge.rubric
        }
        assert store.review_queue() == []
        summary = store.student_summary(robin_id)
        assert summary.quests_done == 1
        held = {b.badge_id for b in summary.badges} | set(summary.pending_badges)
        assert set(quest.badges) <= held
    finally:
        store.close()


def test_returned_writing_shows_the_teachers_comment_on_its_step(robin, tmp_path):
    pilot, player = robin
    title, challenge, text = send_for_review(pilot, player)
    return_with_comment(pilot, player, title, challenge)
    scene = pilot.app.top
    assert teacher_write(scene.step)
    pilot.assert_text("Your teacher returned this")
    pilot.assert_text(COMMENT)
    assert scene.component.editor.text == text
    player.shot("writing-returned")
    robin_id = pilot.app.player.student.id
    pilot.app.close()
    store = open_store(str(tmp_path / "class.db"))
    try:
        (sub,) = store.submissions(robin_id)
        assert sub.state == "returned" and sub.reviews[-1].comment == COMMENT
    finally:
        store.close()


def test_returned_writing_can_be_revised_and_sent_again(robin, tmp_path):
    pilot, player = robin
    title, challenge, text = send_for_review(pilot, player)
    return_with_comment(pilot, player, title, challenge)
    scene = pilot.app.top
    player.click_target("Your writing")
    pilot.press("ctrl+end")
    pilot.type(" The heart beats faster because the muscles need more oxygen.")
    pilot.click("Submit for review")
    pilot.assert_text("Submitted for your teacher")
    assert scene.view.submission_state == "submitted"
    robin_id = pilot.app.player.student.id
    pilot.app.close()
    store = open_store(str(tmp_path / "class.db"))
    try:
        subs = store.submissions(robin_id)
        assert [s.state for s in subs] == ["returned", "submitted"]
        assert (
            subs[1].text == text + " The heart beats faster because the muscles need more oxygen."
        )
    finally:
        store.close()


def test_class_board_shows_teammates_and_takes_guided_peer_feedback(robin, tmp_path):
    pilot, player = robin
    app = pilot.app
    service = app.service
    class_id = app.player.student.class_id
    quest_title = play_as_classmate(service, class_id, "Ada", "amara", peer_write)
    play_as_classmate(service, class_id, "Noah", "noah", lambda s: s.challenge is not None)

    pilot.click("Class board")
    player.expect_scene("BoardScene")
    for name in ("Ada", "Noah", "Robin"):
        pilot.assert_text(name)
    assert "Teammates" in pilot.labels()
    player.shot("board-team")

    pilot.click("Shared writing")
    pilot.click(f"Ada: {quest_title}")
    pilot.click("Send feedback")
    pilot.assert_text("Fill in all three parts")
    for label, words in (
        ("Kind: something you liked", "I liked your strong opening."),
        ("Specific: a detail that worked", "The part about the bus stop was vivid."),
        ("Helpful: one idea to try", "You could add one number as evidence."),
    ):
        pilot.click(label)
        pilot.type(words)
    player.shot("board-writing")
    pilot.click("Send feedback")
    pilot.assert_text("I liked your strong opening.")
    app.close()

    store = open_store(str(tmp_path / "class.db"))
    try:
        shared = store.shared_work(class_id)
        feedback = [f for s in shared if s.student_name == "Ada" for f in s.feedback]
        assert [(f.from_name, f.kind, f.helpful) for f in feedback] == [
            ("Robin", "I liked your strong opening.", "You could add one number as evidence.")
        ]
    finally:
        store.close()


def test_settings_apply_everywhere_and_are_saved(robin, tmp_path):
    pilot, player = robin
    pilot.click("Settings")
    player.expect_scene("SettingsScene")
    pilot.click("High-contrast colours")
    pilot.click("Extra large")
    player.shot("settings")
    saved = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert saved["high_contrast"] is True and saved["text_size"] == "x-large"
    pilot.click("Done")
    player.expect_scene("HubScene")
    assert pilot.app.theme.high_contrast
    pilot.assert_text("Quest map")
    player.shot("hub-high-contrast")
    # a quest in the new look: still playable to the end
    title = player.playable()[0].quest.title
    player.play_quest(title)
    assert next(c for c in pilot.app.player.quest_map() if c.quest.title == title).status == "done"
