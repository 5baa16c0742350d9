"""Layout checks a screenshot review would make: nothing overlaps, spills or is cut.

Every component is laid out in the quest player's challenge area at 1280x720 and at
1024x600 (window scale 0.85), with normal text and with high contrast + extra-large text,
and the rectangles a student sees are checked: inside the component, not overlapping each
other, feedback shown in full, labels apart, weights on the beam, cards in their area.
"""

from __future__ import annotations

import random

import pygame
import pytest
from test_challenges import (
    CHOICE,
    FONT,
    LONG_MATCH,
    LONG_ORDER,
    MATCH,
    ORDER,
    WRITE,
    click_at,
    render,
    type_text,
)

from quest_engine.content import model as m
from quest_engine.ui.challenges import build_component, draw
from quest_engine.ui.challenges.style import Style
from quest_engine.ui.theme import DYSLEXIC_FACTOR, MIN_TARGET

AREAS = {
    "1280x720": (pygame.Rect(486, 104, 774, 526), pygame.Rect(412, 104, 848, 526), 1.0),
    "1024x600": (pygame.Rect(390, 92, 617, 431), pygame.Rect(331, 92, 676, 431), 0.85),
}
LOOKS = {"plain": (1.0, False, FONT), "xl-contrast": (1.36, True, FONT)}
DYSLEXIC = FONT and FONT.replace("DejaVuSans.ttf", "OpenDyslexic-Regular.woff")
XL_DYSLEXIA = (1.36 * DYSLEXIC_FACTOR, True, DYSLEXIC)
"""The widest look (letters spaced out), as the game sizes it: for the checks that pass there."""
CASES = [(a, look) for a in AREAS for look in LOOKS]
IDS = [f"{a}-{look}" for a, look in CASES]

LONG_FEEDBACK = (
    "Perfect! 1/2, 0.5 and 2/4 are three names for the same number. You can carry on with "
    "the next step whenever you are ready, and remember the trick for next time."
)
FIVE = m.ChoiceChallenge(
    "choice",
    "Which of these are equal to one half? Select all that apply.",
    tuple(m.ChoiceOption(f"o{i}", t) for i, t in enumerate(["1/4", "1/2", "0.2", "0.5", "2/4"])),
    multiple=True,
)
BALANCE = m.GameChallenge(
    "game",
    "Place blocks on the beam until it balances.",
    "balance",
    m.BalanceParams(3.0, (m.BalanceWeight(3, -2.0),), (2, 4), 0.5),
)
LINE = m.GameChallenge(
    "game",
    "Place each number on the line from 0 to 2.",
    "number-line",
    m.NumberLineParams(0, 2, ("0.2", "1/4", "1/2", "3/4", "1.25", "1 1/2"), 0.05, 0.25),
)
RUBRIC_WRITE = m.WriteChallenge(
    "write",
    'Explain to a younger friend why your heart beats faster when you run. Use the words "oxygen" and "muscles".',
    min_words=30,
    max_words=150,
    rubric=(
        m.RubricCriterion(
            "science",
            "The science is correct (muscles need more oxygen; blood carries it; the heart pumps faster)",
            (
                m.RubricLevel(3, "Correct and complete"),
                m.RubricLevel(2, "Mostly correct with one gap"),
                m.RubricLevel(1, "Some ideas are mixed up"),
            ),
        ),
        m.RubricCriterion(
            "words",
            "Uses both key words correctly",
            (m.RubricLevel(2, "Both, used well"), m.RubricLevel(1, "One or used loosely")),
        ),
    ),
    review="teacher",
)


def build(challenge, area="1280x720", look="plain", **options):
    chal, game, scale = AREAS[area]
    text, contrast, font = XL_DYSLEXIA if look == "xl-dyslexia" else LOOKS[look]
    style = Style.create(scale * text, contrast, font)
    rect = game if challenge.kind == "game" else chal
    got: list = []
    comp = build_component(challenge, rect, style, got.append, random.Random(3), **options)
    return comp, got


def overlaps(rects):
    """Pairs of (label, rect) that overlap."""
    out = []
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1 :]:
            if ra.colliderect(rb):
                out.append((a, b))
    return out


