"""The form fields every number, date and multiple choice in Samspill goes through.

What a person can type is bounded here, once, so nothing odd reaches a calculation, a
timeline or the database: a number must be finite and at most NUMBER_LIMIT in size (no
NaN, sNaN or infinity), and a date must fall between EARLIEST_DATE and LATEST_DATE, which
leaves room for any plan, history or deadline while keeping date arithmetic (weeks added to
a start date, a day added for a calendar's end) far from Python's year 1 and year 9999.

Model forms inherit `ModelForm` below, which builds these fields for the model's fields;
a plain form declares them directly. `samspill/core/tests/test_forms.py` fails on any form
that uses Django's own number, date or multiple-choice field instead.
"""

import datetime as dt
import math
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2200, 12, 31)
# Larger than any count, cost or hour figure a project has, far below float's range.
NUMBER_LIMIT = 10**15

MESSAGES = {
    "not_finite": _("Enter an ordinary number, not NaN or infinity."),
    "too_large": _("Enter a number between −%(limit)s and %(limit)s."),
    "date_range": _("Enter a date between the years %(first)s and %(last)s."),
}


def check_number(value: Decimal | float) -> None:
    """Refuse NaN, sNaN, ±infinity and magnitudes beyond NUMBER_LIMIT."""
    finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
    if not finite:
        raise ValidationError(MESSAGES["not_finite"], code="not_finite")
    if abs(value) > NUMBER_LIMIT:
        raise ValidationError(
            MESSAGES["too_large"],
            code="too_large",
            params={"limit": number_format(NUMBER_LIMIT, force_grouping=True)},
        )


def parse_decimal(text: str) -> Decimal:
    """A number typed as text, for fields that hold several (a ramp, a list)."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValidationError(forms.DecimalField.default_error_messages["invalid"]) from None
    check_number(value)
    return value


def check_date(value: dt.date) -> None:
    day = value.date() if isinstance(value, dt.datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            MESSAGES["date_range"],
            code="date_range",
            params={"first": EARLIEST_DATE.year, "last": LATEST_DATE.year},
        )


class DecimalField(forms.DecimalField):
    def to_python(self, value):
        value = super().to_python(value)
        if value is not None:
            check_number(value)
        return value


class FloatField(forms.FloatField):
    def to_python(self, value):
        value = super().to_python(value)
        if value is not None:
            check_number(value)
        return value


class _DateRange:
    """Shared by the date and date-time fields: the range check, and the same range on
    the browser's date picker."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None:
            check_date(value)
        return value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if getattr(widget, "input_type", "") in ("date", "datetime-local"):
            attrs.setdefault("min", EARLIEST_DATE.isoformat())
            attrs.setdefault("max", LATEST_DATE.isoformat())
        return attrs


class DateField(_DateRange, forms.DateField):
    pass


class DateTimeField(_DateRange, forms.DateTimeField):
    pass


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Checks each key against its column before the `IN` query: Django checks only that
    the key parses, and SQLite raises OverflowError on an integer beyond 64 bits."""

    def _check_values(self, value):
        meta = self.queryset.model._meta
        column = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        for key in value if isinstance(value, list | tuple) else ():
            try:
                column.run_validators(column.to_python(key))
            except ValidationError:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": key},
                ) from None
        return super()._check_values(value)


# Order matters: a DateTimeField is a DateField.
FORM_FIELDS = [
    (models.DecimalField, DecimalField),
    (models.FloatField, FloatField),
    (models.DateTimeField, DateTimeField),
    (models.DateField, DateField),
    (models.ManyToManyField, ModelMultipleChoiceField),
]


def formfield_for(db_field: models.Field, **kwargs) -> forms.Field | None:
    """Meta.formfield_callback of every model form: the model's field, with our form field."""
    for model_class, form_class in FORM_FIELDS:
        if isinstance(db_field, model_class):
            kwargs.setdefault("form_class", form_class)
            break
    return db_field.formfield(**kwargs)


class ModelForm(forms.ModelForm):
    """The base of every model form in Samspill.

    Django reads `formfield_callback` from the form's own Meta only, so it is set on each
    subclass's Meta as the class is made (before ModelFormMetaclass reads it).
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        meta = getattr(cls, "Meta", None)
        if meta is not None and getattr(meta, "formfield_callback", None) is None:
            meta.formfield_callback = staticmethod(formfield_for)
