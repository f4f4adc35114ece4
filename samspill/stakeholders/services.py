"""Writes for the stakeholder map. Each validates, saves and audits in one transaction."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from method.catalog import stakeholder_presets
from samspill.audit.models import AuditAction
from samspill.audit.services import audit_record, save_created, save_deleted, save_versioned
from samspill.core import clock
from samspill.core.versioning import lock_for_edit
from samspill.stakeholders.models import (
    Decision,
    Engagement,
    Person,
    StakeholderGroup,
    StanceChange,
)

GROUP_FIELDS = ["name", "motivation", "concern", "decision_weight", "description", "notes"]
PERSON_FIELDS = ["group", "name", "title", "influence", "interest", "stance", "email", "notes"]
PERSON_EDIT_FIELDS = [f for f in PERSON_FIELDS if f != "stance"]


# Groups


@transaction.atomic
def groups_seed_from_presets(*, actor, project) -> list[StakeholderGroup]:
    """Add the method's standard groups, in the project's content language."""
    groups = []
    for position, preset in enumerate(stakeholder_presets(project.language)):
        group = StakeholderGroup(
            project=project,
            preset_key=preset.key,
            name=preset.name,
            motivation=preset.motivation,
            concern=preset.concern,
            decision_weight=preset.decision_weight.value,
            description=preset.description,
            position=position,
        )
        groups.append(save_created(actor=actor, project=project, obj=group, fields=GROUP_FIELDS))
    return groups


@transaction.atomic
def group_create(*, actor, project, name: str, decision_weight: str, **fields) -> StakeholderGroup:
    position = project.stakeholder_groups.count()
    group = StakeholderGroup(
        project=project, name=name, decision_weight=decision_weight, position=position, **fields
    )
    return save_created(actor=actor, project=project, obj=group, fields=GROUP_FIELDS)


@transaction.atomic
def group_update(*, actor, group: StakeholderGroup, expected_version: int, **values):
    return save_versioned(
        actor=actor,
        project=group.project,
        obj=group,
        expected_version=expected_version,
        fields=GROUP_FIELDS,
        values=values,
    )


@transaction.atomic
def group_delete(*, actor, group: StakeholderGroup) -> None:
    if group.people.exists():
        raise ValidationError(_("Move or remove the people in this group before deleting it."))
    save_deleted(actor=actor, project=group.project, obj=group, fields=GROUP_FIELDS)


# People


def _record_stance(*, actor, person: Person, previous, day: dt.date, reason: str) -> StanceChange:
    return StanceChange.objects.create(
        person=person,
        changed_on=day,
        previous=previous,
        stance=person.stance,
        reason=reason,
        author=actor,
        author_label=actor.get_username() if actor else "system",
    )


@transaction.atomic
def person_create(
    *,
    actor,
    project,
    group: StakeholderGroup,
    name: str,
    stance_date: dt.date | None = None,
    **fields,
) -> Person:
    if group.project_id != project.pk:
        raise ValidationError(_("The group belongs to another project."))
    person = Person(project=project, group=group, name=name, **fields)
    save_created(actor=actor, project=project, obj=person, fields=PERSON_FIELDS)
    _record_stance(
        actor=actor,
        person=person,
        previous=None,
        day=stance_date or clock.today(),
        reason="",
    )
    return person


@transaction.atomic
def person_update(*, actor, person: Person, expected_version: int, **values) -> Person:
    group = values.get("group")
    if group is not None and group.project_id != person.project_id:
        raise ValidationError(_("The group belongs to another project."))
    return save_versioned(
        actor=actor,
        project=person.project,
        obj=person,
        expected_version=expected_version,
        fields=PERSON_EDIT_FIELDS,
        values=values,
    )


@transaction.atomic
def person_change_stance(
    *,
    actor,
    person: Person,
    expected_version: int,
    stance: int,
    reason: str = "",
    day: dt.date | None = None,
) -> Person:
    """Change a stance and keep the step, with its date, author and reason, for the trend."""
    current = lock_for_edit(Person, pk=person.pk, expected_version=expected_version)
    previous = current.stance
    if previous == stance:
        return current
    day = day or clock.today()
    last = current.stance_changes.order_by("-changed_on").values_list("changed_on", flat=True)
    # The trend reads steps in date order, so a step may not go back before the last one.
    if (last_day := last.first()) and day < last_day:
        raise ValidationError(
            _("The date cannot be before the last recorded change (%(date)s).")
            % {"date": last_day.isoformat()}
        )
    if day > clock.today():
        raise ValidationError(_("The date cannot be in the future."))
    current.stance = stance
    current.full_clean()
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    _record_stance(
        actor=actor,
        person=current,
        previous=previous,
        day=day,
        reason=reason,
    )
    changes = {"stance": [previous, stance]}
    if reason:
        changes["reason"] = [None, reason]
    audit_record(
        actor=actor,
        project=current.project,
        action=AuditAction.UPDATE,
        obj=current,
        changes=changes,
    )
    return current


@transaction.atomic
def person_delete(*, actor, person: Person) -> None:
    save_deleted(actor=actor, project=person.project, obj=person, fields=PERSON_FIELDS)


# Engagements and decisions


@transaction.atomic
def engagement_create(
    *,
    actor,
    project,
    date: dt.date,
    kind: str,
    topic: str,
    outcome: str = "",
    follow_ups: str = "",
    groups: Iterable[StakeholderGroup] = (),
    people: Iterable[Person] = (),
) -> Engagement:
    people = list(people)
    # Meeting a person counts as engaging their group.
    groups = list({g.pk: g for g in [*groups, *(p.group for p in people)]}.values())
    engagement = Engagement(
        project=project, date=date, kind=kind, topic=topic, outcome=outcome, follow_ups=follow_ups
    )
    return save_created(
        actor=actor,
        project=project,
        obj=engagement,
        fields=["date", "kind", "topic", "outcome", "follow_ups"],
        relations={"groups": groups, "people": people},
    )


@transaction.atomic
def decision_create(
    *,
    actor,
    project,
    date: dt.date,
    title: str,
    decided_by: str,
    details: str = "",
    affected_groups: Iterable[StakeholderGroup] = (),
    heard_groups: Iterable[StakeholderGroup] = (),
) -> Decision:
    decision = Decision(
        project=project, date=date, title=title, decided_by=decided_by, details=details
    )
    return save_created(
        actor=actor,
        project=project,
        obj=decision,
        fields=["date", "title", "details", "decided_by"],
        relations={"affected_groups": affected_groups, "heard_groups": heard_groups},
    )
