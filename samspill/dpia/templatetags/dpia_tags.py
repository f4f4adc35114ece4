import datetime as dt

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def stored_value(obj, name: str) -> str:
    """How a stored object holds the value of form field `name` (the stale-edit comparison).

    The output is escaped like any simple tag's.
    """
    if name.startswith("criterion_"):  # the screening's one checkbox per criterion
        return _("yes") if name.removeprefix("criterion_") in obj.criteria else _("no")
    display = getattr(obj, f"get_{name}_display", None)
    value = display() if callable(display) else getattr(obj, name, None)
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    return str(value)