# ---------------------------------------------------------------------- feedback banner
@pytest.mark.parametrize(("area", "look"), CASES, ids=IDS)
@pytest.mark.parametrize(
    "challenge",
    [FIVE, ORDER, MATCH, WRITE, BALANCE, LINE],
    ids=lambda c: c.kind + getattr(c, "game", ""),
)
def test_feedback_is_shown_in_full_and_the_done_button_goes(challenge, area, look):
    comp, _ = build(challenge, area, look)
    comp.show_feedback(True, LONG_FEEDBACK, extra="+10 XP")
    render(comp, (1280, 720))
    shown = " ".join(comp.banner_lines())
    assert shown == LONG_FEEDBACK  # wrapped, never cut with an ellipsis
    banner = comp.banner_rect()
    assert comp.rect.contains(banner)
    assert comp.submit_rect.width == 0  # nothing more to check
    assert "submit" not in [c.key for c in comp._all_controls()]
    assert comp.body.bottom <= banner.top  # the banner does not cover the answer
    comp.reset_for_retry()
    assert comp.submit_rect.width and comp.banner_rect() is None


@pytest.mark.parametrize(("area", "look"), CASES, ids=IDS)
def test_a_wrong_answer_banner_sits_beside_the_check_button(area, look):
    comp, _ = build(ORDER, area, look)
    comp.show_feedback(False, LONG_FEEDBACK)
    render(comp, (1280, 720))
    assert " ".join(comp.banner_lines()) == LONG_FEEDBACK
    assert comp.submit_rect.width and not comp.banner_rect().colliderect(comp.submit_rect)
    assert comp.rect.contains(comp.banner_rect()) and comp.rect.contains(comp.submit_rect)


# ---------------------------------------------------------------------- controls
@pytest.mark.parametrize(("area", "look"), CASES, ids=IDS)
@pytest.mark.parametrize(
    "challenge",
    [CHOICE, FIVE, LONG_ORDER, LONG_MATCH, BALANCE, LINE],
    ids=lambda c: c.kind + getattr(c, "game", ""),
)
def test_controls_stay_inside_and_apart(challenge, area, look):
    comp, _ = build(challenge, area, look)
    render(comp, (1280, 720))
    shown = comp.controls()
    for label, rect in shown:
        assert comp.rect.contains(rect), (label, rect, comp.rect)
    cards = [
        (lab, r) for lab, r in shown if not lab.startswith(("Move ", "slot ")) and len(lab) > 0
    ]
    cards = [
        (lab, r)
        for lab, r in cards
        if not (challenge.kind == "game" and lab.replace(".", "").isdigit())
    ]
    assert not overlaps(cards), overlaps(cards)


# ---------------------------------------------------------------------- choice
def test_choice_options_are_big_and_balanced_in_the_card():
    comp, _ = build(CHOICE)
    rects = list(comp.option_rects.values())
    assert all(r.height >= 60 for r in rects)
    assert all(r.width >= comp.body.width * 0.9 for r in rects)  # the card's width, not half
    above = min(r.top for r in rects) - comp.body.top
    below = comp.body.bottom - max(r.bottom for r in rects)
    assert above > 20 and below > 20  # not all crammed at the top


def test_many_short_options_use_two_columns_when_wide():
    comp, _ = build(FIVE)
    lefts = {r.left for r in comp.option_rects.values()}
    assert len(lefts) == 2 and not comp.max_scroll()
    comp, _ = build(FIVE, "1024x600", "xl-contrast")
    assert not comp.max_scroll()  # two columns keep all five in view at 1024x600


# ---------------------------------------------------------------------- order arrows
def test_up_and_down_arrows_are_centred_alike():
    surface = pygame.Surface((100, 100))
    box = pygame.Rect(20, 20, 44, 44)
    for up in (True, False):
        points = draw.triangle(surface, (0, 0, 0), box, up)
        ys = [y for _, y in points]
        xs = [x for x, _ in points]
        assert (min(ys) + max(ys)) / 2 == box.centery
        assert (min(xs) + max(xs)) / 2 == box.centerx


