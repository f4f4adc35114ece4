from django import forms
from django.utils.translation import gettext_lazy as _

from samspill.aifile.models import AckMode, EventKind, FileSettings, InformedHow
from samspill.core.forms import DateField, ModelForm

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FileSettingsForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = FileSettings
        fields = ["affected_groups", "log_location", "log_retention_months", "chatbot_notice_shown"]
        widgets = {"affected_groups": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["affected_groups"].queryset = self.instance.project.stakeholder_groups.all()
        self.fields["affected_groups"].help_text = _(
            "The rollout gate stays closed until each of these groups has been informed."
        )


class InformationForm(forms.Form):
    """Choices by value, not by database key: a made-up key is a form error, not a query."""

    group = forms.ChoiceField(label=_("Group"))
    informed_on = DateField(label=_("Informed on"), widget=DATE_INPUT)
    how = forms.ChoiceField(label=_("How"), choices=InformedHow.choices)
    letter = forms.ChoiceField(label=_("Letter version"), required=False)
    letter_label = forms.CharField(
        label=_("Or describe the letter"),
        max_length=120,
        required=False,
        help_text=_("For a letter not drafted in Samspill: its title and date."),
    )
    ack_mode = forms.ChoiceField(
        label=_("Acknowledgements"), choices=AckMode.choices, initial=AckMode.GROUP
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = {str(g.uuid): g for g in project.stakeholder_groups.all()}
        self.fields["group"].choices = [(k, g.name) for k, g in self.groups.items()]
        from samspill.guarantees.models import DraftVersion

        versions = DraftVersion.objects.filter(draft__project=project).select_related("draft")
        self.letters = {str(v.pk): v for v in versions}
        self.fields["letter"].choices = [("", "—")] + [
            (k, f"{v.draft.title} v{v.number}") for k, v in self.letters.items()
        ]

    def clean(self):
        data = super().clean()
        if "group" in data:
            data["group"] = self.groups[data["group"]]
        data["letter"] = self.letters.get(data.get("letter") or "")
        return data


class PageAckForm(forms.Form):
    information = forms.ChoiceField(label=_("Which information did you receive?"))
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.rounds = {str(r.uuid): r for r in rounds}
        self.fields["information"].choices = [
            (k, f"{r.group.name} · {r.informed_on:%Y-%m-%d}") for k, r in self.rounds.items()
        ]

    def clean_information(self):
        return self.rounds[self.cleaned_data["information"]]


class OverseerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    authority = forms.CharField(
        label=_("Authority"),
        max_length=300,
        help_text=_("What they may do: set a suggestion aside, stop the system, escalate."),
    )
    training = forms.CharField(label=_("Training"), max_length=300, required=False)
    literacy = forms.MultipleChoiceField(
        label=_("AI-literacy records"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = {str(r.uuid): r for r in project.literacy_records.all()}
        self.fields["literacy"].choices = [
            (k, f"{r.role}{' · ' + r.person_name if r.person_name else ''} · {r.received}")
            for k, r in self.records.items()
        ]

    def clean_literacy(self):
        return [self.records[k] for k in self.cleaned_data["literacy"]]


class LiteracyForm(forms.Form):
    role = forms.CharField(label=_("Role"), max_length=120)
    person_name = forms.CharField(label=_("Person"), max_length=120, required=False)
    received = forms.CharField(label=_("What they received"), max_length=300)
    received_on = DateField(label=_("When"), widget=DATE_INPUT)
    material = forms.CharField(label=_("Material"), max_length=300, required=False)
    session = forms.ChoiceField(label=_("From the training plan"), required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {str(s.uuid): s for s in project.training_sessions.all()}
        self.fields["session"].choices = [("", "—")] + [
            (k, f"{s.title} · {s.date:%Y-%m-%d}") for k, s in self.sessions.items()
        ]

    def clean_session(self):
        return self.sessions.get(self.cleaned_data.get("session") or "")


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    occurred_on = DateField(label=_("Date"), widget=DATE_INPUT)
    description = forms.CharField(
        label=_("What happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    provider_informed_by = forms.CharField(
        label=_("Who informed the provider"), max_length=120, required=False
    )
    provider_informed_on = DateField(
        label=_("Provider informed on"), widget=DATE_INPUT, required=False
    )
