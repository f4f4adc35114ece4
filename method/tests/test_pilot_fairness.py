"""Fairness that shows what it must: issue 15, part 2.

A group with k or more cases always shows its rates, ratios and flag; a group under k shows
nothing, and nothing shown lets anyone rebuild it (docs/pilot.md).
"""

import itertools
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from method.pilot import (
    FOUR_FIFTHS,
    ROUNDING_BASE,
    FairnessRow,
    FairnessTable,
    GroupCounts,
    RatioInterval,
    cases_needed,
    fairness_table,
    pilot_report,
    ratio_interval,
    report_json,
    too_wide_to_judge,
)
from method.pilot_import import PilotCase

A, R = "advance", "reject"
_ids = itertools.count()


def _cases(n, *, gender, arm, ai, human):
    return [
        PilotCase(
            case_key=f"w{next(_ids):015x}",
            decided_on=date(2026, 9, 7),
            department="Recruitment",
            arm=arm,
            ai_decision=ai,
            human_decision=human,
            minutes=None,
            attributes=(("gender", gender),),
        )
        for _ in range(n)
    ]


def worked_example() -> list[PilotCase]:
    """2,003 cases: F 1,000 and M 1,000, half in each arm, and X 3.

    People advance 350 of the women (35 %) and 500 of the men (50 %): F/M = 0.70.
    The AI suggests advance for 200 of the 500 women in the pilot arm and 250 of the men.
    """
    cases = []
    for gender, human_advances, ai_advances in (("F", 350, 200), ("M", 500, 250)):
        pilot_advances = human_advances // 2
        cases += _cases(ai_advances, gender=gender, arm="pilot", ai=A, human=A)[:pilot_advances]
        cases += _cases(
            max(ai_advances - pilot_advances, 0), gender=gender, arm="pilot", ai=A, human=R
        )
        rest = pilot_advances - min(ai_advances, pilot_advances)
        cases += _cases(rest, gender=gender, arm="pilot", ai=R, human=A)
        cases += _cases(500 - ai_advances - rest, gender=gender, arm="pilot", ai=R, human=R)
        control_advances = human_advances - pilot_advances
        cases += _cases(control_advances, gender=gender, arm="control", ai=None, human=A)
        cases += _cases(500 - control_advances, gender=gender, arm="control", ai=None, human=R)
    cases += _cases(2, gender="X", arm="pilot", ai=R, human=R)
    cases += _cases(1, gender="X", arm="control", ai=None, human=A)
    return cases


def test_the_worked_example_shows_and_flags_the_disparity_and_hides_x():
    cases = worked_example()
    assert len(cases) == 2003
    report = pilot_report(cases, k=5)
    rows = {row.group: row for row in report.fairness["gender"].rows}
    assert rows["F"].selection_rate_human == 0.35 and rows["M"].selection_rate_human == 0.5
    assert not rows["F"].masked and not rows["M"].masked
    assert round(rows["F"].ratio_human, 4) == 0.7
    assert rows["M"].ratio_human == 1.0
    assert "four_fifths" in report.flags
    assert "small_sample" not in report.flags
    assert rows["X"].masked and rows["X"].cases is None and rows["X"].selection_rate_human is None
    data = report_json(report)
    assert data["selection_rate_ratio"]["gender"]["F"] == 0.7
    assert data["selection_rate_ratio"]["gender"]["X"] is None


# Protection of small groups, without hiding large ones


def _shown(table: FairnessTable) -> tuple:
    return (table.rows, table.four_fifths_ai, table.four_fifths_human, table.rounded)


group_sizes = st.integers(3, 8).flatmap(
    lambda k: st.tuples(
        st.just(k),
        st.lists(
            st.integers(k, 60).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))),
            min_size=1,
            max_size=2,
        ),
        st.integers(1, k - 1).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))),
    )
)


def _table(k, large, small):
    groups = {f"g{i}": GroupCounts(n, a) for i, (n, a) in enumerate(large)}
    groups["small"] = GroupCounts(*small)
    return fairness_table("group", groups, k)


