from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "samspill.transfer"
    label = "transfer"
    verbose_name = _("Project export and import")

    def ready(self):
        from samspill.audit.reconcile import BASELINES
        from samspill.transfer.reconciling import imported_baseline

        if imported_baseline not in BASELINES:
            BASELINES.append(imported_baseline)
