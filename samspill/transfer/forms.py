from django import forms
from django.utils.translation import gettext_lazy as _

# Evidence files travel inside the JSON (≤ 10 MB each, base64); this bounds one upload.
# The web import reads the file into memory; larger archives go through `samspill import`.
MAX_UPLOAD_BYTES = 25 * 1024 * 1024


class ProjectImportForm(forms.Form):
    file = forms.FileField(
        label=_("Project file (JSON)"),
        help_text=_("A file exported from Samspill, at most 25 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 25 MB."))
        return upload
