"""Jobs that run on a schedule: closing surveys at their date, reminders, digests.

Apps register them in their AppConfig.ready (so this base app imports none of them):

    periodic.register("surveys.close_due", close_due_surveys, every="hour")

`tick()` enqueues each registered job once per period. `samspill worker` calls it every
minute beside running jobs; `samspill periodic` calls it once, for a cron or systemd timer
instead. The PeriodicRun row's unique key makes a period's job enqueued once, however many
workers tick at the same time.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.tasks import Task
from django.utils import timezone

from samspill.notify.models import PeriodicRun

logger = logging.getLogger(__name__)

EVERY = ("hour", "day", "week")


@dataclass(frozen=True)
class Periodic:
    name: str
    task: Task
    every: str
    at_hour: int = 0


_REGISTRY: dict[str, Periodic] = {}


def register(name: str, task: Task, *, every: str, at_hour: int = 0) -> None:
    if every not in EVERY or not 0 <= at_hour <= 23:
        raise ValueError(f"bad schedule for {name}: every={every!r} at_hour={at_hour}")
    _REGISTRY[name] = Periodic(name=name, task=task, every=every, at_hour=at_hour)


def registered() -> list[Periodic]:
    return sorted(_REGISTRY.values(), key=lambda p: p.name)


def period_key(periodic: Periodic, now: dt.datetime) -> str | None:
    """The period `now` falls in, or None before the job's hour on its day."""
    local = timezone.localtime(now)
    if periodic.every == "hour":
        return local.strftime("%Y-%m-%dT%H")
    if local.hour < periodic.at_hour:
        return None
    if periodic.every == "day":
        return local.date().isoformat()
    if local.weekday() != 0:  # weekly jobs go out on Monday
        return None
    year, week, _day = local.isocalendar()
    return f"{year}-W{week:02d}"


def tick(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every registered job whose period has begun and not yet run."""
    now = now or timezone.now()
    enqueued = []
    for periodic in registered():
        key = period_key(periodic, now)
        if key is None:
            continue
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(name=periodic.name, period=key)
                periodic.task.enqueue()
        except IntegrityError:
            continue  # another worker took this period
        enqueued.append(periodic.name)
        logger.info("Enqueued %s for %s", periodic.name, key)
    return enqueued
