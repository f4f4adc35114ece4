from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from samspill.comms.models import Communication, Message
from samspill.core import clock
from samspill.core.forms import DateField, ModelForm
from samspill.stakeholders.forms import DATE_INPUT, ProjectChoicesMixin


class MessageForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Message
        fields = ["audience", "title", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
        help_texts = {
            "body": _(
                "Facts in braces, such as {payback_month}, are filled in from the project when "
                "the message is shown. Write {{ and }} for a brace of your own."
            )
        }


class CommunicationForm(ProjectChoicesMixin, ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Communication
        fields = [
            "title",
            "date",
            "channel",
            "status",
            "owner",
            "groups",
            "people",
            "milestone",
            "message",
            "notes",
        ]
        widgets = {
            "date": DATE_INPUT,
            "groups": forms.CheckboxSelectMultiple,
            "people": forms.SelectMultiple(attrs={"size": 6}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"people": _("Hold Ctrl (⌘ on a Mac) to choose several.")}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_to_project(project, "groups", "people")
        self.fields["people"].label_from_instance = lambda p: f"{p.name} ({p.group.name})"
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(memberships__project=project).order_by("username")
        )
        self.fields["milestone"].queryset = project.milestones.all()
        self.fields["message"].queryset = project.messages.all()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("groups") and not cleaned.get("people"):
            raise forms.ValidationError(_("Choose at least one group or person."))
        return cleaned


class CommunicationDoneForm(forms.Form):
    """ "Mark done" asks when it actually happened: the row and the engagement carry that day."""

    done_on = DateField(label=_("Done on"), widget=DATE_INPUT)

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on > clock.today():
            raise forms.ValidationError(_("A communication cannot be done in the future."))
        return done_on
