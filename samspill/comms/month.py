"""The communication calendar as a month grid: weeks of days, Monday first, with their items."""

import calendar as stdlib_calendar
import datetime as dt
import re
from dataclasses import dataclass, field

_MONTH = re.compile(r"(\d{4})-(\d{2})")


def parse_month(raw: str) -> dt.date | None:
    """The first day of a ``YYYY-MM`` month, or None when the text is not a real month."""
    match = _MONTH.fullmatch(raw.strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if year < 1 or not 1 <= month <= 12:
        return None
    return dt.date(year, month, 1)


def month_param(first: dt.date) -> str:
    return f"{first.year:04d}-{first.month:02d}"


def previous_month(first: dt.date) -> dt.date | None:
    if first.year == 1 and first.month == 1:
        return None
    return (first - dt.timedelta(days=1)).replace(day=1)


def next_month(first: dt.date) -> dt.date | None:
    if first.year == dt.MAXYEAR and first.month == 12:
        return None
    return (first + dt.timedelta(days=31)).replace(day=1)


def last_day(first: dt.date) -> dt.date:
    return first.replace(day=stdlib_calendar.monthrange(first.year, first.month)[1])


@dataclass
class Day:
    date: dt.date | None  # None: a cell before the 1st or after the last day
    is_today: bool = False
    items: list = field(default_factory=list)


def month_weeks(first: dt.date, items, today: dt.date) -> list[list[Day]]:
    """Weeks (Monday to Sunday) of the month that starts on ``first``, each item on its date."""
    by_date: dict[dt.date, list] = {}
    for item in items:
        by_date.setdefault(item.date, []).append(item)
    weeks = []
    for week in stdlib_calendar.Calendar(firstweekday=0).monthdays2calendar(
        first.year, first.month
    ):
        row = []
        for day_number, _weekday in week:
            if not day_number:
                row.append(Day(None))
                continue
            date = first.replace(day=day_number)
            row.append(Day(date, is_today=date == today, items=by_date.get(date, [])))
        weeks.append(row)
    return weeks
