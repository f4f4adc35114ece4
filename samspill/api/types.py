"""Field types shared by the API's schemas: what the database can hold, said in the
schema so clients (and Schemathesis) see the limits, and checked before any service."""

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, StringConstraints

NO_NUL = r"^[^\x00]*$"
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2200, 12, 31)


def Text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(max_length=max_length, min_length=min_length, pattern=NO_NUL),
    ]


def _in_range(day: dt.date) -> dt.date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"Dates run from {FIRST_DAY} to {LAST_DAY}.")
    return day


def _iso_day(value):
    """Dates come as ISO 8601 text only: a number is never read as a Unix time."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError("Give an ISO 8601 date as text, e.g. 2026-10-01.")
    return dt.date.fromisoformat(value)


def _iso_time(value):
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise ValueError("Give an ISO 8601 time as text, e.g. 2026-10-01T08:00:00Z.")
    return dt.datetime.fromisoformat(value)


def _aware(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("Give the time zone too (Z or +01:00).")
    return value


Day = Annotated[dt.date, BeforeValidator(_iso_day), AfterValidator(_in_range)]
Since = Annotated[dt.datetime, BeforeValidator(_iso_time), AfterValidator(_aware)]
Score = Annotated[int, Field(ge=1, le=5, strict=True)]
StanceValue = Annotated[int, Field(ge=-2, le=2, strict=True)]
Limit = Annotated[int, Field(ge=1, le=200)]
Number = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-1e15, le=1e15)]
Flag = Annotated[bool, Field(strict=True)]


class Input(Schema):
    """Every request body: an unknown field is an error, never silently dropped."""

    model_config = ConfigDict(extra="forbid")
