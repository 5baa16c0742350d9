"""Every screen opens through the real loop, reacts to the keyboard and fits the window."""

from __future__ import annotations

import pygame
import pytest

from quest_engine.ui.controls import TextField


def _open(pilot, screen: str):
    """Drive the UI to a screen the way a student would."""
    if screen == "signin":
        return
    if screen == "create":
        pilot.click("Room 12")
        pilot.click("I'm new here")
        return
    if screen == "facilitator":
        pilot.click("I'm a facilitator")
        pilot.type("teach")
        pilot.press("enter")
        return
    pilot.click("Room 12")
    pilot.click("Maya")
    if screen == "hub":
        return
    if screen == "quest":
        pilot.click("Launch Lab")
        pilot.click("Start quest")
        pilot.click("Continue")
    elif screen == "board":
        pilot.click("Class board")
    elif screen == "gallery":
        pilot.click("Class board")
        pilot.click("Shared writing")
    elif screen == "settings":
        pilot.click("Settings")


SCREENS = {
    "signin": "Which class are you in?",
    "create": "Make your explorer",
    "facilitator": "Review queue",
    "hub": "Quest map",
    "quest": "Which angle sends a capsule farthest",
    "board": "Together: 4 explorers",
    "gallery": "Kind: something you liked",
    "settings": "Dyslexia-friendly font",
}


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_every_screen_renders_what_the_student_needs(pilot, screen):
    _open(pilot, screen)
    pilot.assert_text(SCREENS[screen])


def _check_fits(pilot):
    w, h = pilot.app.size
    window = pygame.Rect(0, 0, w, h)
    controls = [c for c in pilot.app.top.controls() if c.rect.width]
    assert controls
    for c in controls:
        assert window.contains(c.rect), f"{c.label!r} {c.rect} leaves the {w}x{h} window"
        assert c.rect.height >= 44 or isinstance(c, TextField), f"{c.label!r} is too small to touch"
    rects = [(c.label, c.rect) for c in controls if type(c).__name__ != "ComponentControl"]
    for i, (la, ra) in enumerate(rects):
        for lb, rb in rects[i + 1 :]:
            assert not ra.colliderect(rb), f"{la!r} overlaps {lb!r}"


@pytest.mark.parametrize("size", [(1024, 600), (1920, 1080)])
@pytest.mark.parametrize(
    "screen", ["signin", "create", "hub", "quest", "gallery", "settings", "facilitator"]
)
def test_layouts_fit_small_and_large_windows(make_pilot, screen, size):
    pilot = make_pilot()
    _open(pilot, screen)
    pilot.resize(*size)
    assert pilot.app.size == size
    _check_fits(pilot)
    pilot.assert_text(SCREENS[screen])


def test_keyboard_only_sign_in_and_back_out(pilot):
    pilot.press("tab")
    assert pilot.app.top.focus.focused.label == "Room 12"
    pilot.press("enter")
    pilot.assert_text("Who's playing?")
    pilot.press("escape")
    pilot.assert_text("Which class are you in?")
    assert pilot.app.top.focus.focused.label == "Room 12"
    pilot.press("enter")
    pilot.press("right")  # from Leo to Maya
    assert pilot.app.top.focus.focused.label == "Maya"
    pilot.press("enter")
    pilot.assert_text("Quest map")


def test_arrow_keys_walk_the_quest_map_and_enter_opens_a_card(hub):
    hub.press("tab")
    first = hub.app.top.focus.focused.label
    hub.press("right")
    second = hub.app.top.focus.focused.label
    assert first != second
    hub.press("enter")
    hub.assert_text(f"{second}")
    assert hub.app.top.selected is not None


def test_choice_challenge_by_keyboard_gives_encouraging_feedback(hub):
    hub.click("Launch Lab")
    hub.click("Start quest")
    hub.press("enter")  # Continue is focused on a story step
    hub.assert_text("Which angle")
    hub.press("enter")  # the challenge has focus: its first option, 30°
    assert hub.app.service.answers[-1] == ("launch-lab", "predict", ["a30"])
    hub.click("45°")
    hub.assert_text("+15 XP")
    assert "Continue" in hub.labels()


def test_hints_come_one_at_a_time(hub):
    hub.click("Launch Lab")
    hub.click("Start quest")
    hub.click("Continue")
    hub.click("Show a hint")
    hub.assert_text("Think about a ball thrown straight up.")
    hub.click("Another hint")
    hub.assert_text("Halfway between flat and up.")
    assert not any("hint" in label.lower() for label in hub.labels())


def test_finishing_a_quest_celebrates_the_badge(hub):
    hub.click("Launch Lab")
    hub.click("Fraction Pizza")
    hub.assert_text("Slice pizzas to compare fractions.")
    hub.click("Start quest")
    hub.click("Continue")
    hub.click("1/2")
    hub.click("Continue")
    hub.click("Finish quest")
    hub.assert_text("New badge!")
    hub.assert_text("Fraction Fan")
    assert "badge" in hub.app.sounds.played
    hub.press("enter")
    hub.assert_text("Badge case")
    done = [c for c in hub.app.top.cards if c.status == "done"]
    assert [c.quest.id for c in done] == ["fraction-pizza"]
    hub.assert_text("Done")


def test_reduced_motion_celebration_does_not_animate(make_pilot, service):
    from quest_engine.ui.scenes.celebration import CelebrationScene

    pilot = make_pilot()
    pilot.app.apply_settings(pilot.app.settings.with_changes(reduced_motion=True, sound=False))
    pilot.app.push(CelebrationScene(pilot.app, tuple(service.pack.badges.values())[:1], None))
    pilot.frames(2)
    assert pilot.app.animating is False
    assert pilot.app.sounds.played == []
    pilot.assert_text("New badge!")


