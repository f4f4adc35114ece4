from django.core.management.base import BaseCommand

from samspill.desk.services import purge


class Command(BaseCommand):
    help = (
        "Explanation desk tools. 'desk purge' deletes requests closed longer ago than their "
        "project's retention; run it daily from cron."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("purge", help="Delete closed requests past their retention.")

    def handle(self, *args, action: str, **options):
        removed = purge()
        self.stdout.write(f"Deleted {removed} closed request(s) past their retention.")
