import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from samspill.core.forms import DateField
from samspill.core.uploads import UploadField

# Evidence files travel inside the JSON (≤ 10 MB each, base64); this bounds one upload.
# The web import reads the file into memory; larger archives go through `samspill import`.
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
FIRST_START, LAST_START = dt.date(2000, 1, 1), dt.date(2099, 12, 31)


class ProjectImportForm(forms.Form):
    file = UploadField(
        max_bytes=MAX_UPLOAD_BYTES,
        label=_("Project file (JSON)"),
        help_text=_("A file exported from Samspill, at most 25 MB."),
    )


class ProjectDuplicateForm(forms.Form):
    name = forms.CharField(label=_("Name of the new project"), max_length=120)
    start_date = DateField(
        label=_("Start date of the new project"),
        help_text=_("The plan's dates move by the same number of days."),
        widget=forms.DateInput(attrs={"type": "date", "min": "2000-01-01", "max": "2099-12-31"}),
    )

    def clean_start_date(self):
        # Every date of the plan moves with the start; keep them all inside the calendar.
        start = self.cleaned_data["start_date"]
        if not FIRST_START <= start <= LAST_START:
            raise forms.ValidationError(
                _("Choose a start date between %(first)s and %(last)s.")
                % {"first": FIRST_START.isoformat(), "last": LAST_START.isoformat()}
            )
        return start
