from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samspill.core"
    label = "core"

    def ready(self) -> None:
        from samspill.core import checks  # noqa: F401 - registers the deploy checks
