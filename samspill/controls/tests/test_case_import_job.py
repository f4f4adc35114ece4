"""A weekly case file over SAMSPILL_IMPORT_JOB_THRESHOLD_BYTES is imported by a background
job (notify/imports.py); the page shows its progress and ends with the controls or every
problem. (The immediate backend runs the job at once here.)"""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samspill.controls.forms import CaseImportForm
from samspill.controls.models import ControlWeek
from samspill.controls.tests.helpers import week_csv
from samspill.notify.models import JobProgress
from samspill.pilot.models import CaseImport, PilotCase

THIS_MONDAY = dt.date(2026, 10, 12)  # the pinned clock's week


@pytest.fixture
def var_dir(settings, tmp_path) -> Path:
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    settings.IMPORT_JOB_THRESHOLD_BYTES = 500  # a week of 40 cases is over this
    return settings.VAR_DIR


def stored_uploads(var_dir: Path) -> list[Path]:
    jobs = var_dir / "jobs"
    return list(jobs.iterdir()) if jobs.exists() else []


def post(client, project, data: bytes):
    upload = SimpleUploadedFile("week.csv", data, content_type="text/csv")
    return client.post(reverse("controls:case_import", args=[project.slug]), {"file": upload})


def test_a_small_week_is_imported_in_the_request(client, project, owner, var_dir):
    client.force_login(owner)
    response = post(client, project, week_csv(THIS_MONDAY, cases=3))
    assert response["Location"] == reverse("controls:page", args=[project.slug])
    assert PilotCase.objects.filter(project=project).count() == 3
    assert not JobProgress.objects.exists() and stored_uploads(var_dir) == []


def test_a_big_week_is_imported_by_a_job_with_progress(client, project, owner, var_dir):
    client.force_login(owner)
    response = post(client, project, week_csv(THIS_MONDAY))
    progress = JobProgress.objects.get()
    assert response["Location"] == reverse("notify:job_progress", args=[progress.uuid])
    assert (progress.state, progress.done, progress.total) == ("done", 2, 2)
    assert PilotCase.objects.filter(project=project).count() == 40
    assert ControlWeek.objects.filter(control__project=project, week=THIS_MONDAY).exists()
    assert stored_uploads(var_dir) == []
    page = client.get(response["Location"]).content.decode()
    assert "40 cases imported and the controls evaluated." in page
    assert reverse("controls:page", args=[project.slug]) in page


def test_a_bad_big_week_fails_the_job_and_lists_every_problem(client, project, owner, var_dir):
    bad = week_csv(THIS_MONDAY).replace(b";pilot\n", b";sideways\n", 2)
    client.force_login(owner)
    response = post(client, project, bad)
    progress = JobProgress.objects.get()
    assert progress.state == "failed"
    assert [(row[0], row[1]) for row in progress.problems] == [("2", "arm"), ("3", "arm")]
    page = client.get(response["Location"]).content.decode()
    assert "Fix these 2 problems" in page and "“sideways” is not an arm" in page
    assert not PilotCase.objects.exists() and not CaseImport.objects.exists()
    assert stored_uploads(var_dir) == []


def test_a_refused_upload_stores_nothing(client, project, owner, var_dir, monkeypatch):
    monkeypatch.setattr(CaseImportForm.base_fields["file"], "max_bytes", 600)
    client.force_login(owner)
    response = post(client, project, week_csv(THIS_MONDAY))  # over 600 bytes
    assert response.status_code == 400 and "larger than" in response.content.decode()
    assert not JobProgress.objects.exists() and stored_uploads(var_dir) == []
    assert not PilotCase.objects.exists()
