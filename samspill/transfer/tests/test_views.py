import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samspill.projects.models import Project
from samspill.transfer.exporting import project_export_json
from samspill.transfer.tests.helpers import db_state

pytestmark = pytest.mark.django_db


def export_url(project):
    return reverse("transfer:export", args=[project.slug])


def test_an_owner_downloads_the_export(client, project, owner):
    client.force_login(owner)
    response = client.get(export_url(project))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert f'filename="{project.slug}-' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    document = json.loads(response.content)
    assert document["project"]["uuid"] == str(project.uuid)
    assert document["exported_by"] == "owner"


@pytest.mark.parametrize(
    ("role", "status"), [("editor", 403), ("observer", 403), ("outsider", 404)]
)
def test_nobody_but_an_owner_may_export(client, project, members, role, status):
    client.force_login(members[role])
    assert client.get(export_url(project)).status_code == status


def test_an_anonymous_visitor_is_sent_to_log_in(client, project):
    response = client.get(export_url(project))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.get(reverse("transfer:import")).status_code == 302


def test_any_user_imports_a_file_as_a_new_project_they_own(client, project, make_user):
    data = project_export_json(project)
    someone = make_user(username="someone")
    client.force_login(someone)
    upload = SimpleUploadedFile("cv.json", data, content_type="application/json")
    response = client.post(reverse("transfer:import"), {"file": upload})
    copy = Project.objects.exclude(pk=project.pk).get()
    assert response.status_code == 302
    assert response["Location"] == copy.get_absolute_url()
    assert dict(copy.memberships.values_list("user__username", "role")) == {"someone": "owner"}
    page = client.get(response["Location"]).content.decode()
    assert "Imported “CV screening pilot” as cv-screening-pilot-2" in page
    assert "The audit history was checked: all" in page
    assert "Not added as members" in page


def test_a_refused_file_is_explained_on_the_form_and_changes_nothing(client, owner):
    client.force_login(owner)
    before = db_state()
    upload = SimpleUploadedFile("broken.json", b'{"format": "samspill-project", "sch')
    response = client.post(reverse("transfer:import"), {"file": upload})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was imported." in body
    assert "not valid JSON" in body
    assert db_state() == before


def test_the_import_page_explains_itself(client, owner):
    client.force_login(owner)
    response = client.get(reverse("transfer:import"))
    assert response.status_code == 200
    assert "You become its owner" in response.content.decode()


def test_the_imported_history_page_shows_the_check(client, project, owner):
    from samspill.transfer.importing import project_import

    copy = project_import(actor=owner, data=project_export_json(project), filename="f.json")
    client.force_login(owner)
    response = client.get(reverse("transfer:history", args=[copy.project.slug]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "each links to the one before it, and together they match the digest" in body
    assert "the history ended at the last entry the export recorded" in body
    assert "rewritten throughout" in body  # what the checks cannot see
    assert copy.history_entries == body.count('<td class="num muted">')


@pytest.mark.parametrize(("role", "status"), [("observer", 200), ("editor", 403), ("viewer", 403)])
def test_the_imported_history_is_for_those_who_read_the_audit_trail(
    client, project, members, role, status
):
    client.force_login(members[role])
    response = client.get(reverse("transfer:history", args=[project.slug]))
    assert response.status_code == status


def test_a_damaged_project_is_reported_rather_than_exported_with_a_gap(
    client, project, owner, make_user
):
    from samspill.objections.models import Objection
    from samspill.projects.services import project_create
    from samspill.stakeholders.services import person_create

    other = project_create(actor=owner, name="Other", ai_tool="Bot", start_date=project.start_date)
    stranger = person_create(
        actor=owner, project=other, group=other.stakeholder_groups.first(), name="Stranger"
    )
    Objection.objects.create(
        project=project, text="Hm", raised_on=project.start_date, category="cost", person=stranger
    )
    client.force_login(owner)
    response = client.get(export_url(project), follow=True)
    assert response.redirect_chain[0][0] == reverse("projects:settings", args=[project.slug])
    assert "points to an object outside the project" in response.content.decode()


def test_an_oversized_upload_is_refused_before_it_is_read(client, owner, monkeypatch):
    from samspill.transfer.forms import ProjectImportForm

    monkeypatch.setattr(ProjectImportForm.base_fields["file"], "max_bytes", 10)
    client.force_login(owner)
    upload = SimpleUploadedFile("big.json", b"{" + b" " * 20 + b"}")
    response = client.post(reverse("transfer:import"), {"file": upload})
    assert response.status_code == 400
    assert "The file is larger than 1 MB." in response.content.decode()


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        ("en", ["How the audit history is checked", "What the checks cannot see:"]),
        ("nb", ["Slik blir revisjonshistorikken kontrollert", "Det kontrollene ikke kan se:"]),
    ],
)
def test_the_import_page_says_what_is_checked(client, owner, language, phrases):
    client.force_login(owner)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    body = client.get(reverse("transfer:import")).content.decode()
    for phrase in phrases:
        assert phrase in body


def test_a_forged_history_is_refused_on_the_page_with_the_entry_named(client, project, owner):
    from method.audit_chain import ChainEntry, compute_hash

    document = json.loads(project_export_json(project))
    entry = document["audit"][1]
    entry["object_repr"] = "forged"
    entry["entry_hash"] = compute_hash(ChainEntry(**entry))
    client.force_login(owner)
    before = db_state()
    upload = SimpleUploadedFile("forged.json", json.dumps(document).encode())
    response = client.post(reverse("transfer:import"), {"file": upload})
    assert response.status_code == 400
    body = response.content.decode()
    assert f"audit entry {document['audit'][2]['sequence']}: it does not link" in body
    assert "All " not in body.split("Nothing was imported.")[1].split("</form>")[0]
    assert db_state() == before
