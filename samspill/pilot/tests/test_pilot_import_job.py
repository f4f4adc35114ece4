"""A case file over SAMSPILL_IMPORT_JOB_THRESHOLD_BYTES is imported by a background job
(notify/imports.py); the page shows its progress and ends with the report or every problem.
(The immediate backend runs the job at once here.)"""

from pathlib import Path

import pytest
from django.urls import reverse

from samspill.notify.models import JobProgress
from samspill.pilot.models import PilotCase, PilotImport
from samspill.pilot.tests.test_pilot_app import SAMPLE, upload


@pytest.fixture
def var_dir(settings, tmp_path) -> Path:
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    settings.IMPORT_JOB_THRESHOLD_BYTES = 1000  # the sample is well over this
    return settings.VAR_DIR


def stored_uploads(var_dir: Path) -> list[Path]:
    jobs = var_dir / "jobs"
    return list(jobs.iterdir()) if jobs.exists() else []


def broken_sample() -> bytes:
    rows = SAMPLE.read_text().splitlines()
    rows[3] = rows[3].replace(";pilot;", ";pilotx;")
    rows[2] = rows[2].replace("2025-09-01", "31.02.2025")
    return "\n".join(rows).encode()


def test_a_small_file_is_imported_in_the_request(client, project, owner, var_dir, settings):
    settings.IMPORT_JOB_THRESHOLD_BYTES = len(SAMPLE.read_bytes()) + 1
    client.force_login(owner)
    response = upload(client, project, SAMPLE.read_bytes())
    assert response["Location"] == reverse("pilot:report", args=[project.slug])
    assert PilotImport.objects.filter(project=project).exists()
    assert not JobProgress.objects.exists() and stored_uploads(var_dir) == []


def test_a_big_file_is_imported_by_a_job_with_progress(client, project, members, var_dir):
    client.force_login(members["editor"])
    response = upload(
        client, project, SAMPLE.read_bytes(), attributes="gender, age_band", purpose="on"
    )
    progress = JobProgress.objects.get()
    assert response["Location"] == reverse("notify:job_progress", args=[progress.uuid])
    assert (progress.state, progress.done, progress.total) == ("done", 2, 2)
    record = PilotImport.objects.get(project=project)
    assert record.attributes == ["gender", "age_band"] and record.filename == "pilot.csv"
    assert record.summary["flags"] == ["four_fifths", "small_sample"]  # as in the request
    assert stored_uploads(var_dir) == []  # the upload is gone
    page = client.get(response["Location"]).content.decode()
    assert f"{record.cases} cases imported; the report is up to date." in page
    assert reverse("pilot:report", args=[project.slug]) in page
    client.force_login(members["owner"])  # someone else's job is not there for them
    assert client.get(response["Location"]).status_code == 404


def test_a_bad_big_file_fails_the_job_and_lists_every_problem(client, project, owner, var_dir):
    client.force_login(owner)
    response = upload(client, project, broken_sample())
    progress = JobProgress.objects.get()
    assert progress.state == "failed"
    assert [row[1] for row in progress.problems] == ["decided_on", "arm"]
    page = client.get(response["Location"]).content.decode()
    assert "The job failed." in page and "Fix these 2 problems" in page
    assert "“31.02.2025” is not a date" in page and "“pilotx” is not an arm" in page
    assert not PilotCase.objects.exists() and not PilotImport.objects.exists()
    assert stored_uploads(var_dir) == []


def test_the_in_request_path_shows_the_same_problems(client, project, owner, var_dir, settings):
    settings.IMPORT_JOB_THRESHOLD_BYTES = 10_000_000
    client.force_login(owner)
    errors = upload(client, project, broken_sample()).context["errors"]
    settings.IMPORT_JOB_THRESHOLD_BYTES = 1000
    upload(client, project, broken_sample())
    problems = JobProgress.objects.get().problems
    assert problems == [[str(line), column, text] for line, column, text in errors]


def test_a_refused_form_stores_nothing(client, project, owner, var_dir):
    client.force_login(owner)
    response = upload(client, project, SAMPLE.read_bytes(), attributes="gender")  # no purpose
    assert response.status_code == 200
    assert not JobProgress.objects.exists() and stored_uploads(var_dir) == []
    assert not PilotImport.objects.exists()


def test_a_job_that_crashes_on_its_last_try_removes_the_upload(
    client, project, owner, var_dir, settings, monkeypatch
):
    settings.JOB_ATTEMPTS = 2

    def crash(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("samspill.pilot.services.pilot_import", crash)
    client.force_login(owner)
    response = upload(client, project, SAMPLE.read_bytes())
    progress = JobProgress.objects.get()
    assert progress.state == "failed" and progress.problems == []
    assert stored_uploads(var_dir) == []
    assert "The job failed." in client.get(response["Location"]).content.decode()


def test_a_hostile_big_file_fails_the_job_with_the_same_message(
    client, project, owner, var_dir, settings
):
    """The million-row file of tests/hostile_files.py is over the real threshold (1 MB)."""
    from method.pilot_import import COLUMNS
    from samspill.pilot.tests.test_hostile_uploads import MESSAGES
    from tests import hostile_files

    settings.IMPORT_JOB_THRESHOLD_BYTES = 1_000_000
    index = hostile_files.SPREADSHEET_CASE_IDS.index("1m-row-csv")
    name, make = hostile_files.spreadsheet_cases(COLUMNS)[index]
    client.force_login(owner)
    response = upload(client, project, make(), name=name)
    progress = JobProgress.objects.get()
    assert progress.state == "failed"
    assert MESSAGES[index] in client.get(response["Location"]).content.decode()
    assert not PilotCase.objects.exists() and stored_uploads(var_dir) == []


def test_the_job_speaks_the_projects_language(client, project, owner, var_dir):
    project.language = "nb"
    project.save(update_fields=["language"])
    client.force_login(owner)
    upload(client, project, broken_sample())
    upload(client, project, SAMPLE.read_bytes())
    failed, done = JobProgress.objects.order_by("id")
    assert (
        failed.message.startswith("Ingenting ble importert.") and "2 problemene" in failed.message
    )
    assert done.message.endswith("saker importert; rapporten er oppdatert.")


def test_a_retry_after_the_outcome_was_recorded_only_removes_the_file(
    client, project, owner, var_dir
):
    """A worker lost between saving the outcome and deleting the upload: the retry finds
    the outcome, removes the file and does not import again (notify/imports.py)."""
    from samspill.notify.imports import run_stored

    client.force_login(owner)
    upload(client, project, SAMPLE.read_bytes())
    progress = JobProgress.objects.get()
    left_over = var_dir / "jobs" / "left-over.bin"
    left_over.parent.mkdir(exist_ok=True)
    left_over.write_bytes(b"the upload a lost worker did not delete")

    def never(progress, data):
        raise AssertionError("the import ran again")

    assert run_stored(str(progress.uuid), str(left_over), 2, never) == "done"
    assert not left_over.exists()
    assert PilotImport.objects.filter(project=project).count() == 1
