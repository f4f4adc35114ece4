"""Reading a file's envelope: is it a Samspill project export this version can import?

A file from the browser is checked before it is parsed, so that no file within the upload
cap can make a worker hold much more than a real export of that size: the memory its JSON
values will take, estimated from the bytes, and the width of the decoded text (Python stores
a text with one emoji in it at four bytes a character). Nesting is checked after parsing, on
every file. The command line reads any size and leaves out the first two checks.
"""

import json
import re
import uuid
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samspill.core.figures import number
from samspill.transfer.errors import TransferError
from samspill.transfer.schema import FORMAT, SCHEMA

# key: (JSON type, how to name it in a message)
_TEXT, _OBJECT, _LIST = gettext_lazy("text"), gettext_lazy("an object"), gettext_lazy("a list")
_ENVELOPE = {
    "exported_at": (str, _TEXT),
    "project": (dict, _OBJECT),
    "objects": (dict, _OBJECT),
    "audit": (list, _LIST),
}
_PROJECT = {"uuid": (str, _TEXT), "slug": (str, _TEXT), "fields": (dict, _OBJECT)}

MB = 1024 * 1024

# Parsed, an object (a dict) costs Python about 200 bytes, any other value about 50; the
# estimate counts "{" for objects and "," and "[" for the rest. A real export of 25 MB (the
# web cap; 75,000 pilot cases) comes to about 80 MB; 25 MB of {"a":0} would come to 700 MB.
MAX_PARSED_BYTES = 100 * MB
# The decoded text, in bytes. Python stores it at one, two or four bytes a character, by the
# widest character in it; four (an emoji) would let 25 MB become 100 MB, and a string in the
# file as much again once parsed. Two (a dash, a quote mark) stays within twice the web cap.
MAX_TEXT_BYTES = 50 * MB
# An export nests six to ten deep (objects, fields, JSON fields, audit changes).
MAX_DEPTH = 64
_TOO_DEEP = object()
_FOUR_BYTE_UTF8 = re.compile(rb"[\xf0-\xf4]")  # the first byte of a character beyond U+FFFF


def _check_size(data: bytes) -> None:
    """Refuse, before parsing, a file whose parsing would cost far more than an export's."""
    parsed = 200 * data.count(b"{") + 50 * (data.count(b",") + data.count(b"["))
    if parsed > MAX_PARSED_BYTES:
        raise TransferError(
            [
                _(
                    "Reading this file would take about %(size)s MB of memory, more than a "
                    "project export of its size; the limit here is %(limit)s MB. If it is an "
                    "export, import it with the command line (samspill import)."
                )
                % {"size": number(parsed / MB), "limit": number(MAX_PARSED_BYTES // MB)}
            ]
        )
    wide = not data.isascii() and _FOUR_BYTE_UTF8.search(data) is not None
    if wide and 4 * len(data) > MAX_TEXT_BYTES:
        raise TransferError(
            [
                _(
                    "The file holds emoji or similar characters, which take four times the "
                    "memory to read; with them, a file imported here may be at most "
                    "%(limit)s MB. Import it with the command line (samspill import)."
                )
                % {"limit": MAX_TEXT_BYTES // 4 // MB}
            ]
        )


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether JSON nests deeper than `limit`; level by level, so no recursion."""
    level = [value] if isinstance(value, dict | list) else []
    for _depth in range(limit):
        level = [
            child
            for item in level
            for child in (item.values() if isinstance(item, dict) else item)
            if isinstance(child, dict | list)
        ]
        if not level:
            return False
    return True


class _NotANumber(ValueError):
    pass


def _no_constant(name: str):
    """Python's json reads NaN, Infinity and -Infinity, which JSON itself does not allow."""
    raise _NotANumber(name)


def _parse_json(data: bytes) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TransferError(
            [_("The file is not UTF-8 text, so it is not a Samspill export.")]
        ) from None
    try:
        document = json.loads(text, parse_constant=_no_constant)
    except _NotANumber as error:
        raise TransferError(
            [
                _(
                    "The file contains %(value)s, which is not a number: a Samspill export "
                    "never holds NaN or infinity."
                )
                % {"value": error.args[0]}
            ]
        ) from None
    except json.JSONDecodeError as error:
        # A truncated file ends here too: "Expecting ',' delimiter" on its last line.
        raise TransferError(
            [
                _("The file is not valid JSON (line %(line)d, column %(column)d: %(error)s).")
                % {"line": error.lineno, "column": error.colno, "error": error.msg}
            ]
        ) from None
    except RecursionError:
        document = _TOO_DEEP
    if document is _TOO_DEEP or _deeper_than(document, MAX_DEPTH):
        raise TransferError([_("The file is nested too deeply to be a Samspill export.")])
    return document


def _check_keys(value: dict, expected: dict, *, missing: str, wrong: str) -> list[str]:
    """`missing` and `wrong` are messages taking %(key)s, and %(type)s for `wrong`."""
    problems = []
    for key, (json_type, type_name) in expected.items():
        if key not in value:
            problems.append(missing % {"key": key})
        elif not isinstance(value[key], json_type):
            problems.append(wrong % {"key": key, "type": type_name})
    return problems


def read_document(data: bytes, *, bounded: bool = True) -> dict[str, Any]:
    """The parsed file, or TransferError if it is not an export this Samspill can import.

    `bounded` (the browser) checks the file's values and text width before parsing."""
    if bounded:
        _check_size(data)
    document = _parse_json(data)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TransferError(
            [_("This is not a Samspill project export: its “format” is not “%s”.") % FORMAT]
        )
    schema = document.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise TransferError([_("The file does not say which export schema it uses.")])
    if schema != SCHEMA:
        raise TransferError(
            [
                _(
                    "The file uses export schema %(found)d, but this Samspill reads schema "
                    "%(known)d. Import it with a Samspill version that reads schema %(found)d."
                )
                % {"found": schema, "known": SCHEMA}
            ]
        )
    problems = _check_keys(
        document,
        _ENVELOPE,
        missing=_("The file has no “%(key)s”."),
        wrong=_("The file's “%(key)s” should be %(type)s."),
    )
    if isinstance(document.get("project"), dict):
        problems += _check_keys(
            document["project"],
            _PROJECT,
            missing=_("The project in the file has no “%(key)s”."),
            wrong=_("The project's “%(key)s” should be %(type)s."),
        )
        try:
            uuid.UUID(str(document["project"].get("uuid")))
        except ValueError:
            problems.append(_("The project's “uuid” is not a UUID."))
    if problems:
        raise TransferError(problems)
    return document
