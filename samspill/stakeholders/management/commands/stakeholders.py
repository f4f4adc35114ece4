import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samspill.projects.commands import acting_member, project_by_slug
from samspill.stakeholders.importing import people_export, people_import, row_error_message


class Command(BaseCommand):
    help = "Import or export a project's stakeholder list (CSV or XLSX)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importing = sub.add_parser("import", help="Import people; all or nothing.")
        importing.add_argument("file", type=Path)
        importing.add_argument("--project", required=True, help="The project's slug.")
        importing.add_argument(
            "--as-user",
            default=None,
            help="Username recorded in the audit trail (default: the project's first owner).",
        )
        exporting = sub.add_parser("export", help="Export people to standard output or a file.")
        exporting.add_argument("--project", required=True, help="The project's slug.")
        exporting.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        exporting.add_argument("--language", choices=["en", "nb"], default="en")
        exporting.add_argument("--output", type=Path, help="File to write (default: stdout).")

    def handle(self, *args, action: str, **options):
        project = project_by_slug(options["project"])
        if action == "import":
            self._import(project, options["file"], options["as_user"])
        else:
            self._export(project, options["format"], options["language"], options["output"])

    def _import(self, project, path: Path, username):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        actor = acting_member(project, username)
        report = people_import(actor=actor, project=project, data=data, filename=path.name)
        if report.file_error:
            raise CommandError(f"Nothing imported. {report.file_error}")
        if report.errors:
            for error in report.errors:
                self.stderr.write(f"line {error.line}, {error.column}: {row_error_message(error)}")
            raise CommandError(f"Nothing imported: {report.problem_count} problem(s) found.")
        self.stdout.write(
            f"Imported: {len(report.created)} added, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged."
        )

    def _export(self, project, file_format: str, language: str, output: Path | None):
        content, _type, _name = people_export(project, file_format=file_format, language=language)
        if output:
            output.write_bytes(content)
            self.stdout.write(f"Written to {output}")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
