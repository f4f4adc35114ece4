"""Real processes for the cluster, fault and soak tests, all on loopback.

- PgCluster: a PostgreSQL cluster of the tests' own (initdb/pg_ctl in a temp folder, a free
  port, trust auth on 127.0.0.1 only), never the machine's shared one.
- AppServer: one `samspill serve` (gunicorn, N workers) with its own var folder.
- Client: a browser-like HTTP session (cookies, CSRF token) over requests.
"""

import contextlib
import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
SECRET = "cluster-test-secret-key-" + "x" * 40


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"PostgreSQL's {name} was not found (apt-get install postgresql)")
    return path


def _as_postgres(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI and these machines are root.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class PgCluster:
    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="samspill-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *command: str) -> None:
        subprocess.run(_as_postgres(list(command)), check=True, capture_output=True)

    def init(self) -> "PgCluster":
        self._run(
            _pg_bin("initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        )
        return self.start()

    def start(self) -> "PgCluster":
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} "
            "-c fsync=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            _pg_bin("pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "-t",
            "30",
            "start",
        )
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, template: str | None = None) -> str:
        copy = ["-T", template] if template else []
        self._run(
            _pg_bin("createdb"),
            *("-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", *copy, name),
        )
        return self.url(name)

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


def samspill(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "samspill.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=check,
    )


def base_env(database_url: str, **extra: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SAMSPILL_", "DATABASE_URL", "PYTEST", "DJANGO_"))
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "SAMSPILL_SECRET_KEY": SECRET,
            "SAMSPILL_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(extra)
    return env


class AppServer:
    """`samspill serve` on a free loopback port; its output goes to a log file."""

    def __init__(self, env: dict, name: str, workers: int = 2):
        self.port = free_port()
        self.name = name
        self.var = Path(tempfile.mkdtemp(prefix=f"samspill-{name}-"))
        self.log_path = self.var / "server.log"
        self.env = {**env, "SAMSPILL_VAR_DIR": str(self.var)}
        self.workers = workers
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "AppServer":
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "samspill.cli",
                "serve",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
            ],
            env=self.env,
            cwd=ROOT,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; log:\n{self.log()}")
            try:
                if requests.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer /healthz in 60 s; log:\n{self.log()}")

    def worker_pids(self) -> list[int]:
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        ).stdout
        return [int(pid) for pid in out.split()]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            # SIGINT is gunicorn's quick shutdown: the tests wait for no request in flight.
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None):
            self._log.close()


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Client:
    """One person's browser: a cookie jar and the CSRF token of the last form seen."""

    def __init__(self, base: str):
        self.base = base
        self.session = requests.Session()
        self.csrf = ""

    def get(self, path: str, **kwargs) -> requests.Response:
        response = self.session.get(self.base + path, timeout=30, allow_redirects=False, **kwargs)
        found = (
            CSRF_FIELD.search(response.text)
            if "text/html" in response.headers.get("Content-Type", "")
            else None
        )
        if found:
            self.csrf = found.group(1)
        return response

    def post(self, path: str, data: dict, files=None) -> requests.Response:
        if not self.csrf:
            self.get("/accounts/login/")
        return self.session.post(
            self.base + path,
            # The cookie's secret is a valid form token too, and outlives the rotation
            # that signing in does; the last form's token is the fallback.
            data={
                **data,
                "csrfmiddlewaretoken": self.session.cookies.get("csrftoken") or self.csrf,
            },
            files=files,
            timeout=30,
            allow_redirects=False,
            headers={"Referer": self.base + path},
        )

    def login(self, username: str, password: str) -> requests.Response:
        self.get("/accounts/login/")
        return self.post("/accounts/login/", {"username": username, "password": password})

    def on(self, base: str) -> "Client":
        """The same browser talking to another server (a load balancer's next pick)."""
        twin = Client(base)
        twin.session = self.session
        twin.csrf = self.csrf
        return twin
