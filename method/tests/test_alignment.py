from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from method.alignment import GroupStance, Quadrant, quadrant, weighted_alignment
from method.catalog import DecisionWeight as W


def test_group_stance_is_the_mean_of_its_people():
    assert GroupStance("union", W.CO_DETERMINATION, [-1, -2]).stance == Decimal("-1.50")
    assert GroupStance("hr", W.DAILY_USE, [2, 1, 1]).stance == Decimal("1.33")


def test_a_group_without_people_has_no_stance_and_is_left_out():
    result = weighted_alignment(
        [GroupStance("dpo", W.ADVISORY, []), GroupStance("hr", W.DAILY_USE, [1])]
    )
    assert result.groups_counted == 1
    assert result.score == Decimal("1.00")


def test_worked_example_weights_pull_by_decision_weight():
    # Leadership (veto, 3) at +1, union (co-determination, 3) at -1.5, HR (daily use, 2) at +2.
    # (3×1 + 3×-1.5 + 2×2) / 8 = 2.5 / 8 = 0.3125 → 0.31, i.e. 16 % of the way to champion.
    groups = [
        GroupStance("leadership", W.VETO, [1]),
        GroupStance("union", W.CO_DETERMINATION, [-1, -2]),
        GroupStance("hr", W.DAILY_USE, [2, 2]),
    ]
    result = weighted_alignment(groups)
    assert result.score == Decimal("0.31")
    assert result.percent == 16
    assert result.vetoes_below_neutral == ()


def test_a_veto_holder_below_neutral_is_flagged():
    result = weighted_alignment([GroupStance("leadership", W.VETO, [-1, 0])])
    assert result.vetoes_below_neutral == ("leadership",)
    assert result.percent == -25


def test_no_people_means_no_score():
    result = weighted_alignment([])
    assert (result.score, result.percent, result.groups_counted) == (None, None, 0)


stances = st.lists(st.integers(min_value=-2, max_value=2), min_size=1, max_size=30)
weights = st.sampled_from(list(W))


@given(st.lists(st.tuples(weights, stances), min_size=1, max_size=10))
def test_alignment_stays_within_the_scale(groups):
    result = weighted_alignment(GroupStance(str(i), w, s) for i, (w, s) in enumerate(groups))
    assert Decimal(-2) <= result.score <= Decimal(2)
    assert -100 <= result.percent <= 100


@given(st.lists(st.tuples(weights, stances), min_size=1, max_size=10), st.data())
def test_raising_one_stance_never_lowers_alignment(groups, data):
    index = data.draw(st.integers(min_value=0, max_value=len(groups) - 1))
    weight, people = groups[index]
    position = data.draw(st.integers(min_value=0, max_value=len(people) - 1))
    raised = list(people)
    raised[position] = min(2, raised[position] + 1)
    before = weighted_alignment(GroupStance(str(i), w, s) for i, (w, s) in enumerate(groups))
    changed = [*groups[:index], (weight, raised), *groups[index + 1 :]]
    after = weighted_alignment(GroupStance(str(i), w, s) for i, (w, s) in enumerate(changed))
    # Rounding to hundredths can hide a tiny rise, never turn it into a fall beyond rounding.
    assert after.score >= before.score - Decimal("0.01")


@pytest.mark.parametrize(
    ("influence", "interest", "expected"),
    [
        (5, 5, Quadrant.MANAGE_CLOSELY),
        (4, 4, Quadrant.MANAGE_CLOSELY),
        (5, 1, Quadrant.KEEP_SATISFIED),
        (2, 5, Quadrant.KEEP_INFORMED),
        (3, 3, Quadrant.MONITOR),
        (1, 1, Quadrant.MONITOR),
    ],
)
def test_quadrants(influence, interest, expected):
    assert quadrant(influence, interest) is expected
