"""Reading a file's envelope: is it a Samspill project export this version can import?"""

import json
import uuid
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


def _parse_json(data: bytes) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TransferError(
            [_("The file is not UTF-8 text, so it is not a Samspill export.")]
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        # A truncated file ends here too: "Expecting ',' delimiter" on its last line.
        raise TransferError(
            [
                _("The file is not valid JSON (line %(line)d, column %(column)d: %(error)s).")
                % {"line": error.lineno, "column": error.colno, "error": error.msg}
            ]
        ) from None
    except RecursionError:
        raise TransferError([_("The file is nested too deeply to be a Samspill export.")]) from None


def _check_keys(value: dict, expected: dict, *, missing: str, wrong: str) -> list[str]:
    """`missing` and `wrong` are messages taking %(key)s, and %(type)s for `wrong`."""
    problems = []
    for key, (json_type, type_name) in expected.items():
        if key not in value:
            problems.append(missing % {"key": key})
        elif not isinstance(value[key], json_type):
            problems.append(wrong % {"key": key, "type": type_name})
    return problems


def read_document(data: bytes) -> dict[str, Any]:
    """The parsed file, or TransferError if it is not an export this Samspill can import."""
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
