import threading

from django.core.management.base import CommandError
from django.db import close_old_connections, connection
from django.tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands import db_worker

from samspill.notify import jobs, periodic

SCHEDULE_SECONDS = 60


def _schedule(stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            periodic.tick()
        except Exception:  # a bad tick must not stop the worker; the next one retries
            db_worker.logger.exception("Periodic tick failed")
        finally:
            close_old_connections()
        stop.wait(SCHEDULE_SECONDS)


def _heartbeat(worker_id: str, stop: threading.Event) -> None:
    """Renew this worker's heartbeat and reap jobs of dead workers, every few seconds,
    in its own thread so that a long job does not make the worker look dead."""
    while not stop.wait(jobs.heartbeat_seconds()):
        try:
            jobs.heartbeat(worker_id)
            jobs.reap_stale_jobs()
        except Exception as error:  # the database may be away for a while; the next beat retries
            db_worker.logger.warning("Worker heartbeat failed: %s", error)
        finally:
            close_old_connections()
    connection.close()


class Command(db_worker.Command):
    help = (
        "Run background jobs: e-mail, webhooks, big imports, and (unless --no-schedule) "
        "the scheduled ones (survey closing, reminders, digests). Run one or more beside "
        "`samspill serve`, or start one with `samspill serve --with-worker`."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(reload=False, queue_name="*")
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="Do not enqueue scheduled jobs (run `samspill periodic` from cron instead).",
        )

    def handle(self, *args, schedule: bool = True, **options):
        backend = task_backends[options.get("backend_name") or "default"]
        if not isinstance(backend, DatabaseBackend):
            raise CommandError(
                "The worker needs the database backend; SAMSPILL_TASKS_BACKEND=immediate "
                "runs every job inside the request instead."
            )
        stop = threading.Event()
        worker_id = options["worker_id"]
        # The first beat and reap before the first claim: a fresh worker takes over at once.
        jobs.heartbeat(worker_id)
        jobs.reap_stale_jobs()
        beat = threading.Thread(target=_heartbeat, args=(worker_id, stop), daemon=True)
        beat.start()
        if schedule and not options.get("batch"):
            threading.Thread(target=_schedule, args=(stop,), daemon=True).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            beat.join(timeout=30)
            jobs.forget_worker(worker_id)
