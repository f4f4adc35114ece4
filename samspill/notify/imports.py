"""Imports over SAMSPILL_IMPORT_JOB_THRESHOLD_BYTES run as background jobs: the request stores
the upload, starts a JobProgress and sends the person to its page (/jobs/<uuid>/); the job
reads the stored file, runs the same service the page calls and deletes the file when it ends,
whether it imported or was refused, so no personal data stays on disk.

    if imports.too_big_for_request(upload):
        progress, path = imports.stash(request, project, upload, label)
        imports.enqueue(my_job, progress, path, extra, args)
        return redirect("notify:job_progress", progress.uuid)

    @job()
    def my_job(progress_uuid, path, extra, args, *, attempt=1):
        return imports.run_stored(progress_uuid, path, attempt, work)

`work(progress, data)` returns `Imported(message, result_path)` or `Refused(message,
problems)`, where `problems` are (line, column, text) rows, all of them, as the page
would show them in the request.
"""

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.tasks import Task
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samspill.notify.models import JobProgress


@dataclass
class Imported:
    message: str
    result_path: str


@dataclass
class Refused:
    message: str
    problems: list[tuple] = field(default_factory=list)


def refused(file_error: str | None, problems: list[tuple], count: int) -> Refused:
    """What a refused import tells its page, in the words the import page uses."""
    if file_error:
        return Refused(f"{_('Nothing was imported.')} {file_error}")
    text = ngettext(
        "Fix this problem and import the file again:",
        "Fix these %(counter)s problems and import the file again:",
        count,
    ) % {"counter": count}
    return Refused(f"{_('Nothing was imported.')} {text}", list(problems))


def too_big_for_request(upload) -> bool:
    return upload.size > settings.IMPORT_JOB_THRESHOLD_BYTES


def upload_dir() -> Path:
    """Where an upload waits for the worker: on disk the web and worker processes share."""
    path = Path(settings.VAR_DIR) / "jobs"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def stash(request, project, upload, label: str) -> tuple[JobProgress, Path]:
    """Store the upload readable by this user only, under a random name (never the file's)."""
    suffix = Path(upload.name).suffix.lower()
    suffix = suffix if suffix in {".csv", ".xlsx", ".txt", ".tsv"} else ".dat"
    path = upload_dir() / f"import-{uuid.uuid4().hex}{suffix}"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        for chunk in upload.chunks():
            file.write(chunk)
    progress = JobProgress.objects.create(
        project=project, user=request.user, label=label[:200], total=2
    )
    return progress, path


def enqueue(task: Task, progress: JobProgress, path: Path, *args) -> None:
    """Hand the stored file to the worker; if that fails, the file goes at once."""
    try:
        task.enqueue(str(progress.uuid), str(path), *args)
    except Exception:
        path.unlink(missing_ok=True)
        raise


def run_stored(
    progress_uuid: str,
    path: str,
    attempt: int,
    work: Callable[[JobProgress, bytes], Imported | Refused],
) -> str:
    """Run `work` on the stored file, keep the page told, and delete the file at the end."""
    progress = JobProgress.objects.select_related("project", "user").get(uuid=progress_uuid)
    stored = Path(path)
    if progress.state in ("done", "failed") and (progress.message or progress.problems):
        # An earlier try recorded its outcome and then lost its worker: only the file is left.
        stored.unlink(missing_ok=True)
        return "done" if progress.state == "done" else "refused"
    progress.state, progress.done, progress.total = "running", 0, 2
    progress.save(update_fields=["state", "done", "total", "updated_at"])
    final = attempt >= settings.JOB_ATTEMPTS
    try:
        data = stored.read_bytes()
        progress.done = 1
        progress.save(update_fields=["done", "updated_at"])
        with translation.override(progress.project.language if progress.project else None):
            outcome = work(progress, data)
    except Exception:
        if final:
            stored.unlink(missing_ok=True)
            progress.state = "failed"
            progress.save(update_fields=["state", "updated_at"])
        raise
    # The outcome is saved before the file goes, so a retry after a lost worker finds it
    # (imports replace rows by key, so running the work again would also be safe).
    if isinstance(outcome, Refused):
        progress.state = "failed"
        progress.message = outcome.message[:500]
        progress.problems = [
            [str(line), str(column), str(text)] for line, column, text in outcome.problems
        ]
        progress.save(update_fields=["state", "message", "problems", "updated_at"])
        stored.unlink(missing_ok=True)
        return "refused"
    progress.state, progress.done = "done", progress.total
    progress.message = outcome.message[:500]
    progress.result_path = outcome.result_path[:300]
    progress.save(update_fields=["state", "done", "message", "result_path", "updated_at"])
    stored.unlink(missing_ok=True)
    return "done"
