"""Judge a student's answer against a challenge: correct or not, and feedback that helps.

`check_answer` never raises: whatever the UI (or a script) sends, the result is a Judgement.
Answers are plain data: choice -> option id or list of ids; number -> float or text as typed
("2.4 km"); text -> str; order -> list; match -> dict left->right; game -> the result dict of
docs/FORMAT.md "Mini-games".
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import regex

from quest_engine.content.model import (
    BalanceParams,
    ChoiceChallenge,
    GameChallenge,
    LaunchParams,
    MatchChallenge,
    Misconception,
    NumberChallenge,
    NumberLineParams,
    OrderChallenge,
    TextChallenge,
    WriteChallenge,
)
from quest_engine.rules import minigames, units

MAX_TEXT = 2000
"""Longer answers are refused before any pattern runs (keeps teacher regexes fast)."""

NOT_A_NUMBER = "That doesn't look like a number. Type digits, like 2400 or 2.4 km."
UNREADABLE = "That answer couldn't be read. Please try again."


@dataclass(frozen=True, slots=True)
class Judgement:
    """The verdict on one answer. `normalized` is the answer as the judge understood it."""

    correct: bool
    feedback: str | None = None
    normalized: Any = None
    misconception: bool = False


def check_answer(challenge: object, answer: object) -> Judgement:
    """Judge `answer` for `challenge`; garbage of any type gives correct=False, never an exception."""
    try:
        if isinstance(challenge, ChoiceChallenge):
            return _check_choice(challenge, answer)
        if isinstance(challenge, NumberChallenge):
            return _check_number(challenge, answer)
        if isinstance(challenge, TextChallenge):
            return _check_text(challenge, answer)
        if isinstance(challenge, OrderChallenge):
            return _check_order(challenge, answer)
        if isinstance(challenge, MatchChallenge):
            return _check_match(challenge, answer)
        if isinstance(challenge, WriteChallenge):
            return Judgement(False, "Written work is submitted for review, not checked here.")
        if isinstance(challenge, GameChallenge):
            return _check_game(challenge, answer)
        return Judgement(False, "This step has nothing to answer.")
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError):
        return Judgement(False, UNREADABLE)


# --------------------------------------------------------------------------- choice


def selected_ids(answer: object) -> tuple[str, ...] | None:
    """Option ids from "a", ["a", "b"], ("a",) or {"a"}; None when it isn't a selection."""
    if isinstance(answer, str):
        return (answer,)
    if isinstance(answer, (list, tuple, set, frozenset)):
        if all(isinstance(a, str) for a in answer):
            return (
                tuple(sorted(set(answer)))
                if isinstance(answer, (set, frozenset))
                else tuple(answer)
            )
    return None


def _check_choice(ch: ChoiceChallenge, answer: object) -> Judgement:
    ids = selected_ids(answer)
    if ids is None:
        return Judgement(False, "Pick one of the options.")
    by_id = {o.id: o for o in ch.options}
    unknown = [i for i in ids if i not in by_id]
    if unknown or not ids:
        return Judgement(
            False, "Pick one of the options." if not ch.multiple else "Pick options from the list."
        )
    if not ch.multiple:
        if len(set(ids)) != 1:
            return Judgement(False, "Pick just one option.")
        option = by_id[ids[0]]
        return Judgement(option.correct, option.feedback, option.id)
    chosen = frozenset(ids)
    right = frozenset(o.id for o in ch.options if o.correct)
    normalized = tuple(o.id for o in ch.options if o.id in chosen)
    if chosen == right:
        return Judgement(True, None, normalized)
    wrong_picks = [by_id[i] for i in normalized if i not in right]
    notes = [o.feedback for o in wrong_picks if o.feedback]
    if not notes:
        missing = len(right - chosen)
        if wrong_picks:
            notes.append("Some of the options you picked are not right.")
        elif missing:
            notes.append(
                f"Good so far, but {missing} more {'option is' if missing == 1 else 'options are'} right."
            )
    return Judgement(False, " ".join(notes) or None, normalized)


# --------------------------------------------------------------------------- number

_NUM = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER_UNIT = re.compile(rf"^({_NUM})(?:\s*(?:[x×*]|·)\s*10\s*\^\s*([+-]?\d+))?\s*(.*)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?")
_NOT_A_UNIT = re.compile(r"^(?:[\d./,_:]|[xX×*·]\s*\d)")


