from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from method.roles import Role
from samspill.core.forms import ModelForm
from samspill.projects.models import Membership, Project
from samspill.projects.services import PROJECT_FACT_FIELDS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectCreateForm(ModelForm):
    class Meta:
        model = Project
        fields = [
            "name",
            "ai_tool",
            "ai_will_do",
            "ai_will_not_do",
            "departments",
            "start_date",
            "language",
        ]
        widgets = {
            "start_date": DATE_INPUT,
            "ai_will_do": forms.Textarea(attrs={"rows": 3}),
            "ai_will_not_do": forms.Textarea(attrs={"rows": 3}),
            "departments": forms.Textarea(attrs={"rows": 3}),
        }


class ProjectSettingsForm(ModelForm):
    """Edits carry the version they were built from, so stale edits can be refused."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Project
        fields = [
            "name",
            "ai_tool",
            "ai_will_do",
            "ai_will_not_do",
            "departments",
            "start_date",
            "engagement_alert_weeks",
        ]
        widgets = ProjectCreateForm.Meta.widgets


class ProjectFactsForm(ModelForm):
    """The facts that fill letters, messages, guides and the transparency page."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Project
        fields = PROJECT_FACT_FIELDS
        widgets = {
            "public_employer": forms.RadioSelect(
                choices=[
                    ("", _("Not answered yet")),
                    ("True", _("Public employer")),
                    ("False", _("Private employer")),
                ]
            )
        }


class MemberAddForm(forms.Form):
    user = forms.CharField(
        label=_("Username or email"),
        max_length=254,
        help_text=_(
            "For someone who already has an account here. Anyone else: send an invitation."
        ),
    )
    # Least access first: an owner raises a role on purpose, never by leaving the default.
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.ROLE_CHOICES, initial=Role.VIEWER.value
    )

    def clean_user(self):
        value = self.cleaned_data["user"].strip()
        user_model = get_user_model()
        matches = list(
            user_model.objects.filter(Q(username__iexact=value) | Q(email__iexact=value))[:2]
        )
        if len(matches) != 1:
            raise forms.ValidationError(
                _("No single account matches %(value)s.") % {"value": value}
            )
        return matches[0]


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.ROLE_CHOICES)


class ProjectDeleteForm(forms.Form):
    """Deleting cannot be undone: the owner types the name and says an export is kept."""

    name = forms.CharField(label=_("Type the project's name to confirm"), max_length=200)
    exported = forms.BooleanField(
        label=_("I have downloaded an export of this project and keep it."),
        required=True,
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if name.strip() != self.project.name.strip():
            raise forms.ValidationError(_("That is not the project's name."))
        return name
