import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from method.catalog import rollout_phases, stakeholder_presets, trust_catalog
from samspill.audit.models import AuditEntry
from samspill.core.versioning import StaleEditError
from samspill.projects import services
from samspill.projects.models import Membership


def test_new_project_is_filled_with_the_standard_groups_in_its_language(owner):
    project = services.project_create(
        actor=owner, name="Pilot", ai_tool="Bot", start_date=dt.date(2026, 1, 5), language="nb"
    )
    names = list(project.stakeholder_groups.values_list("name", flat=True))
    assert names == [p.name for p in stakeholder_presets("nb")]
    assert "Tillitsvalgte / arbeidstakerrepresentanter" in names


def test_creator_becomes_the_only_owner(project, owner):
    assert list(project.memberships.values_list("user__username", "role")) == [("owner", "owner")]


def test_creation_is_audited_with_every_field(project):
    entry = AuditEntry.objects.get(object_type="projects.project", action="create")
    assert entry.project == project
    assert entry.actor_label == "owner"
    assert entry.changes["name"] == [None, "CV screening pilot"]
    assert entry.changes["start_date"] == [None, "2026-09-01"]
    # The project, the owner's membership, each preset group, the plan, and the checklists.
    phases = rollout_phases("en")
    plan_entries = len(phases) + sum(len(p.milestones) for p in phases)
    checklist_entries = len(trust_catalog("en").items)
    assert project.audit_entries.count() == (
        2 + len(stakeholder_presets("en")) + plan_entries + checklist_entries
    )


def test_slugs_stay_unique(owner):
    first = services.project_create(
        actor=owner, name="Pilot", ai_tool="A", start_date=dt.date.today()
    )
    second = services.project_create(
        actor=owner, name="Pilot", ai_tool="B", start_date=dt.date.today()
    )
    assert (first.slug, second.slug) == ("pilot", "pilot-2")


def test_update_records_field_level_before_and_after(project, owner):
    updated = services.project_update(
        actor=owner, project=project, expected_version=project.version, name="Renamed"
    )
    assert updated.version == project.version + 1
    entry = AuditEntry.objects.filter(action="update").get()
    assert entry.changes == {"name": ["CV screening pilot", "Renamed"]}


def test_update_that_changes_nothing_is_not_recorded(project, owner):
    before = AuditEntry.objects.count()
    services.project_update(
        actor=owner, project=project, expected_version=project.version, name=project.name
    )
    assert AuditEntry.objects.count() == before
    project.refresh_from_db()
    assert project.version == 1


def test_stale_edit_is_refused_and_nothing_is_overwritten(project, owner):
    services.project_update(actor=owner, project=project, expected_version=1, name="First save")
    with pytest.raises(StaleEditError) as raised:
        services.project_update(actor=owner, project=project, expected_version=1, name="Late save")
    assert raised.value.current.name == "First save"
    project.refresh_from_db()
    assert project.name == "First save"


def test_invalid_update_is_refused_without_change(project, owner):
    with pytest.raises(ValidationError):
        services.project_update(actor=owner, project=project, expected_version=1, name="")
    project.refresh_from_db()
    assert project.name == "CV screening pilot"


def test_language_cannot_be_changed_after_creation(project, owner):
    with pytest.raises(TypeError, match="Not editable: language"):
        services.project_update(actor=owner, project=project, expected_version=1, language="nb")


def test_a_user_cannot_be_added_twice(project, owner, members):
    with pytest.raises(ValidationError, match="already a member"):
        services.membership_add(actor=owner, project=project, user=members["viewer"], role="editor")


def test_the_last_owner_cannot_be_removed_or_demoted(project, owner):
    membership = project.memberships.get(user=owner)
    with pytest.raises(ValidationError, match="at least one owner"):
        services.membership_remove(actor=owner, membership=membership)
    with pytest.raises(ValidationError, match="at least one owner"):
        services.membership_change_role(actor=owner, membership=membership, role="viewer")
    assert Membership.objects.get(pk=membership.pk).role == "owner"


def test_an_owner_can_step_down_once_another_owner_exists(project, owner, members):
    editor_membership = project.memberships.get(user=members["editor"])
    services.membership_change_role(actor=owner, membership=editor_membership, role="owner")
    own = project.memberships.get(user=owner)
    services.membership_change_role(actor=owner, membership=own, role="viewer")
    assert project.memberships.get(user=owner).role == "viewer"
    changes = AuditEntry.objects.filter(
        object_type="projects.membership", action="update"
    ).order_by("sequence")
    assert [entry.changes for entry in changes] == [
        {"role": ["editor", "owner"]},
        {"role": ["owner", "viewer"]},
    ]


def test_removing_a_member_is_audited(project, owner, members):
    membership = project.memberships.get(user=members["viewer"])
    services.membership_remove(actor=owner, membership=membership)
    assert not project.memberships.filter(user=members["viewer"]).exists()
    entry = AuditEntry.objects.get(object_type="projects.membership", action="delete")
    assert entry.changes == {"role": ["viewer", None], "user": ["viewer", None]}


def test_deleting_a_project_keeps_its_trail(project, owner):
    project_uuid = str(project.uuid)
    services.project_delete(actor=owner, project=project)
    entries = AuditEntry.objects.filter(project_label=project_uuid)
    assert entries.filter(action="delete", object_type="projects.project").exists()
    assert not entries.filter(project__isnull=False).exists()