def parse_quantity(text: str) -> tuple[float, str | None]:
    """Read "2.4 km", "2,400", "2 400 m", "1.2e3", "3/4", "-1 1/2" into (value, unit text or None).

    Raises ValueError when the text does not start with a number.
    """
    if len(text) > 200:
        raise ValueError("too long")
    # NFKC, "½" and "1½" as fractions, the minus sign and fraction slash, single spaces.
    s = minigames._clean_number_text(text).replace("\u2013", "-")
    if not s:
        raise ValueError("empty")
    # European grouping with a decimal comma: "1.234,5" is 1234.5 (never 1.234).
    s = re.sub(
        r"^([+-]?\d{1,3}(?:\.\d{3})+),(\d+)", lambda m: m[1].replace(".", "") + "." + m[2], s
    )
    # Fractions and mixed numbers ("3/4", "1 1/2") with an optional unit after them.
    frac = re.match(r"^([+-]?\d+(?:\s+\d+)?\s*/\s*\d+)\s*(.*)$", s)
    if frac:
        return minigames.parse_line_value(frac.group(1)), _unit_text(frac.group(2))
    # Thousands separators: "2,400", "2 400", "1,234,567.5".
    grouped = _GROUPED.match(s)
    if grouped:
        digits = grouped.group(0)
        rest = s[len(digits) :]
        if not rest or not rest[0].isdigit():
            s = digits.replace(",", "").replace(" ", "") + rest
    # A decimal comma: "2,4 km" (only when there is no decimal point).
    s = re.sub(r"^([+-]?\d+),(\d+)(?!\d)", r"\1.\2", s) if "." not in s else s
    m = _NUMBER_UNIT.match(s)
    if not m:
        raise ValueError("not a number")
    value = float(m.group(1))
    if m.group(2) is not None:
        value *= 10.0 ** int(m.group(2))
    if not math.isfinite(value):
        raise ValueError("not finite")
    return value, _unit_text(m.group(3))


def _unit_text(rest: str) -> str | None:
    """What follows the number: a unit, nothing, or (ValueError) more of a number that
    could not be read: "3/4/5", "1.2.3", "0x10", "1_000" are not 3/4, 1.2, 0 or 1."""
    unit = rest.strip()
    if _NOT_A_UNIT.match(unit):
        raise ValueError("not a number")
    return unit or None


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def _check_number(ch: NumberChallenge, answer: object) -> Judgement:
    if isinstance(answer, bool):
        return Judgement(False, NOT_A_NUMBER)
    if isinstance(answer, (int, float)):
        if not math.isfinite(answer):
            return Judgement(False, NOT_A_NUMBER)
        value, typed_unit = float(answer), None
    elif isinstance(answer, str):
        try:
            value, typed_unit = parse_quantity(answer)
        except (ValueError, OverflowError):
            return Judgement(False, NOT_A_NUMBER)
    else:
        return Judgement(False, NOT_A_NUMBER)

    quest_unit = units.find_unit(ch.unit)
    if typed_unit is not None and ch.unit:
        student_unit = units.find_unit(typed_unit)
        same_spelling = units.normalize_unit_text(typed_unit).lower() == (
            units.normalize_unit_text(ch.unit).lower()
        )
        if same_spelling:
            pass
        elif (
            student_unit is None
            or quest_unit is None
            or student_unit.dimension != quest_unit.dimension
        ) and (slip := _misconception(ch, value)) is not None:
            # "40 kg" where a weight in N is asked: the known slip explains it best.
            return Judgement(False, slip.feedback, value, misconception=True)
        elif student_unit is None or quest_unit is None:
            return Judgement(
                False,
                f'I don\'t know the unit "{typed_unit}". Try answering in {ch.unit}.',
                value,
            )
        elif student_unit.dimension != quest_unit.dimension:
            return Judgement(
                False,
                f"{typed_unit} measures {units.DIMENSION_NAMES.get(student_unit.dimension, student_unit.dimension)}, "
                f"but this asks for {units.DIMENSION_NAMES.get(quest_unit.dimension, quest_unit.dimension)} "
                f"(in {ch.unit}).",
                value,
            )
        else:
            value = units.convert(value, student_unit, quest_unit)

    if _close(value, ch.answer, ch.tolerance, ch.relative_tolerance):
        return Judgement(True, None, value)
    if (slip := _misconception(ch, value)) is not None:
        return Judgement(False, slip.feedback, value, misconception=True)
    if typed_unit is None and quest_unit is not None:
        # A bare number that would be right in another unit of the same kind: say so.
        for other in units.units_of(quest_unit.dimension):
            if other is quest_unit:
                continue
            if _close(
                units.convert(value, other, quest_unit),
                ch.answer,
                ch.tolerance,
                ch.relative_tolerance,
            ):
                return Judgement(
                    False,
                    f"That would be right in {other.symbol}, but the answer should be in {ch.unit}.",
                    value,
                    misconception=True,
                )
    return Judgement(False, None, value)


