import datetime as dt

from django import template

register = template.Library()


@register.filter
def minutes(value: dt.timedelta | None) -> int | str:
    """Whole minutes in a timedelta (for the log-in pause)."""
    return int(value.total_seconds() // 60) if value else ""


@register.filter(is_safe=True)
def one_line(value: str) -> str:
    """`value` on one line: runs of whitespace as one space, none at either end (for a
    <title> built from a block that others, such as allauth, write over several lines)."""
    return " ".join(str(value).split())
