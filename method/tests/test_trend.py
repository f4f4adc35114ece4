import datetime as dt
import itertools
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from method.catalog import DecisionWeight as W
from method.trend import (
    StanceStep,
    alignment_series,
    group_series,
    person_series,
    sparkline_points,
    stance_on,
    trend_days,
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


def test_trend_days_spread_evenly_and_include_both_ends():
    assert trend_days(D(2026, 1, 1), D(2026, 1, 1)) == [D(2026, 1, 1)]
    assert trend_days(D(2026, 1, 1), D(2026, 1, 3)) == [D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 3)]
    days = trend_days(D(2026, 1, 1), D(2026, 3, 26), points=13)
    assert (days[0], days[-1], len(days)) == (D(2026, 1, 1), D(2026, 3, 26), 13)
    assert {(b - a).days for a, b in itertools.pairwise(days)} == {7}


def test_person_series_follows_the_steps():
    steps = [StanceStep(D(2026, 1, 10), 0), StanceStep(D(2026, 1, 20), 2)]
    days = [D(2026, 1, 1), D(2026, 1, 10), D(2026, 1, 19), D(2026, 1, 25)]
    assert person_series(steps, days) == [None, 0, 0, 2]


def as_stored(events):
    """Today's stances, and (day, person, previous) newest first, as the database holds them."""
    previous, current, stored = {}, {}, []
    for day, person, stance in events:
        stored.append((day, person, previous.get(person)))
        previous[person] = current[person] = stance
    return current, list(reversed(stored))


def test_group_series_averages_people_present_on_each_day():
    events = [
        (D(2026, 1, 1), "kari", -2),
        (D(2026, 1, 10), "per", 1),
        (D(2026, 1, 20), "kari", 0),
    ]
    days = [D(2025, 12, 1), D(2026, 1, 5), D(2026, 1, 15), D(2026, 1, 25)]
    current, stored = as_stored(events)
    recent = [e for e in stored if e[0] > days[0]]
    assert group_series(current, recent, days) == [
        None,
        Decimal(-2),
        Decimal("-0.50"),
        Decimal("0.50"),
    ]


steps_strategy = st.lists(
    st.tuples(st.integers(0, 60), st.sampled_from("abcde"), st.integers(-2, 2)), max_size=40
)


@given(steps_strategy, st.integers(0, 60))
def test_walking_back_agrees_with_looking_each_person_up(raw, window_start):
    base = D(2026, 1, 1)
    events = sorted(((base + dt.timedelta(days=d), p, s) for d, p, s in raw), key=lambda e: e[0])
    days = trend_days(base + dt.timedelta(days=window_start), base + dt.timedelta(days=70))
    current, stored = as_stored(events)
    recent = [e for e in stored if e[0] > days[0]]
    by_person: dict[str, list[StanceStep]] = {}
    for day, person, stance in events:
        by_person.setdefault(person, []).append(StanceStep(day, stance))
    expected = []
    for day in days:
        present = [s for steps in by_person.values() if (s := stance_on(steps, day)) is not None]
        expected.append(
            (Decimal(sum(present)) / len(present)).quantize(Decimal("0.01")) if present else None
        )
    assert group_series(current, recent, days) == expected


def test_alignment_series_follows_the_weighted_rule():
    groups = {
        "leadership": (W.VETO, [Decimal(2), Decimal(2)]),
        "union": (W.CO_DETERMINATION, [Decimal(-2), Decimal(2)]),
        "dpo": (W.ADVISORY, [None, None]),
    }
    assert alignment_series(groups, 2) == [0, 100]


def test_sparkline_maps_the_scale_and_skips_gaps():
    assert (
        sparkline_points([-2, None, 2], low=-2, high=2, width=100, height=20)
        == "0.0,20.0 100.0,0.0"
    )
    assert sparkline_points([1], low=-2, high=2, width=100, height=20) == ""
