from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from method.controls import MAX_PERIOD, METRICS
from samspill.controls import presenting
from samspill.core.forms import DateField, FloatField
from samspill.core.uploads import UploadField
from samspill.pilot.services import MAX_BYTES


class CaseImportForm(forms.Form):
    file = UploadField(
        max_bytes=MAX_BYTES,
        label=_("This week's cases (CSV or XLSX)"),
        help_text=_(
            "The pilot's format: case_id, decided_on, department, ai_decision, "
            "human_decision, minutes, arm. An empty human_decision means the tool decided alone."
        ),
    )


class ControlForm(forms.Form):
    """An owner's own control: four parts from fixed lists and numbers, no code."""

    clause = forms.ChoiceField(label=_("Clause"))
    title = forms.CharField(label=_("Title"), max_length=200)
    metric = forms.ChoiceField(label=_("Metric"))
    comparison = forms.ChoiceField(label=_("Comparison"))
    threshold = FloatField(label=_("Threshold"), min_value=-1e9, max_value=1e9)
    period = forms.IntegerField(
        label=_("Weeks in a row before it counts as breached"),
        min_value=1,
        max_value=MAX_PERIOD,
        initial=1,
    )

    def __init__(self, *args, clause_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clause"].choices = list(clause_choices)
        self.fields["metric"].choices = presenting.metric_choices()
        self.fields["comparison"].choices = presenting.comparison_choices()


class ControlEditForm(forms.Form):
    """The agreed numbers of one control, as negotiated: threshold, weeks in a row, on/off.
    The metric and comparison stay (they are what the control is); an owner's own control
    may be renamed. Carries the version it was built from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    title = forms.CharField(label=_("Title"), max_length=200)
    threshold = FloatField(label=_("Threshold"), min_value=-1e9, max_value=1e9)
    period = forms.IntegerField(
        label=_("Weeks in a row before it counts as breached"),
        min_value=1,
        max_value=MAX_PERIOD,
    )
    active = forms.BooleanField(
        label=_("On: evaluate this control every week"),
        required=False,
        help_text=_(
            "A control that is off is not evaluated and is shown as off; its verdicts stay. "
            "Turn it on again at any time."
        ),
    )

    def __init__(self, *args, control, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "version": control.version,
                "title": control.title,
                "threshold": control.threshold,
                "period": control.period,
                "active": control.active,
            },
        )
        super().__init__(*args, **kwargs)
        self.control = control
        if control.key:  # a catalog default keeps the catalog's title in both languages
            del self.fields["title"]
        unit = METRICS[control.metric].unit
        if unit == "percent":
            self.fields["threshold"].help_text = _("A share in per cent, 0 to 100.")
            self._bound(0, 100)
        else:  # counts, days and ratios are never negative
            self._bound(0, 1e9)

    def _bound(self, low, high):
        field = self.fields["threshold"]
        field.validators = [MinValueValidator(low), MaxValueValidator(high)]
        field.widget.attrs.update({"min": low, "max": high})


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ResponseForm(forms.Form):
    cause = forms.CharField(
        label=_("Cause"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    measure = forms.CharField(
        label=_("Measure"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MeetingForm(forms.Form):
    held_on = DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    participants = forms.CharField(label=_("Who took part"), max_length=500)
    notes = forms.CharField(
        label=_("Notes"), max_length=8000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
