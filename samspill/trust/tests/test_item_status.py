"""Setting a TRUST item's status in place, and marking a gate's missing item done from the gate."""

from django.urls import reverse

from samspill.audit.models import AuditEntry
from samspill.overview.trust import trust_overview


def status_url(project, item):
    return reverse("trust:item_status", args=[project.slug, item.uuid])


def trust_url(project):
    return reverse("trust:checklists", args=[project.slug])


def test_an_editor_ticks_an_item_done_in_place(client, project, owner):
    item = project.checklist_items.get(key="processing_documented")
    client.force_login(owner)
    response = client.post(
        status_url(project, item), {"status": "done", "version": item.version}, follow=True
    )
    assert response.redirect_chain[-1][0] == trust_url(project)
    item.refresh_from_db()
    assert item.status == "done" and item.version == 2
    entry = AuditEntry.objects.get(object_type="trust.checklistitem", action="update")
    assert entry.changes["status"] == ["open", "done"]
    assert "is now: Done" in response.content.decode()


def test_a_status_from_a_stale_page_is_refused_and_the_newer_one_kept(client, project, owner):
    item = project.checklist_items.get(key="processing_documented")
    client.force_login(owner)
    client.post(status_url(project, item), {"status": "in_progress", "version": 1})
    # A second tab still shows version 1: its tick must not overwrite "in progress".
    response = client.post(status_url(project, item), {"status": "done", "version": 1}, follow=True)
    item.refresh_from_db()
    assert item.status == "in_progress" and item.version == 2
    assert "since this page was loaded" in response.content.decode()
    assert (
        AuditEntry.objects.filter(object_type="trust.checklistitem", action="update").count() == 1
    )


def test_an_unknown_status_or_missing_version_changes_nothing(client, project, owner):
    item = project.checklist_items.get(key="processing_documented")
    client.force_login(owner)
    for data in (
        {"status": "finished", "version": 1},
        {"status": "done"},
        {"status": "done", "version": "x"},
    ):
        response = client.post(status_url(project, item), data, follow=True)
        assert "choose one of the listed statuses" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "open" and item.version == 1


def test_a_viewer_cannot_set_a_status(client, project, members):
    item = project.checklist_items.get(key="processing_documented")
    client.force_login(members["viewer"])
    response = client.post(status_url(project, item), {"status": "done", "version": 1})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == "open"


def test_a_gates_missing_item_is_marked_done_from_the_gate(client, project, owner):
    client.force_login(owner)
    gate = trust_overview(project, language="en").gates[0]
    title, item = next((title, item) for title, item in gate.missing if item is not None)
    page = client.get(trust_url(project)).content.decode()
    assert f"Mark “{item.title}” done" in page.replace("&#x27;", "'")
    client.post(status_url(project, item), {"status": "done", "version": item.version})
    gate = trust_overview(project, language="en").gates[0]
    assert title not in gate.missing_titles
