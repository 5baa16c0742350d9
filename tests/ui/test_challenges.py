"""Challenge components driven by real pygame events: what gets submitted, what is shown."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pygame
import pytest

from quest_engine.content import model as m
from quest_engine.ui.challenges import build_component
from quest_engine.ui.challenges.style import Style

FONT = str(Path(__file__).resolve().parents[2] / "assets" / "fonts" / "DejaVuSans.ttf")
FONT = FONT if os.path.exists(FONT) else None


# ---------------------------------------------------------------------- driving helpers
def key(comp, k, mod=0, times=1):
    for _ in range(times):
        comp.handle_event(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=""))


def type_text(comp, text):
    for ch in text:
        if ch == "\n":
            key(comp, pygame.K_RETURN)
        else:
            comp.handle_event(pygame.event.Event(pygame.TEXTINPUT, text=ch))


def click_at(comp, pos):
    comp.handle_event(
        pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
    )
    comp.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    comp.handle_event(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))


def rect_of(comp, label):
    found = [r for text, r in comp.controls() if text == label]
    assert found, f"no control labelled {label!r}: {[t for t, _ in comp.controls()]}"
    return found[0]


def click(comp, label):
    click_at(comp, rect_of(comp, label).center)


def drag(comp, start, end, steps=8):
    comp.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1))
    for i in range(1, steps + 1):
        p = (
            start[0] + (end[0] - start[0]) * i // steps,
            start[1] + (end[1] - start[1]) * i // steps,
        )
        comp.handle_event(
            pygame.event.Event(pygame.MOUSEMOTION, pos=p, rel=(0, 0), buttons=(1, 0, 0))
        )
        comp.update(1 / 60)
    comp.handle_event(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=end, button=1))


def settle(comp, seconds=3.0):
    t = 0.0
    while comp.update(1 / 60) and t < seconds:
        t += 1 / 60


def tab_to(comp, focus_key, limit=40):
    for _ in range(limit):
        if comp.focus_key == focus_key:
            return
        key(comp, pygame.K_TAB)
    raise AssertionError(f"could not Tab to {focus_key}")


def make(challenge, size=(1280, 720), style=None, **options):
    style = style or Style.create(1.0, False, FONT)
    got: list = []
    rect = pygame.Rect(24, 100, size[0] - 48, size[1] - 124)
    comp = build_component(challenge, rect, style, got.append, random.Random(7), **options)
    return comp, got


def render(comp, size=(1280, 720)):
    surface = pygame.Surface(size)
    comp.draw(surface)
    return surface


# ---------------------------------------------------------------------- sample challenges
CHOICE = m.ChoiceChallenge(
    "choice",
    "Which angle sends a capsule farthest?",
    (
        m.ChoiceOption("a30", "30°"),
        m.ChoiceOption("a45", "45°", True),
        m.ChoiceOption("a80", "80°"),
    ),
    shuffle=True,
)
MULTI = m.ChoiceChallenge(
    "choice",
    "Which are forces?",
    tuple(
        m.ChoiceOption(f"o{i}", t) for i, t in enumerate(["gravity", "friction", "colour", "lift"])
    ),
    multiple=True,
)
NUMBER = m.NumberChallenge("number", "2.4 km in metres?", 2400, tolerance=5, unit="m")
TEXT = m.TextChallenge("text", "What force pulls the capsule down?", ("gravity",))
ORDER = m.OrderChallenge(
    "order", "Put the flight in order.", ("Launch", "Rise", "Peak", "Fall", "Land")
)
MATCH = m.MatchChallenge(
    "match",
    "Match each quantity to its unit.",
    (
        m.MatchPair("distance", "metres"),
        m.MatchPair("time", "seconds"),
        m.MatchPair("mass", "kilograms"),
    ),
)
WRITE = m.WriteChallenge(
    "write",
    "Write a flight log.",
    min_words=5,
    max_words=30,
    rubric=(
        m.RubricCriterion(
            "clarity", "Clear", (m.RubricLevel(1, "Hard"), m.RubricLevel(3, "Clear"))
        ),
    ),
    starter="Today our capsule...",
)
ALL = [CHOICE, MULTI, NUMBER, TEXT, ORDER, MATCH, WRITE]


# ---------------------------------------------------------------------- choice
def test_single_choice_submits_the_clicked_option():
    comp, got = make(CHOICE)
    click(comp, "45°")
    assert got == ["a45"]
    comp.show_feedback(True, "Yes! 45° balances height and forward speed.")
    render(comp)
    assert comp.feedback == (True, "Yes! 45° balances height and forward speed.")


def test_single_choice_by_keyboard_only():
    comp, got = make(CHOICE)
    target = [o.id for o in comp.options].index("a80")
    key(comp, pygame.K_DOWN, times=target)
    key(comp, pygame.K_RETURN)
    assert got == ["a80"]


def test_multiple_choice_toggles_then_checks():
    comp, got = make(MULTI)
    click(comp, "Check")
    assert got == [] and comp.notice  # nothing chosen: a nudge, no submission
    click(comp, "lift")
    click(comp, "gravity")
    click(comp, "friction")
    click(comp, "friction")  # toggled off again
    assert "2 selected" in comp.status_text()
    click(comp, "Check")
    assert got == [["o0", "o3"]]


# ---------------------------------------------------------------------- number & text
def test_number_accepts_a_unit_and_enter_submits():
    comp, got = make(NUMBER)
    type_text(comp, "2.4 kmx")
    key(comp, pygame.K_BACKSPACE)
    key(comp, pygame.K_RETURN)
    assert got == ["2.4 km"]


def test_number_empty_is_not_submitted():
    comp, got = make(NUMBER)
    click(comp, "Check")
    assert got == [] and comp.notice == "Type a number first."


def test_text_entry_unicode_and_cursor_editing():
    comp, got = make(TEXT)
    type_text(comp, "gravté")
    key(comp, pygame.K_LEFT, times=2)
    type_text(comp, "i")
    key(comp, pygame.K_HOME)
    type_text(comp, "½ ")
    click(comp, "Check")
    assert got == ["½ gravité"]
    comp.show_feedback(False, "Air slows it a little.")
    comp.reset_for_retry()
    assert comp.feedback is None and comp.focus_key == "entry"


# ---------------------------------------------------------------------- order
def test_order_drag_moves_a_card():
    comp, got = make(ORDER)
    before = comp.answer()
    first = before[0]
    start = rect_of(comp, first).center
    last = rect_of(comp, before[-1]).center
    drag(comp, start, (start[0], last[1] + 10))
    settle(comp)
    click(comp, "Check order")
    assert got == [before[1:] + [first]]


def test_order_tap_then_tap_and_arrow_buttons():
    comp, got = make(ORDER)
    before = comp.answer()
    click(comp, before[2])
    click(comp, before[0])  # tap a card, then tap where it goes
    assert comp.answer()[0] == before[2]
    click(comp, f"Move {before[2]} down")
    assert comp.answer()[1] == before[2]


def test_order_by_keyboard_only():
    comp, got = make(ORDER)
    for target, text in enumerate(ORDER.items):
        item = ORDER.items.index(text)
        tab_to(comp, f"item:{item}")
        key(comp, pygame.K_SPACE)  # pick up
        current = comp.order.index(item)
        key(comp, pygame.K_UP, times=current - target)
        key(comp, pygame.K_RETURN)  # put down
    tab_to(comp, "submit")
    key(comp, pygame.K_RETURN)
    assert got == [list(ORDER.items)]


# ---------------------------------------------------------------------- match
def test_match_by_dragging_and_tapping():
    comp, got = make(MATCH)
    assert not comp.can_submit()
    drag(comp, rect_of(comp, "distance").center, rect_of(comp, "metres").center)
    click(comp, "time")
    click(comp, "seconds")
    click(comp, "kilograms")
    click(comp, "mass")
    assert "3 of 3 matched" in comp.status_text()
    click(comp, "Check matches")
    assert got == [{"distance": "metres", "time": "seconds", "mass": "kilograms"}]


def test_match_repairing_moves_a_right_item():
    comp, got = make(MATCH)
    drag(comp, rect_of(comp, "distance").center, rect_of(comp, "seconds").center)
    drag(comp, rect_of(comp, "time").center, rect_of(comp, "seconds").center)
    assert comp.answer() == {"time": "seconds"}


def test_match_by_keyboard_only():
    comp, got = make(MATCH)
    for pair in MATCH.pairs:
        left = comp.lefts.index(pair.left)
        tab_to(comp, f"L:{left}")
        key(comp, pygame.K_RETURN)  # pick; focus jumps to the right column
        right = comp.rights.index(pair.right)
        while comp.focus_key != f"R:{right}":
            current = int(comp.focus_key[2:])
            key(comp, pygame.K_DOWN if current < right else pygame.K_UP)
        key(comp, pygame.K_RETURN)
    assert comp.focus_key == "submit"
    key(comp, pygame.K_RETURN)
    assert got == [{p.left: p.right for p in MATCH.pairs}]


# ---------------------------------------------------------------------- write
def test_write_word_count_submit_gate_and_submission():
    comp, got = make(WRITE)
    assert comp.status_text().startswith("0 / 5–30 words")
    type_text(comp, "The capsule flew")
    assert comp.word_count_text() == "3 / 5–30 words"
    click(comp, "Submit for review")
    assert got == []  # disabled below the minimum
    type_text(comp, " very far today")
    assert comp.word_count_text() == "6 / 5–30 words"
    click(comp, "Submit for review")
    assert got == ["The capsule flew very far today"]


def test_write_autosave_is_debounced_and_flushed_on_focus_loss():
    drafts: list[str] = []
    comp, _ = make(WRITE, on_draft=drafts.append, draft="Saved before.")
    assert comp.text == "Saved before."
    type_text(comp, " More")
    for _ in range(60):  # one second after the last key: not yet
        comp.update(1 / 60)
    assert drafts == []
    type_text(comp, "!")
    for _ in range(60):
        comp.update(1 / 60)
    assert drafts == []  # typing again restarted the wait
    settle(comp)
    assert drafts == ["Saved before. More!"]
    type_text(comp, " Bye")
    key(comp, pygame.K_TAB)  # focus leaves the editor: save now
    assert drafts[-1] == "Saved before. More! Bye"
    assert not comp.flush_draft()  # nothing new


def test_editor_cursor_lines_wrap_and_scroll():
    comp, _ = make(WRITE)
    type_text(comp, "abc\ndef")
    key(comp, pygame.K_UP)
    key(comp, pygame.K_HOME)
    type_text(comp, "X")
    assert comp.text == "Xabc\ndef"
    key(comp, pygame.K_END, mod=pygame.KMOD_CTRL)
    key(comp, pygame.K_LEFT, mod=pygame.KMOD_SHIFT, times=3)
    type_text(comp, "ghi")
    assert comp.text == "Xabc\nghi"
    editor = comp.editor
    type_text(comp, " " + "word " * 200)
    assert len(editor.lines) > 5  # one paragraph wrapped into many lines
    for _ in range(30):
        type_text(comp, "\nline")
    assert editor.scroll > 0
    _, cursor_y = editor.cursor_xy()
    assert editor.inner.top <= cursor_y < editor.inner.bottom  # the cursor stays in view
    mid = editor.rect.center
    comp.handle_event(
        pygame.event.Event(pygame.MOUSEMOTION, pos=mid, rel=(0, 0), buttons=(0, 0, 0))
    )
    before = editor.scroll
    comp.handle_event(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=2, flipped=False))
    assert editor.scroll < before
    render(comp)


def test_write_placeholder_is_the_starter_and_over_max_blocks_submit():
    comp, got = make(WRITE)
    assert comp.editor.placeholder == "Today our capsule..."
    type_text(comp, "word " * 31)
    assert "too long" in comp.status_text()
    assert not comp.can_submit()


# ---------------------------------------------------------------------- layout, focus, themes
@pytest.mark.parametrize(
    "challenge", ALL, ids=lambda c: c.kind + ("-multi" if getattr(c, "multiple", False) else "")
)
def test_layout_adapts_from_small_to_large_windows(challenge):
    comp, _ = make(challenge)
    for size in ((1024, 600), (1920, 1080), (1280, 720)):
        rect = pygame.Rect(20, 90, size[0] - 40, size[1] - 110)
        comp.set_rect(rect)
        controls = comp.controls()
        assert controls
        for label, r in controls:
            assert rect.contains(r), (label, r, rect)
            assert r.height >= 44 and r.width >= 44, (label, r)
        render(comp, size)


@pytest.mark.parametrize("challenge", ALL, ids=lambda c: c.kind)
def test_tab_cycles_through_controls_and_leaves(challenge):
    comp, _ = make(challenge)
    seen = []
    comp.focus_key = None
    while comp.focus_next():
        seen.append(comp.focus_key)
        assert len(seen) < 50
    assert comp.focus_key is None and seen  # focus left the component
    assert comp.focus_prev() and comp.focus_key == seen[-1]


@pytest.mark.parametrize("challenge", ALL, ids=lambda c: c.kind)
def test_high_contrast_large_text_and_reduced_motion_render(challenge):
    style = Style.create(1.5, True, None, reduced_motion=True)
    comp, _ = make(challenge, style=style)
    surface = render(comp)
    colours = {surface.get_at((x, y))[:3] for x in range(0, 1280, 3) for y in range(100, 720, 3)}
    assert style.palette.ink in colours  # white text on black
    assert (
        style.font("body").get_height() > Style.create(1.0, False, None).font("body").get_height()
    )


def test_a_drag_released_outside_the_component_still_drops():
    comp, got = make(ORDER)
    before = comp.answer()
    start = rect_of(comp, before[0]).center
    comp.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1))
    below = rect_of(comp, before[-1]).center
    comp.handle_event(
        pygame.event.Event(pygame.MOUSEMOTION, pos=below, rel=(0, 0), buttons=(1, 0, 0))
    )
    # the button came up outside; the next motion arrives with no button held
    comp.handle_event(
        pygame.event.Event(pygame.MOUSEMOTION, pos=below, rel=(0, 0), buttons=(0, 0, 0))
    )
    assert not comp.dragging_now()
    assert comp.answer() == before[1:] + [before[0]]


def test_multiple_choice_by_keyboard_only():
    comp, got = make(MULTI)
    key(comp, pygame.K_SPACE)  # gravity
    key(comp, pygame.K_DOWN)
    key(comp, pygame.K_RETURN)  # friction
    tab_to(comp, "submit")
    key(comp, pygame.K_RETURN)
    assert got == [["o0", "o1"]]


def test_write_by_keyboard_only_tab_to_submit():
    comp, got = make(WRITE)
    assert comp.focus_key == "editor"
    type_text(comp, "One two three four five\nsix")
    key(comp, pygame.K_TAB)  # leaves the editor (Tab never types)
    assert comp.focus_key == "submit" and "\t" not in comp.text
    key(comp, pygame.K_RETURN)
    assert got == ["One two three four five\nsix"]


def test_write_ctrl_enter_submits_and_feedback_allows_revision():
    comp, got = make(WRITE)
    type_text(comp, "A short flight log with enough words.")
    key(comp, pygame.K_RETURN, mod=pygame.KMOD_CTRL)
    assert got == ["A short flight log with enough words."]
    comp.show_feedback(False, "Returned for revision: add the landing distance.")
    comp.reset_for_retry()
    type_text(comp, " It landed at 38.8 m.")
    assert comp.text.endswith("38.8 m.") and comp.can_submit()


def test_dyslexia_font_falls_back_for_missing_glyphs():
    dyslexic = Path(FONT or "").with_name("OpenDyslexic-Regular.woff")
    if FONT is None or not dyslexic.exists():
        pytest.skip("bundled fonts not present")
    style = Style.create(1.0, False, str(dyslexic))
    font = style.font("body")
    assert font.fallback is not None
    text = "∮ 中"  # not in OpenDyslexic
    assert font.size(text) == font.fallback.size(text)
    assert font.size("Hello") != font.fallback.size("Hello")  # Latin keeps the chosen font
    comp, _ = make(TEXT, style=style)
    type_text(comp, text)
    render(comp)


LONG_ORDER = m.OrderChallenge(
    "order",
    "Put the red blood cell's trip in order, starting at the right side of the heart.",
    (
        "The right side of the heart pumps it to the lungs.",
        "In the lungs it picks up oxygen.",
        "It flows back to the left side of the heart.",
        "The left side pumps it out through the arteries.",
        "In tiny capillaries it hands oxygen to the muscle cells.",
        "Veins carry it back to the right side of the heart.",
        "It starts the trip all over again, about once a minute.",
        "Meanwhile the heart keeps on beating.",
    ),
)
LONG_MATCH = m.MatchChallenge(
    "match",
    "Match each part to its job.",
    tuple(
        m.MatchPair(left, right)
        for left, right in (
            ("heart", "pumps blood around the body"),
            ("lungs", "add oxygen to the blood and remove carbon dioxide"),
            ("arteries", "carry blood away from the heart"),
            ("veins", "carry blood back to the heart"),
            ("capillaries", "tiny vessels where oxygen passes into cells"),
            ("blood", "carries oxygen and food to every cell of the body"),
        )
    ),
)


@pytest.mark.parametrize("challenge", [LONG_ORDER, LONG_MATCH], ids=["order", "match"])
def test_long_lists_scroll_in_a_small_window_and_keyboard_focus_stays_visible(challenge):
    comp, got = make(challenge)
    comp.set_rect(pygame.Rect(300, 90, 640, 400))  # the player's challenge area at 1024x600
    assert comp.max_scroll() > 0
    for _ in range(30):
        comp.focus_next()
        if comp.focus_key in ("submit", None):
            break
        rect = comp._control(comp.focus_key).rect
        assert comp.body.top <= rect.top and rect.bottom <= comp.body.bottom, comp.focus_key
    comp.scroll_to(0)
    comp.handle_event(
        pygame.event.Event(pygame.MOUSEMOTION, pos=comp.body.center, rel=(0, 0), buttons=(0, 0, 0))
    )
    comp.handle_event(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-3, flipped=False))
    assert comp.scroll > 0
    for label, rect in comp.controls():
        if label not in ("Check order", "Check matches"):
            assert comp.body.contains(rect), label  # only what shows is clickable
    render(comp)


def test_long_order_texts_wrap_instead_of_being_cut():
    comp, _ = make(LONG_ORDER)
    comp.set_rect(pygame.Rect(300, 90, 640, 400))
    shown = [" ".join(lines) for lines in comp.item_lines.values()]
    assert sorted(shown) == sorted(LONG_ORDER.items)


def test_a_correct_answer_locks_the_component_until_a_retry():
    comp, got = make(CHOICE)
    click(comp, "45°")
    comp.show_feedback(True, "Yes!")
    click(comp, "30°")
    key(comp, pygame.K_RETURN)
    assert got == ["a45"] and comp.locked
    comp.reset_for_retry()
    click(comp, "30°")
    assert got == ["a45", "a30"]


def test_write_saves_the_draft_when_the_window_loses_focus():
    drafts: list[str] = []
    comp, _ = make(WRITE, on_draft=drafts.append)
    type_text(comp, "Half a thought")
    comp.handle_event(pygame.event.Event(pygame.WINDOWFOCUSLOST))
    assert drafts == ["Half a thought"]
