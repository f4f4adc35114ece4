"""Background jobs on Django's tasks framework (`django.tasks`), with retries.

`@job()` makes a task whose failures are tried again later, waiting JOB_RETRY_SECONDS,
then twice that, and so on (exponential backoff), up to JOB_ATTEMPTS tries in all. Each
failed try stays in the job table as a failed result, so site admins see it on
/site/jobs/; the last one has no successor.

    from samspill.notify.jobs import job

    @job()
    def stakeholder_import_run(progress_uuid: str) -> None: ...

    stakeholder_import_run.enqueue(str(progress.uuid))

With the database backend (production) a `samspill worker` runs the job; the row is part
of the caller's transaction, so a rolled-back request enqueues nothing. With the immediate
backend (SAMSPILL_TASKS_BACKEND=immediate, and the test suite) it runs at once, and so
do its retries, without waiting.

Jobs run at least once, not exactly once. Each worker renews a heartbeat row
(WorkerHeartbeat) every few seconds, also while a long job runs, and reaps: a RUNNING job
whose worker has been silent for JOB_STALE_SECONDS (the worker was killed, or its machine
died) goes back to READY, counted as a try, and another worker runs it. A job whose worker
is alive is never taken from it. So a job may run again after a crash part-way through:
every job must be idempotent (docs/notifications.md says how the existing ones are).
"""

import datetime as dt
import functools
import inspect
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import router
from django.tasks import Task, task
from django.utils import timezone

logger = logging.getLogger(__name__)

ATTEMPT_KWARG = "_attempt"


def retry_delay(attempt: int, base_seconds: int | None = None) -> dt.timedelta:
    """The wait before try number `attempt + 1`: base, 2×base, 4×base, … capped at a day."""
    base = settings.JOB_RETRY_SECONDS if base_seconds is None else base_seconds
    return dt.timedelta(seconds=min(base * 2 ** (attempt - 1), 86_400))


class GiveUp(Exception):
    """Raise from a job to fail it now, without further tries."""


def job(*, attempts: int | None = None, priority: int = 0, queue_name: str = "default"):
    def decorator(function: Callable) -> Task:
        # A job that wants to know which try this is takes an `attempt` keyword.
        wants_attempt = "attempt" in inspect.signature(function).parameters

        @functools.wraps(function)
        def run(*args, **kwargs):
            attempt = kwargs.pop(ATTEMPT_KWARG, 1)
            try:
                if wants_attempt:
                    return function(*args, attempt=attempt, **kwargs)
                return function(*args, **kwargs)
            except GiveUp:
                raise
            except Exception:
                limit = attempts or settings.JOB_ATTEMPTS
                if attempt < limit:
                    _enqueue_retry(the_task, attempt, args, kwargs)
                else:
                    logger.warning("Job %s gave up after %d tries", function.__name__, attempt)
                raise

        run.job_attempts = attempts  # read by reap_stale_jobs: None means JOB_ATTEMPTS
        the_task = task(priority=priority, queue_name=queue_name)(run)
        return the_task

    return decorator


def _enqueue_retry(the_task: Task, attempt: int, args, kwargs) -> None:
    retry = the_task
    if the_task.get_backend().supports_defer:
        retry = the_task.using(run_after=timezone.now() + retry_delay(attempt))
    retry.enqueue(*args, **{**kwargs, ATTEMPT_KWARG: attempt + 1})


# --- Lost workers: heartbeats and the reaper --------------------------------------------

# Heartbeat rows silent this long are deleted (their jobs were reaped long before).
FORGET_WORKER_AFTER = dt.timedelta(days=1)
REAP_BATCH = 100


class WorkerLost(Exception):
    """A job's worker stopped sending heartbeats while it ran the job (killed, or its
    machine died). Recorded on a job that has no try left."""


def heartbeat_seconds() -> float:
    """How often a worker renews its heartbeat and reaps: a fifth of the stale threshold,
    so a live worker misses several beats before anyone takes its job; at most 10 s."""
    return max(0.2, min(10.0, settings.JOB_STALE_SECONDS / 5))


def heartbeat(worker_id: str) -> None:
    from samspill.notify.models import WorkerHeartbeat

    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"last_seen": now},
        create_defaults={"started_at": now, "last_seen": now},
    )


def forget_worker(worker_id: str) -> None:
    """A worker that stops cleanly removes its row (it finished or failed its job)."""
    from samspill.notify.models import WorkerHeartbeat

    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def reap_stale_jobs(*, now: dt.datetime | None = None) -> list[str]:
    """Put RUNNING jobs whose worker is silent back to READY, once per lost try; return
    their ids. A job is stale when it started over JOB_STALE_SECONDS ago and its worker
    (the last of its worker_ids) has no heartbeat since then. The rows are claimed with
    SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL (an exclusive transaction on SQLite), so
    two workers reaping at once reap each job once."""
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    from samspill.notify.models import WorkerHeartbeat

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.JOB_STALE_SECONDS)
    WorkerHeartbeat.objects.filter(last_seen__lt=now - FORGET_WORKER_AFTER).delete()
    reaped = []
    with exclusive_transaction(router.db_for_write(DBTaskResult)):
        rows = list(
            DBTaskResult.objects.running()
            .filter(started_at__lt=cutoff)
            .order_by("started_at")
            .select_for_update(skip_locked=True)[:REAP_BATCH]
        )
        workers = {row.worker_ids[-1] for row in rows if row.worker_ids}
        alive = set(
            WorkerHeartbeat.objects.filter(
                worker_id__in=workers, last_seen__gte=cutoff
            ).values_list("worker_id", flat=True)
        )
        for row in rows:
            worker = row.worker_ids[-1] if row.worker_ids else None
            if worker in alive:
                continue
            _requeue_or_fail(row, worker, now)
            reaped.append(str(row.pk))
    return reaped


def _requeue_or_fail(row, worker: str | None, now: dt.datetime) -> None:
    try:
        function = row.task.func
    except (ImportError, SuspiciousOperation):
        function = None
    kwargs = row.args_kwargs.get("kwargs", {})
    if function is not None and hasattr(function, "job_attempts"):
        # A @job: its own try counter travels in the kwargs; the lost try counts.
        attempt = kwargs.get(ATTEMPT_KWARG, 1)
        limit = function.job_attempts or settings.JOB_ATTEMPTS
        if attempt < limit:
            row.args_kwargs = {**row.args_kwargs, "kwargs": {**kwargs, ATTEMPT_KWARG: attempt + 1}}
    else:
        # A plain task: each claim added a worker id, so they count the tries.
        attempt, limit = len(row.worker_ids), settings.JOB_ATTEMPTS
    if function is not None and attempt < limit:
        logger.warning(
            "Job %s (%s) lost its worker %s on try %d; it is ready to run again",
            row.pk,
            row.task_path,
            worker,
            attempt,
        )
        row.status = "READY"
        row.started_at = None
        row.run_after = now
        row.save(update_fields=["status", "started_at", "run_after", "args_kwargs"])
        return
    logger.warning(
        "Job %s (%s) lost its worker %s on its last try %d; it failed",
        row.pk,
        row.task_path,
        worker,
        attempt,
    )
    row.set_failed(WorkerLost(f"worker {worker} stopped sending heartbeats during try {attempt}"))
