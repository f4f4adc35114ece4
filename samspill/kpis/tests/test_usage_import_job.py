"""A usage log over the size threshold is imported by a background job; the page shows
its progress. (The immediate backend runs the job at once here; in production the worker
does, see samspill/notify/tests/test_worker_process.py.)"""

from django.urls import reverse

from samspill.kpis.models import UsageWeek
from samspill.kpis.tests.test_usage_import import csv_file, events, form_data
from samspill.notify.models import JobProgress


def test_a_big_log_is_imported_by_a_job_with_progress(client, project, members, tmp_path, settings):
    settings.IMPORT_JOB_THRESHOLD_BYTES = 100
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    path = csv_file(tmp_path, events(6, "2026-09-08"))
    client.force_login(members["editor"])
    response = client.post(reverse("kpis:usage_import", args=[project.slug]), form_data(path))
    progress = JobProgress.objects.get()
    assert response["Location"] == reverse("notify:job_progress", args=[progress.uuid])
    assert (progress.state, progress.done, progress.total) == ("done", 4, 4)
    assert UsageWeek.objects.exists()
    assert list((settings.VAR_DIR / "jobs").iterdir()) == []  # the upload is gone
    page = client.get(response["Location"]).content.decode()
    assert "6 events read" in page
    assert reverse("kpis:usage", args=[project.slug]) in page
    client.force_login(members["owner"])  # someone else's job is not there for them
    assert client.get(response["Location"]).status_code == 404


def test_a_bad_big_log_fails_the_job_with_the_reason(client, project, members, tmp_path, settings):
    settings.IMPORT_JOB_THRESHOLD_BYTES = 10
    settings.VAR_DIR = tmp_path
    path = csv_file(tmp_path, ["a,not a time,chat,HR"] * 5)
    client.force_login(members["editor"])
    response = client.post(reverse("kpis:usage_import", args=[project.slug]), form_data(path))
    progress = JobProgress.objects.get()
    assert progress.state == "failed"
    assert "not a date and time" in progress.message
    assert [row[0] for row in progress.problems] == ["2", "3", "4", "5", "6"]  # all
    assert not UsageWeek.objects.exists()
    assert "The job failed." in client.get(response["Location"]).content.decode()


def test_the_progress_fragment_answers_htmx(client, members, db):
    progress = JobProgress.objects.create(user=members["viewer"], label="Import", state="running")
    client.force_login(members["viewer"])
    url = reverse("notify:job_progress", args=[progress.uuid])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section class="card" id="job-progress"')
    assert 'hx-trigger="every 2s"' in fragment


def test_the_job_keeps_the_memory_budget(client, project, members, tmp_path, settings, monkeypatch):
    from method.usage import Budget

    settings.IMPORT_JOB_THRESHOLD_BYTES = 100
    settings.VAR_DIR = tmp_path
    monkeypatch.setattr("samspill.kpis.jobs.WEB_BUDGET", Budget(memory_limit="1MB", threads=1))
    rows = [f"u{n}@example.no,2026-09-07 10:00,chat,HR" for n in range(50_000)]
    client.force_login(members["editor"])
    client.post(
        reverse("kpis:usage_import", args=[project.slug]), form_data(csv_file(tmp_path, rows))
    )
    progress = JobProgress.objects.get()
    assert progress.state == "failed"
    assert "the file needs more than 1MB of memory to count" in progress.message
    assert not UsageWeek.objects.exists()
