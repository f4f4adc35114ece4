"""A large stakeholder map for the benchmark: many groups, people and stance steps, in bulk."""

import datetime as dt
import random

from django.db import transaction

from samspill.stakeholders.models import Person, StakeholderGroup, StanceChange
from samspill.stakeholders.services import group_create

WEIGHTS = ["veto", "daily_use", "implementation", "co_determination", "advisory"]


@transaction.atomic
def fill_map(project, user, *, groups: int, people: int, today: dt.date) -> None:
    rng = random.Random(42)
    existing = list(project.stakeholder_groups.all())
    for index in range(groups - len(existing)):
        existing.append(
            group_create(
                actor=user,
                project=project,
                name=f"Department {index + 1}",
                decision_weight=WEIGHTS[index % len(WEIGHTS)],
            )
        )
    group_ids = [g.pk for g in StakeholderGroup.objects.filter(project=project)]
    Person.objects.bulk_create(
        [
            Person(
                project=project,
                group_id=group_ids[index % len(group_ids)],
                name=f"Person {index:05}",
                influence=rng.randint(1, 5),
                interest=rng.randint(1, 5),
                stance=rng.randint(-2, 2),
            )
            for index in range(people)
        ],
        batch_size=1000,
    )
    steps = []
    for person in Person.objects.filter(project=project).only("id", "stance"):
        start = today - dt.timedelta(days=rng.randint(30, 80))
        steps.append(
            StanceChange(
                person=person,
                changed_on=start,
                previous=None,
                stance=rng.randint(-2, 2),
                author_label="bench",
            )
        )
        steps.append(
            StanceChange(
                person=person,
                changed_on=start + dt.timedelta(days=20),
                previous=None,
                stance=person.stance,
                author_label="bench",
            )
        )
    StanceChange.objects.bulk_create(steps, batch_size=2000)


@transaction.atomic
def fill_plan_and_checklists(project, *, items: int, milestones: int) -> None:
    """Top the project up to `items` checklist items and `milestones` milestones."""
    from samspill.rollout.models import Milestone
    from samspill.trust.models import ChecklistItem

    steps = ["transparency", "relevance", "simple", "security", "training"]
    statuses = ["open", "in_progress", "done", "not_applicable"]
    have = project.checklist_items.count()
    ChecklistItem.objects.bulk_create(
        ChecklistItem(project=project, step=steps[i % 5], title=f"Item {i}", status=statuses[i % 4])
        for i in range(max(0, items - have))
    )
    phases = list(project.phases.all())
    have = project.milestones.count()
    Milestone.objects.bulk_create(
        Milestone(
            project=project,
            phase=phases[i % len(phases)],
            title=f"Milestone {i}",
            due_date=phases[i % len(phases)].start_date + dt.timedelta(days=i % 7),
        )
        for i in range(max(0, milestones - have))
    )
