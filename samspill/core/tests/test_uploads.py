import inspect
import re

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from method import spreadsheet, stakeholder_import
from method.spreadsheet import TableError
from samspill.core.uploads import UploadField, table_error_message

CODES = sorted(
    set(re.findall(r'TableError\(\s*"(\w+)"', inspect.getsource(spreadsheet)))
    | set(re.findall(r'TableError\(\s*"(\w+)"', inspect.getsource(stakeholder_import)))
)
PARAMS = {"limit": 20_000, "limit_mb": 5, "line": 7, "part": "xl/styles.xml", "detail": "x"}


@pytest.mark.parametrize("language", ["en", "nb"])
@pytest.mark.parametrize("code", CODES)
def test_every_table_error_is_worded_in_both_languages(code, language):
    with translation.override(language):
        message = table_error_message(TableError(code, **PARAMS, columns="group"))
    assert message != code
    assert "%(" not in message


def test_a_limit_is_written_with_thousands_grouped():
    message = table_error_message(TableError("too_many_rows", limit=20_000))
    assert message == "The file has more than 20,000 rows."


class Form(forms.Form):
    file = UploadField(max_bytes=1024 * 1024)


def test_an_upload_at_the_limit_is_accepted_and_one_byte_more_refused():
    exact = SimpleUploadedFile("a.csv", b"x" * 1024 * 1024)
    assert Form(files={"file": exact}).is_valid()
    form = Form(files={"file": SimpleUploadedFile("a.csv", b"x" * (1024 * 1024 + 1))})
    assert form.errors == {"file": ["The file is larger than 1 MB."]}