# ---------------------------------------------------------------------- scrolled lists
@pytest.mark.parametrize("challenge", [LONG_ORDER, LONG_MATCH], ids=["order", "match"])
def test_a_scrolled_list_fades_at_its_edges_and_says_there_is_more(challenge):
    comp, _ = build(challenge, "1024x600", "xl-contrast")
    assert comp.max_scroll() > 0
    assert comp.scroll_cue_rect() is not None
    comp.scroll_to(comp.max_scroll() // 2)
    surface = render(comp, (1280, 720))
    card = comp.style.palette.card
    # the outermost pixel rows of the viewport are the card colour: no text sliced through
    for y in (comp.body.top, comp.body.bottom - 1):
        row = {surface.get_at((x, y))[:3] for x in range(comp.body.left, comp.body.right, 3)}
        assert row <= {card, comp.style.palette.ink, comp.style.palette.page}, (y, row)
    comp.scroll_to(comp.max_scroll())
    assert comp.scroll_cue_rect() is None


# ---------------------------------------------------------------------- balance
@pytest.mark.parametrize(("area", "look"), CASES, ids=IDS)
@pytest.mark.parametrize("tilt", [0.0, 1.0, -1.0])
def test_balance_distance_labels_never_collide(area, look, tilt):
    comp, _ = build(BALANCE, area, look)
    comp.tilt = tilt * comp.max_tilt
    labels = comp.distance_labels()
    assert len(labels) >= 4
    padded = [(t, r.inflate(4, 0)) for t, r in labels]
    assert not overlaps(padded), overlaps(padded)
    assert all(comp.scene.contains(r) for _, r in labels)
    for _, r in labels:
        assert r.bottom < comp.ground  # above the ground, even on the low end


@pytest.mark.parametrize(("area", "look"), CASES, ids=IDS)
def test_balance_weights_on_the_end_slots_stay_on_the_beam(area, look):
    comp, _ = build(BALANCE, area, look)
    comp.place(0, len(comp.slots) - 1)
    comp.place(1, len(comp.slots) - 2)
    comp.tilt = 0.0
    rects = comp.piece_rects()
    beam_left = comp.pivot[0] - comp.beam_half_px
    beam_right = comp.pivot[0] + comp.beam_half_px
    for r in rects.values():
        assert beam_left <= r.left and r.right <= beam_right, (r, beam_left, beam_right)
    assert not rects[0].colliderect(rects[1])  # neighbouring slots: side by side
    assert comp.scene.left < beam_left and beam_right < comp.scene.right
    render(comp, (1280, 720))


@pytest.mark.parametrize(("area", "look"), CASES, ids=IDS)
@pytest.mark.parametrize("tilt", [0.0, 1.0, -1.0])
@pytest.mark.parametrize("placed", [False, True], ids=["tray", "on-beam"])
def test_balance_weights_and_slots_are_touch_sized_and_apart(area, look, tilt, placed):
    comp, _ = build(BALANCE, area, look)
    if placed:  # side by side on neighbouring slots at the end of the beam
        comp.place(0, len(comp.slots) - 1)
        comp.place(1, len(comp.slots) - 2)
    comp.tilt = tilt * comp.max_tilt
    targets = comp.controls()
    for label, rect in targets:
        assert min(rect.size) >= MIN_TARGET, (label, rect)
    assert not overlaps(targets), overlaps(targets)


@pytest.mark.parametrize(("area", "look"), CASES, ids=IDS)
def test_a_tap_anywhere_in_a_slots_area_puts_the_held_weight_there(area, look):
    comp, _ = build(BALANCE, area, look)
    comp.tilt = comp.max_tilt
    weight = "4 kg weight"
    for i, pos in enumerate(comp.slots):
        slot = dict(comp.controls())[f"slot {pos:+g} m"]
        corner = (slot.left, slot.bottom - 1) if i % 2 else (slot.right - 1, slot.top)
        click_at(comp, dict(comp.controls())[weight].center)  # pick it up...
        click_at(comp, corner)  # ...and tap the far corner of the slot's area
        assert comp.pieces[1].slot == i, (pos, slot, corner)
        weight = f"4 kg weight at {pos:+g} m"


def test_balance_slots_closer_than_a_finger_share_the_beam_without_overlap():
    dense = m.GameChallenge(
        "game", "Balance it.", "balance", m.BalanceParams(3.0, (), (1, 2, 4), 0.1)
    )
    comp, _ = build(dense, "1024x600", "xl-contrast")
    comp.tilt = -comp.max_tilt
    slots = [(label, r) for label, r in comp.controls() if label.startswith("slot")]
    assert len(slots) == 60
    assert not overlaps(slots)
    assert all(r.height >= MIN_TARGET for _, r in slots)
    for (_, a), (_, b) in zip(slots, slots[1:], strict=False):
        assert a.right == b.left or b.left - a.right >= MIN_TARGET  # a gap only at the pivot
    # keyboard: the held weight reaches every slot with the arrow keys
    comp.activate("w:0")
    comp.keyboard_mode = True
    seen = {comp.hold_slot}
    for _ in range(len(comp.slots)):
        comp.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_LEFT, mod=0))
        seen.add(comp.hold_slot)
    for _ in range(len(comp.slots)):
        comp.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RIGHT, mod=0))
        seen.add(comp.hold_slot)
    assert seen == set(range(len(comp.slots)))


