from django.apps import AppConfig


class StakeholdersConfig(AppConfig):
    name = "samspill.stakeholders"
    label = "stakeholders"
