from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommsConfig(AppConfig):
    name = "samspill.comms"
    label = "comms"
    verbose_name = _("Communication")

    def ready(self):
        from samspill.comms.calendar import communication_calendar
        from samspill.notify.feeds import register_feed

        register_feed("comms", communication_calendar)  # the subscription link
