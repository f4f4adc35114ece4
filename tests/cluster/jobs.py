"""Jobs for the worker tests, and a command line to queue them.

`python -m tests.cluster.jobs N` (with the cluster's DATABASE_URL) queues N `record` jobs;
`python -m tests.cluster.jobs N GATE` queues one `hold` job number N that waits for the file GATE.
Each run of a job inserts one row into cluster_job_runs (a plain table the test makes), so
a job that ran twice shows as two rows.
"""

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samspill.settings")
import django

django.setup()
from django.db import connection  # noqa: E402
from django.tasks import task  # noqa: E402

from samspill.notify.jobs import job  # noqa: E402


@task(queue_name="cluster")
def record(number: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cluster_job_runs (number, pid) VALUES (%s, %s)", [number, os.getpid()]
        )


@job(queue_name="cluster")
def hold(number: int, gate: str, *, attempt: int = 1) -> None:
    """Record the start, wait until the file `gate` exists (the test kills the worker
    meanwhile), record the completion: cluster_job_runs counts completed runs only."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cluster_job_starts (number, pid, attempt) VALUES (%s, %s, %s)",
            [number, os.getpid(), attempt],
        )
    deadline = time.monotonic() + 120  # bounded, whatever happens
    while not os.path.exists(gate):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{gate} never appeared")
        time.sleep(0.05)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cluster_job_runs (number, pid) VALUES (%s, %s)", [number, os.getpid()]
        )


def main() -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS cluster_job_runs (number integer, pid integer)")
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS cluster_job_starts "
            "(number integer, pid integer, attempt integer)"
        )
    if len(sys.argv) > 2:  # N GATE: queue one `hold` job that waits for the file GATE
        from tests.cluster.jobs import hold

        hold.enqueue(int(sys.argv[1]), sys.argv[2])
        return
    # Through the module's own name: a task defined in __main__ cannot be found by a worker.
    from tests.cluster.jobs import record as importable

    for number in range(int(sys.argv[1])):
        importable.enqueue(number)


if __name__ == "__main__":
    main()
