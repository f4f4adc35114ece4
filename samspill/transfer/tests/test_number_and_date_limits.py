"""Numbers and dates in a project file pass the same checks a form applies."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import models

from samspill.overview.demo import demo_load
from samspill.transfer.codec import CodecError, decode
from samspill.transfer.errors import TransferError
from samspill.transfer.exporting import project_export_json
from samspill.transfer.importing import project_import
from samspill.transfer.reading import read_document
from samspill.transfer.tests.helpers import db_state, demo_owner

FLOAT = models.FloatField()
DECIMAL = models.DecimalField(max_digits=20, decimal_places=2)
DATE = models.DateField()
DATETIME = models.DateTimeField()
WHOLE = models.IntegerField()


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        (FLOAT, float("nan"), "not NaN or infinity"),
        (FLOAT, float("inf"), "not NaN or infinity"),
        (FLOAT, float("-inf"), "not NaN or infinity"),
        (FLOAT, 1e300, "Enter a number between"),
        (FLOAT, 10**400, "Enter a number between"),
        (DECIMAL, "1e16", "Enter a number between"),
        (DECIMAL, "-1000000000000001", "Enter a number between"),
        (DECIMAL, "NaN", "a decimal number as text"),
        (DECIMAL, "Infinity", "a decimal number as text"),
        (DATE, "0001-01-01", "Enter a date between the years 1900 and 2200"),
        (DATE, "9999-12-31", "Enter a date between the years 1900 and 2200"),
        (DATETIME, "1899-12-31T23:00:00+00:00", "Enter a date between the years 1900"),
        (DATETIME, "2201-01-01T00:00:00+00:00", "Enter a date between the years 1900"),
        (WHOLE, 2**63, "too large"),
    ],
)
def test_out_of_range_values_are_refused(field, raw, message):
    with pytest.raises(CodecError, match=message):
        decode(field, raw)


@pytest.mark.parametrize(
    ("field", "raw", "value"),
    [
        (FLOAT, 1.5, 1.5),
        (FLOAT, 10**15, 1e15),
        (DECIMAL, "-999999999999999.99", Decimal("-999999999999999.99")),
        (DATE, "1900-01-01", dt.date(1900, 1, 1)),
        (DATE, "2200-12-31", dt.date(2200, 12, 31)),
        (DATETIME, "2026-10-14T08:30:00+00:00", dt.datetime(2026, 10, 14, 8, 30, tzinfo=dt.UTC)),
        (WHOLE, -(2**63) + 1, -(2**63) + 1),
    ],
)
def test_values_at_the_limits_are_kept(field, raw, value):
    assert decode(field, raw) == value


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_a_file_with_nan_or_infinity_anywhere_is_refused(literal):
    data = b'{"format": "samspill-project", "schema": 1, "x": [' + literal.encode() + b"]}"
    with pytest.raises(TransferError) as caught:
        read_document(data)
    assert caught.value.problems == [
        f"The file contains {literal}, which is not a number: a Samspill export never holds "
        "NaN or infinity."
    ]


@pytest.mark.django_db
def test_an_import_with_a_date_out_of_range_is_refused_by_name():
    project, _created = demo_load()
    document = json.loads(project_export_json(project, actor=demo_owner()))
    document["objects"]["rollout.phase"][0]["fields"]["start_date"] = "0999-01-01"
    document["objects"]["business.businesscaseinputs"][0]["fields"]["hourly_cost"] = "1e20"
    before = db_state()
    with pytest.raises(TransferError) as caught:
        project_import(actor=demo_owner(), data=json.dumps(document).encode(), filename="x.json")
    assert db_state() == before
    problems = " ".join(caught.value.problems)
    assert "start_date: Enter a date between the years 1900 and 2200" in problems
    assert "hourly_cost: Enter a number between" in problems
