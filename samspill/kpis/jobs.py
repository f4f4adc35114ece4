"""A big usage log is imported by the worker, not in the request: the page that started it
shows the job's progress (notify's JobProgress) and links to the result."""

from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from method.usage import WEB_BUDGET, ColumnMap, UsageError
from samspill.kpis import presenting, services
from samspill.notify.jobs import job
from samspill.notify.models import JobProgress

STAGES = ("reading", "locating_errors", "aggregating", "storing")


def upload_dir() -> Path:
    """Where an upload waits for the worker: on disk the web and worker processes share."""
    path = Path(settings.VAR_DIR) / "jobs"
    path.mkdir(exist_ok=True)
    return path


@job()
def usage_import_run(
    progress_uuid: str, path: str, filename: str, columns: dict, fmt: str, *, attempt: int = 1
) -> str:
    progress = JobProgress.objects.select_related("project", "user").get(uuid=progress_uuid)
    progress.state, progress.total = "running", len(STAGES)
    progress.save(update_fields=["state", "total", "updated_at"])

    def report(stage: str) -> None:
        progress.done = STAGES.index(stage) + 1 if stage in STAGES else progress.done
        progress.save(update_fields=["done", "updated_at"])

    final = attempt >= settings.JOB_ATTEMPTS
    try:
        record = services.usage_import(
            actor=progress.user,
            project=progress.project,
            path=Path(path),
            filename=filename,
            columns=ColumnMap(**columns),
            fmt=fmt or None,
            progress=report,
            budget=WEB_BUDGET,
        )
    except UsageError as refused:
        with translation.override(progress.project.language):
            rows = [presenting.error_row(e, presenting.USAGE_ERRORS) for e in refused.errors]
            progress.message = "; ".join(f"{line}: {text}" for line, _c, text in rows[:3])[:500]
            progress.problems = [[str(line), str(column), str(text)] for line, column, text in rows]
        progress.state = "failed"
        progress.save(update_fields=["state", "message", "problems", "updated_at"])
        Path(path).unlink(missing_ok=True)
        return "refused"
    except Exception:
        if final:
            progress.state = "failed"
            progress.save(update_fields=["state", "updated_at"])
            Path(path).unlink(missing_ok=True)
        raise
    Path(path).unlink(missing_ok=True)
    with translation.override(progress.project.language):
        progress.message = ngettext(
            "%(rows)s event read", "%(rows)s events read", record.rows_read
        ) % {"rows": record.rows_read}
    progress.state, progress.done = "done", len(STAGES)
    progress.result_path = reverse("kpis:usage", args=[progress.project.slug])
    progress.save(update_fields=["state", "done", "message", "result_path", "updated_at"])
    return "done"
