from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "samspill.audit"
    label = "audit"
