from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from samspill.core.forms import ModelForm
from samspill.trust.models import ChecklistItem, TrainingSession

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ChecklistItemForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ChecklistItem
        fields = [
            "step",
            "title",
            "help",
            "owner",
            "due_date",
            "status",
            "evidence_note",
            "evidence_link",
            "evidence_file",
        ]
        widgets = {"due_date": DATE_INPUT, "evidence_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(memberships__project=project).order_by("username")
        )
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class GateOverrideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why start anyway?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the audit trail, with your name."),
    )


class TrainingSessionForm(ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["tier", "title", "date", "audience", "invited", "attended"]
        widgets = {"date": DATE_INPUT, "audience": forms.CheckboxSelectMultiple}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].queryset = project.stakeholder_groups.all()
