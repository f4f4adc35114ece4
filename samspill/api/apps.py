from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API (docs/api.md): a composition app, reading every domain through the
    same permission helper and services as the pages."""

    name = "samspill.api"
    label = "api"
    default_auto_field = "django.db.models.BigAutoField"
