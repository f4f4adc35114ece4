import re

from django import forms
from django.utils.translation import gettext_lazy as _

from method.pilot_import import HEADER_ALIASES
from samspill.core.uploads import UploadField
from samspill.pilot.services import MAX_BYTES


class PilotImportForm(forms.Form):
    file = UploadField(
        max_bytes=MAX_BYTES,
        label=_("Pilot cases (CSV or XLSX)"),
        help_text=_(
            "One row per case: case_id, decided_on, department, ai_decision, "
            "human_decision, minutes, arm (pilot or control)."
        ),
    )
    attributes = forms.CharField(
        label=_("Group attributes for the fairness check"),
        required=False,
        max_length=200,
        help_text=_("Column names, separated by commas, for example: gender, age_band."),
    )
    advance_value = forms.CharField(
        label=_("The file's word for “advance”"),
        required=False,
        max_length=40,
        help_text=_("Leave empty if the file says advance."),
    )
    reject_value = forms.CharField(
        label=_("The file's word for “reject”"),
        required=False,
        max_length=40,
        help_text=_("Leave empty if the file says reject."),
    )
    purpose = forms.BooleanField(
        label=_(
            "The group attributes are used only to check the pilot for unfair outcomes, only "
            "in aggregate and never shown per case, and are deleted when the evaluation is done."
        ),
        required=False,
    )

    def clean_attributes(self) -> list[str]:
        names = [n.strip() for n in re.split(r"[,;]", self.cleaned_data["attributes"])]
        names = list(dict.fromkeys(n for n in names if n))
        reserved = [n for n in names if n.casefold() in HEADER_ALIASES]
        if reserved:
            # A case column as an "attribute" would store raw case ids beside the pseudonyms.
            raise forms.ValidationError(
                _("%(names)s is one of the case columns, not a group attribute."),
                params={"names": ", ".join(reserved)},
            )
        return names

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("attributes") and not cleaned.get("purpose"):
            self.add_error("purpose", _("Confirm the purpose before importing group attributes."))
        return cleaned

    def decision_values(self) -> dict[str, str] | None:
        advance = self.cleaned_data["advance_value"].strip()
        reject = self.cleaned_data["reject_value"].strip()
        if not advance and not reject:
            return None
        return {advance or "advance": "advance", reject or "reject": "reject"}
