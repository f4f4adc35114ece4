import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samspill.audit.models import AuditEntry
from samspill.overview.trust import trust_overview
from samspill.stakeholders.services import engagement_create
from samspill.trust import services
from samspill.trust.models import GateOverride


def test_a_new_project_gets_the_trust_checklists(project):
    items = project.checklist_items.all()
    assert {i.step for i in items} == {
        "transparency",
        "relevance",
        "simple",
        "security",
        "training",
    }
    assert items.filter(key="processing_documented").exists()


def edit_url(project, item):
    return reverse("trust:item_edit", args=[project.slug, item.uuid])


def form_data(item, **changes):
    data = {
        "step": item.step,
        "title": item.title,
        "help": item.help,
        "owner": "",
        "due_date": "",
        "status": item.status,
        "evidence_note": "",
        "evidence_link": "",
        "version": item.version,
    }
    return {**data, **changes}


def test_marking_items_done_raises_readiness_and_opens_the_gate(client, project, owner):
    client.force_login(owner)
    overview = trust_overview(project, language="en")
    prototype = overview.gates[0]
    assert not prototype.result.open
    assert prototype.missing_titles == [
        "The data the AI uses is documented",
        "What the AI cannot and may not do is documented",
    ]
    for key in ("data_documented", "limits_documented"):
        item = project.checklist_items.get(key=key)
        response = client.post(
            edit_url(project, item), form_data(item, status="done", owner=owner.pk)
        )
        assert response.status_code == 302
    overview = trust_overview(project, language="en")
    assert overview.gates[0].result.open
    assert overview.readiness.overall > 0
    entry = AuditEntry.objects.filter(object_type="trust.checklistitem", action="update").first()
    assert entry.changes["status"] == ["open", "done"]


def test_the_pilot_gate_waits_for_the_union(project, owner):
    for key in ("processing_documented", "access_controls", "decision_limits", "integration_check"):
        item = project.checklist_items.get(key=key)
        services.item_update(actor=owner, item=item, expected_version=1, status="done")
    pilot = trust_overview(project, language="en").gates[1]
    assert pilot.missing_titles == ["The union representatives have been heard"]
    union = project.stakeholder_groups.get(preset_key="union")
    engagement_create(
        actor=owner,
        project=project,
        date=project.start_date,
        kind="meeting",
        topic="Consultation",
        groups=[union],
    )
    assert trust_overview(project, language="en").gates[1].result.open


def test_an_owner_overrides_a_gate_with_a_reason_and_it_is_audited(client, project, owner):
    client.force_login(owner)
    url = reverse("trust:gate_override", args=[project.slug, "prototype"])
    client.post(url, {"reason": ""})
    assert not GateOverride.objects.exists()
    client.post(url, {"reason": "Data documentation is reviewed in parallel by the DPO."})
    assert trust_overview(project, language="en").gates[0].result.overridden
    entry = AuditEntry.objects.get(object_type="trust.gateoverride")
    assert entry.changes["reason"] == [
        None,
        "Data documentation is reviewed in parallel by the DPO.",
    ]
    with pytest.raises(ValidationError):
        services.gate_override(actor=owner, project=project, phase_key="prototype", reason="again")


def test_evidence_upload_is_served_only_to_members(
    client, project, owner, members, tmp_path, settings
):
    settings.VAR_DIR = tmp_path
    item = project.checklist_items.get(key="data_documented")
    client.force_login(owner)
    upload = SimpleUploadedFile("data-inventory.pdf", b"%PDF-1.4 evidence")
    response = client.post(edit_url(project, item), {**form_data(item), "evidence_file": upload})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.evidence_file.name.endswith(".pdf")
    url = reverse("trust:item_evidence", args=[project.slug, item.uuid])
    client.force_login(members["viewer"])
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.4 evidence"
    client.force_login(members["outsider"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ", "File extension “exe” is not allowed"),
        ("huge.pdf", b"x" * (10 * 1024 * 1024 + 1), "larger than 10 MB"),
    ],
)
def test_bad_evidence_is_refused_with_a_clear_message(
    client, project, owner, name, content, message
):
    item = project.checklist_items.get(key="data_documented")
    client.force_login(owner)
    response = client.post(
        edit_url(project, item),
        {**form_data(item), "evidence_file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    item.refresh_from_db()
    assert not item.evidence_file


def test_owner_must_be_a_project_member(project, owner, make_user):
    item = project.checklist_items.first()
    with pytest.raises(ValidationError):
        services.item_update(
            actor=owner, item=item, expected_version=1, owner=make_user(username="stranger")
        )


def test_custom_item_and_training_session(client, project, owner):
    client.force_login(owner)
    response = client.post(
        reverse("trust:item_create", args=[project.slug]),
        {"step": "training", "title": "Video for night shift", "status": "open"},
    )
    assert response.status_code == 302
    assert project.checklist_items.filter(title="Video for night shift", key="").exists()
    response = client.post(
        reverse("trust:session_create", args=[project.slug]),
        {
            "tier": "awareness",
            "title": "What TalentSift does",
            "date": "2026-09-10",
            "invited": "20",
            "attended": "25",
        },
    )
    assert "More attended than were invited." in response.content.decode()
    response = client.post(
        reverse("trust:session_create", args=[project.slug]),
        {
            "tier": "awareness",
            "title": "What TalentSift does",
            "date": "2026-09-10",
            "invited": "20",
            "attended": "17",
        },
    )
    assert response.status_code == 302


@pytest.mark.parametrize("extra", [0, 30])
def test_trust_page_query_count_is_constant(
    client, project, owner, extra, django_assert_num_queries
):
    for index in range(extra):
        services.item_create(actor=owner, project=project, step="security", title=f"Extra {index}")
    client.force_login(owner)
    with django_assert_num_queries(8):  # 8th: the AI Act file's worker-information gap
        client.get(reverse("trust:checklists", args=[project.slug]))
