from django import forms
from django.utils.translation import gettext_lazy as _

from samspill.core.forms import ModelForm
from samspill.guarantees.models import (
    ApplicabilityCheck,
    Draft,
    Purpose,
    TransparencyPage,
    UseCase,
)


class ApplicabilityForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # A project fact (Settings → Project facts); asked here as well, kept there only.
    public_employer = forms.BooleanField(
        label=_("the employer is public"),
        required=False,
        help_text=_(
            "A municipality, county, state agency or other body governed by public law, or a "
            "private body providing public services."
        ),
    )

    class Meta:
        model = ApplicabilityCheck
        fields = [
            "country",
            "german_site",
            "public_employer",
            "employees",
            "purpose",
            "chatbot",
            "scores_people",
            "decides_alone",
            "emotion_recognition",
            "biometric_categorisation",
            "affects_employees",
            "monitors_employees",
        ]
        widgets = {"purpose": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = Purpose.choices  # radios need no empty choice


class UseCaseForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = UseCase
        fields = [
            "name",
            "ai_alone",
            "ai_suggests",
            "human_decides",
            "overseer",
            "overseer_training",
            "can_stop",
            "stop_how",
            "contest_route",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ("ai_alone", "ai_suggests", "human_decides", "contest_route")
        }


class DraftForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    clauses = forms.MultipleChoiceField(
        label=_("Clauses"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose the clauses, then rebuild the text from them, or edit it freely."),
    )

    class Meta:
        model = Draft
        fields = ["title", "clauses", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24})}

    def __init__(self, *args, clause_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        if clause_choices:
            self.fields["clauses"].choices = clause_choices
        else:
            del self.fields["clauses"]


class TransparencyForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = TransparencyPage
        fields = ["link_enabled", "data_used", "questions_to"]
        widgets = {"data_used": forms.Textarea(attrs={"rows": 4})}


class AnonymousObjectionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question or objection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("No name, no account and no address is stored with it."),
    )
    # A field people never see: a bot that fills it in is ignored.
    website = forms.CharField(required=False, widget=forms.HiddenInput)
