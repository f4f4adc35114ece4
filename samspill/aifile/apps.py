from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AifileConfig(AppConfig):
    name = "samspill.aifile"
    label = "aifile"
    verbose_name = _("AI Act file")
