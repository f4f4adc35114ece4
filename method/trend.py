"""Stance over time: each person's stance on a day, and group and project series for charts."""

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from method.alignment import GroupMean, weighted_alignment
from method.catalog import DecisionWeight
from method.figures import round_half_up


@dataclass(frozen=True, slots=True)
class StanceStep:
    day: dt.date
    stance: int


def stance_on(steps: Sequence[StanceStep], day: dt.date) -> int | None:
    """The stance in force at the end of `day`; None before the person was added.

    `steps` must be in date order (the same day may appear more than once; the last wins).
    """
    index = bisect.bisect_right([step.day for step in steps], day)
    return steps[index - 1].stance if index else None


def trend_days(start: dt.date, end: dt.date, *, points: int = 13) -> list[dt.date]:
    """Up to `points` days spread evenly from start to end, both included."""
    if end <= start:
        return [end]
    span = (end - start).days
    count = min(points, span + 1)
    return sorted({start + dt.timedelta(days=round(i * span / (count - 1))) for i in range(count)})


def person_series(steps: Sequence[StanceStep], days: Sequence[dt.date]) -> list[int | None]:
    """The stance on each of `days` (ascending), in one pass over the date-ordered steps."""
    series: list[int | None] = []
    current: int | None = None
    index = 0
    for day in days:
        while index < len(steps) and steps[index].day <= day:
            current = steps[index].stance
            index += 1
        series.append(current)
    return series


def _mean(total: int, count: int) -> Decimal | None:
    # Half up, as the map rounds today's group stance (method.alignment), so they meet.
    return round_half_up(Decimal(total) / count, 2) if count else None


def group_series(
    current: Mapping[object, int],
    recent_events: Iterable[tuple[dt.date, object, int | None]],
    days: Sequence[dt.date],
) -> list[Decimal | None]:
    """Mean stance of a group on each of `days`, walking back from today's stances.

    `current` maps each person to today's stance. `recent_events` are (day, person, previous
    stance) for the steps after days[0], newest first; a previous of None is the person's
    creation, so they are left out before it. Only the window's changes are read, so the
    cost follows recent activity, not the project's whole past.
    """
    stances = dict(current)
    total = sum(stances.values())
    iterator = iter(recent_events)
    pending = next(iterator, None)
    series: list[Decimal | None] = []
    for day in reversed(days):
        while pending is not None and pending[0] > day:
            _, person, previous = pending
            total -= stances.pop(person, 0)
            if previous is not None:
                stances[person] = previous
                total += previous
            pending = next(iterator, None)
        series.append(_mean(total, len(stances)))
    return list(reversed(series))


def alignment_series(
    groups: Mapping[str, tuple[DecisionWeight, Sequence[Decimal | None]]], length: int
) -> list[int | None]:
    """The project's weighted alignment (in percent) per day, from each group's series."""
    return [
        weighted_alignment(
            GroupMean(key, weight, series[index]) for key, (weight, series) in groups.items()
        ).percent
        for index in range(length)
    ]


def sparkline_points(
    values: Sequence[Decimal | int | None], *, low: float, high: float, width: int, height: int
) -> str:
    """SVG polyline points for a series on a fixed scale; gaps (None) are skipped."""
    if len(values) < 2:
        return ""
    step = width / (len(values) - 1)
    span = (high - low) or 1
    points = [
        f"{index * step:.1f},{height - (float(value) - low) / span * height:.1f}"
        for index, value in enumerate(values)
        if value is not None
    ]
    return " ".join(points)
