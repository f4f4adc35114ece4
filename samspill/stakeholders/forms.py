from django import forms
from django.utils.translation import gettext_lazy as _

from method.spreadsheet import MAX_BYTES
from samspill.core import clock
from samspill.core.forms import DateField, ModelForm
from samspill.core.uploads import UploadField
from samspill.stakeholders.models import (
    Decision,
    Engagement,
    Person,
    StakeholderGroup,
    Stance,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SCALE_CHOICES = [(n, str(n)) for n in range(1, 6)]


class GroupForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = StakeholderGroup
        fields = ["name", "motivation", "concern", "decision_weight", "description", "notes"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class PersonForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = ["name", "title", "group", "influence", "interest", "stance", "email", "notes"]
        widgets = {
            "influence": forms.Select(choices=SCALE_CHOICES),
            "interest": forms.Select(choices=SCALE_CHOICES),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "influence": _("1 = little say, 5 = can stop or make the project."),
            "interest": _("1 = hardly affected, 5 = their daily work changes."),
        }

    def __init__(self, *args, project, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = project.stakeholder_groups.all()
        if editing:
            # Stance changes go through their own form, which keeps the reason and the date.
            del self.fields["stance"]


class StanceForm(forms.Form):
    stance = forms.TypedChoiceField(label=_("New stance"), choices=Stance.choices, coerce=int)
    day = DateField(label=_("As of"), widget=DATE_INPUT, initial=clock.today)
    reason = forms.CharField(
        label=_("Why (optional)"),
        max_length=500,
        required=False,
        help_text=_("What changed their mind? This stays with the trend."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ProjectChoicesMixin:
    def limit_to_project(self, project, *names):
        for name in names:
            field = self.fields[name]
            if field.queryset.model is Person:
                field.queryset = project.people.select_related("group").order_by("name")
            else:
                field.queryset = project.stakeholder_groups.all()


class EngagementForm(ProjectChoicesMixin, ModelForm):
    class Meta:
        model = Engagement
        fields = ["date", "kind", "topic", "groups", "people", "outcome", "follow_ups"]
        widgets = {
            "date": DATE_INPUT,
            "groups": forms.CheckboxSelectMultiple,
            "people": forms.SelectMultiple(attrs={"size": 6, "data-picker-hide-help": ""}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "follow_ups": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"people": _("Hold Ctrl (⌘ on a Mac) to choose several.")}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_to_project(project, "groups", "people")
        self.fields["people"].label_from_instance = lambda p: f"{p.name} ({p.group.name})"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("groups") and not cleaned.get("people"):
            raise forms.ValidationError(_("Choose at least one group or person."))
        return cleaned


class DecisionForm(ProjectChoicesMixin, ModelForm):
    class Meta:
        model = Decision
        fields = ["date", "title", "decided_by", "details", "affected_groups", "heard_groups"]
        widgets = {
            "date": DATE_INPUT,
            "details": forms.Textarea(attrs={"rows": 3}),
            "affected_groups": forms.CheckboxSelectMultiple,
            "heard_groups": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "heard_groups": _("Groups whose views were sought before the decision was taken."),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_to_project(project, "affected_groups", "heard_groups")


class ImportForm(forms.Form):
    file = UploadField(
        max_bytes=MAX_BYTES,
        label=_("Stakeholder list (CSV or XLSX)"),
        help_text=_("At most 5 MB. See the columns below."),
    )


ORDERINGS = {
    "name": "name",
    "group": "group__position",
    "-influence": "-influence",
    "-interest": "-interest",
    "stance": "stance",
    "-stance": "-stance",
}


class PeopleFilterForm(forms.Form):
    group = forms.UUIDField(required=False)
    stance = forms.TypedChoiceField(
        choices=[("", ""), *Stance.choices], coerce=int, required=False, empty_value=None
    )
    influence = forms.TypedChoiceField(
        choices=[("", ""), *SCALE_CHOICES], coerce=int, required=False, empty_value=None
    )
    interest = forms.TypedChoiceField(
        choices=[("", ""), *SCALE_CHOICES], coerce=int, required=False, empty_value=None
    )
    sort = forms.ChoiceField(choices=[(k, k) for k in ORDERINGS], required=False)
