"""The three mini-games driven by real pygame events, judged by the rules engine's physics."""

from __future__ import annotations

import random

import pygame
import pytest
from test_challenges import FONT, click, drag, key, make, rect_of, render, settle, tab_to

from quest_engine.content import model as m
from quest_engine.rules import minigames
from quest_engine.ui.challenges import build_component
from quest_engine.ui.challenges.style import Style

LAUNCH = m.GameChallenge(
    "game",
    "Land the capsule on the pad 40 m away.",
    "launch",
    m.LaunchParams(40, 4, 9.8, m.Range(10, 80, 30), m.Range(5, 40, 15)),
)
FIXED = m.GameChallenge(
    "game",
    "Only the speed changes.",
    "launch",
    m.LaunchParams(30, 4, 9.8, m.Range(10, 80, 30), m.Range(5, 40, 15), fixed_angle=45),
)
BALANCE = m.GameChallenge(
    "game",
    "Balance the beam.",
    "balance",
    m.BalanceParams(2.0, (m.BalanceWeight(3, -1.0),), (1, 2, 4), 0.5),
)
LINE = m.GameChallenge(
    "game",
    "Put the numbers in their place.",
    "number-line",
    m.NumberLineParams(0, 2, ("3/4", "0.2", "1 1/2"), 0.05, 0.25),
)
GAMES = [LAUNCH, FIXED, BALANCE, LINE]


# ---------------------------------------------------------------------- launch
def test_launch_set_by_keys_flies_and_reports_the_landing():
    comp, got = make(LAUNCH)
    assert comp.focus_key == "angle"
    key(comp, pygame.K_RIGHT, times=15)  # 30 -> 45 degrees
    tab_to(comp, "speed")
    key(comp, pygame.K_RIGHT, times=9)  # 15 -> 19.5 m/s
    assert comp.angle.text() == "45°" and comp.speed.text() == "19.5 m/s"
    key(comp, pygame.K_RETURN)
    assert comp.update(1 / 60)  # the capsule is in the air
    key(comp, pygame.K_LEFT)  # controls are locked mid-flight
    assert comp.speed.value == 19.5 and got == []
    settle(comp, 6)
    assert got == [{"angle": 45.0, "speed": 19.5}]
    landing = minigames.launch_range(45, 19.5, 9.8)
    assert comp.result_text() == f"Landed at {landing:.1f} m: right on the pad!"
    assert not comp.update(1 / 60)  # idle once it landed: the app may sleep
    render(comp)


def test_launch_short_shot_says_how_far_off():
    comp, got = make(LAUNCH)
    click(comp, "Launch!")
    settle(comp)
    assert got == [{"angle": 30.0, "speed": 15.0}]
    landing = minigames.launch_range(30, 15, 9.8)
    assert comp.result_text() == f"Landed at {landing:.1f} m: {40 - landing:.1f} m short."
    comp.show_feedback(False, "Not yet: try a little more speed.")
    comp.reset_for_retry()
    assert comp.speed.value == 15.0  # settings survive a retry so students iterate


def test_launch_slider_drag_and_plus_minus_buttons():
    comp, got = make(LAUNCH)
    track = comp.speed.track
    drag(comp, comp.speed.knob_centre(), (track.right + 40, track.centery))
    assert comp.speed.value == 40
    click(comp, "Speed −")
    assert comp.speed.value == 39.5
    drag(comp, comp.angle.knob_centre(), (comp.angle.track.left - 30, comp.angle.track.centery))
    assert comp.angle.value == 10


def test_launch_fixed_angle_has_only_a_speed_slider():
    comp, got = make(FIXED)
    labels = [label for label, _ in comp.controls()]
    assert "Angle" not in labels and "Speed" in labels
    key(comp, pygame.K_RIGHT, mod=pygame.KMOD_SHIFT)  # +2.5 m/s
    key(comp, pygame.K_SPACE)
    settle(comp)
    assert got == [{"angle": 45.0, "speed": 17.5}]


def test_launch_reduced_motion_lands_at_once():
    style = Style.create(1.0, False, FONT, reduced_motion=True)
    comp, got = make(LAUNCH, style=style)
    click(comp, "Launch!")
    assert got == [{"angle": 30.0, "speed": 15.0}]
    assert not comp.update(1 / 60)


# ---------------------------------------------------------------------- balance
def payload_ok(payload) -> bool:
    return minigames.balance_ok(BALANCE.params, payload["placed"])


