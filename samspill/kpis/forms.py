from django import forms
from django.utils.translation import gettext_lazy as _

from method import spreadsheet
from samspill.core.forms import DateField, FloatField, ModelForm
from samspill.core.uploads import UploadField
from samspill.kpis.models import Kpi, LicensedDepartment, Story
from samspill.kpis.services import MAX_UPLOAD_BYTES

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
USAGE_SUFFIXES = (".csv", ".txt", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet", ".pq")


class UsageImportForm(forms.Form):
    file = UploadField(
        max_bytes=MAX_UPLOAD_BYTES,
        label=_("Usage log (CSV, JSON Lines or Parquet)"),
        help_text=_("One event per row: who, when, which feature and which department."),
        error_messages={
            "too_large": _("The file is larger than %(limit)s MB. Import it with the command line.")
        },
    )
    fmt = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[
            ("", _("From the file name")),
            ("csv", "CSV"),
            ("jsonl", _("JSON Lines")),
            ("parquet", "Parquet"),
        ],
    )
    user_col = forms.CharField(label=_("User column"), initial="user_id", max_length=120)
    timestamp_col = forms.CharField(label=_("Time column"), initial="timestamp", max_length=120)
    feature_col = forms.CharField(label=_("Feature column"), initial="feature", max_length=120)
    department_col = forms.CharField(
        label=_("Department column"), initial="department", max_length=120
    )

    def clean(self):
        cleaned = super().clean()
        names = [
            (cleaned.get(f) or "").strip().casefold()
            for f in ("user_col", "timestamp_col", "feature_col", "department_col")
        ]
        if all(names) and len(set(names)) < len(names):
            raise forms.ValidationError(_("Name a different column for each field."))
        upload = cleaned.get("file")
        if (
            upload is not None
            and not cleaned.get("fmt")
            and not upload.name.lower().endswith(USAGE_SUFFIXES)
        ):
            self.add_error("fmt", _("Choose the format: the file name does not say it."))
        return cleaned


class LicensedDepartmentForm(ModelForm):
    class Meta:
        model = LicensedDepartment
        fields = ["name", "licensed_users"]


class KpiCreateForm(ModelForm):
    class Meta:
        model = Kpi
        fields = ["name", "kind", "target", "direction", "group", "department"]

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = project.stakeholder_groups.all()
        self.fields["direction"].required = False
        self.fields["direction"].help_text = _("Leave empty for the kind's usual direction.")
        self.fields["target"].help_text = _(
            "In the KPI's unit: a percentage for rates (70 for 70 %), a number for counts, "
            "−100 to 100 for NPS."
        )
        self.fields["department"].help_text = _(
            "Optional. For usage KPIs: the department as the usage log names it."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("group") and cleaned.get("department"):
            raise forms.ValidationError(_("Choose a group or a department, not both."))
        return cleaned


class KpiEditForm(KpiCreateForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta(KpiCreateForm.Meta):
        fields = ["name", "target", "direction", "group", "department"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["direction"].required = True


class KpiValueForm(forms.Form):
    period = DateField(
        label=_("Date"),
        widget=DATE_INPUT,
        help_text=_("Any day of the week or month; it counts for the whole period."),
    )
    value = FloatField(label=_("Value"))


class KpiValuesImportForm(forms.Form):
    file = UploadField(
        max_bytes=spreadsheet.MAX_BYTES,
        label=_("Values (CSV or XLSX)"),
        help_text=_("Columns kpi, period and value, and optionally group or department."),
    )


class StoryForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Story
        fields = ["told_on", "title", "text", "department", "group", "told_by", "share_externally"]
        widgets = {"told_on": DATE_INPUT, "text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = project.stakeholder_groups.all()
