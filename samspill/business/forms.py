from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from method.roi import RoiInputError, business_case
from samspill.business.models import BusinessCaseInputs, parse_ramp
from samspill.core.forms import ModelForm

INPUT_FIELDS = [
    "currency",
    "hours_saved_per_week",
    "hours_saved_per_year",
    "hourly_cost",
    "users",
    "share_affected",
    "weeks_per_year",
    "hours_per_week",
    "licence_setup_cost",
    "implementation_cost",
    "training_cost",
    "annual_running_cost",
    "ramp",
    "horizon_months",
    "conservative_hours_pct",
    "conservative_cost_pct",
    "optimistic_hours_pct",
    "optimistic_cost_pct",
    "training_share_target_pct",
    "problem",
    "risks",
]

MESSAGES = {
    "hours_per_week_or_year": _("Give hours saved per week or per year, not both."),
    "must_be_positive": _("Must be more than zero."),
    "more_than_worked": _("More hours saved than are worked (%(limit)s)."),
    "not_negative": _("A cost cannot be negative."),
    "between": _("Must be between %(low)s and %(high)s."),
    "hours_order": _("Conservative hours must be at most 100 %%, optimistic at least 100 %%."),
    "cost_order": _("Conservative costs must be at least 100 %%, optimistic at most 100 %%."),
}


class BusinessCaseForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = BusinessCaseInputs
        fields = INPUT_FIELDS
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "risks": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Show 6 and 60000 rather than 6.00 and 60000.00.
        for name, field in self.fields.items():
            value = self.initial.get(name)
            if isinstance(field, forms.DecimalField) and isinstance(value, Decimal):
                self.initial[name] = format(value.normalize(), "f")

    def clean_ramp(self):
        steps = parse_ramp(self.cleaned_data["ramp"])
        return ", ".join(f"{step.normalize():f}" for step in steps)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # Ask the method itself, so the form refuses exactly what the calculation refuses.
        candidate = BusinessCaseInputs(**{k: v for k, v in cleaned.items() if k in INPUT_FIELDS})
        try:
            self.case = business_case(candidate.roi_inputs(), candidate.scenarios())
        except RoiInputError as error:
            field = error.field if error.field in self.fields else None
            if error.field == "scenarios":
                field = (
                    "conservative_hours_pct"
                    if error.code == "hours_order"
                    else "conservative_cost_pct"
                )
            self.add_error(field, MESSAGES.get(error.code, error.code) % error.params)
        return cleaned
