"""Faults under load: PostgreSQL restarts, Redis stops, the upload disk fills, a worker
is killed in the middle of a job.

PostgreSQL is the tests' own cluster (tests/cluster/harness.py:PgCluster), Redis the
tests' own redis-server; nothing shared on the machine is touched.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import pytest
import requests

from tests.cluster.conftest import Cluster, seeded_env
from tests.cluster.harness import ROOT, Client, base_env, samspill

RECOVERY_SECONDS = 10


@pytest.fixture(scope="module")
def setup(pg, redis, s3):
    env, data = seeded_env(pg, redis, s3, links=4000, database="samspill_faults")
    cluster = Cluster(env, servers=2, workers=2, job_worker=False).start()
    yield cluster, data
    cluster.stop()


class Load:
    """Threads that post survey answers (each link once) and view a page, across both
    servers, recording (time, kind, status, body excerpt) until stopped."""

    def __init__(self, cluster, data, threads: int = 6):
        self.bases = [server.base for server in cluster.servers]
        self.data = data
        # Links are spent once: every Load of the module draws from the same unused ones.
        self.tokens = data.setdefault("unused", iter(data["tokens"][:-1]))
        self.lock = threading.Lock()
        self.records: list[tuple[float, str, int, str, str]] = []
        self.stop = threading.Event()
        warm = Client(self.bases[0])
        warm.get(f"/s/{data['tokens'][-1]}/")
        self.cookies, self.csrf = warm.session.cookies, warm.csrf
        self.threads = [threading.Thread(target=self.run, args=(n,)) for n in range(threads)]

    def next_token(self):
        with self.lock:
            return next(self.tokens, None)

    def run(self, number: int) -> None:
        client = Client(self.bases[number % 2])
        client.session.cookies.update(self.cookies)
        client.csrf = self.csrf
        viewer = Client(self.bases[(number + 1) % 2])
        viewer.login("lead", self.data["password"])
        deadline = time.monotonic() + 600  # bounded, whatever happens; generous for slow CI
        while not self.stop.is_set() and time.monotonic() < deadline:
            # A fast machine may spend every link: the load then goes on with page views
            # only, so traffic never stops before the test says so.
            token = self.next_token()
            if token is not None:
                self.request(
                    client,
                    "answer",
                    token,
                    lambda c=client, t=token: c.post(f"/s/{t}/", self.data["answer"]),
                )
            self.request(
                viewer, "page", "", lambda v=viewer: v.get(f"/p/{self.data['project']}/trust/")
            )

    def request(self, client, kind: str, token: str, send) -> None:
        try:
            response = send()
            status, body = response.status_code, response.text[:2000]
        except requests.RequestException as error:
            status, body = 0, str(error)
        with self.lock:
            self.records.append((time.monotonic(), kind, status, token, body))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


def answers_stored(env, survey_id: int) -> int:
    with psycopg.connect(env["DATABASE_URL"]) as connection:
        return connection.execute(
            "SELECT count(*) FROM surveys_response WHERE survey_id = %s", [survey_id]
        ).fetchone()[0]


def wait_for_traffic(load: Load, count: int, since: float = 0.0) -> None:
    """Until `count` responses arrived after `since`: counted, not timed, so a slow machine
    only makes the test longer (bounded at 5 minutes)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        with load.lock:
            if sum(1 for r in load.records if r[0] > since) >= count:
                return
        time.sleep(0.1)
    alive = sum(thread.is_alive() for thread in load.threads)
    pytest.fail(f"fewer than {count} responses in 5 minutes ({alive} load threads alive)")


