import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from method.pilot import pilot_report, report_json
from samspill.core.figures import number
from samspill.core.uploads import problem_count
from samspill.pilot import presenting, services
from samspill.projects.commands import acting_member, project_by_slug


class Command(BaseCommand):
    help = "Import the pilot's cases, or print the pilot report."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importing = sub.add_parser("import", help="Import pilot cases; all or nothing.")
        importing.add_argument("file", type=Path)
        importing.add_argument("--project", required=True, help="The project's slug.")
        importing.add_argument(
            "--attribute",
            action="append",
            default=[],
            help="A column to check for fairness (repeat for several), e.g. gender.",
        )
        importing.add_argument("--advance-value", help="The file's word for advance.")
        importing.add_argument("--reject-value", help="The file's word for reject.")
        importing.add_argument(
            "--as-user", help="Username recorded in the audit trail (default: the first owner)."
        )
        reporting = sub.add_parser("report", help="Print the report for the imported cases.")
        reporting.add_argument("--project", required=True, help="The project's slug.")
        reporting.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args, action: str, **options):
        project = project_by_slug(options["project"])
        if action == "import":
            self._import(project, options)
        else:
            self._report(project, options["json"])

    def _import(self, project, options):
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        values = None
        if options["advance_value"] or options["reject_value"]:
            values = {
                options["advance_value"] or "advance": "advance",
                options["reject_value"] or "reject": "reject",
            }
        try:
            record = services.pilot_import(
                actor=acting_member(project, options["as_user"]),
                project=project,
                data=data,
                filename=path.name,
                attributes=options["attribute"],
                decision_values=values,
            )
        except services.PilotImportError as refused:
            if refused.file_error is not None:
                raise CommandError(presenting.file_error_message(refused.file_error)) from None
            for row, column, message in map(presenting.case_error_row, refused.errors):
                self.stderr.write(f"line {row}, {column}: {message}")
            raise CommandError(
                f"Nothing was imported: {problem_count(refused.errors)} problem(s) in {path.name}."
            ) from None
        flags = ", ".join(record.summary.get("flags", [])) or "none"
        cases = ngettext("%(n)s case", "%(n)s cases", record.cases) % {"n": number(record.cases)}
        self.stdout.write(f"Imported {cases} from {path.name}. Flags: {flags}.")

    def _report(self, project, as_json: bool):
        cases = services.stored_cases(project)
        if not cases:
            raise CommandError("This project has no pilot cases; import them first.")
        summary = report_json(pilot_report(cases))
        if as_json:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        saved = summary["minutes_saved_per_case"]
        lines = [
            f"cases            {number(summary['cases'])} "
            f"({number(summary['pilot_cases'])} pilot, {number(summary['control_cases'])} control)",
            f"agreement        {presenting.percent(summary['agreement_rate'])}",
            f"kappa            {presenting.ratio(summary['kappa'])}",
            f"overrides        {presenting.percent(summary['override_rate'])}",
            "minutes saved    "
            + (
                f"{presenting.minutes(saved['estimate'])} per case "
                f"(95 % {presenting.minutes(saved['low'])} to {presenting.minutes(saved['high'])})"
                if saved
                else "—"
            ),
            f"flags            {', '.join(summary['flags']) or 'none'}",
        ]
        if summary.get("shadow"):
            gap = summary["agreement_gap"]
            lines.append(
                f"shadow agreement {presenting.percent(summary['shadow']['agreement_rate'])} "
                f"(AI unseen; pilot minus shadow {presenting.percent(gap['estimate'], sign=True)}"
                f", 95 % {presenting.percent(gap['low'], sign=True)} to "
                f"{presenting.percent(gap['high'], sign=True)})"
            )
        for name, rows in summary["fairness"].items():
            rounded = summary["fairness_tables"][name]["rounded"]
            lines.append(f"fairness: {name}" + (" (counts rounded to 5)" if rounded else ""))
            lines += [_fairness_line(row) for row in rows]
        self.stdout.write("\n".join(lines))


def _fairness_line(row: dict) -> str:
    name = row["group"] or "(not stated)"
    if row["masked"]:
        return f"  {name}: fewer than k cases, held back"
    view = presenting.group_row(row)
    cases = ngettext("%(n)s case", "%(n)s cases", row["cases"]) % {"n": number(row["cases"])}
    parts = [f"  {name}: {cases}"]
    for side, label in (("ai", "AI"), ("human", "person")):
        if side == "ai" and row["ai_withheld"]:
            parts.append("AI withheld (fewer than k suggestions)")
            continue
        text = f"{label} {view[f'selection_{side}']}, ratio {view[f'ratio_{side}_text']}"
        if view[f"interval_{side}"]:
            text += f" (95 % {view[f'interval_{side}']})"
        if row[f"small_sample_{side}"]:
            text += f", too wide to judge: about {view[f'needed_{side}']} per group needed"
        parts.append(text)
    return "; ".join(parts)