def test_balance_drag_weights_and_the_beam_tilts_then_levels():
    comp, got = make(BALANCE)
    assert comp.tilt < 0  # 3 kg on the left
    slot_1 = rect_of(comp, "slot +1 m").center
    drag(comp, rect_of(comp, "2 kg weight").center, (slot_1[0], slot_1[1] - 40))
    assert [(p.mass, comp.slots[p.slot]) for p in comp.pieces if p.slot is not None] == [(2.0, 1.0)]
    settle(comp)
    assert comp.tilt < 0  # still heavier on the left (3 vs 2)
    slot_2 = rect_of(comp, "slot +0.5 m").center
    drag(comp, rect_of(comp, "4 kg weight").center, slot_2)
    settle(comp)
    assert comp.tilt > 0  # now 4 > 3: tips right
    drag(comp, rect_of(comp, "4 kg weight at +0.5 m").center, comp.tray.center)
    drag(comp, rect_of(comp, "1 kg weight").center, rect_of(comp, "slot +1 m").center)
    for _ in range(600):
        if not comp.update(1 / 60):
            break
    assert comp.tilt == 0 and comp.status_text().startswith("Level!")
    click(comp, "Check balance")
    assert len(got) == 1 and payload_ok(got[0])
    assert sorted((w["mass"], w["position"]) for w in got[0]["placed"]) == [(1.0, 1.0), (2.0, 1.0)]


def test_balance_by_keyboard_only():
    comp, got = make(BALANCE)
    one = next(p.id for p in comp.pieces if p.mass == 1)
    tab_to(comp, f"w:{one}")
    key(comp, pygame.K_RETURN)  # pick up: the ghost starts at +0.5 m
    key(comp, pygame.K_RIGHT, times=9)  # stops at the end of the beam, +2 m
    key(comp, pygame.K_RETURN)
    assert comp.slots[comp.pieces[one].slot] == 2.0
    assert not comp.balanced()
    key(comp, pygame.K_DELETE)  # back to the tray
    assert comp.pieces[one].slot is None
    two = next(p.id for p in comp.pieces if p.mass == 2)
    tab_to(comp, f"w:{two}")
    key(comp, pygame.K_SPACE)
    key(comp, pygame.K_RIGHT, times=2)  # +0.5 -> +1.5 m: 2 x 1.5 = 3 x 1
    key(comp, pygame.K_RETURN)
    assert comp.balanced()
    tab_to(comp, "submit")
    key(comp, pygame.K_RETURN)
    assert got == [{"placed": [{"mass": 2.0, "position": 1.5}]}] and payload_ok(got[0])


def test_balance_tap_weight_then_tap_slot():
    comp, got = make(BALANCE)
    click(comp, "4 kg weight")
    click(comp, "slot -2 m")
    assert [(p.mass, comp.slots[p.slot]) for p in comp.pieces if p.slot is not None] == [
        (4.0, -2.0)
    ]
    assert "left 11" in comp.status_text()


def test_balance_reduced_motion_jumps_to_the_end_state():
    style = Style.create(1.0, False, FONT, reduced_motion=True)
    comp, got = make(BALANCE, style=style)
    click(comp, "4 kg weight")
    click(comp, "slot +2 m")
    assert comp.tilt > 0 and not comp.update(1 / 60)


# ---------------------------------------------------------------------- number line
def card_index(comp, text):
    return next(i for i, c in enumerate(comp.cards) if c.text == text)


def test_number_line_drag_cards_and_check():
    comp, got = make(LINE)
    assert not comp.can_submit()
    for text in ("3/4", "0.2", "1 1/2"):
        value = minigames.parse_line_value(text)
        target = (round(comp.to_x(value)), comp.line_y - 20)
        drag(comp, rect_of(comp, text).center, target)
    assert "3 of 3 placed" in comp.status_text()
    click(comp, "Check places")
    assert len(got) == 1
    ok, errors = minigames.number_line_ok(LINE.params, got[0]["positions"])
    assert ok, errors


def test_number_line_drag_back_to_the_tray_removes_a_card():
    comp, got = make(LINE)
    drag(comp, rect_of(comp, "0.2").center, (comp.x_lo + 100, comp.line_y - 10))
    assert comp.cards[card_index(comp, "0.2")].value is not None
    drag(comp, rect_of(comp, "0.2").center, comp.tray.center)
    assert comp.cards[card_index(comp, "0.2")].value is None


