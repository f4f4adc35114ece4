"""The business case as people read it: formatted figures, labels and the chart.

Pages and documents take their numbers from here, so the PDF says what the screen says.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from method.roi import BusinessCase, RoiResult, Scenario
from samspill.core import figures
from samspill.documents.charts import Series, line_chart

SCENARIO_COLOURS = {
    Scenario.CONSERVATIVE: "#c8663a",
    Scenario.BASE: "#1f6f6b",
    Scenario.OPTIMISTIC: "#6aa86f",
}


def scenario_label(scenario: Scenario) -> str:
    return {
        Scenario.CONSERVATIVE: _("Conservative"),
        Scenario.BASE: _("Base"),
        Scenario.OPTIMISTIC: _("Optimistic"),
    }[scenario]


def amount(value: Decimal, currency: str) -> str:
    return figures.amount(value, currency)


def number(value: Decimal, places: int = 1) -> str:
    return figures.number(value, places)


def percent(value: Decimal | float | None) -> str:
    return figures.percent(value)


def payback(month: int | None, horizon: int) -> str:
    if month is None:
        return ngettext("not within %(months)s month", "not within %(months)s months", horizon) % {
            "months": horizon
        }
    return _("month %(month)s") % {"month": month}


def scenario_row(scenario: Scenario, result: RoiResult, currency: str) -> dict:
    horizon = result.inputs.horizon_months
    return {
        "key": scenario.value,
        "label": scenario_label(scenario),
        "hours": number(result.hours_saved_per_year, 0),
        "hours_count": figures.plural_count(result.hours_saved_per_year),
        "benefit": amount(result.annual_benefit, currency),
        "fte": number(result.fte_equivalent, 2),
        "payback": payback(result.payback_month, horizon),
        "roi": {str(span): percent(value) for span, value in result.roi.items()},
        "net_at_horizon": amount(result.months[horizon - 1].cumulative, currency),
    }


def cashflow_chart(case: BusinessCase, currency: str, *, width: int = 640) -> str:
    horizon = case.base.inputs.horizon_months
    labels = [str(m) if m == 1 or m % 6 == 0 else "" for m in range(1, horizon + 1)]
    return line_chart(
        [
            Series(
                scenario_label(s), SCENARIO_COLOURS[s], [f.cumulative for f in r.months[:horizon]]
            )
            for s, r in case.scenarios.items()
        ],
        x_labels=labels,
        format_value=figures.number,
        title=_("Cumulative cash flow (%(currency)s) by month") % {"currency": currency},
        x_title=_("Month after start"),
        y_title=_("Cumulative cash flow (%(currency)s)") % {"currency": currency},
        point_names=[str(m) for m in range(1, horizon + 1)],
        width=width,
    )


SENSITIVITY_LABELS = {
    "hours_saved": lambda: _("Hours saved"),
    "hourly_cost": lambda: _("Hourly cost"),
    "one_off_cost": lambda: _("One-off costs"),
    "annual_running_cost": lambda: _("Running costs"),
}


def present(case: BusinessCase, inputs_obj) -> dict:
    """Everything the page and the documents show, formatted in the active language."""
    currency = inputs_obj.currency
    base = case.base
    inputs = base.inputs
    horizon = inputs.horizon_months
    return {
        "currency": currency,
        "headline": scenario_row(Scenario.BASE, base, currency),
        "scenarios": [scenario_row(s, r, currency) for s, r in case.scenarios.items()],
        "chart": cashflow_chart(case, currency),
        "sensitivity": [
            {
                "name": SENSITIVITY_LABELS[row.name](),
                "lower": payback(row.payback_lower, horizon),
                "base": payback(row.payback_base, horizon),
                "higher": payback(row.payback_higher, horizon),
            }
            for row in case.sensitivity
        ],
        "break_even": (
            number(base.break_even_hours_per_week, 1)
            if base.break_even_hours_per_week is not None
            else "—"
        ),
        "break_even_text": ngettext(
            "Break-even: %(hours)s hour saved per user per week pays for all costs over "
            "the horizon.",
            "Break-even: %(hours)s hours saved per user per week pay for all costs over "
            "the horizon.",
            figures.plural_count(base.break_even_hours_per_week, 1),
        )
        % {
            "hours": (
                number(base.break_even_hours_per_week, 1)
                if base.break_even_hours_per_week is not None
                else "—"
            )
        },
        "one_off_cost": amount(inputs.one_off_cost, currency),
        "running_cost": amount(inputs.annual_running_cost, currency),
        "hours_per_fte": number(inputs.hours_per_fte, 1),
        "weeks_per_year": number(inputs.weeks_per_year, 0),
        "full_year_note": (
            ngettext(
                "Counted over %(weeks)s working week a year; over all 52 weeks the same hours "
                "would give %(amount)s.",
                "Counted over %(weeks)s working weeks a year; over all 52 weeks the same hours "
                "would give %(amount)s.",
                figures.plural_count(inputs.weeks_per_year),
            )
            % {
                "weeks": number(inputs.weeks_per_year, 0),
                "amount": amount(base.annual_benefit / inputs.weeks_per_year * 52, currency),
            }
            if inputs.hours_saved_per_week is not None and inputs.weeks_per_year != 52
            else ""
        ),
        "assumptions": [
            (
                _("Hours saved per user"),
                (
                    _("%(hours)s a week") % {"hours": number(inputs.hours_saved_per_week, 1)}
                    if inputs.hours_saved_per_week is not None
                    else _("%(hours)s a year") % {"hours": number(inputs.hours_saved_per_year, 0)}
                ),
            ),
            (_("Users"), figures.number(inputs.users)),
            (_("Share of the work affected"), percent(inputs.share_affected)),
            (_("Loaded hourly cost"), amount(inputs.hourly_cost, currency)),
            (
                _("Working year"),
                ngettext(
                    "%(weeks)s week × %(hours)s hours = %(total)s hours per FTE",
                    "%(weeks)s weeks × %(hours)s hours = %(total)s hours per FTE",
                    figures.plural_count(inputs.weeks_per_year),
                )
                % {
                    "weeks": number(inputs.weeks_per_year, 0),
                    "hours": number(inputs.hours_per_week, 1),
                    "total": number(inputs.hours_per_fte, 1),
                },
            ),
            (_("One-off costs"), amount(inputs.one_off_cost, currency)),
            (_("Running costs per year"), amount(inputs.annual_running_cost, currency)),
            (_("Adoption ramp"), ", ".join(percent(step) for step in inputs.ramp) + " → 100 %"),
            (
                _("Horizon"),
                ngettext("%(months)s month", "%(months)s months", horizon) % {"months": horizon},
            ),
        ],
    }
