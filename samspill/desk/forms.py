from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from method.roles import Capability, role_allows
from samspill.core.forms import DateField, ModelForm
from samspill.desk.models import Channel, DeskSettings, Outcome, Status
from samspill.desk.services import NO_CONTACT

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IntakeForm(forms.Form):
    decision = forms.CharField(
        label=_("Which decision do you want explained?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: the date, and what was decided about you."),
    )
    requester_name = forms.CharField(label=_("Your name"), max_length=120, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    other_contact = forms.CharField(
        label=_("Or another way to reach you"), max_length=300, required=False
    )
    # A field people never see: a bot that fills it in is ignored.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        routes = ("email", "phone", "other_contact")
        if not any(data.get(k) for k in routes) and not any(k in self.errors for k in routes):
            raise ValidationError(NO_CONTACT, code="no_contact")
        return data


class LogForm(IntakeForm):
    channel = forms.ChoiceField(
        label=_("Received through"), choices=[c for c in Channel.choices if c[0] != Channel.PAGE]
    )
    received_on = DateField(label=_("Received on"), widget=DATE_INPUT)
    website = None


def handler_choices(project) -> dict[str, object]:
    """Members who may handle requests: those who may edit the project."""
    users = get_user_model().objects.filter(memberships__project=project).order_by("username")
    roles = dict(project.memberships.values_list("user_id", "role"))
    return {u.get_username(): u for u in users if role_allows(roles[u.pk], Capability.EDIT)}


class HandleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    handler = forms.ChoiceField(label=_("Handler"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    deadline = DateField(label=_("Deadline"), widget=DATE_INPUT)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *Outcome.choices], required=False
    )
    answer = forms.CharField(
        label=_("Answer"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    answered_on = DateField(label=_("Answered on"), widget=DATE_INPUT, required=False)

    def __init__(self, *args, project, can_assign: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.handlers = handler_choices(project)
        self.fields["handler"].choices = [("", "—")] + [
            (name, u.get_full_name() or name) for name, u in self.handlers.items()
        ]
        if not can_assign:
            del self.fields["handler"]

    def clean_handler(self):
        return self.handlers.get(self.cleaned_data.get("handler") or "")


class DeskSettingsForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = DeskSettings
        fields = ["deadline_days", "reminder_days", "retention_months"]
