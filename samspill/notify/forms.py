from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from samspill.notify.models import EventKind, ReminderKind, WebhookFormat

EVENT_CHOICES = [(k, label) for k, label in EventKind.choices if k != EventKind.TEST]


class WebhookForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    format = forms.ChoiceField(label=_("Format"), choices=WebhookFormat.choices)
    url = forms.URLField(
        label=_("Webhook URL"),
        max_length=2000,
        assume_scheme="https",
        help_text=_("Kept as a secret: after saving, only its host is shown."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Events"), choices=EVENT_CHOICES, widget=forms.CheckboxSelectMultiple
    )


class WebhookEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    url = forms.URLField(
        label=_("New webhook URL"),
        max_length=2000,
        required=False,
        assume_scheme="https",
        help_text=_("Leave empty to keep the current one."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Events"), choices=EVENT_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    active = forms.BooleanField(label=_("Active"), required=False)


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of reminders"), choices=settings.LANGUAGES)
    wanted = forms.MultipleChoiceField(
        label=_("Send me"),
        choices=ReminderKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
