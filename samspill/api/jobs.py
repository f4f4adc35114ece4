"""Usage-log and pilot-case imports sent through the API run as django.tasks jobs: the
request stores the file and answers 202 with a job to poll; the worker (`samspill
worker`) runs the same service the import page calls, as the token's user, via API."""

import tempfile
from pathlib import Path

from django.db import transaction
from django.tasks import task

from samspill.api.models import ApiJob
from samspill.audit.services import audit_channel
from samspill.core import clock


def _run(job: ApiJob) -> dict:
    if job.kind == "usage":
        from method.usage import WEB_BUDGET
        from samspill.kpis.services import usage_import

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(job.filename).name
            path.write_bytes(bytes(job.data))
            record = usage_import(
                actor=job.user,
                project=job.project,
                path=path,
                filename=job.filename,
                budget=WEB_BUDGET,
            )
        return {"rows_read": record.rows_read, "weeks": record.weeks}
    from samspill.pilot.services import pilot_import

    record = pilot_import(
        actor=job.user,
        project=job.project,
        data=bytes(job.data),
        filename=job.filename,
        attributes=job.options.get("attributes", []),
    )
    return {"cases": record.cases}


def _errors(error: Exception) -> list[str]:
    from samspill.pilot import presenting
    from samspill.pilot.services import PilotImportError

    if isinstance(error, PilotImportError) and error.errors:
        # Every problem, worded as the import page words it (its list ends with a count).
        rows = (presenting.case_error_row(e) for e in error.errors)
        return [f"{line}, {column}: {text}" for line, column, text in rows]
    for name in ("errors", "problems"):
        found = getattr(error, name, None)
        if found:
            return [str(item) for item in found][:100]
    file_error = getattr(error, "file_error", None)
    return [str(file_error or error)]


@task
def run_import(job_uuid: str) -> str:
    job = ApiJob.objects.select_related("project", "user").get(uuid=job_uuid)
    ApiJob.objects.filter(pk=job.pk).update(status="running")
    try:
        with audit_channel("API"), transaction.atomic():
            result = _run(job)
    except Exception as error:
        ApiJob.objects.filter(pk=job.pk).update(
            status="failed", errors=_errors(error), data=b"", finished_at=clock.now()
        )
        return "failed"
    ApiJob.objects.filter(pk=job.pk).update(
        status="done", result=result, data=b"", finished_at=clock.now()
    )
    return "done"
