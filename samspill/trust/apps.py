from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "samspill.trust"
    label = "trust"
