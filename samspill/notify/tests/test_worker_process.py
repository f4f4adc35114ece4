"""The worker as a real process: a web request enqueues a webhook delivery, `samspill
worker` picks it up, the receiver's first answer (500) fails the job, the worker tries
again and the second try completes.

Needs a database two processes share: PostgreSQL (CI runs the suite on it). The SQLite
test database lives in this process's memory, which no other process can open.
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from samspill.notify.models import DeliveryStatus, WebhookDelivery
from samspill.notify.services import webhook_create
from samspill.notify.tests.receiver import Receiver

ROOT = Path(__file__).resolve().parents[3]
pytestmark = [pytest.mark.real_clock, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for(condition, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)  # polling another process's progress, not synchronising threads
    return False


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":")[0] not in {"postgres", "postgresql"},
    reason="a worker process needs a database it can share: PostgreSQL",
)
def test_a_job_from_a_web_request_is_run_retried_and_completed_by_the_worker(
    client, project, owner, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    receiver = Receiver(statuses=[500, 200])
    endpoint, _secret = webhook_create(
        actor=owner,
        project=project,
        name="Ops",
        format="json",
        url=receiver.url(),
        kinds=["gate_passed"],
    )
    client.force_login(owner)
    response = client.post(reverse("notify:webhook_test", args=[project.slug, endpoint.uuid]))
    assert response.status_code == 302
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert receiver.received == []  # the request only enqueued it

    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "SAMSPILL_VAR_DIR": str(tmp_path),
        "SAMSPILL_TASKS_BACKEND": "database",
        "SAMSPILL_WEBHOOK_INTERNAL_HOSTS": "127.0.0.1",
        "SAMSPILL_JOB_RETRY_SECONDS": "0",
        "SAMSPILL_JOB_ATTEMPTS": "3",
    }
    worker = subprocess.Popen(  # noqa: S603
        [
            *(sys.executable, "-m", "samspill.cli", "worker"),
            *("--interval", "0.1", "--no-startup-delay", "--no-schedule"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        delivered = _wait_for(
            lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).exists()
        )
        assert delivered, "the worker did not complete the delivery"
        delivery = WebhookDelivery.objects.get()
        assert [a.status_code for a in delivery.attempt_log.all()] == [500, 200]
        statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
        assert statuses == ["FAILED", "SUCCESSFUL"]
        assert len(receiver.received) == 2
    finally:
        worker.terminate()
        worker.communicate(timeout=30)
        receiver.close()