# ---------------------------------------------------------------------- number line
@pytest.mark.parametrize(("area", "look"), CASES, ids=IDS)
def test_number_line_cards_stay_in_the_line_area(area, look):
    comp, _ = build(LINE, area, look)
    for i, card in enumerate(comp.cards):
        comp.place(i, {"0.2": 0.2, "1/4": 0.25, "1/2": 0.5, "3/4": 0.75}.get(card.text, 0.3))
    rects = comp.card_rects()
    for r in rects.values():
        assert comp.band.contains(r), (r, comp.band)
        assert not r.colliderect(comp.tray)
        assert r.bottom < comp.line_y
    assert not overlaps(list(rects.items()))
    render(comp, (1280, 720))


# ---------------------------------------------------------------------- writing
@pytest.mark.parametrize(("area", "look"), CASES, ids=IDS)
def test_the_whole_rubric_can_be_read_and_the_editor_keeps_room(area, look):
    comp, _ = build(RUBRIC_WRITE, area, look)
    panel = comp.rubric_panel
    text = " ".join(t for t, _ in panel.line_rects())
    for crit in RUBRIC_WRITE.rubric:
        for word in crit.criterion.split():
            assert word in text
    comp.rubric_panel.scroll_to(panel.max_scroll())
    last = panel.line_rects()[-1][1]
    assert last.bottom <= panel.view.bottom + 1  # the last line can be scrolled into view
    if panel.max_scroll():
        panel.scroll_to(0)
        assert panel.cue_rect() is not None and panel.rect.contains(panel.cue_rect())
    assert comp.rect.contains(comp.editor.rect) and comp.rect.contains(comp.rubric_rect)
    assert not comp.editor.rect.colliderect(comp.rubric_rect)
    lines = comp.editor.inner.height // comp.editor.line_height
    assert lines >= (4 if look == "plain" else 3), lines
    render(comp, (1280, 720))


