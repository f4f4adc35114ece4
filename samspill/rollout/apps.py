from django.apps import AppConfig


class RolloutConfig(AppConfig):
    name = "samspill.rollout"
    label = "rollout"

    def ready(self):
        from samspill.projects.seeding import register_seeder
        from samspill.rollout.services import plan_seed

        register_seeder("rollout", plan_seed, order=20)
