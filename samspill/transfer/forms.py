from django import forms
from django.utils.translation import gettext_lazy as _

# Evidence files travel inside the JSON (≤ 10 MB each, base64); this bounds one upload.
MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class ProjectImportForm(forms.Form):
    file = forms.FileField(
        label=_("Project file (JSON)"),
        help_text=_("A file exported from Samspill, at most 100 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 100 MB."))
        return upload
