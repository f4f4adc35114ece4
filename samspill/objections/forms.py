from django import forms
from django.utils.translation import gettext_lazy as _

from samspill.core.forms import ModelForm
from samspill.objections.models import ArsenalEntry, Category, Objection, ObjectionStatus
from samspill.stakeholders.forms import DATE_INPUT, ProjectChoicesMixin


class ObjectionLogForm(ProjectChoicesMixin, ModelForm):
    class Meta:
        model = Objection
        fields = ["text", "raised_on", "person", "group", "occasion", "engagement", "category"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "raised_on": DATE_INPUT,
        }
        help_texts = {
            "text": _("Write it down as it was said. Samspill suggests where it fits."),
            "person": _("Or leave empty and choose the group."),
            "category": _("Leave empty to take Samspill's best suggestion."),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_to_project(project, "person", "group")
        self.fields["person"].label_from_instance = lambda p: f"{p.name} ({p.group.name})"
        recent = project.engagements.order_by("-date", "-pk").values_list("pk", flat=True)[:50]
        # A sliced queryset cannot validate a choice, so filter by the recent ones' keys.
        self.fields["engagement"].queryset = project.engagements.filter(
            pk__in=list(recent)
        ).order_by("-date")
        self.fields["engagement"].required = False
        self.fields["category"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("person") and not cleaned.get("group"):
            raise forms.ValidationError(_("Say who raised it: a person or a group."))
        return cleaned


class ObjectionAnswerForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Objection
        fields = ["category", "status", "answer"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "answer": _("What was or will be said back. It is recorded with the objection."),
        }


class ArsenalEntryForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ArsenalEntry
        fields = ["category", "title", "reality", "response", "compromise"]
        widgets = {
            "reality": forms.Textarea(attrs={"rows": 3}),
            "response": forms.Textarea(attrs={"rows": 4}),
            "compromise": forms.Textarea(attrs={"rows": 2}),
        }


class ObjectionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=None, required=False, to_field_name="uuid"
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["status"].choices = everything + list(ObjectionStatus.choices)
        self.fields["category"].choices = everything + list(Category.choices)
        self.fields["group"].queryset = project.stakeholder_groups.all()
        self.fields["group"].empty_label = _("All")