def test_a_host_can_take_the_rubric_and_the_editor_gets_the_room():
    comp, _ = build(RUBRIC_WRITE, "1024x600")
    before = comp.editor.rect.width * comp.editor.rect.height
    panel = comp.detach_rubric()
    assert panel is comp.rubric_panel and comp.rubric_rect.width == 0
    assert comp.editor.rect.width * comp.editor.rect.height > before
    panel.set_rect(pygame.Rect(20, 200, 330, 300))
    surface = pygame.Surface((1024, 600))
    panel.draw(surface)
    panel.handle_event(
        pygame.event.Event(pygame.MOUSEMOTION, pos=(100, 300), rel=(0, 0), buttons=(0, 0, 0))
    )
    if panel.max_scroll():
        assert panel.handle_event(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
        assert panel.scroll > 0


@pytest.mark.parametrize(("area", "look"), CASES, ids=IDS)
def test_the_returned_note_is_read_in_full(area, look):
    comment = "Lovely start! Add one sentence on why the heart beats faster."
    comp, _ = build(RUBRIC_WRITE, area, look)
    comp.show_returned(comment)
    render(comp, (1280, 720))
    if comp.returned_rect.width:
        shown = " ".join(t for _, t in comp.returned_lines)
        assert comp.rect.contains(comp.returned_rect)
        assert not comp.returned_rect.colliderect(comp.editor.rect)
    else:  # no room above the editor: the note heads the rubric panel instead
        shown = " ".join(t for t, _ in comp.rubric_panel.line_rects())
    assert f"“{comment}”" in shown
    assert comp.editor.inner.height // comp.editor.line_height >= 3


# ---------------------------------------------------------------------- choice verdict
HEART = m.ChoiceChallenge(
    "choice",
    "After a minute of jumping jacks, what happens to your heart rate, and why?",
    (
        m.ChoiceOption("down", "It goes down because the heart gets tired."),
        m.ChoiceOption("same", "It stays the same. The heart always beats at one speed."),
        m.ChoiceOption(
            "up", "It goes up, so blood brings more oxygen to your working muscles.", True
        ),
        m.ChoiceOption("grow", "It goes up because the heart grows bigger during exercise."),
    ),
)


@pytest.mark.parametrize(("area", "look"), CASES, ids=IDS)
@pytest.mark.parametrize("pick", ["down", "up", "grow"])
def test_after_the_verdict_the_students_pick_stays_in_view(area, look, pick):
    """The feedback banner takes room and the options may scroll: the option the student
    chose (coloured by the verdict) is still fully shown, and no "More" pill covers it."""
    comp, got = build(HEART, area, look, show_prompt=True)
    comp._on_activate(f"opt:{pick}")
    assert got == [pick]
    comp.show_feedback(
        pick == "up",
        "Exactly! Working muscles need more oxygen, so the heart pumps faster, and that is "
        "why your pulse goes up when you run.",
        extra="+10 XP",
    )
    chosen = comp.option_rects[pick]
    if chosen.height <= comp.body.height:
        assert comp.body.contains(chosen), (comp.body, chosen)
    else:
        assert chosen.clip(comp.body).height == comp.body.height
    cue = comp.scroll_cue_rect()
    assert cue is None or not cue.colliderect(chosen)
    comp.set_rect(comp.rect.inflate(0, -40))  # the host lays out again (e.g. a resize)
    chosen = comp.option_rects[pick]
    assert chosen.clip(comp.body).height == min(chosen.height, comp.body.height)


# ---------------------------------------------------------------------- short cards
# the challenge card of the quest player at 1024x600 with extra-large text (a taller top bar):
# 410 px tall with a row of buttons under it (Continue), 471 px while answering a step with
# hints (the hint button sits under the brief)
SHORT = {"chal": pygame.Rect(390, 112, 617, 410), "game": pygame.Rect(331, 112, 676, 410)}
ANSWERING = 471
SNIPER = m.GameChallenge(
    "game",
    "The pad is 30 m away and the angle is fixed at 45°. Pick the speed and launch once.",
    "launch",
    m.LaunchParams(30, 4, 9.8, speed=m.Range(5, 25, 10), fixed_angle=45),
)
FREE_LAUNCH = m.GameChallenge(
    "game",
    "The pad is 40 m away. Set the angle and the speed, then press Launch and watch the path.",
    "launch",
    m.LaunchParams(40),
)
FORMULA = m.NumberChallenge(
    "number",
    "At 45°, a capsule leaves the launcher at 14 m/s. How far does it fly, in metres?",
    20,
    tolerance=0.5,
    unit="m",
)


def _short(challenge, look, height=410):
    text, contrast, font = XL_DYSLEXIA if look == "xl-dyslexia" else LOOKS[look]
    style = Style.create(0.85 * text, contrast, font)
    rect = pygame.Rect(SHORT["game" if challenge.kind == "game" else "chal"])
    rect.height = height
    got: list = []
    comp = build_component(challenge, rect, style, got.append, random.Random(3), show_prompt=True)
    return comp, got


@pytest.mark.parametrize("look", ["plain", "xl-contrast", "xl-dyslexia"])
@pytest.mark.parametrize("challenge", [SNIPER, FREE_LAUNCH], ids=["fixed-angle", "free"])
def test_launch_sliders_stay_above_the_launch_button_in_a_short_card(challenge, look):
    """Big text on a small window: the scene gives up height, the sliders never slide
    under the Launch button (its + was hidden behind it) nor leave the card."""
    comp, _ = _short(challenge, look)
    targets = [(label, r) for label, r in comp.controls() if label != comp.submit_label]
    assert targets
    for label, r in targets:
        assert comp.rect.contains(r), (label, r, comp.rect)
        assert r.bottom < comp.submit_rect.top, (label, r, comp.submit_rect)
    if comp.fixed:
        assert comp.fixed_rect.bottom < comp.submit_rect.top
    assert comp.scene.bottom <= min(r.top for _l, r in targets)


@pytest.mark.parametrize("look", ["plain", "xl-contrast", "xl-dyslexia"])
def test_the_tip_under_a_number_entry_is_whole_and_clear_of_the_banner(look):
    """After a wrong answer the banner takes room: the tip under the entry is shown whole
    (the long one, or "Press Enter to check."), never half a line behind the banner."""
    comp, got = _short(FORMULA, look)
    type_text(comp, "30")
    comp.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode=""))
    assert got == ["30"]
    comp.show_feedback(False, "Close! Take another look and try again.")
    lines = comp.helper_lines()
    assert lines, "no tip at all"
    assert " ".join(lines) in (comp._helper(), "Press Enter to check.")
    font = comp.style.font("small")
    bottom = comp.entry.rect.bottom + 10 + len(lines) * (font.get_linesize() + 4) - 4
    assert bottom <= comp.body.bottom <= comp.action_bar.top


