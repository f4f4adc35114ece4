import re

from django import forms
from django.core.validators import validate_email
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from method.catalog import LANGUAGES
from method.surveys import K_MINIMUM, LIKERT, LIKERT_POINTS, survey_questions
from samspill.core.forms import ModelForm, ModelMultipleChoiceField
from samspill.stakeholders.models import StakeholderGroup
from samspill.surveys.models import MAX_COMMENT, Survey
from samspill.surveys.services import MAX_AUDIENCES, SETTINGS_FIELDS

MAX_ADDRESSES = 5000


def _catalog(language: str | None = None):
    """The question catalog: the survey's language, else the interface's."""
    language = (language or get_language() or "en")[:2]
    return survey_questions(language if language in LANGUAGES else "en")


class SurveyForm(ModelForm):
    statements = forms.MultipleChoiceField(
        label=_("Statements to include"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Answered from “strongly disagree” to “strongly agree”. The recommendation "
            "question (0–10) is always asked; the NPS is computed on it alone."
        ),
    )
    groups = ModelMultipleChoiceField(
        label=_("Audiences: stakeholder groups"),
        queryset=StakeholderGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    departments = forms.CharField(
        label=_("Audiences: departments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line. Each audience gets its own results, once it reaches k."),
    )

    class Meta:
        model = Survey
        fields = SETTINGS_FIELDS
        widgets = {
            "closes_on": forms.DateInput(attrs={"type": "date"}),
            "link_mode": forms.RadioSelect,
            "reminder_mode": forms.RadioSelect,
            "k": forms.NumberInput(attrs={"min": K_MINIMUM}),
        }
        help_texts = {
            "link_mode": _(
                "Invitations can be used once each. An open link is simpler to share, but "
                "one person can answer many times with it."
            ),
            "reminder_mode": _(
                "Only for invitations sent by e-mail. Kept addresses let reminders go only "
                "to people who have not answered; they are deleted when the survey closes."
            ),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            # The employees answer in the project's language, not in the author's interface.
            self.initial["language"] = project.language
        language = self.instance.language if self.instance.pk else project.language
        catalog = _catalog(language)
        self.fields["statements"].choices = [
            (q.key, q.text) for q in catalog.questions if q.kind == LIKERT
        ]
        self.fields["groups"].queryset = project.stakeholder_groups.all()
        if self.instance.pk:
            audiences = list(self.instance.audiences.all())
            self.initial.setdefault("groups", [a.group_id for a in audiences if a.group_id])
            self.initial.setdefault(
                "departments", "\n".join(a.department for a in audiences if a.department)
            )
        else:
            self.initial.setdefault(
                "statements", [c for c, _label in self.fields["statements"].choices]
            )
            self.initial.setdefault("departments", "\n".join(project.department_list))

    def clean_k(self):
        k = self.cleaned_data["k"]
        if k is None or k < K_MINIMUM:
            raise forms.ValidationError(
                _(
                    "k must be at least %(min)s: with fewer, people could work out "
                    "each other's answers."
                ),
                params={"min": K_MINIMUM},
            )
        return k

    def clean_departments(self) -> list[str]:
        names: dict[str, None] = {}
        for match in re.finditer(r"[^\r\n]+", self.cleaned_data["departments"]):
            if name := match.group().strip():
                names[name] = None
            if len(names) > MAX_AUDIENCES:  # stop early: a pasted list can be megabytes
                raise forms.ValidationError(
                    _("At most %(max)s audiences in one survey."), params={"max": MAX_AUDIENCES}
                )
        return list(names)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("groups") and not cleaned.get("departments") and not self.errors:
            self.add_error("groups", _("Choose at least one audience."))
        return cleaned


class AudienceChoiceMixin:
    def set_audiences(self, survey):
        self.audiences = {str(a.uuid): a for a in survey.audiences.all()}
        self.fields["audience"].choices = [(key, a.label) for key, a in self.audiences.items()]

    def clean_audience(self):
        return self.audiences[self.cleaned_data["audience"]]


class LinksForm(AudienceChoiceMixin, forms.Form):
    audience = forms.ChoiceField(label=_("Audience"))
    count = forms.IntegerField(label=_("Number of links"), min_value=1, max_value=MAX_ADDRESSES)

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_audiences(survey)


def parse_addresses(text: str, *, limit: int | None = None) -> tuple[list[str], list[str]]:
    """Addresses separated by lines, commas, semicolons or spaces: (valid, invalid). With a
    `limit`, reading stops after limit + 1 different items, so a huge paste costs no more."""
    valid, invalid, seen = [], [], set()
    for match in re.finditer(r"[^\s,;]+", text):
        item = match.group().strip("<>")
        if not item or item.casefold() in seen:
            continue
        if limit is not None and len(seen) > limit:
            break
        seen.add(item.casefold())
        try:
            validate_email(item)
        except forms.ValidationError:
            invalid.append(item)
        else:
            valid.append(item)
    return valid, invalid


class AddressesForm(AudienceChoiceMixin, forms.Form):
    audience = forms.ChoiceField(label=_("Audience"))
    addresses = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line, or separated by commas. Paste them straight from a list."),
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_audiences(survey)

    def clean_addresses(self) -> list[str]:
        valid, invalid = parse_addresses(self.cleaned_data["addresses"], limit=MAX_ADDRESSES)
        if len(valid) + len(invalid) > MAX_ADDRESSES:
            raise forms.ValidationError(
                _("At most %(max)s addresses at a time."), params={"max": MAX_ADDRESSES}
            )
        if invalid:
            raise forms.ValidationError(
                _("These are not e-mail addresses: %(list)s"),
                params={"list": ", ".join(invalid[:20])},
            )
        if not valid:
            raise forms.ValidationError(_("Paste at least one e-mail address."))
        return valid


class AnswerForm(forms.Form):
    """The public form, in the survey's language (the caller activates it)."""

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        catalog = survey_questions(survey.language)
        texts = {q.key: q.text for q in catalog.questions}
        self.catalog = catalog
        self.fields["nps"] = forms.TypedChoiceField(
            label=texts[catalog.nps_key],
            choices=[(i, str(i)) for i in range(11)],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose a number from 0 to 10.")},
        )
        self.statement_keys = list(survey.statements)
        for key in self.statement_keys:
            self.fields[f"s_{key}"] = forms.TypedChoiceField(
                label=texts.get(key, key),
                choices=[
                    (point, catalog.likert_labels[point - 1])
                    for point in range(1, LIKERT_POINTS + 1)
                ],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one answer.")},
            )
        if survey.include_comment:
            comment_key = next((q.key for q in catalog.questions if q.kind == "text"), None)
            self.fields["comment"] = forms.CharField(
                label=texts.get(comment_key, ""),
                required=False,
                max_length=MAX_COMMENT,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def statement_fields(self):
        return [self[f"s_{key}"] for key in self.statement_keys]

    def answer(self) -> dict:
        data = self.cleaned_data
        return {
            "nps": data["nps"],
            "scores": {key: data[f"s_{key}"] for key in self.statement_keys},
            "comment": data.get("comment", ""),
        }
