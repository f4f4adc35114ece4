from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "samspill.trust"
    label = "trust"

    def ready(self):
        from samspill.projects.seeding import register_seeder
        from samspill.trust.services import checklist_seed

        register_seeder("trust", checklist_seed, order=30)