SEESAW = m.GameChallenge(
    "game",
    "Place blocks on the beam until it balances.",
    "balance",
    m.BalanceParams(3.0, (m.BalanceWeight(3, -2.0),), (2, 4), 0.5),
)


@pytest.mark.parametrize("look", ["plain", "xl-contrast", "xl-dyslexia"])
@pytest.mark.parametrize("tilt", [None, 1.0, -1.0], ids=["as-built", "full-right", "full-left"])
def test_balance_labels_stay_above_the_ground_in_a_short_card(look, tilt):
    """The distance labels under the low end of the beam were cut by the ground line with
    extra-large text at 1024x600: the pivot rises in a short scene. (Once answered, with a
    Continue row under the card, the dyslexia font's labels may still touch the ground.)"""
    comp, _ = _short(SEESAW, look, ANSWERING)
    if tilt is not None:
        comp.tilt = tilt * comp.max_tilt
    # else: as built, leaning under the fixed weight (the first tilt once ignored the limit)
    labels = comp.distance_labels()
    assert len(labels) >= 4
    for text, r in labels:
        assert comp.scene.contains(r), (text, r, comp.scene)
        assert r.bottom < comp.ground, (text, r, comp.ground)
    assert comp.pivot[1] < comp.ground


THREE_LONG = m.ChoiceChallenge(
    "choice",
    "After a minute of jumping jacks, what happens to your heart rate?",
    (
        m.ChoiceOption("down", "It goes down because the heart gets tired."),
        m.ChoiceOption("up", "It goes up, so blood brings more oxygen to your muscles.", True),
        m.ChoiceOption("same", "It stays the same."),
    ),
)


@pytest.mark.parametrize("area", list(AREAS))
@pytest.mark.parametrize("look", ["plain", "xl-contrast", "xl-dyslexia"])
@pytest.mark.parametrize("challenge", [CHOICE, FIVE, THREE_LONG], ids=["three", "five", "long"])
def test_choice_options_keep_their_text_size_after_feedback(challenge, area, look):
    comp, _ = build(challenge, area, look)
    size = comp.option_font.get_height()
    pick = challenge.options[1].id
    comp.activate(f"opt:{pick}")
    if challenge.multiple:
        comp.submit()
    comp.show_feedback(False, "Not quite. Think about how many equal parts make a whole.")
    render(comp, (1280, 720))
    assert comp.option_font.get_height() == size  # the answers do not shrink under the banner
    assert comp.body.contains(comp.option_rects[pick])  # the student's pick is in full view
    comp.reset_for_retry()
    assert comp.option_font.get_height() == size


# ---------------------------------------------------------------------- number line
def _placed_clear_of_tray(comp) -> None:
    rects = comp.card_rects()
    for i, card in enumerate(comp.cards):
        if card.value is None:
            assert comp.tray.contains(rects[i]), card.text
            continue
        r = rects[i]
        assert not r.colliderect(comp.tray), (card.text, r, comp.tray)  # not into the tray
        assert r.bottom <= comp.line_y - 18, (card.text, r, comp.line_y)  # above the ticks
        assert comp.body.contains(r), (card.text, r, comp.body)


@pytest.mark.parametrize("area", list(AREAS))
@pytest.mark.parametrize("look", ["plain", "xl-contrast", "xl-dyslexia"])
def test_number_line_cards_on_the_line_stay_out_of_the_tray(area, look):
    comp, _ = build(LINE, area, look)
    values = [0.2, 0.25, 0.5, 0.75, 1.25, 1.5]
    for i, value in enumerate(values):
        comp.place(i, value)
        _placed_clear_of_tray(comp)
    comp.show_feedback(False, "Not quite. Look again at the red cards.")
    render(comp, (1280, 720))
    _placed_clear_of_tray(comp)
    comp.place(0, None)  # taken off the line: back in a tray, wherever the tray was
    assert comp.tray.height > 0
    _placed_clear_of_tray(comp)
