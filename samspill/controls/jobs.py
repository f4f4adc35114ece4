"""A big weekly case file is imported by the worker (notify/imports.py): the page that
started it shows the job's progress and ends with a link to the controls or every problem."""

from django.urls import reverse
from django.utils.translation import ngettext

from samspill.controls import services
from samspill.core.uploads import problem_count
from samspill.notify import imports
from samspill.notify.jobs import job
from samspill.pilot import presenting as pilot_presenting
from samspill.pilot.services import PilotImportError


@job()
def case_import_run(progress_uuid: str, path: str, filename: str, *, attempt: int = 1) -> str:
    def work(progress, data: bytes):
        try:
            record = services.cases_import_week(
                actor=progress.user, project=progress.project, data=data, filename=filename
            )
        except PilotImportError as refused:
            return imports.refused(
                pilot_presenting.file_error_message(refused.file_error),
                [pilot_presenting.case_error_row(e) for e in refused.errors],
                problem_count(refused.errors),
            )
        return imports.Imported(
            ngettext(
                "%(cases)s case imported and the controls evaluated.",
                "%(cases)s cases imported and the controls evaluated.",
                record.cases,
            )
            % {"cases": record.cases},
            reverse("controls:page", args=[progress.project.slug]),
        )

    return imports.run_stored(progress_uuid, path, attempt, work)
