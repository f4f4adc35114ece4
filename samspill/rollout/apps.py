from django.apps import AppConfig


class RolloutConfig(AppConfig):
    name = "samspill.rollout"
    label = "rollout"

    def ready(self):
        from samspill.projects.seeding import register_seeder
        from samspill.rollout.services import plan_seed

        register_seeder("rollout", plan_seed, order=20)

        from samspill.notify.feeds import register_feed
        from samspill.rollout.calendar import plan_calendar

        register_feed("rollout", plan_calendar)  # the subscription link (docs/notifications.md)
