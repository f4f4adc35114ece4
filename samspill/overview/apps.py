from django.apps import AppConfig


class OverviewConfig(AppConfig):
    """What reads across the domain apps: the dashboard, diagnostics and the demo.

    The top layer: it imports the domain apps through their selectors and services, and no
    domain app imports it (docs/architecture.md)."""

    name = "samspill.overview"
    label = "overview"
