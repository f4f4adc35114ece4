"""Audit entries as a reader sees them: labels, choices, yes/no, dates and numbers.

The stored entry keeps canonical values (keys, ISO dates, "true"), because the hash covers
them. This module turns them into the words and formats of the page, in the reader's
language, once per page in Python rather than through template lookups per value.
Like pretix's log entry types, a domain app can teach the trail how to name the keys
of a field that has no model choices (a survey's statements): `register_value_labels`.
"""

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from samspill.audit.models import AuditAction
from samspill.core import figures

SHOWN_CHARS = 120
EMPTY = "—"

_value_labels: dict[tuple[str, str], Callable[[str], str]] = {}


def register_value_labels(object_type: str, field: str, label: Callable[[str], str]) -> None:
    """`label(key)` names one stored key of `object_type.field` in the active language."""
    _value_labels[object_type, field] = label


@dataclass(frozen=True, slots=True)
class ShownChange:
    label: str
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class ShownEntry:
    sequence: int
    created_at: dt.datetime
    actor_label: str
    action: str
    action_label: str
    object_repr: str
    object_type_label: str
    changes: list[ShownChange]


@functools.cache
def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


@functools.cache
def _field(object_type: str, name: str):
    model = _model(object_type)
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def object_type_label(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name).capitalize() if model else object_type


def field_label(object_type: str, name: str) -> str:
    field = _field(object_type, name)
    if field is None:
        return name.replace("_", " ") if _model(object_type) else name
    if field.auto_created and not field.concrete:
        # A reverse relation (a survey's audiences): name it by the related model.
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)


def _choice_labels(field) -> dict[str, str] | None:
    choices = getattr(field, "flatchoices", None) if field is not None else None
    return {str(key): str(label) for key, label in choices} if choices else None


def _scalar(value, field, object_type: str, name: str) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if (labeller := _value_labels.get((object_type, name))) is not None:
        return labeller(str(value))
    if (labels := _choice_labels(field)) is not None:
        return labels.get(str(value), str(value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    if isinstance(field, models.BooleanField) and value in ("True", "False"):
        return _("yes") if value == "True" else _("no")
    if isinstance(value, int) or (
        isinstance(field, models.DecimalField | models.FloatField) and isinstance(value, str)
    ):
        try:
            number = Decimal(value)
        except (InvalidOperation, ValueError):
            return str(value)
        places = max(0, -number.normalize().as_tuple().exponent) if number.is_finite() else 0
        return figures.number(number, places) if number.is_finite() else str(value)
    return str(value)


def display_value(object_type: str, name: str, value) -> str | None:
    """One stored value as the page shows it; None stays None (nothing to show)."""
    if value is None:
        return None
    field = _field(object_type, name)
    if isinstance(value, list):
        shown = ", ".join(_scalar(item, field, object_type, name) for item in value)
        return Truncator(shown or EMPTY).chars(SHOWN_CHARS)
    return Truncator(_scalar(value, field, object_type, name)).chars(SHOWN_CHARS)


def _blank(value) -> bool:
    return value is None or value == "" or value == []


def shown_changes(object_type: str, changes: dict) -> list[ShownChange]:
    """The changes worth a line: a creation also records the fields it left empty (so
    reconciliation knows them), and those say nothing to a reader."""
    return [
        ShownChange(
            field_label(object_type, name),
            display_value(object_type, name, values[0]),
            display_value(object_type, name, values[1]),
        )
        for name, values in changes.items()
        if isinstance(values, list | tuple) and len(values) == 2 and not all(map(_blank, values))
    ]


def present_entries(entries: Iterable) -> list[ShownEntry]:
    """Entries (stored or imported history rows) ready for the trail's table."""
    actions = dict(AuditAction.choices)
    return [
        ShownEntry(
            sequence=entry.sequence,
            created_at=entry.created_at,
            actor_label=entry.actor_label,
            action=entry.action,
            action_label=str(actions.get(entry.action, entry.action)),
            object_repr=entry.object_repr,
            object_type_label=object_type_label(entry.object_type),
            changes=shown_changes(entry.object_type, entry.changes or {}),
        )
        for entry in entries
    ]
