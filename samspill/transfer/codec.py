"""Field values to JSON and back.

Decoding is strict about types: a number where text belongs, or a date that is not a date,
is refused with a message instead of being coerced, so a damaged file cannot slip through.
Decimals travel as text ("500.00") so no digit is lost to floating point. Numbers and dates
must also pass the checks a form applies (samspill.core.forms): no NaN or infinity, no
magnitude beyond the forms' limit, no date outside the years the forms accept.
"""

import base64
import binascii
import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from typing import Any

from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.dateparse import parse_duration
from django.utils.duration import duration_iso_string
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samspill.core.forms import check_date, check_number

# Evidence files are at most 10 MB (trust.models.EVIDENCE_MAX_BYTES); the same limit per file
# keeps an export loadable in memory. A larger file is listed without its content.
FILE_MAX_BYTES = 10 * 1024 * 1024

TEXT = {"CharField", "TextField", "SlugField", "GenericIPAddressField"}
WHOLE = {
    "IntegerField",
    "SmallIntegerField",
    "BigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
}


# What a value should have been, named only when it was not: lazy, so the common case is cheap.
TEXT_WANTED = gettext_lazy("text")
WHOLE_WANTED = gettext_lazy("a whole number")
BOOL_WANTED = gettext_lazy("true or false")
NUMBER_WANTED = gettext_lazy("a number")


class CodecError(ValueError):
    """A value of the wrong type or form; its message is for people."""


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int | float):
        return _("a number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("an object")
    return _("null")


def _expect(raw: Any, types: type | tuple, wanted) -> None:
    if not isinstance(raw, types) or (isinstance(raw, bool) and bool not in _as_tuple(types)):
        raise CodecError(
            _("expected %(wanted)s, found %(found)s") % {"wanted": wanted, "found": _json_type(raw)}
        )


def _checked(check, value):
    """`value` if it passes a form's check (check_number, check_date); else CodecError."""
    try:
        check(value)
    except ValidationError as error:
        raise CodecError(" ".join(error.messages)) from None
    return value


# What the database's whole-number columns hold; a longer number fails there, not here.
WHOLE_LIMIT = 2**63 - 1


def _as_tuple(types: type | tuple) -> tuple:
    return types if isinstance(types, tuple) else (types,)


def encode(field: models.Field, value: Any) -> Any:
    if value is None:
        return None
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return value.astimezone(dt.UTC).isoformat()
    if kind in ("DateField", "TimeField"):
        return value.isoformat()
    if kind == "DurationField":
        return duration_iso_string(value)
    if kind in ("DecimalField", "UUIDField"):
        return str(value)
    if kind == "BinaryField":
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def decode(field: models.Field, raw: Any) -> Any:
    """The Python value for `raw`; raises CodecError. Whether None is allowed is full_clean's."""
    if raw is None:
        return None
    kind = field.get_internal_type()
    if kind in TEXT:
        _expect(raw, str, TEXT_WANTED)
        return raw
    if kind in WHOLE:
        _expect(raw, int, WHOLE_WANTED)
        if abs(raw) > WHOLE_LIMIT:
            raise CodecError(_("the whole number %(raw)d is too large") % {"raw": raw})
        return raw
    if kind == "BooleanField":
        _expect(raw, bool, BOOL_WANTED)
        return raw
    if kind == "FloatField":
        _expect(raw, (int, float), NUMBER_WANTED)
        # An int goes through Decimal: float() of a huge one overflows before the check.
        _checked(check_number, Decimal(raw) if isinstance(raw, int) else raw)
        return float(raw)
    if kind == "JSONField":
        return raw
    _expect(raw, str, TEXT_WANTED)
    value = _PARSERS[kind](raw)
    if kind == "DecimalField":
        return _checked(check_number, value)
    if kind in ("DateField", "DateTimeField"):
        return _checked(check_date, value)
    return value


def _parse(parser, wanted):
    def parse(raw: str):
        try:
            value = parser(raw)
        except (ValueError, TypeError, InvalidOperation, binascii.Error):
            value = None
        if value is None:
            raise CodecError(
                _("expected %(wanted)s, found %(raw)r") % {"wanted": wanted, "raw": raw}
            )
        return value

    return parse


def _aware_datetime(raw: str) -> dt.datetime | None:
    value = dt.datetime.fromisoformat(raw)
    return value if value.tzinfo is not None else None


def _finite_decimal(raw: str) -> Decimal | None:
    value = Decimal(raw)
    return value if value.is_finite() else None


_PARSERS = {
    "DecimalField": _parse(_finite_decimal, gettext_lazy("a decimal number as text")),
    "DateField": _parse(dt.date.fromisoformat, gettext_lazy("a date (YYYY-MM-DD)")),
    "DateTimeField": _parse(_aware_datetime, gettext_lazy("a date and time with a time zone")),
    "TimeField": _parse(dt.time.fromisoformat, gettext_lazy("a time")),
    "DurationField": _parse(parse_duration, gettext_lazy("a duration")),
    "UUIDField": _parse(uuid.UUID, gettext_lazy("a UUID")),
    "BinaryField": _parse(
        lambda raw: base64.b64decode(raw, validate=True), gettext_lazy("base64 data")
    ),
}


# Files ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OmittedFile:
    """A file the export listed without its content (too large, or missing on disk)."""

    name: str
    reason: str


def file_encode(name: str, storage) -> dict | None:
    """A stored file as {name, size, sha256, content (base64)}; only its basename travels."""
    if not name:
        return None
    basename = PurePosixPath(name).name
    try:
        size = storage.size(name)
    except OSError:
        return {"name": basename, "size": None, "omitted": "missing"}
    if size > FILE_MAX_BYTES:
        return {"name": basename, "size": size, "omitted": "too_large"}
    with storage.open(name, "rb") as handle:
        content = handle.read()
    return {
        "name": basename,
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "content": base64.b64encode(content).decode("ascii"),
    }


def _safe_basename(raw: Any) -> str:
    _expect(raw, str, gettext_lazy("a file name"))
    try:
        return get_valid_filename(PurePosixPath(raw.replace("\\", "/")).name)
    except SuspiciousFileOperation:
        raise CodecError(_("%(name)r is not a usable file name") % {"name": raw}) from None


def file_decode(raw: Any) -> ContentFile | OmittedFile | None:
    """The file's content, checked against its size and checksum; raises CodecError."""
    if raw is None:
        return None
    _expect(raw, dict, gettext_lazy("an object with the file"))
    name = _safe_basename(raw.get("name"))
    if "omitted" in raw:
        _expect(raw["omitted"], str, gettext_lazy("the reason the file was left out"))
        return OmittedFile(name, raw["omitted"])
    _expect(raw.get("content"), str, gettext_lazy("the file's content in base64"))
    _expect(raw.get("size"), int, gettext_lazy("the file's size"))
    _expect(raw.get("sha256"), str, gettext_lazy("the file's SHA-256"))
    if raw["size"] > FILE_MAX_BYTES or len(raw["content"]) > FILE_MAX_BYTES // 3 * 4 + 8:
        raise CodecError(_("the file %(name)s is larger than 10 MB") % {"name": name})
    try:
        content = base64.b64decode(raw["content"], validate=True)
    except binascii.Error:
        raise CodecError(
            _("the content of %(name)s is not valid base64") % {"name": name}
        ) from None
    if len(content) != raw["size"] or hashlib.sha256(content).hexdigest() != raw["sha256"]:
        raise CodecError(
            _("the content of %(name)s does not match its size and checksum") % {"name": name}
        )
    return ContentFile(content, name=name)
