"""Hostile files sent to the project import: a clear error before they can cost a worker much
memory, and nothing changes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samspill.transfer import reading
from samspill.transfer.errors import TransferError
from samspill.transfer.tests.helpers import db_state
from tests import hostile_files

NOT_UTF8 = "The file is not UTF-8 text, so it is not a Samspill export."
NESTED = "The file is nested too deeply to be a Samspill export."


def refused_upload(client, owner, name: str, data: bytes) -> str:
    client.force_login(owner)
    before = db_state()
    response = client.post(reverse("transfer:import"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    assert db_state() == before
    return response.content.decode()


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("bomb.xlsx", hostile_files.zip_bomb_xlsx, NOT_UTF8),
        (
            "rows.xlsx",
            lambda: hostile_files.many_rows_xlsx(300_000, ["a"], ["b"]),
            NOT_UTF8,
        ),
        ("garbage.json", hostile_files.garbage, NOT_UTF8),
        ("unicode.json", lambda: hostile_files.utf16_csv('{"format": 1}'), NOT_UTF8),
        (
            # 6 MB of small objects: 750,000 dictionaries, 140 MB once parsed.
            "objects.json",
            lambda: b"[" + b'{"a":0},' * 750_000 + b"0]",
            "Reading this file would take about 179 MB of memory",
        ),
        ("deep.json", lambda: b"[" * 100 + b"]" * 100, NESTED),
        ("deeper.json", lambda: b"[" * 100_000, NESTED),  # past Python's recursion limit
    ],
    ids=["zip-bomb", "300k-row-xlsx", "garbage", "utf16", "many-values", "deep", "deeper"],
)
def test_a_hostile_project_file_gets_a_clear_error_and_nothing_changes(
    client, owner, name, make, message
):
    assert message in refused_upload(client, owner, name, make())


def test_a_large_file_with_an_emoji_is_sent_to_the_command_line(client, owner, monkeypatch):
    # One emoji makes Python store the whole text at four bytes a character.
    monkeypatch.setattr(reading, "MAX_TEXT_BYTES", 4 * 1024)
    data = b'{"format": "' + b"x" * 1024 + "😀".encode() + b'"}'
    page = refused_upload(client, owner, "emoji.json", data)
    assert "The file holds emoji or similar characters" in page
    assert "samspill import" in page


def test_the_command_line_reads_a_file_past_the_web_limits():
    many = b"[" + b'{"a":0},' * 750_000 + b"0]"
    with pytest.raises(TransferError) as refused:
        reading.read_document(many, bounded=False)
    assert "not a Samspill project export" in refused.value.problems[0]
