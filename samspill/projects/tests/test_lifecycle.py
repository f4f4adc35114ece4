"""Rename, archive, restore and delete a project; slugs from Nordic names."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import resolve, reverse

from samspill.audit.models import AuditEntry
from samspill.projects import services
from samspill.projects.models import Project
from samspill.projects.permissions import project_for_user
from tests.test_permission_matrix import CASES, ROLES, target_kwargs

# One project and its members for the whole module (conftest.py: shared_project); what a
# test archives or deletes is rolled back after it.
pytestmark = pytest.mark.usefixtures("shared_project")

# --- Slugs


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Lønnsanalyse på Ærø", "lonnsanalyse-pa-aero"),
        ("ÆØÅ æøå", "aeoa-aeoa"),
        ("Grüße aus Köln", "gruesse-aus-koeln"),
        ("Straße", "strasse"),
        ("日本語", "project"),
        ("---", "project"),
    ],
)
def test_slugs_spell_out_nordic_and_german_letters(owner, name, slug):
    project = services.project_create(actor=owner, name=name, ai_tool="X", start_date="2026-10-01")
    assert project.slug == slug


def test_a_second_project_with_the_same_name_gets_its_own_slug(owner):
    first = services.project_create(actor=owner, name="Ærlig", ai_tool="X", start_date="2026-10-01")
    second = services.project_create(
        actor=owner, name="Ærlig", ai_tool="X", start_date="2026-10-01"
    )
    assert (first.slug, second.slug) == ("aerlig", "aerlig-2")


# --- Rename


def test_owner_renames_the_project_and_the_address_stays(client, project, owner):
    client.force_login(owner)
    response = client.post(
        reverse("projects:settings", args=[project.slug]),
        {
            "name": "Rekruttering med KI",
            "ai_tool": "ScreenBot",
            "start_date": "2026-09-01",
            "engagement_alert_weeks": 4,
            "version": project.version,
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.name == "Rekruttering med KI"
    assert project.slug == "cv-screening-pilot"
    entry = AuditEntry.objects.filter(object_type="projects.project", action="update").get()
    assert entry.changes["name"] == ["CV screening pilot", "Rekruttering med KI"]


# --- Archive and restore


def test_archiving_hides_the_project_from_the_list_and_restoring_brings_it_back(
    client, project, owner
):
    client.force_login(owner)
    response = client.post(reverse("projects:archive", args=[project.slug]))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.is_archived
    listed = client.get(reverse("projects:list"))
    assert list(listed.context["memberships"]) == []
    assert "1 archived project" in listed.content.decode()
    archived = client.get(reverse("projects:list") + "?archived=1")
    assert [m.project for m in archived.context["memberships"]] == [project]
    page = client.get(reverse("projects:detail", args=[project.slug])).content.decode()
    assert "This project is archived and read-only" in page
    assert client.post(reverse("projects:restore", args=[project.slug])).status_code == 302
    project.refresh_from_db()
    assert not project.is_archived
    assert [m.project for m in client.get(reverse("projects:list")).context["memberships"]] == [
        project
    ]


def test_archive_and_restore_are_audited(project, owner):
    services.project_archive(actor=owner, project=project)
    services.project_restore(actor=owner, project=project)
    changes = [
        e.changes["archived_at"]
        for e in AuditEntry.objects.filter(
            object_type="projects.project", action="update"
        ).order_by("sequence")
    ]
    assert changes[0][0] is None and changes[0][1]
    assert changes[1][1] is None


def test_archiving_twice_is_refused(project, owner):
    services.project_archive(actor=owner, project=project)
    with pytest.raises(ValidationError):
        services.project_archive(actor=owner, project=project)
    services.project_restore(actor=owner, project=project)
    with pytest.raises(ValidationError):
        services.project_restore(actor=owner, project=project)


@pytest.mark.parametrize("role", ["viewer", "observer", "editor"])
def test_only_owners_archive_or_restore(client, project, members, role):
    client.force_login(members[role])
    assert client.post(reverse("projects:archive", args=[project.slug])).status_code == 403
    services.project_archive(actor=members["owner"], project=project)
    assert client.post(reverse("projects:restore", args=[project.slug])).status_code == 403
    project.refresh_from_db()
    assert project.is_archived


# Views that still work in an archived project: restoring and deleting it, and revoking
# one's own calendar link (it changes no content, and a leaked link must still be stoppable).
ARCHIVE_VIEWS = {"projects:restore", "projects:delete", "notify:calendar_feed_revoke"}
WRITE_CASES = [
    case
    for case in CASES
    if case.needs_project
    and case.name not in ARCHIVE_VIEWS
    and (case.method == "post" or any(s == 200 for s in case.expected.values()))
]


@pytest.mark.parametrize("case", WRITE_CASES, ids=lambda c: f"{c.name}-{c.target}")
def test_an_archived_project_refuses_every_write_for_every_role(client, project, members, case):
    """Every URL of the matrix that changes something, as every member role: 403 (or the
    404 an outsider always gets). Read-only pages still open for those who may read."""
    kwargs = {"slug": project.slug, **target_kwargs(case, project, members)}
    services.project_archive(actor=members["owner"], project=project)
    url = reverse(case.name, kwargs=kwargs)
    needed = getattr(resolve(url).func, "required_capability", None)
    for role in ROLES:
        if role == "anonymous":
            continue
        client.force_login(members[role])
        if case.method == "post":
            response = client.post(url, case.data)
            allowed = case.expected[role] not in (403, 404)
            assert response.status_code == (403 if allowed else case.expected[role]), role
        else:
            response = client.get(url)
            if case.expected[role] in (403, 404):
                assert response.status_code == case.expected[role], role
            else:
                # A page for writing (edit forms) is refused; reading pages still work.
                expected = 403 if needed in ("edit", "comment") else case.expected[role]
                assert response.status_code == expected, role
    project.refresh_from_db()
    assert project.is_archived


def test_archived_project_refuses_edit_pages_but_shows_reading_pages(client, project, members):
    services.project_archive(actor=members["owner"], project=project)
    client.force_login(members["editor"])
    assert client.get(reverse("stakeholders:map", args=[project.slug])).status_code == 200
    refused = client.get(reverse("stakeholders:person_create", args=[project.slug]))
    assert refused.status_code == 403
    assert "This project is archived" in refused.content.decode()
    client.force_login(members["owner"])
    assert client.get(reverse("transfer:export", args=[project.slug])).status_code == 200
    settings_page = client.get(reverse("projects:settings", args=[project.slug]))
    assert settings_page.status_code == 200
    assert reverse("projects:restore", args=[project.slug]) in settings_page.content.decode()


def test_the_permission_helper_refuses_writes_to_an_archived_project(project, members):
    from django.core.exceptions import PermissionDenied

    services.project_archive(actor=members["owner"], project=project)
    owner = members["owner"]
    assert project_for_user(owner, project.slug, "view").project == project
    for capability in ("edit", "comment"):
        with pytest.raises(PermissionDenied):
            project_for_user(owner, project.slug, capability)
    with pytest.raises(PermissionDenied):
        project_for_user(owner, project.slug, "manage", unsafe=True)
    assert project_for_user(owner, project.slug, "manage", unsafe=True, allow_archived=True)


# --- Delete


def test_deleting_needs_the_typed_name_and_the_export_confirmed(client, project, owner):
    client.force_login(owner)
    url = reverse("projects:delete", args=[project.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert reverse("transfer:export", args=[project.slug]) in page.content.decode()
    for data in (
        {"name": "CV screening pilot"},
        {"name": "cv screening pilot", "exported": "on"},
        {"name": "", "exported": "on"},
        {"name": "\x00" * 5, "exported": "on"},
    ):
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert Project.objects.filter(pk=project.pk).exists()
    response = client.post(url, {"name": "CV screening pilot", "exported": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:list")
    assert not Project.objects.filter(pk=project.pk).exists()


def test_deletion_is_recorded_beyond_the_project(client, project, owner):
    project_uuid = str(project.uuid)
    client.force_login(owner)
    client.post(
        reverse("projects:delete", args=[project.slug]),
        {"name": "CV screening pilot", "exported": "on"},
    )
    entry = AuditEntry.objects.get(object_type="projects.project", action="delete")
    assert entry.project is None  # the project is gone; the entry stays
    assert entry.project_label == project_uuid
    assert entry.actor == owner
    assert entry.changes["name"] == ["CV screening pilot", None]
    assert entry.changes["slug"] == ["cv-screening-pilot", None]


def test_an_archived_project_can_be_deleted(client, project, owner):
    services.project_archive(actor=owner, project=project)
    client.force_login(owner)
    response = client.post(
        reverse("projects:delete", args=[project.slug]),
        {"name": "CV screening pilot", "exported": "on"},
    )
    assert response.status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()


@pytest.mark.parametrize("role", ["viewer", "observer", "editor"])
def test_only_owners_delete(client, project, members, role):
    client.force_login(members[role])
    response = client.post(
        reverse("projects:delete", args=[project.slug]),
        {"name": "CV screening pilot", "exported": "on"},
    )
    assert response.status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()
