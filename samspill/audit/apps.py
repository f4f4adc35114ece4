from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "samspill.audit"
    label = "audit"

    def ready(self):
        from samspill.audit.files import connect

        connect()
