"""A bounded HTTP load generator: N keep-alive connections, one thread each.

Each thread holds one `http.client` connection open and sends its next request as soon as
the last answer is read (a closed loop, as wrk does), for a fixed time or until the
request source runs dry. Latency is measured per request from send to the last byte.
Small on purpose: the figures that matter are ratios against /healthz measured by the
same generator against the same server in the same round.
"""

import http.client
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

# (method, path, body, headers) or None when the source has nothing left to send.
Request = tuple[str, str, bytes | None, dict[str, str]]


@dataclass
class LoadResult:
    requests: int
    ok: int  # 2xx and 3xx
    refused: int  # everything else, and connection errors
    seconds: float
    latencies_ms: list[float]

    @property
    def ok_per_s(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

    def summary(self) -> dict:
        return {
            "requests": self.requests,
            "ok": self.ok,
            "refused": self.refused,
            "seconds": round(self.seconds, 3),
            "ok_per_s": round(self.ok_per_s, 1),
            "p50_ms": round(statistics.median(self.latencies_ms), 2) if self.latencies_ms else 0,
            "p95_ms": round(self.percentile(0.95), 2),
            "p99_ms": round(self.percentile(0.99), 2),
        }


def run_load(
    host: str,
    port: int,
    next_request: Callable[[], Request | None],
    *,
    connections: int = 8,
    seconds: float = 3.0,
) -> LoadResult:
    """Drive `connections` closed loops for `seconds` (or until `next_request` is None)."""
    lock = threading.Lock()
    latencies: list[float] = []
    counts = {"requests": 0, "ok": 0, "refused": 0}
    start_gate = threading.Barrier(connections + 1)
    deadline = [0.0]

    def loop() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        mine: list[float] = []
        ok = refused = 0
        start_gate.wait()
        try:
            while time.perf_counter() < deadline[0]:
                with lock:
                    request = next_request()
                if request is None:
                    break
                method, path, body, headers = request
                began = time.perf_counter()
                try:
                    conn.request(method, path, body=body, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                    if response.getheader("Connection", "").lower() == "close":
                        conn.close()
                        conn = http.client.HTTPConnection(host, port, timeout=30)
                except (OSError, http.client.HTTPException):
                    conn.close()
                    conn = http.client.HTTPConnection(host, port, timeout=30)
                    status = 0
                mine.append((time.perf_counter() - began) * 1000)
                if 200 <= status < 400:
                    ok += 1
                else:
                    refused += 1
        finally:
            conn.close()
            with lock:
                latencies.extend(mine)
                counts["requests"] += len(mine)
                counts["ok"] += ok
                counts["refused"] += refused

    threads = [threading.Thread(target=loop) for _ in range(connections)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start_gate.wait()
    for thread in threads:
        thread.join()
    return LoadResult(
        counts["requests"],
        counts["ok"],
        counts["refused"],
        time.perf_counter() - began,
        latencies,
    )


def repeat(request: Request) -> Callable[[], Request]:
    return lambda: request
