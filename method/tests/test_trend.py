import datetime as dt
import itertools
from decimal import Decimal

from method.catalog import DecisionWeight as W
from method.trend import (
    StanceStep,
    alignment_series,
    group_series,
    sparkline_points,
    stance_on,
    trend_days,
    weekly_days,
)

D = dt.date


def test_stance_on_a_day_is_the_last_change_before_its_end():
    steps = [
        StanceStep(D(2026, 1, 1), -1),
        StanceStep(D(2026, 2, 1), 0),
        StanceStep(D(2026, 2, 1), 1),
    ]
    assert stance_on(steps, D(2025, 12, 31)) is None
    assert stance_on(steps, D(2026, 1, 1)) == -1
    assert stance_on(steps, D(2026, 1, 31)) == -1
    assert stance_on(steps, D(2026, 2, 1)) == 1
    assert stance_on([], D(2026, 2, 1)) is None


def test_weekly_days_end_on_the_given_day():
    days = weekly_days(D(2026, 3, 29), 2)
    assert days == [D(2026, 3, 15), D(2026, 3, 22), D(2026, 3, 29)]


def test_trend_days_spread_evenly_and_include_both_ends():
    assert trend_days(D(2026, 1, 1), D(2026, 1, 1)) == [D(2026, 1, 1)]
    assert trend_days(D(2026, 1, 1), D(2026, 1, 3)) == [D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 3)]
    days = trend_days(D(2026, 1, 1), D(2026, 3, 26), points=13)
    assert (days[0], days[-1], len(days)) == (D(2026, 1, 1), D(2026, 3, 26), 13)
    assert {(b - a).days for a, b in itertools.pairwise(days)} == {7}


def test_group_series_averages_people_present_on_each_day():
    kari = [StanceStep(D(2026, 1, 1), -2), StanceStep(D(2026, 1, 20), 0)]
    per = [StanceStep(D(2026, 1, 10), 1)]
    days = [D(2025, 12, 1), D(2026, 1, 5), D(2026, 1, 15), D(2026, 1, 25)]
    assert group_series([kari, per], days) == [None, Decimal(-2), Decimal("-0.50"), Decimal("0.50")]


def test_alignment_series_follows_the_weighted_rule():
    groups = {
        "leadership": (W.VETO, [[StanceStep(D(2026, 1, 1), 2)]]),
        "union": (
            W.CO_DETERMINATION,
            [[StanceStep(D(2026, 1, 1), -2), StanceStep(D(2026, 2, 1), 2)]],
        ),
    }
    assert alignment_series(groups, [D(2026, 1, 15), D(2026, 2, 15)]) == [0, 100]


def test_sparkline_maps_the_scale_and_skips_gaps():
    assert (
        sparkline_points([-2, None, 2], low=-2, high=2, width=100, height=20)
        == "0.0,20.0 100.0,0.0"
    )
    assert sparkline_points([1], low=-2, high=2, width=100, height=20) == ""
