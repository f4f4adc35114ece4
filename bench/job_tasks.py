"""The jobs bench/jobs.py runs (a job must be importable by its module path, so they live
outside the module run as __main__)."""

from django.core.mail import EmailMessage

from samspill.notify.jobs import job


@job()
def bench_noop() -> None:
    return None


def _message(n: int) -> EmailMessage:
    return EmailMessage(
        f"Reminder {n}", "A line of text.\n" * 10, "samspill@localhost", [f"p{n}@example.org"]
    )


@job()
def bench_mail(n: int) -> None:
    _message(n).send()
