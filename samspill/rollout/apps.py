from django.apps import AppConfig


class RolloutConfig(AppConfig):
    name = "samspill.rollout"
    label = "rollout"