def test_number_line_tap_card_then_tap_a_labelled_tick():
    comp, got = make(LINE)
    click(comp, "1 1/2")
    click(comp, "1")
    assert comp.cards[card_index(comp, "1 1/2")].value == 1.0


def test_number_line_by_keyboard_only():
    comp, got = make(LINE)
    for text in ("3/4", "0.2", "1 1/2"):
        index = card_index(comp, text)
        tab_to(comp, f"c:{index}")
        key(comp, pygame.K_RETURN)
        key(comp, pygame.K_HOME)  # to 0
        target = minigames.parse_line_value(text)
        ticks = int(target // comp.tick)
        key(comp, pygame.K_RIGHT, mod=pygame.KMOD_SHIFT, times=ticks)
        key(comp, pygame.K_RIGHT, times=round((target - ticks * comp.tick) / comp.fine))
        key(comp, pygame.K_RETURN)
    tab_to(comp, "submit")
    key(comp, pygame.K_RETURN)
    assert got == [{"positions": {"3/4": 0.75, "0.2": 0.2, "1 1/2": 1.5}}]


# ---------------------------------------------------------------------- shared qualities
@pytest.mark.parametrize(
    "challenge", GAMES, ids=lambda c: c.game + ("-fixed" if c is FIXED else "")
)
def test_games_lay_out_from_small_to_large_windows(challenge):
    comp, _ = make(challenge)
    for size in ((1024, 600), (1920, 1080), (1280, 720)):
        rect = pygame.Rect(20, 90, size[0] - 40, size[1] - 110)
        comp.set_rect(rect)
        for label, r in comp.controls():
            assert rect.contains(r), (label, r, rect)
            assert r.height >= 44 and r.width >= 44, (label, r)
        render(comp, size)


@pytest.mark.parametrize("challenge", GAMES, ids=lambda c: c.game)
def test_games_render_in_high_contrast_with_large_text(challenge):
    style = Style.create(1.5, True, None)
    comp = build_component(
        challenge, pygame.Rect(0, 0, 1280, 720), style, lambda v: None, random.Random(1)
    )
    surface = render(comp)
    colours = {surface.get_at((x, y))[:3] for x in range(0, 1280, 3) for y in range(0, 720, 3)}
    assert style.palette.ink in colours and style.palette.primary in colours


def test_number_line_after_a_wrong_verdict_marks_the_cards_to_move():
    comp, got = make(LINE)
    for text, value in (("3/4", 0.75), ("0.2", 0.6), ("1 1/2", 1.5)):
        comp.place(card_index(comp, text), value)
    click(comp, "Check places")
    comp.show_feedback(False, "Some cards are not in their place yet.")
    assert comp.marks[card_index(comp, "0.2")] is False
    assert comp.marks[card_index(comp, "3/4")] is True
    comp.reset_for_retry()
    assert comp.status_text() == "2 of 3 in the right place · move the red ones"
    drag(comp, rect_of(comp, "0.2").center, (round(comp.to_x(0.2)), comp.line_y - 20))
    assert card_index(comp, "0.2") not in comp.marks  # moved: its old mark is gone
    render(comp)


def test_a_hit_and_a_level_beam_celebrate_unless_motion_is_reduced():
    comp, got = make(LAUNCH)
    comp.angle.set(45)
    comp.speed.set(19.5)
    click(comp, "Launch!")
    settle(comp, 2.5)
    assert comp.confetti.active  # landing on the pad bursts confetti
    settle(comp, 3)
    assert not comp.confetti.active and not comp.update(1 / 60)
    comp, got = make(BALANCE)
    click(comp, "2 kg weight")
    click(comp, "slot +1.5 m")
    assert comp.confetti.active
    calm = Style.create(1.0, False, FONT, reduced_motion=True)
    comp, got = make(BALANCE, style=calm)
    click(comp, "2 kg weight")
    click(comp, "slot +1.5 m")
    assert comp.balanced() and not comp.confetti.active


def test_launch_stays_playable_after_a_hit_but_reports_nothing_more():
    comp, got = make(LAUNCH)
    click(comp, "Launch!")
    settle(comp, 6)
    comp.show_feedback(True, "Touchdown!")
    click(comp, "Speed +")
    click(comp, "Launch!")
    assert comp.flying is not None  # practice flight
    settle(comp, 6)
    assert len(got) == 1 and len(comp.shots) == 2
    assert comp.feedback == (True, "Touchdown!")
