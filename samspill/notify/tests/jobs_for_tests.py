"""Jobs the tests enqueue (a task must be importable by its module path)."""

from django.tasks import task

from samspill.notify.jobs import job

CALLS: list[int] = []


@job()
def always_fails(*, attempt: int = 1) -> None:
    CALLS.append(attempt)
    raise RuntimeError(f"failure number {attempt}")


@job()
def fails_once(*, attempt: int = 1) -> str:
    CALLS.append(attempt)
    if attempt == 1:
        raise RuntimeError("first try fails")
    return "done"


@job()
def noop() -> None:
    return None


@job()
def counts_tries(*, attempt: int = 1) -> int:
    CALLS.append(attempt)
    return attempt


@job(attempts=2)
def two_tries(*, attempt: int = 1) -> None:
    CALLS.append(attempt)


@task()
def plain() -> str:
    return "plain"
