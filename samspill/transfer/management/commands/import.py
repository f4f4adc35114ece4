import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from samspill.transfer.errors import TransferError
from samspill.transfer.importing import project_import
from samspill.transfer.presenting import report_history, report_notes, report_summary


class Command(BaseCommand):
    help = (
        "Import a file made by 'samspill export' as a new project. All or nothing: a file "
        "with any problem changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The exported JSON file, or - for standard input.")
        parser.add_argument("--slug", help="The new project's address (default: from the file).")
        parser.add_argument(
            "--owner", help="Username of an account to own the new project and sign the import."
        )
        parser.add_argument(
            "--no-members",
            action="store_true",
            help="Do not keep the file's members, even where an account has their username.",
        )

    def handle(self, *args, **options):
        owner = None
        if options["owner"]:
            owner = (
                get_user_model()
                ._default_manager.filter(**{get_user_model().USERNAME_FIELD: options["owner"]})
                .first()
            )
            if owner is None:
                raise CommandError(f"No account with the username {options['owner']!r}.")
        name, data = self._read(options["file"])
        try:
            report = project_import(
                actor=owner,
                data=data,
                filename=name,
                slug=options["slug"],
                # An administrator moving a project between servers of one organisation
                # usually wants its members back; the web import never does this.
                keep_members=not options["no_members"],
                bounded=False,  # a file of any size, in a process of its own
            )
        except TransferError as error:
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(f"  {p}" for p in error.problems)
            ) from None
        self.stdout.write(report_summary(report))
        self.stdout.write(report_history(report))
        for note in report_notes(report):
            self.stderr.write(note)

    def _read(self, file: str) -> tuple[str, bytes]:
        if file == "-":
            return "stdin", sys.stdin.buffer.read()
        path = Path(file)
        try:
            return path.name, path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
