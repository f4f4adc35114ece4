"""Readable, translated names for the model and field keys stored in audit entries.

Kept for pages that show imported history row by row; the live trail takes its display
values from `samspill.audit.presenting`, computed once per page.
"""

from django import template

from samspill.audit import presenting

register = template.Library()


@register.filter
def object_type_label(object_type: str) -> str:
    return presenting.object_type_label(object_type)


@register.simple_tag
def field_label(object_type: str, field_name: str) -> str:
    return presenting.field_label(object_type, field_name)


@register.filter
def audit_display(value) -> str:
    """A stored value as a person reads it: lists of names joined, not Python lists."""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "—"
    return str(value)


@register.filter
def shown_changes(changes: dict) -> list:
    """The changes worth a line (see presenting.shown_changes)."""
    return [
        (name, values)
        for name, values in changes.items()
        if not (
            isinstance(values, list)
            and len(values) == 2
            and all(value is None or value == "" or value == [] for value in values)
        )
    ]