def _misconception(ch: NumberChallenge, value: float) -> Misconception | None:
    for mis in ch.misconceptions:
        if abs(value - mis.value) <= mis.tolerance + 1e-9 * max(1.0, abs(mis.value)):
            return mis
    return None


def _close(value: float, target: float, tolerance: float, relative: float) -> bool:
    allowed = max(abs(tolerance), abs(relative) * abs(target))
    return abs(value - target) <= allowed + 1e-9 * max(1.0, abs(target))


# --------------------------------------------------------------------------- text

_EDGE_PUNCTUATION = " .!?,;:'\"«»“”‘’"


def normalize_text(text: str, *, case_sensitive: bool = False, ignore_accents: bool = False) -> str:
    """NFKC, collapsed whitespace, casefold unless case-sensitive, accents dropped if asked."""
    s = unicodedata.normalize("NFKC", text)
    s = " ".join(s.split())
    if not case_sensitive:
        s = s.casefold()
    if ignore_accents:
        s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
        s = unicodedata.normalize("NFC", s)
    return s


PATTERN_TIMEOUT_S = 0.25
"""How long a teacher's `pattern` may take on one answer before it counts as no match."""


@functools.lru_cache(maxsize=256)
def _compile(pattern: str, case_sensitive: bool) -> regex.Pattern[str] | None:
    """The `regex` library, not `re`: its matches take a timeout, so a pattern like `(a|aa)+$`
    and an unlucky answer cannot freeze the game (the validator warns about them too)."""
    try:
        return regex.compile(pattern, regex.V0 | (0 if case_sensitive else regex.IGNORECASE))
    except (regex.error, RecursionError, OverflowError, ValueError):
        return None


def _pattern_matches(compiled: regex.Pattern[str], *texts: str) -> bool:
    for text in texts:
        try:
            if compiled.fullmatch(text, timeout=PATTERN_TIMEOUT_S):
                return True
        except TimeoutError:
            return False
    return False


def _check_text(ch: TextChallenge, answer: object) -> Judgement:
    if isinstance(answer, bool) or not isinstance(answer, (str, int, float)):
        return Judgement(False, "Type your answer as words.")
    raw = str(answer)
    if len(raw) > MAX_TEXT:
        return Judgement(False, "That answer is much longer than expected.")

    def norm(text: str) -> str:
        return normalize_text(
            text, case_sensitive=ch.case_sensitive, ignore_accents=ch.ignore_accents
        )

    full = norm(raw)
    bare = full.strip(_EDGE_PUNCTUATION)
    if not bare:
        return Judgement(False, "Type an answer first.", full)
    accepted = {norm(a).strip(_EDGE_PUNCTUATION) for a in ch.accept}
    if bare in accepted:
        return Judgement(True, None, bare)
    if ch.pattern:
        compiled = _compile(ch.pattern, ch.case_sensitive)
        if compiled is not None and _pattern_matches(compiled, full, bare):
            return Judgement(True, None, bare)
    for wrong, feedback in ch.feedback_wrong:
        if norm(wrong).strip(_EDGE_PUNCTUATION) == bare:
            return Judgement(False, feedback, bare, misconception=True)
    return Judgement(False, None, bare)


# --------------------------------------------------------------------------- order & match


def _check_order(ch: OrderChallenge, answer: object) -> Judgement:
    if isinstance(answer, (str, bytes, Mapping)) or not isinstance(answer, (list, tuple)):
        return Judgement(False, "Put the items in order.")
    given = [normalize_text(str(a)) if isinstance(a, str) else None for a in answer]
    expected = [normalize_text(i) for i in ch.items]
    normalized = tuple(answer)
    if given == expected:
        return Judgement(True, None, tuple(ch.items))
    if sorted(g for g in given if g is not None) != sorted(expected) or None in given:
        return Judgement(False, "Use each item exactly once.", normalized)
    in_place = sum(1 for g, e in zip(given, expected, strict=True) if g == e)
    return Judgement(
        False, f"{in_place} of {len(expected)} items are in the right place.", normalized
    )


