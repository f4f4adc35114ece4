"""Return on investment of an HR AI tool, in exact decimal arithmetic.

Benefit is hours saved × the loaded hourly cost, reached gradually along an adoption ramp.
Costs are one-off (in the first month) and running (spread evenly). Every figure the
business case shows comes from here, so the numbers in the page, the PDF and the CLI agree.

Worked example from the method's source article: 10 hours a week at 500 NOK an hour is
260,000 NOK a year over 52 weeks, but 225,000 NOK over the 45 weeks people actually work
(holidays and leave excluded). 380 hours a year is 380 / 1,687.5 ≈ 0.23 of a full-time
equivalent at 45 weeks × 37.5 hours, not "half an FTE".
"""

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

ZERO = Decimal(0)
ONE = Decimal(1)
DEFAULT_RAMP = (Decimal("0.2"), Decimal("0.4"), Decimal("0.6"), Decimal("0.8"))  # then 100 %
ROI_MONTHS = (12, 18, 36)
SENSITIVITY = Decimal("0.2")


class RoiInputError(ValueError):
    """An input that cannot give a meaningful result. `field` names it; `code` says why."""

    def __init__(self, field: str, code: str, **params):
        super().__init__(f"{field}: {code}")
        self.field, self.code, self.params = field, code, params


@dataclass(frozen=True)
class RoiInputs:
    hourly_cost: Decimal
    hours_saved_per_week: Decimal | None = None  # per user; or give hours_saved_per_year
    hours_saved_per_year: Decimal | None = None  # per user
    users: int = 1
    share_affected: Decimal = ONE  # the share of those hours the tool really touches
    weeks_per_year: Decimal = Decimal(45)
    hours_per_week: Decimal = Decimal("37.5")
    licence_setup_cost: Decimal = ZERO
    implementation_cost: Decimal = ZERO
    training_cost: Decimal = ZERO
    annual_running_cost: Decimal = ZERO
    ramp: tuple[Decimal, ...] = DEFAULT_RAMP
    horizon_months: int = 36

    @property
    def one_off_cost(self) -> Decimal:
        return self.licence_setup_cost + self.implementation_cost + self.training_cost

    @property
    def hours_per_fte(self) -> Decimal:
        return self.weeks_per_year * self.hours_per_week


@dataclass(frozen=True)
class MonthFlow:
    month: int
    benefit: Decimal
    cost: Decimal
    net: Decimal
    cumulative: Decimal


@dataclass(frozen=True)
class RoiResult:
    inputs: RoiInputs
    hours_saved_per_year: Decimal
    annual_benefit: Decimal
    hours_per_fte: Decimal
    fte_equivalent: Decimal
    months: tuple[MonthFlow, ...]
    payback_month: int | None
    roi: dict[int, Decimal | None]  # months → (benefit − cost) / cost; None without cost
    break_even_hours_per_week: Decimal | None  # per user, to break even over the horizon


class Scenario(StrEnum):
    CONSERVATIVE = "conservative"
    BASE = "base"
    OPTIMISTIC = "optimistic"


@dataclass(frozen=True)
class ScenarioAssumptions:
    """How a scenario differs from the base: factors on hours saved and on all costs."""

    hours_factor: Decimal
    cost_factor: Decimal


DEFAULT_SCENARIOS = {
    Scenario.CONSERVATIVE: ScenarioAssumptions(Decimal("0.7"), Decimal("1.2")),
    Scenario.BASE: ScenarioAssumptions(ONE, ONE),
    Scenario.OPTIMISTIC: ScenarioAssumptions(Decimal("1.3"), Decimal("0.9")),
}


@dataclass(frozen=True)
class SensitivityRow:
    name: str
    payback_lower: int | None  # payback month with the input 20 % lower
    payback_base: int | None
    payback_higher: int | None


@dataclass(frozen=True)
class BusinessCase:
    scenarios: dict[Scenario, RoiResult]
    sensitivity: tuple[SensitivityRow, ...] = field(default_factory=tuple)

    @property
    def base(self) -> RoiResult:
        return self.scenarios[Scenario.BASE]


