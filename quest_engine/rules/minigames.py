"""Pure physics and maths of the mini-games, shared by the judge and the UI's animation.

The UI reports what the student set (angle and speed, weights placed, positions on a line);
the engine recomputes the outcome here, so a reported landing distance is never trusted.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from fractions import Fraction

from quest_engine.content.model import BalanceParams, BalanceWeight, LaunchParams, NumberLineParams

_EPS = 1e-9

# --------------------------------------------------------------------------- launch


def launch_range(angle_deg: float, speed: float, gravity: float) -> float:
    """Horizontal distance a projectile launched from the ground travels (no air): v² sin 2θ / g."""
    if not gravity > 0:
        raise ValueError("gravity must be positive")
    if speed < 0:
        raise ValueError("speed must not be negative")
    return speed * speed * math.sin(math.radians(2.0 * angle_deg)) / gravity


def launch_trajectory(
    angle_deg: float, speed: float, gravity: float, steps: int = 60
) -> list[tuple[float, float]]:
    """`steps + 1` evenly timed (x, y) points from launch to landing; the last has y == 0."""
    if not gravity > 0:
        raise ValueError("gravity must be positive")
    steps = max(1, int(steps))
    theta = math.radians(angle_deg)
    vx = speed * math.cos(theta)
    vy = speed * math.sin(theta)
    flight = max(0.0, 2.0 * vy / gravity)
    points: list[tuple[float, float]] = []
    for i in range(steps + 1):
        t = flight * i / steps
        points.append((vx * t, max(0.0, vy * t - 0.5 * gravity * t * t)))
    points[-1] = (vx * flight, 0.0)
    return points


def launch_angle(params: LaunchParams, angle: float) -> float:
    """The angle actually used: a fixed angle wins over whatever the UI reports."""
    return params.fixed_angle if params.fixed_angle is not None else angle


def launch_miss(params: LaunchParams, angle: float, speed: float) -> float:
    """Signed distance from the target centre to the landing point (negative: short)."""
    landing = launch_range(launch_angle(params, angle), speed, params.gravity)
    return landing - params.target_distance


def launch_hits(params: LaunchParams, angle: float, speed: float) -> bool:
    """Whether a launch lands within half the target's width of its centre."""
    return abs(launch_miss(params, angle, speed)) <= params.target_width / 2.0 + _EPS


# --------------------------------------------------------------------------- balance


def _pairs(weights: Iterable) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for w in weights:
        if isinstance(w, BalanceWeight):
            out.append((float(w.mass), float(w.position)))
        elif isinstance(w, Mapping):
            out.append((float(w["mass"]), float(w["position"])))
        else:
            mass, position = w
            out.append((float(mass), float(position)))
    return out


def net_torque(weights: Iterable) -> float:
    """Sum of mass × signed position (g = 1): positive tips the beam to the right.

    `weights` holds (mass, position) pairs, BalanceWeight objects or {"mass", "position"} dicts.
    """
    return math.fsum(m * p for m, p in _pairs(weights))


def balance_problems(params: BalanceParams, placed: Iterable) -> list[str]:
    """Why a placement is not a legal move (unknown masses, off the beam, off a slot)."""
    problems: list[str] = []
    remaining = [float(m) for m in params.available]
    for mass, position in _pairs(placed):
        if not (math.isfinite(mass) and math.isfinite(position)):
            problems.append("A weight has no real mass or position.")
            continue
        match = next((i for i, m in enumerate(remaining) if abs(m - mass) <= _EPS), None)
        if match is None:
            problems.append(f"There is no {mass:g} kg weight left to place.")
        else:
            remaining.pop(match)
        if abs(position) > params.beam_half_length + _EPS:
            problems.append(f"A weight at {position:g} m is off the beam.")
        elif params.slot_spacing > 0:
            slots = position / params.slot_spacing
            if abs(slots - round(slots)) > 1e-6:
                problems.append(f"A weight at {position:g} m is between two slots.")
    return problems


def balance_ok(params: BalanceParams, placed: Iterable) -> bool:
    """Whether the fixed and placed weights balance within the tolerance, with a legal placement."""
    placed = _pairs(placed)
    if balance_problems(params, placed):
        return False
    total = net_torque(list(_pairs(params.fixed)) + placed)
    return abs(total) <= params.tolerance + 1e-6


# --------------------------------------------------------------------------- number line

_MIXED = re.compile(r"^([+-]?)(\d+)\s+(\d+)\s*/\s*(\d+)$")
_FRACTION = re.compile(r"^([+-]?)(\d+)\s*/\s*(\d+)$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _clean_number_text(text: str) -> str:
    # Vulgar fractions ("1½") become a spaced mixed number ("1 1/2") before NFKC glues them.
    text = "".join(
        f" {c} " if unicodedata.decomposition(c).startswith("<fraction>") else c for c in text
    )
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2212", "-").replace("\u2044", "/").replace("\u2215", "/")
    return " ".join(text.split())


def parse_line_value(text: str) -> float:
    """A value as a student sees it: "3/4", "1 1/2", "-2/3", "0.2", "-1", "½" -> float.

    Raises ValueError for anything else (including a zero denominator).
    """
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise ValueError(f"not a number: {text!r}")
    if isinstance(text, (int, float)):
        if not math.isfinite(text):
            raise ValueError("not a finite number")
        return float(text)
    s = _clean_number_text(text)
    if m := _MIXED.match(s):
        sign, whole, num, den = m.groups()
        if int(den) == 0:
            raise ValueError("zero denominator")
        value = int(whole) + Fraction(int(num), int(den))
        return float(-value if sign == "-" else value)
    if m := _FRACTION.match(s):
        sign, num, den = m.groups()
        if int(den) == 0:
            raise ValueError("zero denominator")
        value = Fraction(int(num), int(den))
        return float(-value if sign == "-" else value)
    if _DECIMAL.match(s):
        value = float(s)
        if math.isfinite(value):
            return value
    raise ValueError(f"not a number: {text!r}")


def number_line_ok(
    params: NumberLineParams, positions: Mapping[str, float]
) -> tuple[bool, dict[str, float | None]]:
    """Judge every value's placement: (all within tolerance, value -> |error| or None if missing)."""
    errors: dict[str, float | None] = {}
    for value in params.values:
        placed = positions.get(value) if isinstance(positions, Mapping) else None
        if isinstance(placed, bool) or not isinstance(placed, (int, float)):
            errors[value] = None
            continue
        if not math.isfinite(placed):
            errors[value] = None
            continue
        errors[value] = abs(float(placed) - parse_line_value(value))
    ok = all(e is not None and e <= params.tolerance + 1e-9 for e in errors.values())
    return ok, errors
