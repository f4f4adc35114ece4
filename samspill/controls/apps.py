from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ControlsConfig(AppConfig):
    name = "samspill.controls"
    label = "controls"
    verbose_name = _("Agreement controls")

    def ready(self) -> None:
        # The agreement's DOCX names each clause's controls with this project's thresholds;
        # guarantees sits below us, so we hand it the words instead of it importing us.
        from samspill.controls.selectors import appendix_lines
        from samspill.guarantees import documents

        documents.APPENDIX_LINES.append(appendix_lines)