def money(value: Decimal) -> Decimal:
    """Round to whole cents for display; the calculation itself keeps full precision."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def validate(inputs: RoiInputs) -> None:
    """Refuse inputs that give a meaningless result, naming the field."""
    given = [v for v in (inputs.hours_saved_per_week, inputs.hours_saved_per_year) if v is not None]
    if len(given) != 1:
        raise RoiInputError("hours_saved_per_week", "hours_per_week_or_year")
    if given[0] <= 0:
        field_name = (
            "hours_saved_per_week"
            if inputs.hours_saved_per_week is not None
            else "hours_saved_per_year"
        )
        raise RoiInputError(field_name, "must_be_positive")
    if inputs.hours_per_week <= 0 or inputs.hours_per_week > 168:
        raise RoiInputError("hours_per_week", "between", low=0, high=168)
    if inputs.weeks_per_year <= 0 or inputs.weeks_per_year > 53:
        raise RoiInputError("weeks_per_year", "between", low=0, high=53)
    if (
        inputs.hours_saved_per_week is not None
        and inputs.hours_saved_per_week > inputs.hours_per_week
    ):
        raise RoiInputError("hours_saved_per_week", "more_than_worked", limit=inputs.hours_per_week)
    if (
        inputs.hours_saved_per_year is not None
        and inputs.hours_saved_per_year > inputs.hours_per_fte
    ):
        raise RoiInputError("hours_saved_per_year", "more_than_worked", limit=inputs.hours_per_fte)
    if inputs.hourly_cost <= 0:
        raise RoiInputError("hourly_cost", "must_be_positive")
    if inputs.users < 1:
        raise RoiInputError("users", "must_be_positive")
    if not ZERO < inputs.share_affected <= ONE:
        raise RoiInputError("share_affected", "between", low=0, high=100)
    for name in (
        "licence_setup_cost",
        "implementation_cost",
        "training_cost",
        "annual_running_cost",
    ):
        if getattr(inputs, name) < 0:
            raise RoiInputError(name, "not_negative")
    if any(not ZERO <= step <= ONE for step in inputs.ramp):
        raise RoiInputError("ramp", "between", low=0, high=100)
    if not 1 <= inputs.horizon_months <= 120:
        raise RoiInputError("horizon_months", "between", low=1, high=120)


def ramp_share(inputs: RoiInputs, month: int) -> Decimal:
    """The share of the full benefit reached in `month` (1-based); full after the ramp."""
    return inputs.ramp[month - 1] if month <= len(inputs.ramp) else ONE


def hours_saved_per_year(inputs: RoiInputs) -> Decimal:
    per_user = (
        inputs.hours_saved_per_week * inputs.weeks_per_year
        if inputs.hours_saved_per_week is not None
        else inputs.hours_saved_per_year
    )
    return per_user * inputs.users * inputs.share_affected


def _flows(inputs: RoiInputs, annual_benefit: Decimal, months: int) -> tuple[MonthFlow, ...]:
    flows, cumulative = [], ZERO
    monthly_running = inputs.annual_running_cost / 12
    for month in range(1, months + 1):
        benefit = annual_benefit / 12 * ramp_share(inputs, month)
        cost = monthly_running + (inputs.one_off_cost if month == 1 else ZERO)
        cumulative += benefit - cost
        flows.append(MonthFlow(month, benefit, cost, benefit - cost, cumulative))
    return tuple(flows)


def calculate(inputs: RoiInputs) -> RoiResult:
    validate(inputs)
    hours = hours_saved_per_year(inputs)
    annual_benefit = hours * inputs.hourly_cost
    months = _flows(inputs, annual_benefit, max(inputs.horizon_months, *ROI_MONTHS))
    payback = next(
        (f.month for f in months[: inputs.horizon_months] if f.cumulative >= 0 and f.benefit > 0),
        None,
    )
    roi = {}
    for span in ROI_MONTHS:
        benefit = sum((f.benefit for f in months[:span]), ZERO)
        cost = sum((f.cost for f in months[:span]), ZERO)
        roi[span] = (benefit - cost) / cost if cost else None
    return RoiResult(
        inputs=inputs,
        hours_saved_per_year=hours,
        annual_benefit=annual_benefit,
        hours_per_fte=inputs.hours_per_fte,
        fte_equivalent=hours / inputs.hours_per_fte,
        months=months,
        payback_month=payback,
        roi=roi,
        break_even_hours_per_week=_break_even(inputs, months),
    )


def _break_even(inputs: RoiInputs, months: tuple[MonthFlow, ...]) -> Decimal | None:
    """Hours saved per user per week at which the horizon's benefit equals its cost.

    Benefit is proportional to hours, so it is the cost over the benefit of one hour a week.
    """
    horizon = months[: inputs.horizon_months]
    cost = sum((f.cost for f in horizon), ZERO)
    ramp_months = sum((ramp_share(inputs, f.month) for f in horizon), ZERO)
    benefit_per_weekly_hour = (
        inputs.weeks_per_year
        * inputs.users
        * inputs.share_affected
        * inputs.hourly_cost
        / 12
        * ramp_months
    )
    if not cost:
        return ZERO
    return cost / benefit_per_weekly_hour if benefit_per_weekly_hour else None


def apply_scenario(inputs: RoiInputs, assumptions: ScenarioAssumptions) -> RoiInputs:
    scale = assumptions.cost_factor
    return replace(
        inputs,
        hours_saved_per_week=(
            inputs.hours_saved_per_week * assumptions.hours_factor
            if inputs.hours_saved_per_week is not None
            else None
        ),
        hours_saved_per_year=(
            inputs.hours_saved_per_year * assumptions.hours_factor
            if inputs.hours_saved_per_year is not None
            else None
        ),
        licence_setup_cost=inputs.licence_setup_cost * scale,
        implementation_cost=inputs.implementation_cost * scale,
        training_cost=inputs.training_cost * scale,
        annual_running_cost=inputs.annual_running_cost * scale,
    )


def validate_scenarios(scenarios: dict[Scenario, ScenarioAssumptions]) -> None:
    """Conservative must not promise more than base, nor optimistic less."""
    low, base, high = (scenarios[s] for s in Scenario)
    if not low.hours_factor <= base.hours_factor <= high.hours_factor:
        raise RoiInputError("scenarios", "hours_order")
    if not low.cost_factor >= base.cost_factor >= high.cost_factor:
        raise RoiInputError("scenarios", "cost_order")
    if min(low.hours_factor, high.cost_factor) <= 0:
        raise RoiInputError("scenarios", "must_be_positive")


def _capped(inputs: RoiInputs) -> RoiInputs:
    """Hours saved can never exceed the hours worked, whatever a scenario multiplies."""
    if (
        inputs.hours_saved_per_week is not None
        and inputs.hours_saved_per_week > inputs.hours_per_week
    ):
        return replace(inputs, hours_saved_per_week=inputs.hours_per_week)
    if (
        inputs.hours_saved_per_year is not None
        and inputs.hours_saved_per_year > inputs.hours_per_fte
    ):
        return replace(inputs, hours_saved_per_year=inputs.hours_per_fte)
    return inputs


SENSITIVE_INPUTS = ("hours_saved", "hourly_cost", "one_off_cost", "annual_running_cost")


def _scaled(inputs: RoiInputs, name: str, factor: Decimal) -> RoiInputs:
    if name == "hours_saved":
        return apply_scenario(inputs, ScenarioAssumptions(factor, ONE))
    if name == "one_off_cost":
        return replace(
            inputs,
            licence_setup_cost=inputs.licence_setup_cost * factor,
            implementation_cost=inputs.implementation_cost * factor,
            training_cost=inputs.training_cost * factor,
        )
    return replace(inputs, **{name: getattr(inputs, name) * factor})


def sensitivity(inputs: RoiInputs) -> tuple[SensitivityRow, ...]:
    """How the payback month moves when each input is 20 % lower or higher."""
    base = calculate(inputs).payback_month
    rows = []
    for name in SENSITIVE_INPUTS:
        lower = calculate(_capped(_scaled(inputs, name, ONE - SENSITIVITY))).payback_month
        higher = calculate(_capped(_scaled(inputs, name, ONE + SENSITIVITY))).payback_month
        rows.append(SensitivityRow(name, lower, base, higher))
    return tuple(rows)


def business_case(
    inputs: RoiInputs, scenarios: dict[Scenario, ScenarioAssumptions] | None = None
) -> BusinessCase:
    scenarios = scenarios or DEFAULT_SCENARIOS
    validate(inputs)
    validate_scenarios(scenarios)
    results = {
        scenario: calculate(_capped(apply_scenario(inputs, scenarios[scenario])))
        for scenario in Scenario
    }
    return BusinessCase(results, sensitivity(inputs))
