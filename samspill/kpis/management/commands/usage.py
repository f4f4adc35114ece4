import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from method.usage import ColumnMap, UsageError
from samspill.core.figures import number
from samspill.core.uploads import problem_count
from samspill.kpis import presenting, services
from samspill.kpis.models import UsageWeek
from samspill.projects.commands import acting_member, project_by_slug

STAGES = ("reading", "aggregating", "storing")


class ProgressBar:
    """A plain text bar on stderr, one step per stage import_usage reports."""

    def __init__(self, stream, width: int = 30):
        self.stream, self.width, self.started = stream, width, time.perf_counter()

    def __call__(self, stage: str) -> None:
        done = STAGES.index(stage) if stage in STAGES else len(STAGES) - 1
        filled = self.width * done // len(STAGES)
        bar = "#" * filled + "." * (self.width - filled)
        elapsed = time.perf_counter() - self.started
        self.stream.write(f"\r[{bar}] {stage:<16} {elapsed:6.1f} s")
        self.stream.flush()

    def finish(self) -> None:
        elapsed = time.perf_counter() - self.started
        self.stream.write(f"\r[{'#' * self.width}] {'done':<16} {elapsed:6.1f} s\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Import an AI tool's usage log as weekly aggregates, or list the stored weeks."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importing = sub.add_parser("import", help="Import a usage log; all or nothing.")
        importing.add_argument("file", type=Path)
        importing.add_argument("--project", required=True, help="The project's slug.")
        importing.add_argument("--format", choices=["csv", "jsonl", "parquet"], dest="fmt")
        importing.add_argument("--user-col", default="user_id")
        importing.add_argument("--timestamp-col", default="timestamp")
        importing.add_argument("--feature-col", default="feature")
        importing.add_argument("--department-col", default="department")
        importing.add_argument(
            "--actor", help="Username recorded in the audit trail (default: the first owner)."
        )
        weeks = sub.add_parser("weeks", help="List the stored weeks, all departments summed.")
        weeks.add_argument("--project", required=True, help="The project's slug.")

    def handle(self, *args, action: str, **options):
        project = project_by_slug(options["project"])
        if action == "import":
            self._import(project, options)
        else:
            self._weeks(project)

    def _import(self, project, options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}.")
        actor = acting_member(project, options["actor"])
        stderr = getattr(self.stderr, "_out", sys.stderr)
        bar = ProgressBar(stderr)
        started = time.perf_counter()
        try:
            record = services.usage_import(
                actor=actor,
                project=project,
                path=path,
                filename=path.name,
                columns=ColumnMap(
                    user=options["user_col"],
                    timestamp=options["timestamp_col"],
                    feature=options["feature_col"],
                    department=options["department_col"],
                ),
                fmt=options["fmt"],
                progress=bar,
            )
        except UsageError as refused:
            stderr.write("\n")
            for line, column, message in (
                presenting.error_row(e, presenting.USAGE_ERRORS) for e in refused.errors
            ):
                where = f"line {line}" if line else "file"
                self.stderr.write(f"{where}{', ' + column if column else ''}: {message}")
            raise CommandError(
                f"Nothing was imported: {problem_count(refused.errors)} problem(s) in {path.name}."
            ) from None
        except ValueError as error:
            stderr.write("\n")
            raise CommandError(str(error)) from None
        bar.finish()
        seconds = time.perf_counter() - started
        rate = record.rows_read / seconds if seconds else 0
        rows = ngettext("%(n)s row", "%(n)s rows", record.rows_read) % {
            "n": number(record.rows_read)
        }
        weeks = ngettext("%(n)s week", "%(n)s weeks", record.weeks) % {"n": record.weeks}
        self.stdout.write(
            f"Read {rows}; wrote {weeks} "
            f"({record.first_week} to {record.last_week}) in {number(seconds, 1)} s, "
            f"{number(rate)} rows/s."
        )

    def _weeks(self, project):
        totals: dict = {}
        for week, active, events in UsageWeek.objects.filter(project=project).values_list(
            "week", "active_users", "events"
        ):
            entry = totals.setdefault(week, [0, 0, 0])
            entry[0] += 1
            entry[1] += active
            entry[2] += events
        if not totals:
            raise CommandError("This project has no usage weeks; import a log first.")
        self.stdout.write("week        departments  active users  events")
        for week in sorted(totals):
            depts, active, events = totals[week]
            shown = presenting.count_text(active)
            self.stdout.write(f"{week}  {depts:>11}  {shown:>12}  {number(events):>6}")
