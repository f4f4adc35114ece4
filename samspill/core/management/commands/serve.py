import os
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

    def handle(self, *args, bind: str, workers: int, **options):
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
        os.execv(sys.executable, command)  # noqa: S606 - replaces this process with the server
