from django.core.management.base import BaseCommand

from samspill.surveys.services import close_due_surveys


class Command(BaseCommand):
    help = "Close surveys past their closing date and delete the e-mail addresses they kept."

    def handle(self, *args, **options):
        closed = close_due_surveys()
        self.stdout.write(f"{closed} surveys closed.")
