"""Forms of the DPIA parts. Questions and guidance come from the method's catalog, in the
language the person reads the interface in."""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _

from method import dpia as rules
from samspill.core.forms import ModelForm
from samspill.dpia.models import Action, Context, Decision, Dpia, Opinion, Principles, Risk

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class VersionedForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ScreeningForm(VersionedForm):
    """One checkbox per EDPB criterion.

    Separate boolean fields rather than one multiple choice, so a form re-rendered from a
    plain dict of the posted values (as after a stale edit) keeps every ticked box.
    """

    class Meta:
        model = Dpia
        fields = ["screening_notes"]
        widgets = {"screening_notes": _textarea(4)}

    def __init__(self, *args, catalog: rules.DpiaCatalog, **kwargs):
        super().__init__(*args, **kwargs)
        notes = self.fields.pop("screening_notes")
        for key, item in catalog.criteria.items():
            self.fields[f"criterion_{key}"] = forms.BooleanField(
                label=item.label,
                required=False,
                initial=key in self.instance.criteria,
                help_text=format_html('{} <span class="muted">({})</span>', item.help, item.source),
            )
        self.fields["screening_notes"] = notes

    def clean(self):
        cleaned = super().clean()
        cleaned["criteria"] = [
            key for key in rules.CRITERIA if cleaned.pop(f"criterion_{key}", False)
        ]
        return cleaned


class PromptForm(VersionedForm):
    """A part whose every field is one question of the catalog, with its guidance."""

    def __init__(self, *args, prompts: dict[str, rules.Prompt], **kwargs):
        super().__init__(*args, **kwargs)
        for key, prompt in prompts.items():
            field = self.fields[key]
            field.label = prompt.label
            source = format_html(' <span class="muted">({})</span>', prompt.source)
            field.help_text = format_html(
                "<strong>{}</strong> {}{}",
                prompt.prompt,
                prompt.guidance,
                source if prompt.source else "",
            )


class ContextForm(PromptForm):
    class Meta:
        model = Context
        fields = list(rules.CONTEXT_KEYS)
        widgets = dict.fromkeys(rules.CONTEXT_KEYS, _textarea())


class PrinciplesForm(PromptForm):
    class Meta:
        model = Principles
        fields = list(rules.PRINCIPLE_KEYS + rules.RIGHT_KEYS)
        widgets = dict.fromkeys(rules.PRINCIPLE_KEYS + rules.RIGHT_KEYS, _textarea())


def _level_choices(levels: dict[int, rules.LevelText]) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(n), f"{n} · {text.label}") for n, text in levels.items()]


class RiskForm(VersionedForm):
    class Meta:
        model = Risk
        fields = [
            "title",
            "impacts",
            "threats",
            "sources",
            "measures",
            "severity_before",
            "likelihood_before",
            "severity_after",
            "likelihood_after",
        ]
        widgets = {name: _textarea() for name in ("impacts", "threats", "sources", "measures")}

    def __init__(self, *args, catalog: rules.DpiaCatalog, **kwargs):
        super().__init__(*args, **kwargs)
        severity = _("How badly the people concerned would be affected.")
        likelihood = _("How easily the risk sources could make the threats happen.")
        for stage in ("before", "after"):
            self.fields[f"severity_{stage}"] = _level_field(
                self.fields[f"severity_{stage}"], catalog.severity, severity
            )
            self.fields[f"likelihood_{stage}"] = _level_field(
                self.fields[f"likelihood_{stage}"], catalog.likelihood, likelihood
            )


def _level_field(model_field: forms.Field, levels, help_text: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=model_field.label,
        help_text=help_text,
        choices=_level_choices(levels),
        coerce=int,
        empty_value=None,
        required=False,
    )


class ActionForm(VersionedForm):
    class Meta:
        model = Action
        fields = ["title", "details", "risk", "owner", "due_date", "status"]
        widgets = {"details": _textarea(3), "due_date": DATE_INPUT}

    def __init__(self, *args, dpia: Dpia, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["risk"].queryset = dpia.risks.all()


class OpinionForm(VersionedForm):
    class Meta:
        model = Opinion
        fields = ["author", "given_on", "stance", "text"]
        widgets = {"given_on": DATE_INPUT, "text": _textarea(8)}


class DecisionForm(VersionedForm):
    class Meta:
        model = Decision
        fields = [
            "outcome",
            "conditions",
            "decided_by",
            "decided_on",
            "reasoning",
            "consultation_on",
            "consultation_reference",
            "override_reason",
        ]
        widgets = {
            "conditions": _textarea(3),
            "decided_on": DATE_INPUT,
            "reasoning": _textarea(5),
            "consultation_on": DATE_INPUT,
            "override_reason": _textarea(3),
        }
