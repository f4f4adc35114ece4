"""Hostile files sent to the pilot import: a clear error, and no case or import stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from method.pilot_import import COLUMNS
from samspill.audit.models import AuditEntry
from samspill.pilot.models import PilotCase, PilotImport
from tests import hostile_files

MESSAGES = [
    "The XLSX file unpacks to more than 64 MB.",
    "The XLSX file unpacks to more than 64 MB.",  # seven columns of 300,000 rows
    # Rows of two letters each: wrong long before the 200,000-row cap; the first problems
    # are listed, and the rest counted up to the cap.
    "more problems: the file breaks a limit part way, so the rest was not read.",
    # The header is checked first: these columns are not a pilot's.
    "the file has no such column",
    "This does not look like a CSV text file.",
    "The file is saved as UTF-16 (“Unicode text”).",
]


def post(client, project, name: str, data: bytes):
    return client.post(
        reverse("pilot:import", args=[project.slug]), {"file": SimpleUploadedFile(name, data)}
    )


def assert_nothing_stored(entries: int) -> None:
    assert not PilotCase.objects.exists()
    assert not PilotImport.objects.exists()
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize(
    ("case", "message"),
    list(zip(hostile_files.spreadsheet_cases(COLUMNS), MESSAGES, strict=True)),
    ids=hostile_files.SPREADSHEET_CASE_IDS,
)
def test_a_hostile_case_file_gets_a_clear_error_and_nothing_is_stored(
    client, project, members, case, message, settings
):
    settings.IMPORT_JOB_THRESHOLD_BYTES = 10**9  # in the request (the job: test_pilot_import_job)
    name, make = case
    entries = AuditEntry.objects.count()
    client.force_login(members["editor"])
    response = post(client, project, name, make())
    assert response.status_code == 200
    assert message in response.content.decode()
    assert_nothing_stored(entries)


def test_a_case_file_over_the_row_cap_stops_there_and_stores_nothing(
    client, project, members, monkeypatch
):
    monkeypatch.setattr("samspill.pilot.services.MAX_ROWS", 1_000)
    rows = b"".join(b"case-%d,2026-09-14,HR,advance,advance,5,pilot\n" % n for n in range(5_000))
    entries = AuditEntry.objects.count()
    client.force_login(members["editor"])
    response = post(client, project, "cases.csv", ",".join(COLUMNS).encode() + b"\n" + rows)
    assert "The file has more than 1,000 rows." in response.content.decode()
    assert_nothing_stored(entries)
