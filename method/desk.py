"""Rules of the explanation and complaint desk (AI Act Art. 86, GDPR Art. 22(3) and 12(3)).

Deadlines, reminder states and the desk's statistics. GDPR Art. 12(3) gives one month to
answer a data subject; the desk's default of 30 days follows it and a project may change it.
Statistics shown to observers are k-masked with the survey rule (method.surveys), so a month
or an outcome with one or two requests does not point at a person.
"""

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from method.surveys import masked_breakdown

DEFAULT_DEADLINE_DAYS = 30
DEFAULT_REMINDER_DAYS = 7
DEFAULT_RETENTION_MONTHS = 6
K_DESK = 3


class DueState(StrEnum):
    CLOSED = "closed"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TIME = "on_time"


def deadline(received: dt.date, days: int = DEFAULT_DEADLINE_DAYS) -> dt.date:
    if days < 1:
        raise ValueError(f"A deadline needs at least one day, not {days!r}.")
    return received + dt.timedelta(days=days)


def due_state(
    due: dt.date, today: dt.date, *, closed: bool, remind_days: int = DEFAULT_REMINDER_DAYS
) -> DueState:
    if closed:
        return DueState.CLOSED
    if today > due:
        return DueState.OVERDUE
    if (due - today).days <= remind_days:
        return DueState.DUE_SOON
    return DueState.ON_TIME


def months_back(today: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (the last day of a shorter month)."""
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for day in range(today.day, 27, -1):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return dt.date(year, month, min(today.day, 28))


def purge_before(today: dt.date, retention_months: int) -> dt.date:
    """Requests closed before this day are deleted."""
    return months_back(today, retention_months)


@dataclass(frozen=True)
class DeskStats:
    per_month: dict[str, int | None]  # "2026-11": count, None where masked
    outcomes: dict[str, int | None]
    answered: int | None
    median_days: float | None  # None when too few answered requests to show it


def _masked(counts: Mapping[str, int], k: int | None) -> dict[str, int | None]:
    if k is None:
        return dict(counts)
    hidden = masked_breakdown(counts, k)
    return {key: None if key in hidden else value for key, value in counts.items()}


def desk_stats(
    received: Iterable[dt.date],
    answered: Iterable[tuple[dt.date, dt.date]],
    outcomes: Iterable[str],
    *,
    outcome_keys: Iterable[str],
    k: int | None = None,
) -> DeskStats:
    """Counts per month of receipt, outcome counts and the median days from receipt to
    answer. With `k`, every count is k-masked and the median needs k answered requests."""
    months = Counter(day.strftime("%Y-%m") for day in received)
    per_month = dict(sorted(months.items()))
    tally = Counter(outcomes)
    by_outcome = {key: tally.get(key, 0) for key in outcome_keys}
    durations = [(done - start).days for start, done in answered]
    enough = k is None or len(durations) >= k
    median = float(statistics.median(durations)) if durations and enough else None
    count = len(durations) if enough else None
    return DeskStats(_masked(per_month, k), _masked(by_outcome, k), count, median)
