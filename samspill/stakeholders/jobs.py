"""A big stakeholder list is imported by the worker (notify/imports.py): the page that
started it shows the job's progress and ends with a link to the people or every problem."""

from django.urls import reverse
from django.utils.translation import gettext as _

from samspill.notify import imports
from samspill.notify.jobs import job
from samspill.stakeholders.importing import people_import, row_error_message


@job()
def people_import_run(progress_uuid: str, path: str, filename: str, *, attempt: int = 1) -> str:
    def work(progress, data: bytes):
        report = people_import(
            actor=progress.user, project=progress.project, data=data, filename=filename
        )
        if not report.ok:
            return imports.refused(
                report.file_error,
                [
                    (error.line, report.column_name(error.column), row_error_message(error))
                    for error in report.errors
                ],
                report.problem_count,
            )
        return imports.Imported(
            _("Imported: %(created)s added, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "created": len(report.created),
                "updated": len(report.updated),
                "unchanged": len(report.unchanged),
            },
            reverse("stakeholders:people", args=[progress.project.slug]),
        )

    return imports.run_stored(progress_uuid, path, attempt, work)
