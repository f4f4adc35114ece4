"""A stakeholder list over SAMSPILL_IMPORT_JOB_THRESHOLD_BYTES is imported by a background
job (notify/imports.py); the page shows its progress and ends with the people or every
problem. (The immediate backend runs the job at once here.)"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samspill.notify.models import JobProgress
from samspill.stakeholders.forms import ImportForm
from samspill.stakeholders.tests.test_importing import GOOD

BAD = (
    "Gruppe;Navn;Innflytelse;Holdning;E-post\n"
    "IT;Kari Lunde;7;kanskje;ikke-en-epost\n"
    "IT;Ola Berg;3;positiv;ola@example\n"
)


@pytest.fixture
def var_dir(settings, tmp_path) -> Path:
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    settings.IMPORT_JOB_THRESHOLD_BYTES = 50
    return settings.VAR_DIR


def stored_uploads(var_dir: Path) -> list[Path]:
    jobs = var_dir / "jobs"
    return list(jobs.iterdir()) if jobs.exists() else []


def post(client, project, text: str, name="people.csv"):
    upload = SimpleUploadedFile(name, text.encode())
    return client.post(reverse("stakeholders:import", args=[project.slug]), {"file": upload})


def test_a_small_list_is_imported_in_the_request(client, project, owner, var_dir, settings):
    settings.IMPORT_JOB_THRESHOLD_BYTES = len(GOOD.encode()) + 1
    client.force_login(owner)
    response = post(client, project, GOOD)
    assert response.status_code == 200 and "2 added" in response.content.decode()
    assert project.people.count() == 2
    assert not JobProgress.objects.exists() and stored_uploads(var_dir) == []


def test_a_big_list_is_imported_by_a_job_with_progress(client, project, members, var_dir):
    client.force_login(members["editor"])
    response = post(client, project, GOOD)
    progress = JobProgress.objects.get()
    assert response["Location"] == reverse("notify:job_progress", args=[progress.uuid])
    assert (progress.state, progress.done, progress.total) == ("done", 2, 2)
    assert sorted(project.people.values_list("name", flat=True)) == ["Anders Nilsen", "Per Solberg"]
    assert stored_uploads(var_dir) == []
    page = client.get(response["Location"]).content.decode()
    assert "Imported: 2 added, 0 updated, 0 unchanged." in page
    assert reverse("stakeholders:people", args=[project.slug]) in page


def test_a_bad_big_list_fails_the_job_and_lists_every_problem(client, project, owner, var_dir):
    client.force_login(owner)
    response = post(client, project, BAD, name="personer.csv")
    progress = JobProgress.objects.get()
    assert progress.state == "failed"
    assert [tuple(row[:2]) for row in progress.problems] == [
        ("2", "Innflytelse"),
        ("2", "Holdning"),
        ("2", "E-post"),
        ("3", "E-post"),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Fix these 4 problems" in page
    assert "“ikke-en-epost” is not an e-mail address" in page
    assert not project.people.exists() and stored_uploads(var_dir) == []


def test_an_unreadable_big_file_fails_the_job_with_the_reason(client, project, owner, var_dir):
    client.force_login(owner)
    post(client, project, "only one column header and nothing else at all\n" * 3)
    progress = JobProgress.objects.get()
    assert progress.state == "failed" and progress.message.startswith("Nothing was imported.")
    assert progress.problems == [] and stored_uploads(var_dir) == []


def test_a_refused_upload_stores_nothing(client, project, owner, var_dir, monkeypatch):
    monkeypatch.setattr(ImportForm.base_fields["file"], "max_bytes", 60)
    client.force_login(owner)
    response = post(client, project, GOOD)  # over 60 bytes: the form refuses it
    assert response.status_code == 200 and "larger than" in response.content.decode()
    assert not JobProgress.objects.exists() and stored_uploads(var_dir) == []
    assert not project.people.exists()


def test_a_hostile_big_file_fails_the_job_with_the_same_message(
    client, project, owner, var_dir, settings
):
    """The million-row file of tests/hostile_files.py is over the real threshold (1 MB)."""
    from tests import hostile_files

    settings.IMPORT_JOB_THRESHOLD_BYTES = 1_000_000
    index = hostile_files.SPREADSHEET_CASE_IDS.index("1m-row-csv")
    name, make = hostile_files.spreadsheet_cases(["group", "name"])[index]
    client.force_login(owner)
    response = client.post(
        reverse("stakeholders:import", args=[project.slug]),
        {"file": SimpleUploadedFile(name, make())},
    )
    assert JobProgress.objects.get().state == "failed"
    page = client.get(response["Location"]).content.decode()
    assert hostile_files.SPREADSHEET_MESSAGES[index] in page
    assert not project.people.exists() and stored_uploads(var_dir) == []
