"""Readable, translated names for the model and field keys stored in audit entries."""

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

register = template.Library()


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


@register.filter
def object_type_label(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name).capitalize() if model else object_type


@register.simple_tag
def field_label(object_type: str, field_name: str) -> str:
    model = _model(object_type)
    if model is None:
        return field_name
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return field_name.replace("_", " ")
    if field.auto_created and not field.concrete:
        # A reverse relation (a survey's audiences): name it by the related model.
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)


@register.filter
def audit_display(value) -> str:
    """A stored value as a person reads it: lists of names joined, not Python lists."""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "—"
    return str(value)


def _blank(value) -> bool:
    return value is None or value == "" or value == []


@register.filter
def shown_changes(changes: dict) -> list:
    """The changes worth a line: a creation also records the fields it left empty (so
    reconciliation knows them), and those say nothing to a reader."""
    return [
        (name, values)
        for name, values in changes.items()
        if not (isinstance(values, list) and len(values) == 2 and all(map(_blank, values)))
    ]
