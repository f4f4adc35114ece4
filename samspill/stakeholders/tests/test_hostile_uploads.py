"""Hostile files sent to the people import: a clear error, nothing stored (docs: imports)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samspill.audit.models import AuditEntry
from tests import hostile_files

MESSAGES = hostile_files.SPREADSHEET_MESSAGES


@pytest.mark.parametrize(
    ("case", "message"),
    list(zip(hostile_files.spreadsheet_cases(["group", "name"]), MESSAGES, strict=True)),
    ids=hostile_files.SPREADSHEET_CASE_IDS,
)
def test_a_hostile_file_gets_a_clear_error_and_nothing_is_stored(
    client, project, owner, case, message, settings
):
    settings.IMPORT_JOB_THRESHOLD_BYTES = 10**9  # in the request (the job: test_import_job)
    name, make = case
    entries = AuditEntry.objects.count()
    client.force_login(owner)
    response = client.post(
        reverse("stakeholders:import", args=[project.slug]),
        {"file": SimpleUploadedFile(name, make())},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not project.people.exists()
    assert AuditEntry.objects.count() == entries