def test_peer_feedback_is_guided_in_three_parts(hub):
    hub.click("Class board")
    hub.assert_text("Ana")
    assert not any(s.isdigit() and s in ("#1", "1st") for s in hub.screen_text().split())
    hub.click("Shared writing")
    hub.click("Kind")
    hub.type("Great opening")
    hub.click("Send feedback")
    hub.assert_text("Fill in all three parts")
    hub.click("Specific")
    hub.type("the library")
    hub.click("Helpful")
    hub.type("tell us the robot's name")
    hub.click("Send feedback")
    hub.assert_text("Ana will see your feedback")
    fb = hub.app.service.shared[0].feedback[-1]
    assert (fb.kind, fb.specific, fb.helpful) == (
        "Great opening",
        "the library",
        "tell us the robot's name",
    )


def test_facilitator_scores_rubric_and_approves(pilot, service):
    _open(pilot, "facilitator")
    pilot.click("Approve")
    pilot.assert_text("Score every criterion first")
    pilot.click("Clear explanation: 3 Clear")
    pilot.click("Comment for the student")
    pilot.type("Lovely first line!")
    pilot.click("Approve")
    pilot.assert_text("All caught up")
    assert service.reviews == [("sub0", {"clarity": 3}, "Lovely first line!", True)]


def test_returning_work_needs_a_comment(pilot, service):
    _open(pilot, "facilitator")
    pilot.click("Clear explanation: 1 Hard to follow")
    pilot.click("Return for revision")
    pilot.assert_text("Add a comment")
    assert service.reviews == []


def test_create_profile_with_avatar_and_pin(pilot, service):
    _open(pilot, "create")
    pilot.click("Display name")
    pilot.type("Zoë")
    pilot.click("Avatar Kenji")
    pilot.click("PIN")
    pilot.type("12")
    pilot.click("Start playing")
    pilot.assert_text("A PIN is exactly 4 digits")
    pilot.click("PIN")
    pilot.type("34")
    pilot.click("Start playing")
    pilot.assert_text("Quest map")
    pilot.assert_text("Zoë")
    made = [s for s in service._students.values() if s.display_name == "Zoë"][0]
    assert made.avatar == "kenji" and made.has_pin


def _tab_to(pilot, label: str, limit: int = 30) -> None:
    for _ in range(limit):
        pilot.press("tab")
        focused = pilot.app.top.focus.focused
        if focused is not None and focused.label == label:
            return
    raise AssertionError(f"Tab never reached {label!r}")


def test_settings_by_keyboard_and_escape_returns(hub):
    _tab_to(hub, "Settings")
    hub.press("enter")
    hub.assert_text("Make the game comfortable for you")
    _tab_to(hub, "Reduced motion")
    hub.press("space")
    assert hub.app.settings.reduced_motion is True
    hub.press("escape")
    hub.assert_text("Quest map")


def test_class_board_and_peer_feedback_by_keyboard(hub):
    _tab_to(hub, "Class board")
    hub.press("enter")
    _tab_to(hub, "Shared writing")
    hub.press("enter")
    _tab_to(hub, "Kind: something you liked")
    hub.type("Funny robot")
    hub.press("tab")
    hub.type("the closing time")
    hub.press("tab")
    hub.type("add a title")
    _tab_to(hub, "Send feedback")
    hub.press("enter")
    hub.assert_text("Ana will see your feedback")
    hub.press("escape")
    hub.assert_text("Quest map")


def test_facilitator_review_by_keyboard(pilot, service):
    _open(pilot, "facilitator")
    _tab_to(pilot, "Clear explanation: 2 Mostly clear")
    pilot.press("enter")
    _tab_to(pilot, "Comment for the student")
    pilot.type("Good start")
    _tab_to(pilot, "Return for revision")
    pilot.press("enter")
    assert service.reviews == [("sub0", {"clarity": 2}, "Good start", False)]


def test_growing_the_window_after_scrolling_shows_the_whole_map(hub):
    hub.resize(1024, 600)
    hub.scroll(-10)  # the wheel scrolls the map as far as it goes
    hub.app.top.scroll = 400  # (as if the map had been longer)
    hub.app.top.relayout()
    hub.resize(1920, 1080)
    nodes = [w for w in hub.app.top.widgets if type(w).__name__ == "Tile"]
    assert nodes and not any(n.clipped for n in nodes)
    assert hub.app.top.scroll == 0


def test_my_work_shows_feedback_and_lets_the_author_unshare(hub, service):
    hub.play_quest("Launch Lab")
    hub.click("Class board")
    hub.click("My work")
    hub.assert_text("Waiting for review")
    assert any(w.author_name == "Maya" for w in service.shared)
    hub.click("Show on the class board")
    assert not any(w.author_name == "Maya" for w in service.shared)
    hub.assert_text("private")
    hub.click("Shared writing")
    assert not any(label.startswith("Maya:") for label in hub.labels())


def test_facilitator_approves_a_waiting_badge(pilot, service):
    _open(pilot, "facilitator")
    pilot.click("Badges to approve")
    pilot.assert_text("Ana earned Rocketeer")
    pilot.click("Approve Rocketeer for Ana")
    assert service.approved_badges == [("s-ana", "rocketeer")]
    pilot.assert_text("Approved: Rocketeer for Ana")