@settings(max_examples=300, deadline=None)
@given(group_sizes)
def test_every_group_of_k_or_more_shows_its_rates_ratio_and_flag(example):
    k, large, small = example
    table = _table(k, large, small)
    rows = {row.group: row for row in table.rows}
    small_row = rows.pop("small")
    assert small_row.masked and small_row == FairnessRow("small", masked=True)
    assert table.rounded  # something is held back, so the counts are rounded
    assert all(not row.masked and row.selection_rate_human is not None for row in rows.values())
    if any(row.selection_rate_human for row in rows.values()):
        assert all(row.ratio_human is not None for row in rows.values())
        low = any(row.ratio_human < FOUR_FIFTHS for row in rows.values())
        assert table.four_fifths_human == low
    # Rounded to the base, never under k rounded up; the largest group takes up what the
    # others' rounding left. Each other group is off by at most `each`.
    floor = -(-k // ROUNDING_BASE) * ROUNDING_BASE
    each = max(ROUNDING_BASE // 2, floor - k)
    true_cases = {f"g{i}": n for i, (n, _) in enumerate(large)}
    for group, row in rows.items():
        assert row.cases % ROUNDING_BASE == 0 and row.cases >= k
        assert abs(row.cases - true_cases[group]) <= (k - 1) / 2 + each * len(large) + 1


@pytest.mark.parametrize("n", [10, 35])
def test_a_shown_group_never_shows_more_advances_than_cases(n):
    # g0 leads on cases and g1 on advances: g0's balanced cases (the target minus g1's)
    # fell under its own rounded advances, and the ratio interval refused the table.
    groups = {
        "g0": GroupCounts(n, n - 2),
        "g1": GroupCounts(n - 1, n - 1),
        "small": GroupCounts(1, 0),
    }
    table = fairness_table("group", groups, 7)
    shown = [row for row in table.rows if not row.masked]
    assert [row.group for row in shown] == ["g0", "g1"] and table.rounded
    assert all(0 <= row.selection_rate_human <= 1 for row in shown)
    assert all(row.cases % ROUNDING_BASE == 0 for row in shown)


WINDOW = 4


@settings(max_examples=120, deadline=None)
@given(group_sizes)
@example((3, [(34, 33), (33, 32)], (1, 1)))  # a lead by exact cases told 1 case from 2
@example((3, [(3, 3), (3, 0)], (1, 0)))
@example((7, [(10, 8), (9, 9)], (1, 0)))  # the leads of cases and advances differ
@example((7, [(8, 0), (7, 0)], (1, 0)))  # 7 cases shown as 5 could only be 7
def test_nothing_shown_pins_the_small_groups_cases_or_selections(example):
    """Someone who knows the exact totals (cases and advances, as the rest of the report
    gives them), the rule that a hidden group has 1 to k-1 cases and a shown one k or more,
    and the code of fairness_table, looks for every table the output could have come from.

    The small group's cases, and its advances, must keep at least two possible values
    wherever the totals and the k rule alone leave two or more (with all advances 0, or
    all, the totals say what the small group got: no table can hide that)."""
    k, large, small = example
    seen = _shown(_table(k, large, small))
    cases_total = sum(n for n, _ in large) + small[0]
    advances_total = sum(a for _, a in large) + small[1]
    by_totals: tuple[set, set] = (set(), set())
    by_output: tuple[set, set] = (set(), set())
    choices = [
        [
            (n2, a2)
            for n2 in range(max(n - WINDOW, k), n + WINDOW + 1)
            for a2 in range(max(a - WINDOW, 0), min(a + WINDOW, n2) + 1)
        ]
        for n, a in large
    ]
    for world in itertools.product(*choices):
        n_small = cases_total - sum(n for n, _ in world)
        a_small = advances_total - sum(a for _, a in world)
        if not (1 <= n_small <= k - 1 and 0 <= a_small <= n_small):
            continue
        by_totals[0].add(n_small)
        by_totals[1].add(a_small)
        if _shown(_table(k, list(world), (n_small, a_small))) == seen:
            by_output[0].add(n_small)
            by_output[1].add(a_small)
        if all(len(found) >= 2 for found in by_output):
            break
    for possible, left in zip(by_totals, by_output, strict=True):
        if len(possible) >= 2:
            assert len(left) >= 2, (possible, left)


def test_subtracting_the_shown_counts_does_not_give_x_in_the_worked_example():
    table = pilot_report(worked_example()).fairness["gender"]
    shown = sum(row.cases for row in table.rows if not row.masked)
    assert table.rounded and shown == 2000  # 2,003 − 2,000 = 3 only if F and M were exact
    # Rounded counts 1,000 and 1,000 fit any F and M from 998 to 1,002: X could be 1 to 4.
    assert {2003 - f - m for f in range(998, 1003) for m in range(998, 1003)} & {1, 2, 3, 4} == {
        1,
        2,
        3,
        4,
    }


# Intervals, the small-sample rule and the cases needed, by hand


def test_katz_interval_for_the_worked_examples_ratio_by_hand():
    # ln(0.35 / 0.5) = ln 0.7 = −0.35667; SE = √(1/350 − 1/1000 + 1/500 − 1/1000)
    # = √0.0028571 = 0.053452; ± 1.96 · 0.053452 = ± 0.104766
    # → e^−0.461441 = 0.6304 and e^−0.251909 = 0.7773.
    interval = ratio_interval(350, 1000, 500, 1000)
    assert round(interval.low, 4) == 0.6304 and round(interval.high, 4) == 0.7773
    assert not too_wide_to_judge(interval)  # wholly under 0.8: an alarm, not chance


def test_katz_interval_corrects_a_zero_and_refuses_no_cases():
    # No advance in 10: 0.5 of 11 against 5.5 of 11; ratio 1/11, SE √(2 − 1/11 + 1/5.5 − 1/11)
    interval = ratio_interval(0, 10, 5, 10)
    assert interval.low < 1 / 11 < interval.high
    assert round(interval.low, 4) == 0.0057 and round(interval.high, 4) == 1.4534
    assert ratio_interval(0, 0, 5, 10) is None and ratio_interval(1, 10, 0, 0) is None


def test_too_wide_to_judge_means_holding_both_an_alarm_and_parity():
    assert too_wide_to_judge(RatioInterval(0.7, 1.1))
    assert not too_wide_to_judge(RatioInterval(0.81, 1.3))  # no alarm possible
    assert not too_wide_to_judge(RatioInterval(0.6, 0.99))  # below parity throughout
    assert not too_wide_to_judge(None)


def test_cases_needed_by_hand():
    # z² · ((1 − 0.35)/0.35 + (1 − 0.5)/0.5) / (ln(1.25)/2)²
    # = 3.84146 · 2.857143 / 0.0124484 = 881.7 → 882 per group.
    assert cases_needed(0.35, 0.5) == 882
    assert cases_needed(0.0, 0.5) == cases_needed(0.01, 0.5)  # 0 is read as 1 %
    assert cases_needed(1.0, 1.0) == 1


def test_small_sample_only_where_an_interval_is_too_wide_and_says_how_many():
    wide = fairness_table("g", {"a": GroupCounts(20, 8), "b": GroupCounts(20, 10)})
    row = {r.group: r for r in wide.rows}["a"]
    assert row.small_sample_human and row.cases_needed_human == cases_needed(0.4, 0.5)
    assert wide.small_sample and not wide.four_fifths_human
    narrow = fairness_table("g", {"a": GroupCounts(4000, 1600), "b": GroupCounts(4000, 2000)})
    assert not narrow.small_sample and not narrow.rows[0].small_sample_human
    assert narrow.rows[0].cases_needed_human is None


def test_the_worked_example_in_json_shows_rates_ratios_and_intervals_for_both_sides():
    data = report_json(pilot_report(worked_example()))
    rows = {row["group"]: row for row in data["fairness"]["gender"]}
    assert rows["X"] == {
        **dict.fromkeys(rows["X"]),
        "group": "X",
        "masked": True,
        **{name: False for name in ("small_sample_ai", "small_sample_human", "ai_withheld")},
    }
    assert (rows["F"]["cases"], rows["M"]["cases"]) == (1000, 1000)
    assert rows["F"]["selection_rate_ai"] == 0.4 and rows["M"]["selection_rate_ai"] == 0.5
    assert rows["F"]["ratio_ai"] == 0.8  # exactly four fifths: no AI flag
    assert (rows["F"]["ratio_human_low"], rows["F"]["ratio_human_high"]) == (0.6304, 0.7773)
    assert data["fairness_tables"]["gender"]["rounded"] is True
    assert data["flags"] == ["four_fifths"]


# Shadow agreement


def test_shadow_agreement_and_the_gap_as_an_automation_bias_signal():
    # Pilot arm: 95 of 100 agree. Control arm, AI unseen: 70 of 100 agree.
    pilot = _cases(95, gender="F", arm="pilot", ai=A, human=A) + _cases(
        5, gender="F", arm="pilot", ai=A, human=R
    )
    shadow = _cases(70, gender="F", arm="control", ai=A, human=A) + _cases(
        30, gender="F", arm="control", ai=A, human=R
    )
    report = pilot_report(pilot + shadow)
    assert report.agreement.cases == 100 and report.agreement.agreement_rate == 0.95
    assert report.shadow.cases == 100 and report.shadow.agreement_rate == 0.7
    # 0.25 ± 1.96 · √(0.95·0.05/100 + 0.7·0.3/100) = 0.25 ± 1.96 · 0.050744 = 0.25 ± 0.0995
    assert report.agreement_gap.estimate == 0.25
    assert round(report.agreement_gap.low, 4) == 0.1505
    assert "automation_bias" in report.flags
    data = report_json(report)
    assert data["shadow"]["agreement_rate"] == 0.7 and data["agreement_gap"]["low"] == 0.1505


def test_no_shadow_figures_without_ai_suggestions_in_the_control_arm():
    cases = _cases(50, gender="F", arm="pilot", ai=A, human=A) + _cases(
        50, gender="F", arm="control", ai=None, human=A
    )
    report = pilot_report(cases)
    assert report.shadow is None and report.agreement_gap is None
    assert "automation_bias" not in report.flags


def test_equal_agreement_in_both_arms_raises_no_automation_bias_flag():
    cases = (
        _cases(80, gender="F", arm="pilot", ai=A, human=A)
        + _cases(20, gender="F", arm="pilot", ai=R, human=A)
        + _cases(80, gender="F", arm="control", ai=A, human=A)
        + _cases(20, gender="F", arm="control", ai=R, human=A)
    )
    report = pilot_report(cases)
    assert report.agreement_gap.estimate == 0 and "automation_bias" not in report.flags


ai_sizes = st.integers(3, 8).flatmap(
    lambda k: st.tuples(
        st.just(k),
        st.integers(k, 60).flatmap(
            lambda n: st.tuples(st.just(n), st.integers(0, n), st.integers(0, n))
        ),
        st.integers(1, k - 1).flatmap(
            lambda n: st.tuples(st.just(n), st.integers(0, n), st.integers(0, n))
        ),
    )
)


def _ai_table(k, large, small):
    """Every case in the pilot arm: cases, human advances, AI advances."""
    groups = {
        "big": GroupCounts(large[0], large[1], large[0], large[2]),
        "small": GroupCounts(small[0], small[1], small[0], small[2]),
    }
    return fairness_table("group", groups, k)


@settings(max_examples=120, deadline=None)
@given(ai_sizes)
def test_nothing_shown_pins_the_small_groups_ai_suggestions_either(example):
    """The same adversary, now also knowing the exact number of AI advances (the confusion
    table gives it): the small group's AI advances keep two possible values too."""
    k, large, small = example
    seen = _shown(_ai_table(k, large, small))
    totals = [large[i] + small[i] for i in range(3)]
    by_totals: set = set()
    by_output: set = set()
    n, a, b = large
    for n2 in range(max(n - WINDOW, k), n + WINDOW + 1):
        for a2 in range(max(a - WINDOW, 0), min(a + WINDOW, n2) + 1):
            for b2 in range(max(b - WINDOW, 0), min(b + WINDOW, n2) + 1):
                alt = (totals[0] - n2, totals[1] - a2, totals[2] - b2)
                if not (1 <= alt[0] <= k - 1 and 0 <= alt[1] <= alt[0] and 0 <= alt[2] <= alt[0]):
                    continue
                by_totals.add(alt[2])
                if _shown(_ai_table(k, (n2, a2, b2), alt)) == seen:
                    by_output.add(alt[2])
    assert small[2] in by_output
    if len(by_totals) >= 2:
        assert len(by_output) >= 2, (by_totals, by_output)


@pytest.mark.parametrize(
    "counts",
    [
        GroupCounts(5, 6),  # more advances than cases
        GroupCounts(5, -1),
        GroupCounts(5, 2, 6, 0),  # more AI suggestions than cases
        GroupCounts(5, 2, 3, 4),  # more AI advances than suggestions
        GroupCounts(-1, 0),
    ],
)
def test_impossible_counts_are_refused(counts):
    with pytest.raises(ValueError):
        fairness_table("g", {"a": counts, "b": GroupCounts(10, 5)})


def test_bad_interval_input_is_refused_and_k_must_be_positive():
    with pytest.raises(ValueError):
        ratio_interval(11, 10, 5, 10)
    with pytest.raises(ValueError):
        ratio_interval(-1, 10, 5, 10)
    with pytest.raises(ValueError):
        fairness_table("g", {"a": GroupCounts(10, 5)}, k=0)


def test_the_table_does_not_depend_on_the_order_of_the_groups():
    groups = {"b": GroupCounts(40, 20), "a": GroupCounts(40, 20), "c": GroupCounts(2, 1)}
    reversed_ = dict(reversed(list(groups.items())))
    assert fairness_table("g", groups) == fairness_table("g", reversed_)
    assert fairness_table("g", groups).reference_human == "a"  # ties: the first by name
