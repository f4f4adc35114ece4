from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from method.roi import DEFAULT_RAMP, DEFAULT_SCENARIOS, RoiInputs, Scenario, ScenarioAssumptions
from samspill.core.forms import parse_decimal
from samspill.core.versioning import Versioned

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}
PERCENT = {"max_digits": 5, "decimal_places": 1}


class Currency(models.TextChoices):
    """A label only: Samspill converts nothing."""

    NOK = "NOK", "NOK"
    EUR = "EUR", "EUR"
    SEK = "SEK", "SEK"
    DKK = "DKK", "DKK"
    USD = "USD", "USD"
    GBP = "GBP", "GBP"


def _d(value) -> Decimal | None:
    """Field values as Decimal, also on an unsaved instance still holding plain defaults."""
    return None if value is None else Decimal(str(value))


def default_ramp() -> str:
    return ", ".join(str(int(step * 100)) for step in DEFAULT_RAMP)


def parse_ramp(text: str) -> list[Decimal]:
    """The ramp's percentages, each a finite number from 0 to 100; raises ValidationError.

    The form and the model (so also an imported project) both read the ramp through here.
    """
    try:
        steps = [parse_decimal(part) for part in text.split(",") if part.strip()]
    except ValidationError:
        raise ValidationError(
            _("Write percentages separated by commas, e.g. 20, 40, 60."), code="ramp_format"
        ) from None
    if any(not 0 <= step <= 100 for step in steps):
        raise ValidationError(_("Each month must be between 0 and 100 %."), code="ramp_range")
    return steps


class BusinessCaseInputs(Versioned):
    """The assumptions behind a project's ROI, saved with the project."""

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="business_case"
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default="NOK"
    )
    hours_saved_per_week = models.DecimalField(
        _("hours saved per user per week"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty if you give hours per year instead."),
    )
    hours_saved_per_year = models.DecimalField(
        _("hours saved per user per year"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    hourly_cost = models.DecimalField(
        _("loaded hourly cost"),
        max_digits=10,
        decimal_places=2,
        default=Decimal(500),
        help_text=_("Salary plus holiday pay, pension, employer tax and overhead, per hour."),
    )
    users = models.PositiveIntegerField(
        _("number of users"), default=1, validators=[MinValueValidator(1)]
    )
    share_affected = models.DecimalField(
        _("share of that work the tool affects (%)"),
        default=Decimal(100),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(100)],
        **PERCENT,
    )
    weeks_per_year = models.DecimalField(
        _("working weeks per year"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(45),
        help_text=_("Weeks people actually work, after holidays and leave."),
    )
    hours_per_week = models.DecimalField(
        _("working hours per week"), max_digits=4, decimal_places=1, default=Decimal("37.5")
    )
    licence_setup_cost = models.DecimalField(_("licence and set-up"), default=0, **MONEY)
    implementation_cost = models.DecimalField(_("implementation"), default=0, **MONEY)
    training_cost = models.DecimalField(_("training"), default=0, **MONEY)
    annual_running_cost = models.DecimalField(_("running cost per year"), default=0, **MONEY)
    ramp = models.CharField(
        _("adoption ramp (% of full benefit per month)"),
        max_length=200,
        default=default_ramp,
        help_text=_("Month by month, separated by commas; full benefit after the last."),
    )
    horizon_months = models.PositiveSmallIntegerField(
        _("horizon in months"),
        default=36,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    conservative_hours_pct = models.DecimalField(
        _("conservative: hours saved (%)"), default=70, **PERCENT
    )
    conservative_cost_pct = models.DecimalField(
        _("conservative: costs (%)"), default=120, **PERCENT
    )
    optimistic_hours_pct = models.DecimalField(
        _("optimistic: hours saved (%)"), default=130, **PERCENT
    )
    optimistic_cost_pct = models.DecimalField(_("optimistic: costs (%)"), default=90, **PERCENT)
    training_share_target_pct = models.DecimalField(
        _("training target (% of first-year cost)"),
        default=10,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        **PERCENT,
        help_text=_("Diagnostics warn when training gets less than this share of the budget."),
    )
    problem = models.TextField(
        _("the problem in your own numbers"),
        blank=True,
        max_length=4000,
        help_text=_("For example: recruiters spend 60 % of their week sorting CVs."),
    )
    risks = models.TextField(
        _("risks and mitigations"),
        blank=True,
        max_length=4000,
        help_text=_("One per line: the risk, a dash, then how you limit it."),
    )

    class Meta:
        verbose_name = _("business case")
        verbose_name_plural = _("business cases")

    def __str__(self) -> str:
        return f"Business case for {self.project}"

    def clean(self):
        super().clean()
        try:
            parse_ramp(self.ramp)
        except ValidationError as error:
            raise ValidationError({"ramp": error}) from None

    def ramp_steps(self) -> tuple[Decimal, ...]:
        return tuple(step / 100 for step in parse_ramp(self.ramp))

    def roi_inputs(self) -> RoiInputs:
        return RoiInputs(
            hourly_cost=_d(self.hourly_cost),
            hours_saved_per_week=_d(self.hours_saved_per_week),
            hours_saved_per_year=_d(self.hours_saved_per_year),
            users=self.users,
            share_affected=_d(self.share_affected) / 100,
            weeks_per_year=_d(self.weeks_per_year),
            hours_per_week=_d(self.hours_per_week),
            licence_setup_cost=_d(self.licence_setup_cost),
            implementation_cost=_d(self.implementation_cost),
            training_cost=_d(self.training_cost),
            annual_running_cost=_d(self.annual_running_cost),
            ramp=self.ramp_steps(),
            horizon_months=self.horizon_months,
        )

    def scenarios(self) -> dict[Scenario, ScenarioAssumptions]:
        return {
            Scenario.CONSERVATIVE: ScenarioAssumptions(
                _d(self.conservative_hours_pct) / 100, _d(self.conservative_cost_pct) / 100
            ),
            Scenario.BASE: DEFAULT_SCENARIOS[Scenario.BASE],
            Scenario.OPTIMISTIC: ScenarioAssumptions(
                _d(self.optimistic_hours_pct) / 100, _d(self.optimistic_cost_pct) / 100
            ),
        }

    def training_share(self) -> Decimal | None:
        """Training's share of the first year's cost (one-off plus a year of running)."""
        total = _d(self.licence_setup_cost) + _d(self.implementation_cost) + _d(self.training_cost)
        total += _d(self.annual_running_cost)
        return _d(self.training_cost) / total if total else None

    def risk_lines(self) -> list[tuple[str, str]]:
        pairs = []
        for line in self.risks.splitlines():
            if line.strip():
                risk, _sep, mitigation = line.partition(" - ")
                if not _sep:
                    risk, _sep, mitigation = line.partition(" – ")
                pairs.append((risk.strip(), mitigation.strip()))
        return pairs
