"""Soak: mixed traffic against two servers for SAMSPILL_SOAK_SECONDS (default 60; `make
soak DURATION=600` for ten minutes). Page views, edits, survey answers and imports, spread
over both servers. Prints throughput and p50/p95/p99 per kind, the error count (must be 0)
and each gunicorn worker's memory at the start and the end (growth under 10 %)."""

import json
import os
import random
import statistics
import threading
import time

import pytest

from tests.cluster.conftest import Cluster, seeded_env
from tests.cluster.harness import Client, rss_kib

SECONDS = int(os.environ.get("SAMSPILL_SOAK_SECONDS", "60"))
WARM_UP_SECONDS = min(15, SECONDS // 4)
THREADS = 6


@pytest.fixture(scope="module")
def setup(pg, redis, s3):
    env, data = seeded_env(pg, redis, s3, links=max(1000, SECONDS * 20), database="samspill_soak")
    cluster = Cluster(env, servers=2, workers=2).start()
    yield cluster, data
    cluster.stop()


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def test_soak_mixed_traffic_without_errors_or_memory_growth(setup):
    cluster, data = setup
    bases = [server.base for server in cluster.servers]
    project = data["project"]
    tokens = iter(data["tokens"])
    lock = threading.Lock()
    timings: dict[str, list[float]] = {}
    errors: list[tuple[str, int, str]] = []
    stop = threading.Event()

    def timed(kind: str, send, ok=(200, 302)):
        start = time.perf_counter()
        try:
            response = send()
            status, text = response.status_code, response.text[:300]
        except Exception as error:  # a dropped connection is an error like any other
            status, text = 0, repr(error)
        elapsed = (time.perf_counter() - start) * 1000
        with lock:
            timings.setdefault(kind, []).append(elapsed)
            if status not in ok:
                errors.append((kind, status, text))

    def user(number: int):
        rng = random.Random(number)
        name = data["editors"][number % len(data["editors"])]
        client = Client(bases[number % 2])
        client.login(name, data["password"])
        respondent = Client(bases[(number + 1) % 2])
        respondent.get(f"/s/{data['tokens'][-1 - number]}/")
        edit = f"/p/{project}/trust/items/{data['item']['uuid']}/edit/"
        sequence = 0
        while not stop.is_set():
            sequence += 1
            client = client.on(bases[sequence % 2])
            roll = rng.random()
            if roll < 0.45:
                page = rng.choice(
                    [
                        f"/p/{project}/",
                        f"/p/{project}/trust/",
                        f"/p/{project}/map/",
                        f"/p/{project}/people/",
                    ]
                )
                timed("page view", lambda c=client, p=page: c.get(p))
            elif roll < 0.75:
                with lock:
                    token = next(tokens, None)
                if token is None:
                    continue
                timed("survey answer", lambda t=token: respondent.post(f"/s/{t}/", data["answer"]))
            elif roll < 0.92:

                def save(c=client, s=sequence):
                    page = c.get(edit)
                    version = page.text.split('name="version" value="')[1].split('"')[0]
                    return c.post(
                        edit,
                        {
                            "step": data["item"]["step"],
                            "title": data["item"]["title"],
                            "help": "",
                            "owner": "",
                            "due_date": "",
                            "status": "in_progress",
                            "evidence_link": "",
                            "evidence_note": f"soak {number}-{s}",
                            "version": version,
                        },
                    )

                # A stale edit (200 with the newer version) is a correct answer under load.
                timed("edit", save, ok=(200, 302))
            else:
                rows = "\n".join(
                    f"{rng.choice(data['groups'])},Soak {number}-{sequence}-{i}" for i in range(5)
                )
                csv = f"group,name\n{rows}\n".encode()
                timed(
                    "import",
                    lambda c=client, b=csv: c.post(
                        f"/p/{project}/people/import/",
                        {},
                        files={"file": ("people.csv", b, "text/csv")},
                    ),
                )

    threads = [threading.Thread(target=user, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    time.sleep(WARM_UP_SECONDS)  # warm-up: caches, templates, connections
    pids = [pid for server in cluster.servers for pid in server.worker_pids()]
    memory_start = {pid: rss_kib(pid) for pid in pids}
    with lock:
        for samples in timings.values():
            samples.clear()
        errors_in_warm_up = list(errors)
    measured_from = time.monotonic()
    time.sleep(SECONDS - WARM_UP_SECONDS)  # the soak itself
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    elapsed = time.monotonic() - measured_from
    memory_end = {pid: rss_kib(pid) for pid in pids}

    report = {
        "seconds": round(elapsed, 1),
        "kinds": {
            kind: {
                "requests": len(samples),
                "per_s": round(len(samples) / elapsed, 1),
                "p50_ms": round(statistics.median(samples), 1),
                "p95_ms": round(percentile(samples, 0.95), 1),
                "p99_ms": round(percentile(samples, 0.99), 1),
            }
            for kind, samples in sorted(timings.items())
            if samples
        },
        "errors": len(errors) + len(errors_in_warm_up),
        "worker_rss_kib": {str(pid): [memory_start[pid], memory_end[pid]] for pid in pids},
    }
    print("\nSOAK " + json.dumps(report, indent=1))
    assert not errors and not errors_in_warm_up, (errors + errors_in_warm_up)[:5]
    for pid in pids:
        assert memory_end[pid] < memory_start[pid] * 1.10, (pid, memory_start, memory_end)
