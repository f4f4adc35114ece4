import datetime as dt
import importlib
import pkgutil

import pytest
from django import forms

import samspill
from samspill.core import forms as core_forms
from samspill.stakeholders.models import Engagement

ODD_NUMBERS = ["NaN", "sNaN", "-nan", "Infinity", "-Infinity", "inf", "1e308", "-1e16"]


@pytest.mark.parametrize("field_class", [core_forms.DecimalField, core_forms.FloatField])
@pytest.mark.parametrize("text", ODD_NUMBERS)
def test_number_fields_refuse_what_is_not_an_ordinary_number(field_class, text):
    form_class = type("NumberForm", (forms.Form,), {"value": field_class()})
    form = form_class({"value": text})
    assert not form.is_valid()
    assert form.errors["value"]


@pytest.mark.parametrize("field_class", [core_forms.DecimalField, core_forms.FloatField])
def test_number_fields_take_ordinary_numbers(field_class):
    form_class = type("NumberForm", (forms.Form,), {"value": field_class()})
    form = form_class({"value": "-1234.5"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["value"] == -1234.5


def test_a_non_finite_number_is_named_as_such():
    form_class = type("NumberForm", (forms.Form,), {"value": core_forms.DecimalField()})
    assert form_class({"value": "NaN"}).errors["value"] == [
        "Enter an ordinary number, not NaN or infinity."
    ]


@pytest.mark.parametrize("text", ["NaN", "sNaN", "Infinity", "1e99", "twenty"])
def test_parse_decimal_refuses_text_that_is_no_ordinary_number(text):
    with pytest.raises(forms.ValidationError):
        core_forms.parse_decimal(text)


@pytest.mark.parametrize("text", ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31"])
def test_dates_outside_the_range_are_refused(text):
    form_class = type("DateForm", (forms.Form,), {"day": core_forms.DateField()})
    form = form_class({"day": text})
    assert form.errors["day"] == ["Enter a date between the years 1900 and 2200."]


@pytest.mark.parametrize("text", ["1900-01-01", "2026-10-14", "2200-12-31"])
def test_dates_inside_the_range_are_taken(text):
    form_class = type("DateForm", (forms.Form,), {"day": core_forms.DateField()})
    form = form_class({"day": text})
    assert form.is_valid()
    assert form.cleaned_data["day"] == dt.date.fromisoformat(text)


def test_the_date_picker_offers_the_same_range():
    field = core_forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    assert field.widget.attrs["min"] == "1900-01-01"
    assert field.widget.attrs["max"] == "2200-12-31"


def test_model_forms_get_the_bounded_fields():
    class EngagementForm(core_forms.ModelForm):
        class Meta:
            model = Engagement
            fields = ["date", "groups"]

    assert isinstance(EngagementForm.base_fields["date"], core_forms.DateField)
    assert isinstance(EngagementForm.base_fields["groups"], core_forms.ModelMultipleChoiceField)


@pytest.mark.django_db
def test_a_key_beyond_the_column_is_a_form_error_not_an_overflow(project):
    class EngagementForm(core_forms.ModelForm):
        class Meta:
            model = Engagement
            fields = ["groups"]

    form = EngagementForm({"groups": ["99999999999999999999"]})
    form.fields["groups"].queryset = project.stakeholder_groups.all()
    assert not form.is_valid()
    assert "is not a valid value" in str(form.errors["groups"])


def _samspill_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(samspill.__path__, "samspill."):
        if not any(part in module.name for part in (".tests", ".migrations", "wsgi")):
            importlib.import_module(module.name)
    found, stack = [], [forms.BaseForm]
    while stack:
        for subclass in stack.pop().__subclasses__():
            stack.append(subclass)
            if subclass.__module__.startswith("samspill.") and ".tests" not in subclass.__module__:
                found.append(subclass)
    return found


UNBOUNDED = (
    forms.DecimalField,
    forms.FloatField,
    forms.DateField,
    forms.DateTimeField,
    forms.ModelMultipleChoiceField,
)
BOUNDED = (
    core_forms.DecimalField,
    core_forms.FloatField,
    core_forms.DateField,
    core_forms.DateTimeField,
    core_forms.ModelMultipleChoiceField,
)


def test_every_form_takes_numbers_dates_and_choices_through_the_bounded_fields():
    form_classes = _samspill_forms()
    assert len(form_classes) > 30  # the walk found the app's forms
    unbounded = [
        f"{form_class.__module__}.{form_class.__name__}.{name}"
        for form_class in form_classes
        for name, field in form_class.base_fields.items()
        if isinstance(field, UNBOUNDED) and not isinstance(field, BOUNDED)
    ]
    assert not unbounded, "Use the fields of samspill.core.forms: " + ", ".join(unbounded)


def test_every_model_form_inherits_the_shared_base():
    plain = [
        f"{form_class.__module__}.{form_class.__name__}"
        for form_class in _samspill_forms()
        if issubclass(form_class, forms.ModelForm)
        and not issubclass(form_class, core_forms.ModelForm)
    ]
    assert not plain, "Inherit samspill.core.forms.ModelForm: " + ", ".join(plain)
