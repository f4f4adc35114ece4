import json
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError

from method.figures import MACHINE, format_percent
from method.roi import RoiInputError, RoiInputs, Scenario, business_case, money
from samspill.core.figures import machine_number


def decimal(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None


OPTION_FOR_FIELD = {
    "hours_saved_per_week": "--hours-per-week",
    "hours_saved_per_year": "--hours-per-year",
    "hourly_cost": "--hourly-rate",
    "licence_setup_cost": "--one-off-cost",
    "annual_running_cost": "--annual-cost",
    "horizon_months": "--months",
    "weeks_per_year": "--weeks-per-year",
    "hours_per_week": "--hours-per-fte-week",
    "users": "--users",
}
PROBLEMS = {
    "must_be_positive": "must be more than zero",
    "more_than_worked": "is more than the hours worked ({limit})",
    "not_negative": "cannot be negative",
    "between": "must be between {low} and {high}",
    "hours_per_week_or_year": "give hours per week or per year",
}


def plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def fraction(value: Decimal | None) -> str | None:
    return None if value is None else machine_number(value, 4)


def plain_percent(value: Decimal | None) -> str:
    """The table shows the JSON's plain figures (225000.00), so its percentages match them."""
    return "—" if value is None else format_percent(value, style=MACHINE)


class Command(BaseCommand):
    help = "Calculate ROI, payback and scenarios from the command line (see method/roi.py)."

    def add_arguments(self, parser):
        hours = parser.add_mutually_exclusive_group(required=True)
        hours.add_argument("--hours-per-week", type=decimal, help="Hours saved per user per week.")
        hours.add_argument("--hours-per-year", type=decimal, help="Hours saved per user per year.")
        parser.add_argument(
            "--hourly-rate", type=decimal, required=True, help="Loaded hourly cost."
        )
        parser.add_argument("--users", type=int, default=1)
        parser.add_argument("--weeks-per-year", type=decimal, default=Decimal(45))
        parser.add_argument(
            "--hours-per-fte-week",
            type=decimal,
            default=Decimal("37.5"),
            help="Working hours per week (hours per FTE = weeks × this).",
        )
        parser.add_argument("--one-off-cost", type=decimal, default=Decimal(0))
        parser.add_argument("--annual-cost", type=decimal, default=Decimal(0))
        parser.add_argument("--months", type=int, default=36, help="Horizon in months.")
        parser.add_argument("--currency", default="NOK")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, **options):
        inputs = RoiInputs(
            hourly_cost=options["hourly_rate"],
            hours_saved_per_week=options["hours_per_week"],
            hours_saved_per_year=options["hours_per_year"],
            users=options["users"],
            weeks_per_year=options["weeks_per_year"],
            hours_per_week=options["hours_per_fte_week"],
            licence_setup_cost=options["one_off_cost"],
            annual_running_cost=options["annual_cost"],
            horizon_months=options["months"],
        )
        try:
            case = business_case(inputs)
        except RoiInputError as error:
            option = OPTION_FOR_FIELD.get(error.field, error.field)
            problem = PROBLEMS.get(error.code, error.code).format(**error.params)
            raise CommandError(f"{option} {problem}.") from None
        base = case.base
        report = {
            "currency": options["currency"],
            "hours_saved_per_year": plain(base.hours_saved_per_year),
            "annual_benefit": str(money(base.annual_benefit)),
            "hours_per_fte": plain(base.hours_per_fte),
            "fte_equivalent": fraction(base.fte_equivalent),
            "payback_months": base.payback_month,
            "roi": {str(span): fraction(value) for span, value in base.roi.items()},
            "break_even_hours_per_week": fraction(base.break_even_hours_per_week),
            "scenarios": {
                scenario.value: {
                    "annual_benefit": str(money(result.annual_benefit)),
                    "payback_months": result.payback_month,
                    "roi": {str(span): fraction(value) for span, value in result.roi.items()},
                }
                for scenario, result in case.scenarios.items()
            },
        }
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2))
            return
        currency = options["currency"]
        self.stdout.write(f"Hours saved per year   {report['hours_saved_per_year']}")
        self.stdout.write(f"Benefit per year       {report['annual_benefit']} {currency}")
        self.stdout.write(
            f"FTE equivalent         {report['fte_equivalent']} "
            f"(at {report['hours_per_fte']} hours per FTE)"
        )
        self.stdout.write(
            f"Break-even             {report['break_even_hours_per_week']} hours/week"
        )
        self.stdout.write("")
        self.stdout.write(
            f"{'scenario':<14}{'benefit/year':>16}{'payback':>10}"
            f"{'ROI 12':>9}{'ROI 18':>9}{'ROI 36':>9}"
        )
        for scenario in Scenario:
            row = report["scenarios"][scenario.value]
            # From the exact fractions: the JSON's four places would round twice.
            shown = [plain_percent(case.scenarios[scenario].roi[span]) for span in (12, 18, 36)]
            payback = f"month {row['payback_months']}" if row["payback_months"] else "never"
            self.stdout.write(
                f"{scenario.value:<14}{row['annual_benefit']:>16}{payback:>10}"
                f"{shown[0]:>9}{shown[1]:>9}{shown[2]:>9}"
            )
