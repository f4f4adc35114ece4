import datetime as dt

from django import template

register = template.Library()


@register.filter
def minutes(value: dt.timedelta | None) -> int | str:
    """Whole minutes in a timedelta (for the log-in pause)."""
    return int(value.total_seconds() // 60) if value else ""
