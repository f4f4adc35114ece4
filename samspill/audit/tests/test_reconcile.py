"""Reconciliation lists every change made behind the app's back, and nothing else."""

import pytest
from django.core.management import CommandError, call_command

from samspill.audit.reconcile import reconcile
from samspill.stakeholders.models import Person, StakeholderGroup
from samspill.stakeholders.services import group_update, person_create, person_update
from samspill.trust.models import ChecklistItem
from samspill.trust.services import item_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(project, owner):
    group = project.stakeholder_groups.first()
    return person_create(
        actor=owner, project=project, group=group, name="Kari Nordmann", title="Recruiter"
    )


def kinds(differences):
    return sorted((d.object_type, d.kind, d.field) for d in differences)


def test_a_project_built_through_the_services_reconciles(project, members, person):
    assert reconcile() == []
    assert reconcile(project_slug=project.slug) == []


def test_edits_through_the_services_are_not_reported(project, owner, person):
    person_update(actor=owner, person=person, expected_version=person.version, name="Kari N.")
    item = project.checklist_items.first()
    item_update(actor=owner, item=item, expected_version=item.version, status="done")
    # Renaming a group leaves its people's recorded group label behind: not a difference.
    group = person.group
    group_update(actor=owner, group=group, expected_version=group.version, name="Renamed")
    assert reconcile() == []


def test_a_field_edited_with_queryset_update_is_reported(project, person):
    Person.objects.filter(pk=person.pk).update(title="Head of recruitment")
    differences = reconcile(project_slug=project.slug)
    assert kinds(differences) == [("stakeholders.person", "field", "title")]
    assert differences[0].recorded == "Recruiter"
    assert differences[0].current == "Head of recruitment"
    assert "title is 'Head of recruitment' but the trail last recorded 'Recruiter'" in str(
        differences[0]
    )


def test_a_field_left_empty_at_creation_and_filled_directly_is_reported(project, person):
    assert person.notes == ""
    Person.objects.filter(pk=person.pk).update(notes="quietly added")
    assert kinds(reconcile()) == [("stakeholders.person", "field", "notes")]


def test_a_row_created_and_a_row_deleted_behind_the_apps_back_are_reported(project, person):
    group = project.stakeholder_groups.first()
    Person.objects.create(project=project, group=group, name="Nobody recorded me")
    ChecklistItem.objects.filter(pk=project.checklist_items.first().pk).delete()
    assert kinds(reconcile()) == [
        ("stakeholders.person", "unrecorded", ""),
        ("trust.checklistitem", "deleted", ""),
    ]


def test_a_group_moved_directly_is_reported(project, person):
    other = StakeholderGroup.objects.filter(project=project).exclude(pk=person.group_id).first()
    Person.objects.filter(pk=person.pk).update(group=other)
    assert kinds(reconcile()) == [("stakeholders.person", "field", "group")]


def test_the_command_lists_differences_and_fails(project, person, capsys):
    call_command("audit", "reconcile", "--project", project.slug)
    assert "every audited row matches" in capsys.readouterr().out
    Person.objects.filter(pk=person.pk).update(name="Forged")
    with pytest.raises(CommandError, match="1 differences"):
        call_command("audit", "reconcile")
    assert "name is 'Forged'" in capsys.readouterr().out


def test_an_unknown_project_is_refused(project):
    with pytest.raises(CommandError, match="No project"):
        call_command("audit", "reconcile", "--project", "no-such-project")


def test_an_imported_project_reconciles_through_its_imported_history(
    project, owner, members, person
):
    from samspill.transfer.exporting import project_export_json
    from samspill.transfer.importing import project_import

    data = project_export_json(project, actor=owner)
    first = project_import(actor=owner, data=data, filename="a.json", keep_members=True)
    again = project_export_json(first.project, actor=owner)
    # The web's way: the file's members are listed, not added; that is not a difference.
    second = project_import(actor=owner, data=again, filename="b.json")
    assert second.members_not_added
    assert reconcile(project_slug=second.project.slug) == []
    assert reconcile() == []
    moved = Person.objects.get(project=second.project)
    Person.objects.filter(pk=moved.pk).update(title="Changed directly")
    assert kinds(reconcile(project_slug=second.project.slug)) == [
        ("stakeholders.person", "field", "title")
    ]


def test_a_project_deleted_through_the_app_is_not_reported(project, owner, person):
    from samspill.projects.services import project_delete

    project_delete(actor=owner, project=project)
    assert reconcile() == []
