from django import forms

from samspill.core.forms import ModelForm
from samspill.rollout.models import Milestone, Phase

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PhaseForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Phase
        fields = ["title", "start_date", "end_date", "description"]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class MilestoneForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Milestone
        fields = ["title", "phase", "due_date", "done", "communicated", "communicated_to", "notes"]
        widgets = {
            "due_date": DATE_INPUT,
            "communicated_to": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = project.phases.all()
        self.fields["communicated_to"].queryset = project.stakeholder_groups.all()
