from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samspill.controls import services
from samspill.pilot import presenting
from samspill.pilot.services import PilotImportError
from samspill.projects.commands import acting_member, project_by_slug
from samspill.projects.models import Project


class Command(BaseCommand):
    help = "Import a week of production cases, or evaluate the agreement's controls (cron)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importing = sub.add_parser(
            "import-cases", help="Import production cases (the pilot's format); all or nothing."
        )
        importing.add_argument("file", type=Path)
        importing.add_argument("--project", required=True, help="The project's slug.")
        importing.add_argument("--as-user", help="Username for the audit trail.")
        evaluating = sub.add_parser("evaluate", help="Evaluate the controls and notify breaches.")
        evaluating.add_argument("--project", help="One project's slug (default: every project).")
        evaluating.add_argument("--as-user", help="Username for the audit trail.")

    def handle(self, *args, action: str, **options):
        if action == "import-cases":
            self._import(options)
            return
        slugs = [options["project"]] if options["project"] else None
        projects = (
            [project_by_slug(slugs[0])]
            if slugs
            else list(Project.objects.filter(archived_at__isnull=True))
        )
        for project in projects:
            result = services.controls_evaluate(
                actor=acting_member(project, options["as_user"]), project=project
            )
            self.stdout.write(
                f"{project.slug}: {result['controls']} controls over {result['weeks']} weeks, "
                f"{result['breached']} breached this week."
            )

    def _import(self, options):
        project = project_by_slug(options["project"])
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            record = services.cases_import_week(
                actor=acting_member(project, options["as_user"]),
                project=project,
                data=data,
                filename=path.name,
            )
        except PilotImportError as refused:
            if refused.file_error is not None:
                raise CommandError(presenting.file_error_message(refused.file_error)) from None
            for row, column, message in map(presenting.case_error_row, refused.errors):
                self.stderr.write(f"line {row}, {column}: {message}")
            raise CommandError(
                f"Nothing was imported: {len(refused.errors)} problem(s) in {path.name}."
            ) from None
        self.stdout.write(f"Imported {record.cases} cases from {path.name}; controls evaluated.")
