"""Workers on every node: two `samspill worker` processes on one queue of 1,000 jobs run
each job exactly once (django-tasks-db claims with SELECT … FOR UPDATE SKIP LOCKED on
PostgreSQL)."""

import subprocess
import sys

import psycopg

from tests.cluster.harness import ROOT, base_env

JOBS = 1000


def test_two_workers_run_each_of_1000_jobs_exactly_once(pg, tmp_path):
    env = base_env(
        pg.create_database("samspill_jobs", template="samspill_template"),
        SAMSPILL_VAR_DIR=str(tmp_path),
    )
    subprocess.run(
        [sys.executable, "-m", "tests.cluster.jobs", str(JOBS)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "samspill.cli",
                "worker",
                "--batch",
                "--no-schedule",
                "--no-startup-delay",
                "--queue-name",
                "cluster",
                "--worker-id",
                f"w{n}",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for n in range(2)
    ]
    for worker in workers:
        _, errors = worker.communicate(timeout=300)
        assert worker.returncode == 0, errors.decode()[-2000:]

    with psycopg.connect(env["DATABASE_URL"]) as connection:
        runs = connection.execute(
            "SELECT number, count(*) FROM cluster_job_runs GROUP BY number"
        ).fetchall()
        per_worker = connection.execute(
            "SELECT count(DISTINCT pid) FROM cluster_job_runs"
        ).fetchone()[0]
    assert len(runs) == JOBS
    assert {count for _, count in runs} == {1}
    assert per_worker == 2  # both workers took jobs: they shared the queue
