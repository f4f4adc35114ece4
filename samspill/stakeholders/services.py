"""Writes for the stakeholder map. Each validates, saves and audits."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from method.catalog import stakeholder_presets
from samspill.audit.services import save_created
from samspill.stakeholders.models import Decision, Engagement, Person, StakeholderGroup

GROUP_FIELDS = ["name", "motivation", "concern", "decision_weight", "description", "notes"]
PERSON_FIELDS = ["group", "name", "title", "influence", "interest", "stance", "email", "notes"]


def _names(items: Iterable) -> list[str]:
    return sorted(str(item) for item in items)


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
def person_create(*, actor, project, group: StakeholderGroup, name: str, **fields) -> Person:
    person = Person(project=project, group=group, name=name, **fields)
    return save_created(actor=actor, project=project, obj=person, fields=PERSON_FIELDS)


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
    groups, people = list(groups), list(people)
    engagement = Engagement(
        project=project, date=date, kind=kind, topic=topic, outcome=outcome, follow_ups=follow_ups
    )
    engagement.full_clean()
    engagement.save()
    engagement.groups.set(groups)
    engagement.people.set(people)
    return save_created(
        actor=actor,
        project=project,
        obj=engagement,
        fields=["date", "kind", "topic", "outcome", "follow_ups"],
        extra={"groups": [None, _names(groups)], "people": [None, _names(people)]},
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
    affected, heard = list(affected_groups), list(heard_groups)
    decision = Decision(
        project=project, date=date, title=title, decided_by=decided_by, details=details
    )
    decision.full_clean()
    decision.save()
    decision.affected_groups.set(affected)
    decision.heard_groups.set(heard)
    return save_created(
        actor=actor,
        project=project,
        obj=decision,
        fields=["date", "title", "details", "decided_by"],
        extra={"affected_groups": [None, _names(affected)], "heard_groups": [None, _names(heard)]},
    )
