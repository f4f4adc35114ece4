from django.apps import AppConfig


class BusinessConfig(AppConfig):
    name = "samspill.business"
    label = "business"
