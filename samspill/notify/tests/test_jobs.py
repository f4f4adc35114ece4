"""Retries with backoff on the database backend, run by the worker's own loop in-process;
and the periodic schedule."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from samspill.notify import periodic
from samspill.notify.models import PeriodicRun
from samspill.notify.tests import jobs_for_tests
from samspill.notify.tests.jobs_for_tests import always_fails, fails_once, noop

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


@pytest.fixture
def database_jobs(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    settings.JOB_ATTEMPTS = 3
    settings.JOB_RETRY_SECONDS = 30
    jobs_for_tests.CALLS.clear()


def _run_ready():
    """The worker's own claim and run, minus its loop (which closes the connection between
    tasks, and with it the test's transaction). test_worker_process.py runs the real loop."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    while (row := DBTaskResult.objects.ready().first()) is not None:
        row.claim(worker.worker_id)
        worker.run_task(row)


def test_a_failed_job_is_retried_later_with_backoff(database_jobs):
    fails_once.enqueue()
    _run_ready()
    failed, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert failed.status == "FAILED"  # kept: site admins see it
    assert retry.status == "READY"
    wait = (retry.run_after - timezone.now()).total_seconds()
    assert 25 < wait <= 30
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    _run_ready()
    retry.refresh_from_db()
    assert retry.status == "SUCCESSFUL"
    assert jobs_for_tests.CALLS == [1, 2]


def test_a_job_gives_up_after_the_last_attempt(database_jobs):
    always_fails.enqueue()
    for _ in range(5):
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        _run_ready()
    assert jobs_for_tests.CALLS == [1, 2, 3]
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_an_enqueue_rolled_back_with_its_request_leaves_no_job(database_jobs):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        noop.enqueue()
        raise RuntimeError
    assert not DBTaskResult.objects.exists()


@pytest.mark.parametrize(
    ("every", "at_hour", "when", "expected"),
    [
        ("hour", 0, dt.datetime(2026, 10, 14, 9, 5, tzinfo=OSLO), "2026-10-14T09"),
        ("day", 7, dt.datetime(2026, 10, 14, 6, 59, tzinfo=OSLO), None),
        ("day", 7, dt.datetime(2026, 10, 14, 7, 0, tzinfo=OSLO), "2026-10-14"),
        ("week", 7, dt.datetime(2026, 10, 14, 8, 0, tzinfo=OSLO), None),  # a Wednesday
        ("week", 7, dt.datetime(2026, 10, 12, 8, 0, tzinfo=OSLO), "2026-W42"),
    ],
)
def test_period_keys(every, at_hour, when, expected):
    schedule = periodic.Periodic(name="x", task=noop, every=every, at_hour=at_hour)
    assert periodic.period_key(schedule, when) == expected


def test_a_period_is_enqueued_once_however_often_the_worker_ticks(database_jobs):
    monday = dt.datetime(2026, 10, 12, 8, 0, tzinfo=OSLO)
    first = periodic.tick(monday)
    assert {"surveys.close_due", "overview.reminders", "overview.digests"} <= set(first)
    assert periodic.tick(monday + dt.timedelta(minutes=1)) == []
    assert PeriodicRun.objects.count() == len(first)
    assert DBTaskResult.objects.count() == len(first)


def test_a_bad_schedule_is_refused():
    with pytest.raises(ValueError, match="bad schedule"):
        periodic.register("x", noop, every="fortnight")
