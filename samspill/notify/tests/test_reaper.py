"""The reaper: a RUNNING job whose worker stopped sending heartbeats goes back to READY,
counted as a try, and runs to completion on another worker; a job whose worker is alive is
left alone. tests/cluster/test_faults.py kills a real worker process mid-job."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samspill.notify.jobs import ATTEMPT_KWARG, heartbeat, reap_stale_jobs
from samspill.notify.models import WorkerHeartbeat
from samspill.notify.tests import jobs_for_tests
from samspill.notify.tests.jobs_for_tests import counts_tries, plain, two_tries
from samspill.notify.tests.test_jobs import _run_ready

STALE = 300


@pytest.fixture
def database_jobs(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    settings.JOB_ATTEMPTS = 3
    settings.JOB_STALE_SECONDS = STALE
    jobs_for_tests.CALLS.clear()


def _ago(seconds: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=seconds)


def _running(task, worker_id: str, *, started_seconds_ago: float) -> DBTaskResult:
    """A job as a worker leaves it when it dies mid-run: claimed, never finished."""
    row = DBTaskResult.objects.get(pk=task.enqueue().id)
    row.claim(worker_id)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=_ago(started_seconds_ago))
    row.refresh_from_db()
    return row


def _beat(worker_id: str, seconds_ago: float) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"started_at": _ago(seconds_ago + 60), "last_seen": _ago(seconds_ago)},
    )


def test_a_dead_workers_job_is_requeued_once_and_a_live_workers_is_left(database_jobs):
    _beat("dead", seconds_ago=STALE + 5)
    _beat("alive", seconds_ago=1)  # a long job: started long ago, heartbeat fresh
    lost = _running(counts_tries, "dead", started_seconds_ago=STALE * 3)
    busy = _running(counts_tries, "alive", started_seconds_ago=STALE * 3)

    assert reap_stale_jobs() == [str(lost.pk)]
    assert reap_stale_jobs() == []  # once: it is READY now, not RUNNING

    lost.refresh_from_db()
    busy.refresh_from_db()
    assert lost.status == "READY"
    assert lost.started_at is None
    assert lost.args_kwargs["kwargs"][ATTEMPT_KWARG] == 2  # the lost try counts
    assert busy.status == "RUNNING"
    assert busy.worker_ids == ["alive"]
    assert ATTEMPT_KWARG not in busy.args_kwargs["kwargs"]

    _run_ready()  # another worker ("test") runs it to completion, once
    lost.refresh_from_db()
    assert lost.status == "SUCCESSFUL"
    assert lost.return_value == 2
    assert lost.worker_ids == ["dead", "test"]
    assert jobs_for_tests.CALLS == [2]
    busy.refresh_from_db()
    assert busy.status == "RUNNING"  # never run a second time beside its live worker


def test_a_heartbeat_renewed_by_the_worker_keeps_its_job(database_jobs):
    _beat("w1", seconds_ago=STALE + 5)
    row = _running(counts_tries, "w1", started_seconds_ago=STALE * 2)
    heartbeat("w1")  # what the worker's heartbeat thread does every few seconds
    assert reap_stale_jobs() == []
    row.refresh_from_db()
    assert row.status == "RUNNING"


def test_a_job_without_a_heartbeat_is_reaped_only_after_the_threshold(database_jobs):
    # A worker that never beat (killed before its first beat, or an old version).
    fresh = _running(counts_tries, "silent", started_seconds_ago=STALE - 10)
    old = _running(counts_tries, "silent", started_seconds_ago=STALE + 10)
    assert reap_stale_jobs() == [str(old.pk)]
    fresh.refresh_from_db()
    assert fresh.status == "RUNNING"


def test_a_job_that_loses_its_worker_on_the_last_try_fails(database_jobs):
    row = DBTaskResult.objects.get(pk=two_tries.enqueue().id)
    row.claim("first")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=_ago(STALE + 10))
    assert reap_stale_jobs() == [str(row.pk)]  # try 1 lost: try 2 is allowed (attempts=2)
    row.refresh_from_db()
    assert row.status == "READY"
    row.claim("second")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=_ago(STALE + 10))
    assert reap_stale_jobs() == [str(row.pk)]
    row.refresh_from_db()
    assert row.status == "FAILED"
    assert row.exception_class_path == "samspill.notify.jobs.WorkerLost"
    assert "second" in row.traceback
    assert jobs_for_tests.CALLS == []  # never run: both workers died


def test_a_plain_task_counts_its_tries_by_its_workers(database_jobs, settings):
    settings.JOB_ATTEMPTS = 2
    row = _running(plain, "w1", started_seconds_ago=STALE + 10)
    assert reap_stale_jobs() == [str(row.pk)]
    row.refresh_from_db()
    assert row.status == "READY"
    assert row.args_kwargs["kwargs"] == {}  # a plain task takes no try counter
    row.claim("w2")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=_ago(STALE + 10))
    reap_stale_jobs()
    row.refresh_from_db()
    assert row.status == "FAILED"


def test_a_job_whose_task_is_gone_fails_instead_of_looping(database_jobs):
    row = _running(counts_tries, "w1", started_seconds_ago=STALE + 10)
    DBTaskResult.objects.filter(pk=row.pk).update(task_path="samspill.notify.gone.job")
    assert reap_stale_jobs() == [str(row.pk)]
    row.refresh_from_db()
    assert row.status == "FAILED"


def test_long_silent_heartbeat_rows_are_forgotten(database_jobs):
    _beat("gone", seconds_ago=2 * 86_400)
    _beat("recent", seconds_ago=STALE + 5)
    reap_stale_jobs()
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["recent"]