def _check_match(ch: MatchChallenge, answer: object) -> Judgement:
    if not isinstance(answer, Mapping):
        return Judgement(False, "Match each item on the left with one on the right.")
    given = {
        normalize_text(k): normalize_text(v)
        for k, v in answer.items()
        if isinstance(k, str) and isinstance(v, str)
    }
    expected = {normalize_text(p.left): normalize_text(p.right) for p in ch.pairs}
    normalized = dict(sorted(given.items()))
    if given == expected:
        return Judgement(True, None, normalized)
    right = sum(1 for k, v in expected.items() if given.get(k) == v)
    return Judgement(False, f"{right} of {len(expected)} pairs are right.", normalized)


# --------------------------------------------------------------------------- games


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError("not a number")
    result = float(value)
    if not math.isfinite(result):
        raise ValueError("not finite")
    return result


def _check_game(ch: GameChallenge, answer: object) -> Judgement:
    if not isinstance(answer, Mapping):
        return Judgement(False, "The game result was missing. Try again.")
    params = ch.params
    if isinstance(params, LaunchParams):
        return _check_launch(params, answer)
    if isinstance(params, BalanceParams):
        return _check_balance(params, answer)
    if isinstance(params, NumberLineParams):
        return _check_number_line(params, answer)
    return Judgement(False, "This game can't be judged.")


def _check_launch(p: LaunchParams, answer: Mapping) -> Judgement:
    speed = _number(answer.get("speed"))
    angle = minigames.launch_angle(p, _number(answer.get("angle", p.angle.start)))
    slack = 1e-6
    if not (p.speed.min - slack <= speed <= p.speed.max + slack):
        return Judgement(
            False, f"The launcher's speed goes from {_fmt(p.speed.min)} to {_fmt(p.speed.max)} m/s."
        )
    if p.fixed_angle is None and not (p.angle.min - slack <= angle <= p.angle.max + slack):
        return Judgement(
            False, f"The launcher's angle goes from {_fmt(p.angle.min)}° to {_fmt(p.angle.max)}°."
        )
    landing = minigames.launch_range(angle, speed, p.gravity)
    miss = landing - p.target_distance
    normalized = {"angle": angle, "speed": speed, "landing": landing}
    if abs(miss) <= p.target_width / 2.0 + 1e-9:
        return Judgement(True, f"Landed at {landing:.1f} m: right on target!", normalized)
    direction = "short of" if miss < 0 else "past"
    return Judgement(
        False, f"Landed at {landing:.1f} m, {abs(miss):.1f} m {direction} the target.", normalized
    )


def _check_balance(p: BalanceParams, answer: Mapping) -> Judgement:
    placed_raw = answer.get("placed", [])
    if isinstance(placed_raw, (str, bytes, Mapping)) or not isinstance(placed_raw, (list, tuple)):
        return Judgement(False, "Place some weights on the beam.")
    placed = [(_number(w["mass"]), _number(w["position"])) for w in placed_raw]
    problems = minigames.balance_problems(p, placed)
    if problems:
        return Judgement(False, problems[0], tuple(placed))
    torque = minigames.net_torque(list(p.fixed) + placed)
    if abs(torque) <= p.tolerance + 1e-6:
        return Judgement(True, "Balanced!", tuple(placed))
    side = "left" if torque < 0 else "right"
    return Judgement(
        False, f"The beam tips to the {side} (net torque {torque:.2f}).", tuple(placed)
    )


def _check_number_line(p: NumberLineParams, answer: Mapping) -> Judgement:
    positions = answer.get("positions", {})
    if not isinstance(positions, Mapping):
        return Judgement(False, "Place every value on the line.")
    ok, errors = minigames.number_line_ok(p, positions)
    if ok:
        return Judgement(True, None, dict(errors))
    missing = [v for v, e in errors.items() if e is None]
    if missing:
        return Judgement(False, f"Place {missing[0]} on the line too.", dict(errors))
    wrong = [v for v, e in errors.items() if e is not None and e > p.tolerance + 1e-9]
    right = len(errors) - len(wrong)
    return Judgement(
        False,
        f"{right} of {len(errors)} values are in the right place. Check {wrong[0]}.",
        dict(errors),
    )
