"""Duplicate as template: the shape comes along, people and data never do."""

import datetime as dt

import pytest
from django.urls import reverse

from samspill.audit.models import AuditEntry
from samspill.projects.models import Membership, Project
from samspill.transfer.schema import project_models
from samspill.transfer.templating import (
    CARRIED,
    LEFT_BEHIND,
    project_duplicate,
    unclassified_models,
)
from samspill.transfer.tests.helpers import autofill, db_state, demo_owner, rich_project

pytestmark = pytest.mark.django_db

NEW_START = dt.date(2027, 3, 1)


def _count(plan, project) -> int:
    return plan.model._base_manager.filter(**{plan.path: project}).count()


def test_every_project_model_is_either_carried_or_left_behind():
    assert unclassified_models() == []
    assert not set(CARRIED) & LEFT_BEHIND


def test_every_carried_field_exists():
    plans = {plan.label: {field.name for field in plan.fields} for plan in project_models()}
    for label, fields in CARRIED.items():
        assert fields <= plans[label], label


def test_the_shape_comes_along_and_the_data_stays():
    original = rich_project()
    autofill(original, demo_owner())
    copy = project_duplicate(
        original, actor=demo_owner(), name="Next tool", start_date=NEW_START
    ).project

    assert copy.name == "Next tool"
    assert copy.slug == "next-tool"
    assert copy.start_date == NEW_START
    assert copy.ai_tool == original.ai_tool
    for plan in project_models():
        if plan.label in LEFT_BEHIND and plan.label != "projects.membership":
            assert _count(plan, copy) == 0, plan.label
        elif plan.label in CARRIED:
            assert _count(plan, copy) == _count(plan, original), plan.label
    assert list(Membership.objects.filter(project=copy).values_list("user__username", "role")) == [
        ("demo", "owner")
    ]


def test_state_owners_and_evidence_start_again():
    original = rich_project()
    copy = project_duplicate(
        original, actor=demo_owner(), name="Copy", start_date=NEW_START
    ).project

    items = copy.checklist_items.all()
    assert {item.status for item in items} == {items.model._meta.get_field("status").default}
    assert not any(item.owner_id or item.evidence_file or item.evidence_note for item in items)
    milestones = [m for phase in copy.phases.all() for m in phase.milestones.all()]
    assert milestones and not any(m.done or m.communicated for m in milestones)
    communications = copy.communications.all()
    assert not any(c.owner_id or c.engagement_id or c.people.exists() for c in communications)
    assert all(c.status == c._meta.get_field("status").default for c in communications)


def test_dates_move_by_the_distance_between_the_starts():
    original = rich_project()
    shift = NEW_START - original.start_date
    copy = project_duplicate(
        original, actor=demo_owner(), name="Copy", start_date=NEW_START
    ).project

    def phases(project):
        return list(project.phases.order_by("position").values_list("start_date", "end_date"))

    assert phases(copy) == [(start + shift, end + shift) for start, end in phases(original)]
    due = sorted(
        d + shift for d in original.checklist_items.values_list("due_date", flat=True) if d
    )
    assert sorted(d for d in copy.checklist_items.values_list("due_date", flat=True) if d) == due


def test_references_to_people_are_dropped_and_group_references_follow_the_copy():
    original = rich_project()
    copy = project_duplicate(
        original, actor=demo_owner(), name="Copy", start_date=NEW_START
    ).project
    copied_groups = set(copy.stakeholder_groups.values_list("pk", flat=True))
    for session in copy.training_sessions.all():
        assert set(session.audience.values_list("pk", flat=True)) <= copied_groups


def test_the_copy_starts_its_own_audit_trail_and_the_original_is_unchanged():
    original = rich_project()
    before = AuditEntry.objects.filter(project=original).count()
    copy = project_duplicate(
        original, actor=demo_owner(), name="Copy", start_date=NEW_START
    ).project
    assert AuditEntry.objects.filter(project=original).count() == before
    entries = AuditEntry.objects.filter(project=copy)
    assert entries.count() == 1
    assert not copy.imported_audit_entries.exists()


def test_an_owner_duplicates_from_the_browser_form(client):
    original = rich_project()
    client.force_login(demo_owner())
    url = reverse("transfer:duplicate", args=[original.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert "(template)" in page.context["form"].initial["name"]

    response = client.post(url, {"name": "Lønn og ærlighet", "start_date": "2027-03-01"})
    copy = Project.objects.get(name="Lønn og ærlighet")
    assert response.status_code == 302
    assert response["Location"] == copy.get_absolute_url()
    assert copy.slug == "lonn-og-aerlighet"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "start_date": "2027-03-01"},
        {"name": "x" * 121, "start_date": "2027-03-01"},
        {"name": "Copy", "start_date": "not a date"},
        {"name": "Copy", "start_date": "99999-01-01"},
        {"name": "Copy\x00", "start_date": "2027-03-01"},
        {"name": "Copy", "start_date": "9990-01-01"},
    ],
)
def test_bad_input_is_refused_and_nothing_is_created(client, data):
    original = rich_project()
    client.force_login(demo_owner())
    before = db_state()
    response = client.post(reverse("transfer:duplicate", args=[original.slug]), data)
    assert response.status_code == 400
    assert db_state() == before


def test_a_date_far_from_the_original_still_makes_a_valid_copy():
    original = rich_project()
    copy = project_duplicate(
        original, actor=demo_owner(), name="Far", start_date=dt.date(2099, 12, 31)
    ).project
    assert copy.start_date == dt.date(2099, 12, 31)


@pytest.mark.parametrize(
    ("role", "status"), [("editor", 403), ("observer", 403), ("outsider", 404)]
)
def test_nobody_but_an_owner_may_duplicate(client, project, members, role, status):
    client.force_login(members[role])
    before = db_state()
    url = reverse("transfer:duplicate", args=[project.slug])
    response = client.post(url, {"name": "Mine now", "start_date": "2027-03-01"})
    assert response.status_code == status
    assert db_state() == before
