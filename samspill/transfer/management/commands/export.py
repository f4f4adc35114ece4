from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samspill.projects.models import Project
from samspill.transfer.errors import TransferError
from samspill.transfer.exporting import project_export_json


class Command(BaseCommand):
    help = "Export a project, its audit trail and evidence files included, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="The project's slug.")
        parser.add_argument(
            "--output", "-o", type=Path, help="Write to this file instead of standard output."
        )

    def handle(self, *args, **options):
        project = Project.objects.filter(slug=options["project"]).first()
        if project is None:
            raise CommandError(f"No project with the slug {options['project']!r}.")
        try:
            content = project_export_json(project)
        except TransferError as error:
            raise CommandError("\n".join(error.problems)) from None
        if options["output"]:
            options["output"].write_bytes(content)
            self.stderr.write(f"Exported {project.slug} to {options['output']}.")
            return
        # Bytes as they are when the terminal can take them, so the file is UTF-8 anywhere.
        buffer = getattr(self.stdout, "buffer", None)
        if buffer is not None:
            self.stdout.flush()
            buffer.write(content + b"\n")
            buffer.flush()
        else:
            self.stdout.write(content.decode("utf-8"))
