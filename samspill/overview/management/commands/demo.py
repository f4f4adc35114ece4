from django.core.management.base import BaseCommand

from samspill.overview.demo import DEMO_PASSWORD, DEMO_USERS, demo_load


class Command(BaseCommand):
    help = "Load the demo project (kept if it exists), or --reset it to its original state."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete and reload the demo.")
        parser.add_argument(
            "--language",
            choices=["en", "nb"],
            default="en",
            help="Language of the demo content (default en).",
        )

    def handle(self, *args, reset: bool, language: str, **options):
        project, created = demo_load(language=language, reset=reset)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo project loaded: {project.name}"))
        else:
            self.stdout.write(f"Demo project already present, kept as it is: {project.name}")
        logins = ", ".join(f"{username} ({role})" for username, _f, _l, role in DEMO_USERS)
        self.stdout.write(f"Demo logins: {logins}; password for all: {DEMO_PASSWORD}")
