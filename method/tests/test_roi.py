from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from method.roi import (
    DEFAULT_SCENARIOS,
    RoiInputError,
    RoiInputs,
    Scenario,
    ScenarioAssumptions,
    business_case,
    calculate,
    money,
    ramp_share,
    sensitivity,
)


def base(**changes) -> RoiInputs:
    inputs = RoiInputs(
        hourly_cost=D(500),
        hours_saved_per_week=D(10),
        licence_setup_cost=D(30000),
        implementation_cost=D(15000),
        training_cost=D(5000),
        annual_running_cost=D(60000),
    )
    return replace(inputs, **changes)


# The article's worked examples


def test_ten_hours_a_week_at_500_over_52_weeks_is_260000():
    result = calculate(
        RoiInputs(hourly_cost=D(500), hours_saved_per_week=D(10), weeks_per_year=D(52))
    )
    assert result.annual_benefit == D(260000)


def test_the_same_over_45_working_weeks_is_225000():
    result = calculate(RoiInputs(hourly_cost=D(500), hours_saved_per_week=D(10)))
    assert result.annual_benefit == D(225000)
    assert result.hours_saved_per_year == D(450)


def test_380_hours_a_year_is_about_a_quarter_fte_not_half():
    result = calculate(RoiInputs(hourly_cost=D(500), hours_saved_per_year=D(380)))
    assert result.hours_per_fte == D("1687.5")
    assert round(result.fte_equivalent, 2) == D("0.23")
    assert result.fte_equivalent < D("0.5")


# The monthly model


def test_months_follow_the_ramp_and_costs():
    result = calculate(base())
    first, fifth = result.months[0], result.months[4]
    assert first.benefit == D(225000) / 12 * D("0.2")
    assert first.cost == D(50000) + D(5000)  # one-off costs in month 1, running cost monthly
    assert fifth.benefit == D(225000) / 12
    assert fifth.cost == D(5000)
    assert result.months[-1].cumulative == sum(f.net for f in result.months)


def test_payback_month_is_the_first_with_cumulative_net_at_or_above_zero():
    result = calculate(base())
    month = result.payback_month
    assert result.months[month - 1].cumulative >= 0
    assert result.months[month - 2].cumulative < 0
    assert month == 7


def test_no_payback_within_the_horizon_is_none():
    result = calculate(base(hours_saved_per_week=D("0.5"), horizon_months=12))
    assert result.payback_month is None


def test_roi_at_12_18_and_36_months():
    result = calculate(base())
    benefit = sum(f.benefit for f in result.months[:12])
    cost = sum(f.cost for f in result.months[:12])
    assert result.roi[12] == (benefit - cost) / cost
    assert set(result.roi) == {12, 18, 36}
    assert result.roi[12] < result.roi[18] < result.roi[36]


def test_without_costs_roi_is_undefined_and_break_even_is_zero():
    result = calculate(RoiInputs(hourly_cost=D(500), hours_saved_per_week=D(2)))
    assert result.roi == {12: None, 18: None, 36: None}
    assert result.break_even_hours_per_week == D(0)
    assert result.payback_month == 1


def test_break_even_hours_make_the_horizon_net_zero():
    result = calculate(base())
    at_break_even = calculate(base(hours_saved_per_week=result.break_even_hours_per_week))
    assert abs(at_break_even.months[35].cumulative) < D("0.000001")


def test_users_and_share_affected_multiply_hours():
    result = calculate(base(users=4, share_affected=D("0.5")))
    assert result.hours_saved_per_year == D(10) * 45 * 4 * D("0.5")


def test_ramp_beyond_its_length_is_full():
    inputs = base(ramp=(D("0.5"),))
    assert (ramp_share(inputs, 1), ramp_share(inputs, 2)) == (D("0.5"), D(1))


def test_money_rounds_half_up_to_cents():
    assert money(D("1.005")) == D("1.01")
    assert money(D("225000")) == D("225000.00")


# Bad input: each names its field


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"hours_saved_per_week": D(0)}, "hours_saved_per_week", "must_be_positive"),
        ({"hours_saved_per_week": D(-1)}, "hours_saved_per_week", "must_be_positive"),
        ({"hours_saved_per_week": D(40)}, "hours_saved_per_week", "more_than_worked"),
        (
            {"hours_saved_per_week": None, "hours_saved_per_year": D(2000)},
            "hours_saved_per_year",
            "more_than_worked",
        ),
        (
            {"hours_saved_per_week": None, "hours_saved_per_year": D(0)},
            "hours_saved_per_year",
            "must_be_positive",
        ),
        ({"hours_saved_per_year": D(10)}, "hours_saved_per_week", "hours_per_week_or_year"),
        ({"hours_saved_per_week": None}, "hours_saved_per_week", "hours_per_week_or_year"),
        ({"hourly_cost": D(0)}, "hourly_cost", "must_be_positive"),
        ({"licence_setup_cost": D(-1)}, "licence_setup_cost", "not_negative"),
        ({"annual_running_cost": D(-5)}, "annual_running_cost", "not_negative"),
        ({"users": 0}, "users", "must_be_positive"),
        ({"share_affected": D("1.5")}, "share_affected", "between"),
        ({"weeks_per_year": D(60)}, "weeks_per_year", "between"),
        ({"hours_per_week": D(0)}, "hours_per_week", "between"),
        ({"ramp": (D("1.2"),)}, "ramp", "between"),
        ({"horizon_months": 0}, "horizon_months", "between"),
    ],
)
def test_bad_input_names_the_field(changes, field, code):
    with pytest.raises(RoiInputError) as raised:
        calculate(base(**changes))
    assert (raised.value.field, raised.value.code) == (field, code)