def test_postgres_restart_under_load_gives_clean_503s_then_recovers(setup, pg):
    cluster, data = setup
    before = answers_stored(cluster.env, data["survey_id"])
    with Load(cluster, data) as load:
        wait_for_traffic(load, 40)
        down_at = time.monotonic()
        pg.stop("fast")  # terminates every session, as a restart or failover does
        time.sleep(2)  # the outage being tested, not a wait for something to happen
        pg.start()
        up_at = time.monotonic()
        time.sleep(RECOVERY_SECONDS)  # the recovery allowed, not a wait for something to happen
        wait_for_traffic(load, 20, since=up_at + RECOVERY_SECONDS)
    records = load.records

    statuses = [r[2] for r in records]
    assert 500 not in statuses, [r for r in records if r[2] == 500][:2]
    outage = [r for r in records if down_at <= r[0] <= up_at]
    unavailable = [r for r in records if r[2] == 503]
    assert unavailable, "no request met the outage"
    for record in unavailable:
        assert "briefly unavailable" in record[4] and "Traceback" not in record[4]
    assert all(r[2] in (200, 302, 503) for r in outage), {r[2] for r in outage}
    after = [r for r in records if r[0] > up_at + RECOVERY_SECONDS]
    assert after and all(r[2] in (200, 302) for r in after), {r[2] for r in after}
    acknowledged = sum(1 for r in records if r[1] == "answer" and r[2] == 302)
    refused = sum(1 for r in records if r[1] == "answer" and r[2] == 503)
    stored = answers_stored(cluster.env, data["survey_id"]) - before
    # Every acknowledged answer is stored; a 503 may at most have committed before the
    # connection dropped (then the respondent's link reads as used).
    assert acknowledged <= stored <= acknowledged + refused
    verified = samspill(
        {**cluster.env, "SAMSPILL_VAR_DIR": str(cluster.servers[0].var)}, "audit", "verify"
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_redis_stop_under_load_keeps_serving_and_warns_once_per_process(setup, redis):
    cluster, data = setup
    with Load(cluster, data) as load:
        wait_for_traffic(load, 40)
        stopped_at = time.monotonic()
        redis.stop()
        time.sleep(4)  # the outage being tested
        wait_for_traffic(load, 20, since=stopped_at)
        # A failed login on each server reaches the cache (the lockout counter), whatever
        # share of the load's answers still had links left.
        failed_logins = [
            Client(server.base).login("target", "wrong").status_code for server in cluster.servers
        ]
    records = [r for r in load.records if r[0] > stopped_at]
    assert records
    assert all(r[2] in (200, 302) for r in records), {r[2] for r in records}
    # The form again: the lockout counts in the database now.
    assert failed_logins == [200] * len(cluster.servers)

    for server in cluster.servers:
        warnings = server.log().count("Shared cache unreachable")
        assert 1 <= warnings <= server.workers, (server.name, warnings)
    redis.start()
    assert Client(cluster.servers[1].base).login("lead", data["password"]).status_code == 302


@pytest.fixture
def small_disk():
    """A 1 MiB tmpfs: a real file system that really fills up (needs root)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    folder = Path(tempfile.mkdtemp(prefix="samspill-full-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    yield folder
    subprocess.run(["umount", str(folder)], check=False)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.django_db
def test_a_full_upload_disk_gives_a_clear_error_and_nothing_half_written(
    small_disk, client, project, owner, monkeypatch
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from samspill.core.storage import DiskUploadStorage
    from samspill.trust.models import ChecklistItem
    from samspill.trust.tests.test_trust import edit_url, form_data

    storage = DiskUploadStorage(location=small_disk)
    monkeypatch.setattr(ChecklistItem._meta.get_field("evidence_file"), "storage", storage)
    items = list(project.checklist_items.all()[:2])
    client.force_login(owner)
    first = SimpleUploadedFile("first.pdf", b"%PDF" + b"1" * 600_000)
    assert (
        client.post(
            edit_url(project, items[0]), {**form_data(items[0]), "evidence_file": first}
        ).status_code
        == 302
    )

    second = SimpleUploadedFile("second.pdf", b"%PDF" + b"2" * 600_000)
    response = client.post(
        edit_url(project, items[1]), {**form_data(items[1]), "evidence_file": second}
    )

    assert response.status_code == 200
    assert "could not store the file" in response.content.decode()
    items[1].refresh_from_db()
    assert not items[1].evidence_file and items[1].version == 1
    on_disk = [p for p in small_disk.rglob("*") if p.is_file()]
    assert [p.name for p in on_disk] == ["first.pdf"]
    assert on_disk[0].stat().st_size == 600_004
    served = client.get(reverse("trust:item_evidence", args=[project.slug, items[0].uuid]))
    assert b"".join(served.streaming_content) == b"%PDF" + b"1" * 600_000


STALE_SECONDS = 2  # short, so the test is quick; production uses 300


def _wait(condition, seconds: float = 60, what: str = "condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _worker(env: dict, worker_id: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "samspill.cli",
            "worker",
            "--no-schedule",
            "--no-startup-delay",
            "--interval",
            "0.2",
            "--queue-name",
            "cluster",
            "--worker-id",
            worker_id,
            *extra,
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_a_job_whose_worker_is_killed_mid_job_is_retried_and_runs_once(pg, tmp_path):
    env = base_env(
        pg.create_database("samspill_kill", template="samspill_template"),
        SAMSPILL_VAR_DIR=str(tmp_path),
        SAMSPILL_JOB_STALE_SECONDS=str(STALE_SECONDS),
    )
    gate = tmp_path / "gate"
    subprocess.run(
        [sys.executable, "-m", "tests.cluster.jobs", "7", str(gate)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    db = psycopg.connect(env["DATABASE_URL"], autocommit=True)

    def one(sql: str):
        return db.execute(sql).fetchone()

    job_sql = "SELECT status, worker_ids, args_kwargs FROM django_tasks_database_dbtaskresult"
    first = _worker(env, "first")
    second = None
    try:
        _wait(lambda: one("SELECT count(*) FROM cluster_job_starts")[0] == 1, what="the start")
        # A second worker beside a live first one: it beats and reaps for several stale
        # windows, and leaves the job alone, since the first one's heartbeat is fresh.
        second = _worker(env, "second", "--max-tasks", "1")
        _wait(
            lambda: (
                one(
                    "SELECT last_seen - started_at > interval '6 seconds' "
                    "FROM notify_workerheartbeat WHERE worker_id = 'second'"
                )
                == (True,)
            ),
            what="the second worker's heartbeats",
        )
        status, workers, _ = one(job_sql)
        assert (status, workers) == ("RUNNING", ["first"])
        assert one("SELECT count(*) FROM cluster_job_starts")[0] == 1

        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        killed_at = time.monotonic()
        gate.touch()  # from now on a run of the job completes

        # The second worker reaps the job (first's heartbeat goes stale), runs it, exits.
        _, errors = second.communicate(timeout=120)
        recovered_in = time.monotonic() - killed_at
        assert second.returncode == 0, errors.decode()[-2000:]
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()

    status, workers, args_kwargs = one(job_sql)
    assert status == "SUCCESSFUL"
    assert workers == ["first", "second"]
    assert args_kwargs["kwargs"]["_attempt"] == 2  # the killed try counted
    starts = db.execute("SELECT pid, attempt FROM cluster_job_starts ORDER BY attempt").fetchall()
    assert starts == [(first.pid, 1), (second.pid, 2)]
    runs = db.execute("SELECT number, pid FROM cluster_job_runs").fetchall()
    assert runs == [(7, second.pid)]  # ran to completion exactly once, on the second worker
    assert one("SELECT count(*) FROM notify_workerheartbeat WHERE worker_id = 'second'") == (0,)
    db.close()
    assert recovered_in < 30, recovered_in
    print(f"\nkilled worker's job recovered and completed in {recovered_in:.1f} s")
