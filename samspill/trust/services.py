"""Writes for the TRUST checklists, gate overrides and the training plan."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from method.catalog import rollout_phases, trust_catalog
from samspill.audit.services import save_created, save_versioned
from samspill.notify.events import publish
from samspill.trust.models import ChecklistItem, GateOverride, TrainingSession

ITEM_FIELDS = [
    "step",
    "title",
    "help",
    "owner",
    "due_date",
    "status",
    "evidence_note",
    "evidence_link",
    "evidence_file",
]
SESSION_FIELDS = ["tier", "title", "date", "invited", "attended"]


@transaction.atomic
def checklist_seed(*, actor, project) -> None:
    for position, preset in enumerate(trust_catalog(project.language).items):
        save_created(
            actor=actor,
            project=project,
            fields=ITEM_FIELDS,
            obj=ChecklistItem(
                project=project,
                step=preset.step.value,
                key=preset.key,
                title=preset.title,
                help=preset.help,
                position=position,
            ),
        )


@transaction.atomic
def item_create(*, actor, project, **values) -> ChecklistItem:
    position = project.checklist_items.count()
    return save_created(
        actor=actor,
        project=project,
        obj=ChecklistItem(project=project, position=position, **values),
        fields=ITEM_FIELDS,
    )


@transaction.atomic
def item_update(*, actor, item: ChecklistItem, expected_version: int, **values) -> ChecklistItem:
    owner = values.get("owner")
    if owner is not None and not item.project.memberships.filter(user=owner).exists():
        raise ValidationError(_("The owner must be a member of the project."))
    return save_versioned(
        actor=actor,
        project=item.project,
        obj=item,
        expected_version=expected_version,
        fields=ITEM_FIELDS,
        values=values,
    )


@transaction.atomic
def gate_override(*, actor, project, phase_key: str, reason: str) -> GateOverride:
    if not reason.strip():
        raise ValidationError(_("Say why the phase may start although the gate is not met."))
    if GateOverride.objects.filter(project=project, phase_key=phase_key).exists():
        raise ValidationError(_("This gate has already been overridden."))
    override = save_created(
        actor=actor,
        project=project,
        fields=["phase_key", "reason"],
        obj=GateOverride(project=project, phase_key=phase_key, reason=reason.strip(), author=actor),
    )
    phase = next(
        (p.title for p in rollout_phases(project.language) if p.key == phase_key), phase_key
    )
    publish(
        project,
        "gate_overridden",
        summary=format_lazy(gettext_lazy("Gate overridden before: {phase}"), phase=phase),
        path=reverse("trust:checklists", args=[project.slug]),
        actor=actor,
    )
    return override


@transaction.atomic
def session_create(*, actor, project, audience=(), **values) -> TrainingSession:
    return save_created(
        actor=actor,
        project=project,
        obj=TrainingSession(project=project, **values),
        fields=SESSION_FIELDS,
        relations={"audience": audience},
    )
