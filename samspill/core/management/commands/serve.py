import contextlib
import os
import signal
import subprocess
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Samspill with gunicorn (the same server as in production)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=os.environ.get("SAMSPILL_BIND", "127.0.0.1:8000"),
            help="Address to listen on (default 127.0.0.1:8000, or $SAMSPILL_BIND).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("SAMSPILL_WORKERS", "2")),
            help="Worker processes (default 2, or $SAMSPILL_WORKERS).",
        )
        parser.add_argument(
            "--with-worker",
            action="store_true",
            default=os.environ.get("SAMSPILL_WITH_WORKER", "") in {"1", "true", "yes"},
            help=(
                "Also start a background-job worker (`samspill worker`) and stop it with "
                "the server (or $SAMSPILL_WITH_WORKER=1). Without it, run `samspill worker` "
                "separately: e-mail, webhooks and scheduled jobs wait until one runs."
            ),
        )

    def handle(self, *args, bind: str, workers: int, with_worker: bool = False, **options):
        self.stdout.write(f"Samspill is serving at http://{bind}/  (Ctrl+C stops it)")
        self.stdout.flush()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "samspill.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--logger-class",
            "samspill.core.gunicorn_logging.PrivateAccessLogger",
            "--forwarded-allow-ips",
            os.environ.get("SAMSPILL_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
        if not with_worker:
            os.execv(sys.executable, command)  # noqa: S606 - replaces this process with the server
        self._serve_with_worker(command)

    def _serve_with_worker(self, server_command: list[str]) -> None:
        """Run the server and a worker side by side; when one ends, or on Ctrl+C or
        SIGTERM, stop the other, so neither is left behind."""
        worker_command = [sys.executable, "-m", "samspill.cli", "worker"]
        children = [subprocess.Popen(server_command), subprocess.Popen(worker_command)]  # noqa: S603

        def stop(signum, frame):
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        with contextlib.suppress(ChildProcessError):
            os.wait()  # the first child to end
        stop(None, None)
        for child in children:
            child.wait()
