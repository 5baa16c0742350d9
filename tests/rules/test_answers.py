"""Answer checking for every challenge kind, with the inputs students really type."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quest_engine.content.model import (
    BalanceParams,
    BalanceWeight,
    ChoiceChallenge,
    ChoiceOption,
    GameChallenge,
    LaunchParams,
    MatchChallenge,
    MatchPair,
    Misconception,
    NumberChallenge,
    NumberLineParams,
    OrderChallenge,
    TextChallenge,
    WriteChallenge,
)
from quest_engine.rules.answers import NOT_A_NUMBER, check_answer, parse_quantity

SINGLE = ChoiceChallenge(
    "choice",
    "Best angle?",
    (
        ChoiceOption("a30", "30°", feedback="Too flat."),
        ChoiceOption("a45", "45°", correct=True, feedback="Yes!"),
        ChoiceOption("a80", "80°", goto="detour"),
    ),
)
MULTI = ChoiceChallenge(
    "choice",
    "Which are planets?",
    (
        ChoiceOption("mars", "Mars", correct=True),
        ChoiceOption("venus", "Venus", correct=True),
        ChoiceOption("moon", "The Moon", feedback="The Moon orbits Earth, not the Sun."),
        ChoiceOption("pluto", "Pluto"),
    ),
    multiple=True,
)
METRES = NumberChallenge(
    "number",
    "2.4 km in metres?",
    2400,
    tolerance=5,
    unit="m",
    misconceptions=(Misconception(24, "That divides by 100."),),
)
TEXT = TextChallenge(
    "text",
    "What pulls it down?",
    ("gravity", "weight"),
    pattern="grav.*",
    ignore_accents=True,
    feedback_wrong=(("air", "Air slows it a little."),),
)
ORDER = OrderChallenge("order", "Order the flight", ("Launch", "Rise", "Peak", "Fall", "Land"))
MATCH = MatchChallenge(
    "match", "Units", (MatchPair("distance", "metres"), MatchPair("time", "seconds"))
)
LAUNCH = GameChallenge("game", "Hit 40 m", "launch", LaunchParams(target_distance=40))
BALANCE = GameChallenge(
    "game",
    "Balance",
    "balance",
    BalanceParams(beam_half_length=2, fixed=(BalanceWeight(2, -1.5),), available=(1, 3)),
)
LINE = GameChallenge(
    "game", "Place", "number-line", NumberLineParams(min=-1, max=2, values=("3/4", "-1/2", "1 1/2"))
)
ALL = (SINGLE, MULTI, METRES, TEXT, ORDER, MATCH, LAUNCH, BALANCE, LINE)


def test_single_choice_right_and_wrong_give_the_option_feedback():
    assert check_answer(SINGLE, "a45").correct
    assert check_answer(SINGLE, ["a45"]).feedback == "Yes!"
    wrong = check_answer(SINGLE, ["a30"])
    assert not wrong.correct and wrong.feedback == "Too flat."


def test_single_choice_refuses_two_picks_and_unknown_ids():
    assert not check_answer(SINGLE, ["a45", "a30"]).correct
    assert not check_answer(SINGLE, ["zzz"]).correct
    assert not check_answer(SINGLE, []).correct


def test_multiple_choice_is_judged_as_a_set():
    assert check_answer(MULTI, ["venus", "mars"]).correct
    assert check_answer(MULTI, {"mars", "venus"}).correct
    partial = check_answer(MULTI, ["mars"])
    assert not partial.correct and "1 more option" in partial.feedback
    wrong = check_answer(MULTI, ["mars", "venus", "moon"])
    assert not wrong.correct and "orbits Earth" in wrong.feedback


@pytest.mark.parametrize(
    "typed",
    [
        "2400",
        "2400 m",
        "2,400",
        "2 400 m",
        "2.4 km",
        "2.4km",
        "2,4 km",
        "2.4e3",
        2400.0,
        2398,
        "240000 cm",
        "2400 metres",
        "2.4×10^3 m",
        "2400m.",
    ],
)
def test_number_accepts_many_spellings(typed):
    assert check_answer(METRES, typed).correct, typed


def test_number_tolerance_is_absolute_in_the_quest_unit():
    assert check_answer(METRES, "2405").correct
    assert not check_answer(METRES, "2406").correct


def test_relative_tolerance():
    ch = NumberChallenge("number", "g?", 9.8, relative_tolerance=0.05, unit="m/s^2")
    assert check_answer(ch, "10").correct
    assert not check_answer(ch, "10.5").correct


def test_number_misconception_feedback():
    j = check_answer(METRES, "24")
    assert not j.correct and j.misconception and "divides by 100" in j.feedback


def test_number_wrong_dimension_explains():
    j = check_answer(METRES, "2.4 kg")
    assert not j.correct and "mass" in j.feedback and "length" in j.feedback


def test_bare_number_right_in_another_unit_says_so():
    j = check_answer(METRES, "2.4")
    assert not j.correct and "km" in j.feedback


def test_unknown_unit_is_explained():
    j = check_answer(METRES, "2400 blargs")
    assert not j.correct and "blargs" in j.feedback


@pytest.mark.parametrize(
    "typed", ["", "abc", "twelve", None, True, [1], {"x": 1}, float("nan"), "1e999", "∞"]
)
def test_non_numbers_get_a_friendly_message(typed):
    j = check_answer(METRES, typed)
    assert not j.correct and j.feedback == NOT_A_NUMBER


def test_temperature_offsets_convert_properly():
    ch = NumberChallenge("number", "Boiling point?", 100, tolerance=0.5, unit="°C")
    assert check_answer(ch, "212 °F").correct
    assert check_answer(ch, "373.15 K").correct
    assert not check_answer(ch, "100 K").correct


def test_angles_in_radians_and_volumes():
    ch = NumberChallenge("number", "Right angle?", 90, tolerance=0.1, unit="°")
    assert check_answer(ch, "1.5708 rad").correct
    vol = NumberChallenge("number", "Litres?", 1.5, unit="L")
    assert check_answer(vol, "1500 mL").correct
    assert check_answer(vol, "1500 cm³").correct


def test_speed_units():
    ch = NumberChallenge("number", "Speed?", 10, tolerance=0.01, unit="m/s")
    assert check_answer(ch, "36 km/h").correct


def test_number_fractions_and_negatives():
    ch = NumberChallenge("number", "Half?", 0.5)
    assert check_answer(ch, "1/2").correct
    assert check_answer(NumberChallenge("number", "?", -1.5), "-1 1/2").correct
    assert check_answer(NumberChallenge("number", "?", -3), "−3").correct


def test_parse_quantity():
    assert parse_quantity("2 400 m") == (2400.0, "m")
    assert parse_quantity("1,234,567.5") == (1234567.5, None)
    assert parse_quantity("45°") == (45.0, "°")


def test_text_normalisation():
    assert check_answer(TEXT, "  GRAVITY ").correct
    assert check_answer(TEXT, "Gravity.").correct
    assert check_answer(TEXT, "gravitational pull").correct  # via the pattern
    assert check_answer(TEXT, "ｇｒａｖｉｔｙ").correct  # full-width, NFKC
    j = check_answer(TEXT, "Air")
    assert not j.correct and j.feedback == "Air slows it a little."


def test_text_accents_and_case_sensitivity():
    accents = TextChallenge("text", "?", ("café",), ignore_accents=True)
    assert check_answer(accents, "cafe").correct
    strict = TextChallenge("text", "?", ("café",))
    assert not check_answer(strict, "cafe").correct
    assert check_answer(strict, "cafe\u0301").correct  # decomposed é, NFKC composes it
    case = TextChallenge("text", "?", ("NaCl",), case_sensitive=True)
    assert check_answer(case, "NaCl").correct
    assert not check_answer(case, "nacl").correct


def test_text_with_a_broken_pattern_still_judges_accept():
    ch = TextChallenge("text", "?", ("ok",), pattern="(unclosed")
    assert check_answer(ch, "ok").correct
    assert not check_answer(ch, "(unclosed").correct


def test_a_catastrophic_pattern_cannot_freeze_the_game():
    """`(a|aa)+$` on 48 a's and a "!" backtracks for minutes in `re`; the game gives up
    after PATTERN_TIMEOUT_S and judges the answer by `accept` alone."""
    ch = TextChallenge("text", "?", ("ok",), pattern="(a|aa)+$")
    j = check_answer(ch, "a" * 48 + "!")
    assert not j.correct and j.feedback is None
    assert check_answer(ch, "aaaa").correct  # the pattern still works on ordinary answers
    assert check_answer(ch, "OK").correct


def test_order_exact_sequence():
    assert check_answer(ORDER, ["Launch", "Rise", "Peak", "Fall", "Land"]).correct
    j = check_answer(ORDER, ["Rise", "Launch", "Peak", "Fall", "Land"])
    assert not j.correct and "3 of 5" in j.feedback
    assert "exactly once" in check_answer(ORDER, ["Launch"]).feedback


def test_match_pairs():
    assert check_answer(MATCH, {"distance": "metres", "time": "seconds"}).correct
    j = check_answer(MATCH, {"distance": "seconds", "time": "seconds"})
    assert not j.correct and "1 of 2" in j.feedback


def test_write_is_never_auto_judged():
    assert not check_answer(WriteChallenge("write", "Write"), "anything").correct


def test_launch_is_recomputed_not_trusted():
    hit = check_answer(LAUNCH, {"angle": 45, "speed": 19.8})
    assert hit.correct
    liar = check_answer(LAUNCH, {"angle": 45, "speed": 10, "distance": 40})
    assert not liar.correct and "short" in liar.feedback


def test_launch_fixed_angle_ignores_the_reported_angle():
    ch = GameChallenge("game", "?", "launch", LaunchParams(target_distance=40, fixed_angle=45))
    assert check_answer(ch, {"angle": 10, "speed": 19.8}).correct
    assert check_answer(ch, {"speed": 19.8}).correct


def test_launch_out_of_range_settings_are_refused():
    assert not check_answer(LAUNCH, {"angle": 45, "speed": 400}).correct


def test_balance():
    assert check_answer(BALANCE, {"placed": [{"mass": 3, "position": 1.0}]}).correct
    tips = check_answer(BALANCE, {"placed": [{"mass": 1, "position": 1.0}]})
    assert not tips.correct and "left" in tips.feedback
    assert "no 5 kg" in check_answer(BALANCE, {"placed": [{"mass": 5, "position": 0.6}]}).feedback


def test_number_line():
    good = {"3/4": 0.76, "-1/2": -0.5, "1 1/2": 1.5}
    assert check_answer(LINE, {"positions": good}).correct
    j = check_answer(LINE, {"positions": {**good, "3/4": 0.5}})
    assert not j.correct and "Check 3/4" in j.feedback
    assert "1 1/2" in check_answer(LINE, {"positions": {"3/4": 0.75, "-1/2": -0.5}}).feedback


_garbage = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.binary(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=10,
)


_game_garbage = st.fixed_dictionaries(
    {},
    optional={
        "angle": _garbage,
        "speed": _garbage,
        "placed": st.lists(
            st.fixed_dictionaries({}, optional={"mass": _garbage, "position": _garbage})
        )
        | _garbage,
        "positions": st.dictionaries(st.sampled_from(["3/4", "-1/2", "1 1/2", "x"]), _garbage)
        | _garbage,
    },
)


@given(st.sampled_from(ALL), _garbage | _game_garbage)
def test_garbage_never_raises(challenge, answer):
    j = check_answer(challenge, answer)
    assert isinstance(j.correct, bool)


def test_a_known_slip_typed_with_the_wrong_unit_gets_its_misconception_feedback():
    weight = NumberChallenge(
        "number",
        "Weight in N?",
        392,
        unit="N",
        misconceptions=(Misconception(40, "40 kg is the mass; multiply by g."),),
    )
    j = check_answer(weight, "40 kg")
    assert not j.correct and j.misconception and "multiply by g" in j.feedback
    assert "force" in check_answer(weight, "50 kg").feedback


@given(st.text(alphabet="0123456789 .,-+eE/kmgsKC°×x^½\u2212", max_size=16))
def test_number_like_text_never_raises(text):
    for challenge in (METRES, NumberChallenge("number", "?", 1.5), LINE):
        j = check_answer(challenge, text if challenge is not LINE else {"positions": {"3/4": text}})
        assert isinstance(j.correct, bool)


def test_more_number_after_a_number_is_not_a_unit():
    three_quarters = NumberChallenge("number", "?", 0.75)
    for typed in ("3/4/5", "0.75.5", "3/4.5"):
        judgement = check_answer(three_quarters, typed)
        assert not judgement.correct and judgement.feedback == NOT_A_NUMBER, typed
    one = NumberChallenge("number", "?", 1.0)
    for typed in ("1_000", "1:30", "1x10", "1,5,6"):
        assert check_answer(one, typed).feedback == NOT_A_NUMBER, typed
    assert check_answer(NumberChallenge("number", "?", 5.0), "5€").correct  # a unit-like word


def test_vulgar_fractions_and_european_grouping_are_read_as_typed():
    assert check_answer(NumberChallenge("number", "?", 0.5), "½").correct
    assert parse_quantity("¾ m") == (0.75, "m")
    assert parse_quantity("1½ m") == (1.5, "m")
    assert parse_quantity("1.234,5") == (1234.5, None)
    assert parse_quantity("1,234.5") == (1234.5, None)
    assert parse_quantity("2,4 km") == (2.4, "km")
