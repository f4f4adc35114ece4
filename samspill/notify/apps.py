from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    """Events, background jobs, webhooks, calendar feeds and notification preferences.
    A base app: domain apps publish events here (events.publish) and register periodic
    jobs (periodic.register); it imports no domain app."""

    name = "samspill.notify"
    verbose_name = _("Notifications")