# Scenarios and sensitivity


def test_scenarios_are_ordered_and_use_their_own_assumptions():
    case = business_case(base())
    low, mid, high = (case.scenarios[s] for s in Scenario)
    assert low.annual_benefit == mid.annual_benefit * D("0.7")
    assert low.months[0].cost == mid.months[0].cost * D("1.2")
    assert low.months[-1].cumulative <= mid.months[-1].cumulative <= high.months[-1].cumulative
    assert case.base is mid


def test_optimistic_hours_are_capped_at_the_hours_worked():
    case = business_case(base(hours_saved_per_week=D(35)))
    assert case.scenarios[Scenario.OPTIMISTIC].inputs.hours_saved_per_week == D("37.5")


@pytest.mark.parametrize(
    ("scenarios", "code"),
    [
        (
            {**DEFAULT_SCENARIOS, Scenario.CONSERVATIVE: ScenarioAssumptions(D("1.5"), D(1))},
            "hours_order",
        ),
        (
            {**DEFAULT_SCENARIOS, Scenario.OPTIMISTIC: ScenarioAssumptions(D("1.3"), D("1.5"))},
            "cost_order",
        ),
        (
            {**DEFAULT_SCENARIOS, Scenario.CONSERVATIVE: ScenarioAssumptions(D(0), D("1.2"))},
            "must_be_positive",
        ),
    ],
)
def test_disordered_scenarios_are_refused(scenarios, code):
    with pytest.raises(RoiInputError) as raised:
        business_case(base(), scenarios)
    assert raised.value.code == code


def test_sensitivity_moves_payback_the_right_way():
    rows = {row.name: row for row in sensitivity(base())}
    assert set(rows) == {"hours_saved", "hourly_cost", "one_off_cost", "annual_running_cost"}
    hours = rows["hours_saved"]
    assert hours.payback_lower >= hours.payback_base >= hours.payback_higher
    cost = rows["one_off_cost"]
    assert cost.payback_lower <= cost.payback_base <= cost.payback_higher


def test_sensitivity_by_hours_per_year():
    rows = sensitivity(base(hours_saved_per_week=None, hours_saved_per_year=D(1680)))
    assert rows[0].payback_higher is not None  # 1,680 × 1.2 is capped at 1,687.5 hours


# Properties

money_strategy = st.decimals(min_value=0, max_value=10_000_000, places=2)
hours_strategy = st.decimals(min_value=D("0.1"), max_value=D("37.5"), places=1)


@given(hours_strategy, hours_strategy, money_strategy, money_strategy)
def test_more_hours_saved_never_lowers_roi(a, b, one_off, running):
    low, high = sorted((a, b))
    costs = {"licence_setup_cost": one_off, "annual_running_cost": running}
    first = calculate(base(hours_saved_per_week=low, **costs))
    second = calculate(base(hours_saved_per_week=high, **costs))
    for span in (12, 18, 36):
        if first.roi[span] is not None:
            assert second.roi[span] >= first.roi[span]


@given(hours_strategy, money_strategy, money_strategy)
def test_scenarios_stay_ordered(hours, one_off, running):
    case = business_case(
        base(hours_saved_per_week=hours, licence_setup_cost=one_off, annual_running_cost=running)
    )
    low, mid, high = (case.scenarios[s].months[-1].cumulative for s in Scenario)
    assert low <= mid <= high


@given(
    hours_strategy,
    money_strategy,
    st.lists(st.decimals(min_value=0, max_value=1, places=2), max_size=6),
)
def test_payback_is_never_before_the_first_month_with_benefit(hours, one_off, ramp):
    result = calculate(
        base(hours_saved_per_week=hours, licence_setup_cost=one_off, ramp=tuple(ramp))
    )
    if result.payback_month is not None:
        first_benefit = next(f.month for f in result.months if f.benefit > 0)
        assert result.payback_month >= first_benefit


@given(st.lists(st.decimals(min_value=0, max_value=100_000, places=2), min_size=1, max_size=4))
def test_cumulative_cash_flow_is_the_exact_sum_of_nets(costs):
    result = calculate(base(licence_setup_cost=costs[0], annual_running_cost=costs[-1]))
    running = D(0)
    for flow in result.months:
        running += flow.benefit - flow.cost
        assert flow.cumulative == running
