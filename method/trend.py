"""Stance over time: what each person's stance was on a given day, and series for charts."""

import bisect
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from method.alignment import GroupStance, weighted_alignment
from method.catalog import DecisionWeight


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


def weekly_days(end: dt.date, weeks: int) -> list[dt.date]:
    """`weeks` + 1 sample days, one week apart, ending at `end`."""
    return [end - dt.timedelta(weeks=weeks - offset) for offset in range(weeks + 1)]


def trend_days(start: dt.date, end: dt.date, *, points: int = 13) -> list[dt.date]:
    """Up to `points` days spread evenly from start to end, both included."""
    if end <= start:
        return [end]
    span = (end - start).days
    count = min(points, span + 1)
    return sorted({start + dt.timedelta(days=round(i * span / (count - 1))) for i in range(count)})


def group_series(
    people_steps: Sequence[Sequence[StanceStep]], days: Sequence[dt.date]
) -> list[Decimal | None]:
    """Mean stance of a group's people on each day (people not yet added are left out)."""
    series: list[Decimal | None] = []
    for day in days:
        stances = [s for steps in people_steps if (s := stance_on(steps, day)) is not None]
        series.append(
            (Decimal(sum(stances)) / len(stances)).quantize(Decimal("0.01")) if stances else None
        )
    return series


def alignment_series(
    groups: Mapping[str, tuple[DecisionWeight, Sequence[Sequence[StanceStep]]]],
    days: Sequence[dt.date],
) -> list[int | None]:
    """The project's weighted alignment (in percent) on each day."""
    series = []
    for day in days:
        stances = [
            GroupStance(
                key,
                weight,
                [s for steps in people if (s := stance_on(steps, day)) is not None],
            )
            for key, (weight, people) in groups.items()
        ]
        series.append(weighted_alignment(stances).percent)
    return series


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
