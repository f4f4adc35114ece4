"""Cluster, fault and soak tests: real servers, so only on request.

`make cluster-test` (SAMSPILL_CLUSTER_TESTS=1 pytest tests/cluster/test_cluster.py),
`make faults` (… tests/cluster/test_faults.py), `make soak` (… tests/cluster/test_soak.py).
`make test` skips this folder: it starts PostgreSQL, Redis, S3 and gunicorn processes.
"""

import json
import os
import subprocess
import sys

import pytest

from tests.cluster.harness import ROOT, AppServer, PgCluster, base_env, samspill
from tests.servers import RedisServer, s3_server

if not os.environ.get("SAMSPILL_CLUSTER_TESTS"):
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(scope="session")
def pg():
    """One PostgreSQL cluster per run, with a migrated template database that each module
    copies (createdb -T), so the migrations run once."""
    cluster = PgCluster().init()
    samspill(base_env(cluster.create_database("samspill_template")), "migrate", "--noinput")
    yield cluster
    cluster.destroy()


@pytest.fixture(scope="module")
def redis():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def s3():
    with s3_server("samspill-cluster") as server:
        yield server


def seeded_env(pg, redis, s3, *, links: int, database: str = "samspill_cluster") -> tuple:
    url = pg.create_database(database, template="samspill_template")
    env = base_env(url, SAMSPILL_REDIS_URL=redis.url, **s3["env"])
    seeded = subprocess.run(
        [sys.executable, "-m", "tests.cluster.seed", str(links)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return env, json.loads(seeded.stdout)


class Cluster:
    def __init__(self, env: dict, servers: int = 2, workers: int = 2, job_worker: bool = True):
        self.env = env
        self.servers = [AppServer(env, f"app{n}", workers) for n in range(servers)]
        self.job_worker = None
        self.want_job_worker = job_worker

    def start(self) -> "Cluster":
        for server in self.servers:
            server.start()
        if (
            self.want_job_worker
            and (ROOT / "samspill/notify/management/commands/worker.py").exists()
        ):
            self.job_worker = subprocess.Popen(
                [sys.executable, "-m", "samspill.cli", "worker"],
                env={**self.env, "SAMSPILL_VAR_DIR": str(self.servers[0].var)},
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        return self

    def stop(self) -> None:
        for server in self.servers:
            server.stop()
        if self.job_worker and self.job_worker.poll() is None:
            self.job_worker.terminate()
            self.job_worker.wait(timeout=20)

    def logs(self) -> str:
        return "\n".join(f"--- {s.name}\n{s.log()[-5000:]}" for s in self.servers)
