import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samspill.audit.models import AuditEntry
from samspill.core.versioning import StaleEditError
from samspill.projects.services import project_create
from samspill.stakeholders import services
from samspill.stakeholders.models import StanceChange


def test_a_new_person_starts_their_stance_history(add_person, owner):
    person = add_person(stance=-1, stance_date=dt.date(2026, 9, 2))
    step = person.stance_changes.get()
    assert (step.previous, step.stance, step.changed_on, step.author) == (
        None,
        -1,
        dt.date(2026, 9, 2),
        owner,
    )
    entry = AuditEntry.objects.get(object_type="stakeholders.person", action="create")
    assert entry.changes["stance"] == [None, -1]
    assert entry.changes["group"] == [None, "HR team"]


def test_stance_change_keeps_date_author_and_reason(add_person, owner):
    person = add_person(stance=0, stance_date=dt.date(2026, 9, 1))
    services.person_change_stance(
        actor=owner,
        person=person,
        expected_version=person.version,
        stance=2,
        reason="Saw the pilot results",
        day=dt.date(2026, 10, 1),
    )
    person.refresh_from_db()
    assert person.stance == 2
    last = person.stance_changes.order_by("changed_on").last()
    assert (last.previous, last.stance, last.reason) == (0, 2, "Saw the pilot results")
    entry = AuditEntry.objects.filter(object_type="stakeholders.person", action="update").get()
    assert entry.changes == {"stance": [0, 2], "reason": [None, "Saw the pilot results"]}


def test_stance_change_cannot_go_back_before_the_last_step_or_into_the_future(add_person, owner):
    person = add_person(stance=0, stance_date=dt.date(2026, 9, 10))
    for day in (dt.date(2026, 9, 9), dt.date.today() + dt.timedelta(days=1)):
        with pytest.raises(ValidationError):
            services.person_change_stance(
                actor=owner, person=person, expected_version=1, stance=2, day=day
            )
    person.refresh_from_db()
    assert (person.stance, person.stance_changes.count()) == (0, 1)


def test_stance_change_to_the_same_value_records_nothing(add_person, owner):
    person = add_person(stance=1)
    services.person_change_stance(actor=owner, person=person, expected_version=1, stance=1)
    assert person.stance_changes.count() == 1


def test_stale_stance_change_is_refused(add_person, owner):
    person = add_person(stance=0)
    services.person_change_stance(actor=owner, person=person, expected_version=1, stance=1)
    with pytest.raises(StaleEditError):
        services.person_change_stance(actor=owner, person=person, expected_version=1, stance=-2)
    person.refresh_from_db()
    assert person.stance == 1


def test_out_of_range_scores_are_refused(project, owner, groups):
    with pytest.raises(ValidationError) as raised:
        services.person_create(
            actor=owner, project=project, group=groups["it"], name="X", influence=7, interest=0
        )
    assert set(raised.value.message_dict) == {"influence", "interest"}
    assert not project.people.exists()
    assert not StanceChange.objects.exists()


def test_a_person_cannot_join_another_projects_group(project, owner, add_person, make_user):
    other = project_create(actor=owner, name="Other", ai_tool="T", start_date=dt.date.today())
    foreign_group = other.stakeholder_groups.first()
    person = add_person()
    with pytest.raises(ValidationError, match="another project"):
        services.person_update(actor=owner, person=person, expected_version=1, group=foreign_group)
    with pytest.raises(ValidationError, match="another project"):
        services.person_create(actor=owner, project=project, group=foreign_group, name="Y")


def test_person_update_records_field_changes(add_person, owner, groups):
    person = add_person(title="Adviser")
    services.person_update(
        actor=owner,
        person=person,
        expected_version=1,
        title="Head of HR",
        group=groups["leadership"],
    )
    entry = AuditEntry.objects.filter(object_type="stakeholders.person", action="update").get()
    assert entry.changes == {"title": ["Adviser", "Head of HR"], "group": ["HR team", "Leadership"]}


def test_a_group_with_people_cannot_be_deleted(add_person, owner, groups):
    add_person(group="it")
    with pytest.raises(ValidationError, match="Move or remove the people"):
        services.group_delete(actor=owner, group=groups["it"])
    services.group_delete(actor=owner, group=groups["dpo"])
    assert not groups["dpo"].project.stakeholder_groups.filter(preset_key="dpo").exists()


def test_meeting_a_person_counts_as_engaging_their_group(project, owner, add_person, groups):
    person = add_person(group="union")
    engagement = services.engagement_create(
        actor=owner,
        project=project,
        date=dt.date(2026, 9, 10),
        kind="meeting",
        topic="Monitoring worries",
        people=[person],
    )
    assert list(engagement.groups.all()) == [groups["union"]]
    entry = AuditEntry.objects.get(object_type="stakeholders.engagement")
    assert entry.changes["people"] == [None, ["Ada Berg"]]


def test_decision_records_affected_and_heard_groups(project, owner, groups):
    decision = services.decision_create(
        actor=owner,
        project=project,
        date=dt.date(2026, 9, 5),
        title="Buy licence",
        decided_by="CEO",
        affected_groups=[groups["union"]],
        heard_groups=[groups["it"]],
    )
    assert list(decision.affected_groups.all()) == [groups["union"]]
    entry = AuditEntry.objects.get(object_type="stakeholders.decision")
    assert entry.changes["heard_groups"] == [None, ["IT"]]
