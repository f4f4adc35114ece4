"""Writes for the rollout plan. Each validates, saves and audits."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from method.catalog import rollout_phases
from samspill.audit.services import save_created, save_relations, save_versioned
from samspill.notify.events import publish
from samspill.rollout.models import Milestone, Phase

PHASE_FIELDS = ["title", "description", "start_date", "end_date"]
MILESTONE_FIELDS = ["title", "phase", "due_date", "done", "communicated", "notes"]


def week_start(project, week: int) -> dt.date:
    return project.start_date + dt.timedelta(weeks=week - 1)


@transaction.atomic
def plan_seed(*, actor, project) -> list[Phase]:
    """Lay out the template's phases and milestones from the project's start date."""
    phases = []
    for position, preset in enumerate(rollout_phases(project.language)):
        phase = save_created(
            actor=actor,
            project=project,
            fields=PHASE_FIELDS,
            obj=Phase(
                project=project,
                key=preset.key,
                title=preset.title,
                description=preset.description,
                position=position,
                start_date=week_start(project, preset.first_week),
                end_date=week_start(project, preset.last_week) + dt.timedelta(days=6),
            ),
        )
        for milestone in preset.milestones:
            save_created(
                actor=actor,
                project=project,
                fields=MILESTONE_FIELDS,
                obj=Milestone(
                    project=project,
                    phase=phase,
                    title=milestone.title,
                    # The Friday of the week when the project starts on a Monday.
                    due_date=week_start(project, milestone.week) + dt.timedelta(days=4),
                ),
            )
        phases.append(phase)
    return phases


@transaction.atomic
def phase_create(*, actor, project, **values) -> Phase:
    position = project.phases.count()
    return save_created(
        actor=actor,
        project=project,
        obj=Phase(project=project, position=position, **values),
        fields=PHASE_FIELDS,
    )


@transaction.atomic
def phase_update(*, actor, phase: Phase, expected_version: int, **values) -> Phase:
    return save_versioned(
        actor=actor,
        project=phase.project,
        obj=phase,
        expected_version=expected_version,
        fields=PHASE_FIELDS,
        values=values,
    )


@transaction.atomic
def milestone_create(*, actor, project, communicated_to=(), **values) -> Milestone:
    milestone = save_created(
        actor=actor,
        project=project,
        obj=Milestone(project=project, **values),
        fields=MILESTONE_FIELDS,
        relations={"communicated_to": communicated_to},
    )
    if milestone.communicated:
        _publish_told(actor, milestone)
    return milestone


def _publish_told(actor, milestone: Milestone) -> None:
    publish(
        milestone.project,
        "milestone_told",
        summary=format_lazy(gettext_lazy("Milestone told: {title}"), title=milestone.title),
        path=reverse("rollout:plan", args=[milestone.project.slug]) + "#milestones-heading",
        actor=actor,
    )


@transaction.atomic
def milestone_update(
    *, actor, milestone: Milestone, expected_version: int, communicated_to=None, **values
) -> Milestone:
    was_told = Milestone.objects.filter(pk=milestone.pk, communicated=True).exists()
    current = save_versioned(
        actor=actor,
        project=milestone.project,
        obj=milestone,
        expected_version=expected_version,
        fields=MILESTONE_FIELDS,
        values=values,
    )
    if current.communicated and not was_told:
        _publish_told(actor, current)
    if communicated_to is not None:
        save_relations(
            actor=actor,
            project=current.project,
            obj=current,
            relations={"communicated_to": communicated_to},
        )
    return current
