"""Background jobs (issue 19): worker throughput on the database backend, each beside a
plain loop doing the same work in the same run.

- 10,000 no-op jobs: enqueued, then run by the worker's own loop (claim, run, record);
  reference, a plain loop calling the function.
- 1,000 e-mails to the file backend, one job each; reference, a plain loop sending the
  same messages through the same backend.
- Webhook fan-out: 1,000 events to a receiver on loopback, one delivery job each (sign,
  POST, log); reference, a plain loop posting the same bodies with the same transport.

Run alone: .venv/bin/python -m bench.jobs
"""

import time

NOOP_JOBS = 10_000
MAILS = 1_000
EVENTS = 1_000


def _run_worker() -> float:
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="bench",
        excluded_queue_names=[],
    )
    start = time.perf_counter()
    worker.run()
    return time.perf_counter() - start


def _rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds else 0.0


def noop_figures() -> dict:
    from bench.job_tasks import bench_noop

    start = time.perf_counter()
    for _ in range(NOOP_JOBS):
        bench_noop.enqueue()
    enqueue = time.perf_counter() - start
    work = _run_worker()
    start = time.perf_counter()
    for _ in range(NOOP_JOBS):
        bench_noop.call()
    plain = time.perf_counter() - start
    return {
        "jobs": NOOP_JOBS,
        "enqueue_per_s": _rate(NOOP_JOBS, enqueue),
        "worker_per_s": _rate(NOOP_JOBS, work),
        "plain_loop_per_s": _rate(NOOP_JOBS, plain),
    }


def mail_figures() -> dict:
    from bench.job_tasks import _message, bench_mail

    for n in range(MAILS):
        bench_mail.enqueue(n)
    work = _run_worker()
    start = time.perf_counter()
    for n in range(MAILS):
        _message(n).send()
    plain = time.perf_counter() - start
    return {
        "mails": MAILS,
        "worker_per_s": _rate(MAILS, work),
        "plain_loop_per_s": _rate(MAILS, plain),
    }


def webhook_figures(user) -> dict:
    import datetime as dt

    from django.conf import settings

    from samspill.notify import transport
    from samspill.notify.channels import RENDERERS
    from samspill.notify.events import publish
    from samspill.notify.models import WebhookDelivery
    from samspill.notify.services import webhook_create
    from samspill.notify.tests.receiver import Receiver
    from samspill.notify.webhooks import message_for
    from samspill.projects.services import project_create

    settings.WEBHOOK_INTERNAL_HOSTS = ["127.0.0.1"]
    receiver = Receiver()
    try:
        project = project_create(
            actor=user, name="Webhook bench", ai_tool="X", start_date=dt.date(2026, 9, 1)
        )
        endpoint, secret = webhook_create(
            actor=user,
            project=project,
            name="bench",
            format="json",
            url=receiver.url(),
            kinds=["objection_logged"],
        )
        for n in range(EVENTS):
            publish(project, "objection_logged", summary=f"Objection {n}", path="/")
        work = _run_worker()
        delivered = WebhookDelivery.objects.filter(endpoint=endpoint, status="delivered").count()
        event = WebhookDelivery.objects.filter(endpoint=endpoint).first().event
        body, headers = RENDERERS["json"](message_for(event), secret=secret, timestamp=0)
        start = time.perf_counter()
        for _ in range(EVENTS):
            transport.post(receiver.url(), body, headers)
        plain = time.perf_counter() - start
    finally:
        receiver.close()
    return {
        "events": EVENTS,
        "delivered": delivered,
        "worker_per_s": _rate(delivered, work),
        "plain_loop_per_s": _rate(EVENTS, plain),
    }


def jobs_figures(user) -> dict:
    return {"noop": noop_figures(), "mail": mail_figures(), "webhooks": webhook_figures(user)}


def print_figures(figures: dict) -> None:
    noop, mail, hooks = figures["noop"], figures["mail"], figures["webhooks"]
    print(
        f"\nBackground jobs (database backend, the worker's own loop, one process):\n"
        f"  {noop['jobs']:,} no-op jobs: {noop['worker_per_s']:,.0f} jobs/s run "
        f"(enqueued at {noop['enqueue_per_s']:,.0f}/s); reference, a plain loop calling "
        f"the function: {noop['plain_loop_per_s']:,.0f}/s\n"
        f"  {mail['mails']:,} e-mails to the file backend: {mail['worker_per_s']:,.0f} jobs/s; "
        f"reference, a plain loop sending them: {mail['plain_loop_per_s']:,.0f}/s\n"
        f"  webhook fan-out, {hooks['events']:,} events to a loopback receiver: "
        f"{hooks['delivered']:,} delivered at {hooks['worker_per_s']:,.0f}/s; reference, "
        f"a plain loop posting the same body: {hooks['plain_loop_per_s']:,.0f}/s"
    )


if __name__ == "__main__":
    import json
    import os

    from bench.__main__ import setup_django

    setup_django()
    os.environ.setdefault("SAMSPILL_TASKS_BACKEND", "database")
    from django.contrib.auth import get_user_model

    bench_user = get_user_model().objects.create_user("bench-jobs", password="x" * 20)
    result = jobs_figures(bench_user)
    print_figures(result)
    print(json.dumps(result, indent=2))
