from django.apps import AppConfig


class StakeholdersConfig(AppConfig):
    name = "samspill.stakeholders"
    label = "stakeholders"

    def ready(self):
        from samspill.projects.seeding import register_seeder
        from samspill.stakeholders.services import groups_seed_from_presets

        register_seeder("stakeholders", groups_seed_from_presets, order=10)
