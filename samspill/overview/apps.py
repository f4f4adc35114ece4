from django.apps import AppConfig


class OverviewConfig(AppConfig):
    """What reads across the domain apps: the dashboard, diagnostics and the demo.

    The top layer: it imports the domain apps through their selectors and services, and no
    domain app imports it (docs/architecture.md)."""

    name = "samspill.overview"
    label = "overview"

    def ready(self):
        from samspill.notify import periodic
        from samspill.overview import notifications

        periodic.register("overview.watch", notifications.projects_watch, every="hour")
        periodic.register(
            "overview.reminders", notifications.reminders_enqueue, every="day", at_hour=7
        )
        periodic.register(
            "overview.digests", notifications.digests_enqueue, every="week", at_hour=7
        )
