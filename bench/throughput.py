"""Survey submission throughput through gunicorn on loopback, beside a trivial view.

Both runs use the same server (2 sync workers, the production server `samspill serve`
starts) and the same load generator, wrk from Debian, for the same time and connections.
Each submission spends its own single-use invitation link, as a respondent would, so the
figure includes the token check, the answer's insert and the spent token's bookkeeping.
The reference is /healthz: routing, the middleware stack and one `SELECT 1`.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

DURATION_S = int(os.environ.get("BENCH_WRK_SECONDS", "8"))
CONNECTIONS = 8
THREADS = 2
WORKERS = 2
TOKENS = int(os.environ.get("BENCH_TOKENS", "12000"))

# Each wrk thread walks its own stride of the links, so no link is posted twice.
_LUA = r"""
local tokens = {}
for line in io.lines("%(tokens)s") do tokens[#tokens + 1] = line end
local counter = 0
local thread_id = 0
local threads = %(threads)d

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  counter = id
  wrk.method = "POST"
  wrk.body = %(body)s
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = %(cookie)s
end

function request()
  local token = tokens[counter %% #tokens + 1]
  counter = counter + threads
  return wrk.format(nil, "/s/" .. token .. "/")
end
"""


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


def _wrk(args: list[str]) -> dict:
    output = subprocess.run(  # noqa: S603 - fixed arguments, loopback only
        [
            shutil.which("wrk") or "wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{DURATION_S}s",
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_s": round(rate, 1),
        "requests": total,
        "bad": int(bad.group(1)) if bad else 0,
    }


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
    """Start gunicorn against this process's database and load it with wrk."""
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [
            sys.executable,
            "-m",
            "gunicorn",
            "samspill.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        env=os.environ.copy(),
    )
    try:
        _wait_until_up(base, server)
        reference = _wrk([f"{base}/healthz"])
        warm, *rest = tokens
        cookie, form_token = _csrf_pair(base, warm)
        body = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": form_token}, doseq=True)
        workdir = Path(tempfile.mkdtemp(prefix="samspill-wrk-"))
        (workdir / "tokens.txt").write_text("\n".join(rest) + "\n", encoding="utf-8")
        script = workdir / "submit.lua"
        script.write_text(
            _LUA
            % {
                "tokens": workdir / "tokens.txt",
                "threads": THREADS,
                "body": json.dumps(body),
                "cookie": json.dumps(cookie),
            },
            encoding="utf-8",
        )
        submit = _wrk(["-s", str(script), base])
    finally:
        server.terminate()
        server.wait(timeout=10)
    answered = survey.responses.count()
    return {
        "reference_healthz": reference,
        "survey_submit": submit,
        "answers_stored": answered,
        "ratio": round(submit["requests_per_s"] / reference["requests_per_s"], 2),
        "seconds": DURATION_S,
        "connections": CONNECTIONS,
        "workers": WORKERS,
    }
