"""A big case file is imported by the worker (notify/imports.py): the page that started it
shows the job's progress and ends with a link to the report or every problem found."""

from django.urls import reverse
from django.utils.translation import ngettext

from samspill.core.uploads import problem_count
from samspill.notify import imports
from samspill.notify.jobs import job
from samspill.pilot import presenting, services


@job()
def pilot_import_run(
    progress_uuid: str,
    path: str,
    filename: str,
    attributes: list,
    decision_values: dict | None,
    *,
    attempt: int = 1,
) -> str:
    def work(progress, data: bytes):
        try:
            record = services.pilot_import(
                actor=progress.user,
                project=progress.project,
                data=data,
                filename=filename,
                attributes=attributes,
                decision_values=decision_values,
            )
        except services.PilotImportError as refused:
            return imports.refused(
                presenting.file_error_message(refused.file_error),
                [presenting.case_error_row(e) for e in refused.errors],
                problem_count(refused.errors),
            )
        return imports.Imported(
            ngettext(
                "%(cases)s case imported; the report is up to date.",
                "%(cases)s cases imported; the report is up to date.",
                record.cases,
            )
            % {"cases": record.cases},
            reverse("pilot:report", args=[progress.project.slug]),
        )

    return imports.run_stored(progress_uuid, path, attempt, work)
