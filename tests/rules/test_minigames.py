"""Mini-game physics the judge and the UI animation share."""

from __future__ import annotations

import math

import pytest

from quest_engine.content.model import (
    BalanceParams,
    BalanceWeight,
    LaunchParams,
    NumberLineParams,
)
from quest_engine.rules.minigames import (
    balance_ok,
    launch_hits,
    launch_range,
    launch_trajectory,
    net_torque,
    number_line_ok,
    parse_line_value,
)


def test_range_peaks_at_45_degrees():
    assert launch_range(45, 20, 9.8) > launch_range(30, 20, 9.8)
    assert launch_range(45, 20, 9.8) > launch_range(60, 20, 9.8)
    assert launch_range(30, 20, 9.8) == pytest.approx(launch_range(60, 20, 9.8))
    assert launch_range(45, 20, 9.8) == pytest.approx(400 / 9.8)


def test_lower_gravity_flies_farther():
    assert launch_range(45, 10, 1.62) > launch_range(45, 10, 9.8)


def test_trajectory_starts_at_origin_and_lands_at_the_range():
    points = launch_trajectory(45, 20, 9.8, steps=30)
    assert len(points) == 31
    assert points[0] == (0.0, 0.0)
    assert points[-1][0] == pytest.approx(launch_range(45, 20, 9.8))
    assert points[-1][1] == 0.0
    peak = max(y for _, y in points)
    assert peak == pytest.approx((20 * math.sin(math.radians(45))) ** 2 / (2 * 9.8), rel=0.01)


def test_launch_hits_honours_width_and_fixed_angle():
    params = LaunchParams(target_distance=40, target_width=4)
    assert launch_hits(params, 45, 19.8)
    assert not launch_hits(params, 45, 15)
    fixed = LaunchParams(target_distance=40, fixed_angle=45)
    assert launch_hits(fixed, 10, 19.8)


def test_bad_gravity_is_an_error():
    with pytest.raises(ValueError):
        launch_range(45, 10, 0)


def test_net_torque_accepts_pairs_and_weights():
    assert net_torque([(2, -1.5), (3, 1)]) == 0
    assert net_torque([BalanceWeight(1, 2)]) == 2


def test_balance_ok_checks_torque_and_legal_moves():
    params = BalanceParams(beam_half_length=2, fixed=(BalanceWeight(2, -1.5),), available=(1, 3, 3))
    assert balance_ok(params, [(3, 1.0)])
    assert not balance_ok(params, [(1, 1.0)])
    assert not balance_ok(params, [(6, 0.5)])  # no such weight
    assert not balance_ok(params, [(1, 3.0)])  # off the beam
    assert not balance_ok(params, [(3, 0.5), (3, 0.5), (3, 0.5)])  # only two 3 kg weights
    assert not balance_ok(params, [(3, 0.99)])  # between slots


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3/4", 0.75),
        ("1 1/2", 1.5),
        ("-2/3", -2 / 3),
        ("0.2", 0.2),
        ("-1", -1),
        ("-1 1/2", -1.5),
        ("½", 0.5),
        ("1½", 1.5),
        (" 5 / 8 ", 0.625),
        ("−0.5", -0.5),
    ],
)
def test_parse_line_value(text, value):
    assert parse_line_value(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "1/0", "1 2", "3/4/5", "--1"])
def test_parse_line_value_rejects(text):
    with pytest.raises(ValueError):
        parse_line_value(text)


def test_number_line_reports_per_value_errors():
    params = NumberLineParams(min=0, max=2, values=("3/4", "1 1/2"), tolerance=0.05)
    ok, errors = number_line_ok(params, {"3/4": 0.74, "1 1/2": 1.5})
    assert ok and errors["3/4"] == pytest.approx(0.01)
    ok, errors = number_line_ok(params, {"3/4": 0.5})
    assert not ok and errors["1 1/2"] is None and errors["3/4"] == pytest.approx(0.25)
