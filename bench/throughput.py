"""Survey submission throughput through `samspill serve` on loopback, beside a trivial view.

Both runs use the same server (2 sync workers, started by `samspill serve` as users start
it) and the same load generator (bench/load.py), for the same time and connections.
Each submission spends its own single-use invitation link, as a respondent would, so the
figure includes the token check, the answer's insert and the spent token's bookkeeping.
The reference is /healthz: routing, the middleware stack and one `SELECT 1`.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

DURATION_S = int(os.environ.get("BENCH_WRK_SECONDS", "8"))
CONNECTIONS = 8
THREADS = 2
WORKERS = 2
TOKENS = int(os.environ.get("BENCH_TOKENS", "12000"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    for _ in range(200):
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting; see its output above.")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer /healthz within 20 s.")


def _csrf_pair(base: str, token: str) -> tuple[str, str]:
    """A CSRF cookie and its form token, read from the survey page as a browser would."""
    with urllib.request.urlopen(f"{base}/s/{token}/", timeout=5) as response:  # noqa: S310
        cookie = next(
            header.split(";", 1)[0]
            for name, header in response.headers.items()
            if name.lower() == "set-cookie" and header.startswith("csrftoken=")
        )
        page = response.read().decode()
    form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return cookie, form_token


def throughput_figures(survey, tokens: list[str], form: dict) -> dict:
    """Start `samspill serve` against this process's database and post one answer per link.

    Every link is used once: the request source runs dry rather than wrap around, so a
    refused answer is a real refusal. The rate counts stored answers only (2xx/3xx);
    refused ones are reported beside it and not counted.
    """
    from bench.load import repeat, run_load

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "SAMSPILL_BIND": f"127.0.0.1:{port}", "SAMSPILL_WORKERS": str(WORKERS)}
    server = subprocess.Popen(
        [sys.executable, "-m", "samspill.cli", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(base, server)
        reference = run_load(
            "127.0.0.1", port, repeat(("GET", "/healthz", None, {})), seconds=DURATION_S
        )
        warm, *rest = tokens
        cookie, form_token = _csrf_pair(base, warm)
        body = urllib.parse.urlencode(
            {**form, "csrfmiddlewaretoken": form_token}, doseq=True
        ).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
        links = iter(rest)

        def next_answer():
            token = next(links, None)
            return None if token is None else ("POST", f"/s/{token}/", body, headers)

        before = survey.responses.count()
        submit = run_load("127.0.0.1", port, next_answer, seconds=DURATION_S)
    finally:
        server.terminate()
        server.wait(timeout=10)
    stored = survey.responses.count() - before
    return {
        "reference_healthz": {"requests_per_s": round(reference.ok_per_s, 1)},
        "survey_submit": {
            "requests_per_s": round(submit.ok_per_s, 1),
            "requests": submit.requests,
            "bad": submit.refused,
            "links_left": sum(1 for _ in links),
        },
        "answers_stored": stored,
        "ratio": round(submit.ok_per_s / reference.ok_per_s, 2),
        "seconds": DURATION_S,
        "connections": CONNECTIONS,
        "workers": WORKERS,
    }
