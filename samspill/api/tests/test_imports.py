"""Usage-log and pilot imports through the API: 202 with a job, the job runs the same
service as the import page (here at once: the test settings run jobs immediately), and
its status resource tells the outcome. A bad file fails the job and stores nothing."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from samspill.audit.models import AuditEntry
from samspill.kpis.models import UsageImport
from samspill.pilot.models import PilotImport

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples"


def _upload(client, path, token, name, data):
    return client.post(
        "/api/v1" + path,
        {"file": SimpleUploadedFile(name, data, content_type="text/csv")},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_usage_import_runs_as_a_job_and_reports_done(client, project, owner, make_token):
    token = make_token(owner)
    data = (SAMPLES / "usage.csv").read_bytes()
    response = _upload(client, f"/projects/{project.slug}/imports/usage", token, "usage.csv", data)
    assert response.status_code == 202, response.content
    job = response.json()
    status = client.get(
        f"/api/v1/projects/{project.slug}/jobs/{job['uuid']}", HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    assert status["status"] == "done", status
    assert status["result"]["weeks"] == UsageImport.objects.get(project=project).weeks
    entry = AuditEntry.objects.filter(object_type="kpis.usageimport").latest("sequence")
    assert entry.actor_label == "owner via API"


def test_a_bad_pilot_file_fails_the_job_with_errors_and_stores_nothing(
    client, project, owner, make_token
):
    token = make_token(owner)
    response = _upload(
        client, f"/projects/{project.slug}/imports/pilot", token, "pilot.csv", b"nonsense\n1\n"
    )
    assert response.status_code == 202, response.content
    job = client.get(
        f"/api/v1/projects/{project.slug}/jobs/{response.json()['uuid']}",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    ).json()
    assert job["status"] == "failed"
    assert job["errors"]
    assert not PilotImport.objects.filter(project=project).exists()


def test_survey_results_are_the_released_aggregates_only(client, project, owner, make_token):
    from samspill.surveys.services import survey_create

    survey = survey_create(actor=owner, project=project, title="Pulse", departments=["HR"])
    response = client.get(
        f"/api/v1/projects/{project.slug}/surveys/{survey.uuid}/results",
        HTTP_AUTHORIZATION=f"Bearer {make_token(owner, scope='read')}",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["survey"] == str(survey.uuid)
    # The very rows of the page's CSV export: the released view, masked below k.
    from method.surveys import result_rows
    from samspill.surveys.selectors import results_of

    labels = dict(survey.audiences.values_list("id", "label"))
    header, rows = result_rows(results_of(survey, labels))
    assert body["header"] == header
    assert body["rows"] == [list(row) for row in rows]


def test_the_pilot_job_resource_shows_progress_and_every_problem(
    client, project, owner, make_token
):
    from samspill.api.models import ApiJob
    from samspill.core import clock

    token = make_token(owner)
    rows = (SAMPLES / "pilot.csv").read_text().splitlines()
    rows[1] = rows[1].replace(";pilot;", ";pilotx;")
    rows[3] = rows[3].replace(";pilot;", ";sideways;")
    response = _upload(
        client,
        f"/projects/{project.slug}/imports/pilot",
        token,
        "pilot.csv",
        "\n".join(rows).encode(),
    )
    job = client.get(
        f"/api/v1/projects/{project.slug}/jobs/{response.json()['uuid']}",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    ).json()
    assert job["status"] == "failed" and job["progress"] == {"done": 2, "total": 2}
    assert job["errors"] == [
        "2, arm: “pilotx” is not an arm (pilot or control)",
        "4, arm: “sideways” is not an arm (pilot or control)",
    ]
    assert ApiJob.objects.get(uuid=job["uuid"]).data == b""  # the upload is not kept
    waiting = ApiJob.objects.create(
        project=project,
        user=owner,
        kind="pilot",
        filename="x.csv",
        data=b"",
        created_at=clock.now(),
    )
    job = client.get(
        f"/api/v1/projects/{project.slug}/jobs/{waiting.uuid}",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    ).json()
    assert job["progress"] == {"done": 0, "total": 2}
