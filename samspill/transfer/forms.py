from django import forms
from django.utils.translation import gettext_lazy as _

from samspill.core.uploads import UploadField

# Evidence files travel inside the JSON (≤ 10 MB each, base64); this bounds one upload.
# The web import reads the file into memory; larger archives go through `samspill import`.
MAX_UPLOAD_BYTES = 25 * 1024 * 1024


class ProjectImportForm(forms.Form):
    file = UploadField(
        max_bytes=MAX_UPLOAD_BYTES,
        label=_("Project file (JSON)"),
        help_text=_("A file exported from Samspill, at most 25 MB."),
    )
