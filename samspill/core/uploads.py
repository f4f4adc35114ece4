"""Uploaded files: one size check for every import form, and the words for a table that cannot
be read.

The limits on what a file may hold live where the file is read: `method.spreadsheet` for CSV
and XLSX (rows, columns, cells, the unpacked size of an XLSX archive),
`transfer.reading` for project files, `method.usage` for usage logs. A form refuses a file
over its size before anything reads it. Django keeps an upload over
FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) in a temporary file, so receiving one costs no memory.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from method.spreadsheet import TableError
from samspill.core.figures import number

MB = 1024 * 1024


class UploadField(forms.FileField):
    """A file field that refuses a file over `max_bytes`; the size Django reports is the
    number of bytes it received, so the check holds whatever the file claims."""

    default_error_messages = {
        "too_large": gettext_lazy("The file is larger than %(limit)s MB."),
    }

    def __init__(self, *, max_bytes: int, **kwargs):
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload.size > self.max_bytes:
            raise forms.ValidationError(
                self.error_messages["too_large"],
                code="too_large",
                params={"limit": max(1, self.max_bytes // MB)},
            )
        return upload


def table_error_message(error: TableError) -> str:
    """A TableError from method.spreadsheet (or a reader built on it) in the user's language."""
    messages = {
        "too_large": _("The file is larger than %(limit_mb)s MB."),
        "empty": _("The file is empty."),
        "binary": _(
            "This does not look like a CSV text file. Save it as CSV or XLSX and try again."
        ),
        "utf16": _(
            "The file is saved as UTF-16 (“Unicode text”). Save it as CSV UTF-8 or XLSX "
            "and try again."
        ),
        "unreadable_xlsx": _(
            "The XLSX file could not be read. Is it damaged or password-protected?"
        ),
        "bad_csv": _("The CSV file could not be read: %(detail)s"),
        "no_header": _("The first row must name the columns."),
        "too_many_rows": _("The file has more than %(limit)s rows."),
        "too_many_columns": _("Line %(line)s has more than %(limit)s columns."),
        "cell_too_long": _("Line %(line)s has a cell longer than %(limit)s characters."),
        "text_too_long": _(
            "The file holds a text longer than %(limit)s characters, more than a "
            "spreadsheet cell can hold."
        ),
        "xlsx_unpacked": _(
            "The XLSX file unpacks to more than %(limit_mb)s MB. Save it as CSV and import that."
        ),
        "xlsx_part_too_large": _(
            "The part %(part)s of the XLSX file unpacks to more than %(limit_mb)s MB. "
            "Save the file again from Excel, or as CSV."
        ),
        "xlsx_too_many_parts": _(
            "The XLSX file is made of more than %(limit)s parts. Save it again from Excel, "
            "or as CSV."
        ),
        "xlsx_too_big": _(
            "The XLSX file is too big to read here: it holds more than about %(limit)s "
            "cells. Save it as CSV and import that."
        ),
        "missing_columns": _("Required column missing: %(columns)s."),
    }
    params = {
        name: number(value) if name == "limit" else value for name, value in error.params.items()
    }
    return messages.get(error.code, error.code) % params


# Every import lists at most its method's MAX_ERRORS problems, then one last entry with the
# code "too_many_errors" and params {"limit": …, "more": …}: how many problems were not listed.


def more_problems_message(params) -> str:
    """The last line of a long error list: how many problems are not shown."""
    params = dict(params)
    more = params.get("more")
    if params.get("stopped"):  # a limit of the file stopped the reading part way
        return ngettext(
            "and at least %(more)s more problem: the file breaks a limit part way, so the "
            "rest was not read. Is this the right file?",
            "and at least %(more)s more problems: the file breaks a limit part way, so the "
            "rest was not read. Is this the right file?",
            more or 0,
        ) % {"more": number(more or 0)}
    if not more:  # an older refusal that stopped counting at the limit
        return _("more than %(limit)s problems; is this the right file?") % {
            "limit": number(params.get("limit", 0))
        }
    return ngettext(
        "and %(more)s more problem, not listed here; is this the right file?",
        "and %(more)s more problems, not listed here; is this the right file?",
        more,
    ) % {"more": number(more)}


def problem_count(errors) -> int:
    """How many problems a refused import found: the listed ones and the ones only counted."""
    return sum(
        dict(error.params).get("more", 1) if error.code == "too_many_errors" else 1
        for error in errors
    )
