from django.core.management.base import BaseCommand, CommandError

from samspill.audit.chain import verify_stored_chain


class Command(BaseCommand):
    help = (
        "Audit trail tools. 'audit verify' checks that no entry was altered, inserted or removed."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "verify", help="Verify the hash chain; exits non-zero on the first bad entry."
        )

    def handle(self, *args, action: str, **options):
        report = verify_stored_chain()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at entry {report.first_bad_sequence}: {report.problem}. "
                f"{report.checked} entries before it are intact."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Audit chain intact: {report.checked} entries verified.")
        )
