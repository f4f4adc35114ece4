"""Writes for the guarantees pack. Each validates, saves and audits."""

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import translation

from method.legal import Answers, classify, obligations
from method.objections import ObjectionCategory
from samspill.audit.models import AuditAction
from samspill.audit.services import (
    audit_record,
    save_created,
    save_deleted,
    save_versioned,
)
from samspill.core import clock
from samspill.guarantees.models import (
    ApplicabilityCheck,
    Draft,
    DraftVersion,
    TransparencyPage,
    UseCase,
    new_token,
)
from samspill.objections.services import objection_log, suggest
from samspill.projects.services import project_facts_update
from samspill.trust.models import ChecklistItem, Step

ANSWER_FIELDS = [
    "country",
    "employees",
    "purpose",
    "scores_people",
    "decides_alone",
    "emotion_recognition",
    "affects_employees",
    "monitors_employees",
    "public_employer",
    "chatbot",
    "biometric_categorisation",
    "german_site",
]
USE_CASE_FIELDS = [
    "name",
    "ai_alone",
    "ai_suggests",
    "human_decides",
    "overseer",
    "overseer_training",
    "can_stop",
    "stop_how",
    "contest_route",
]
DRAFT_FIELDS = ["kind", "title", "clauses", "body"]
PAGE_FIELDS = ["link_enabled", "data_used", "questions_to"]

# Obligations the TRUST catalog already has an item for: that item carries them.
COVERED_BY = {
    "gdpr_art_35": "processing_documented",
    "gdpr_art_30": "processing_documented",
    "gdpr_art_22": "decision_limits",
}

# When an obligation is due, as the rollout phase whose gate it joins.
GATE_OF = {"before_prototype": "prototype", "before_pilot": "pilot", "before_rollout": "rollout"}


# Whether the employer is public is a project fact: the check asks it, the project keeps it.
STORED_ANSWER_FIELDS = [name for name in ANSWER_FIELDS if name != "public_employer"]


def answers_of(check: ApplicabilityCheck) -> Answers:
    return Answers(**{name: getattr(check, name) for name in ANSWER_FIELDS})


@transaction.atomic
def applicability_save(*, actor, project, expected_version: int | None, **values):
    """Save the answers. If the project already carries its obligations in TRUST, they are
    refreshed at once, so a changed answer never leaves TRUST out of date.

    The public-employer answer is saved as the project fact (projects.services), so the
    check, the FRIA and the project facts panel never disagree."""
    public = values.pop("public_employer", None)
    if public is not None and project.public_employer != bool(public):
        project_facts_update(actor=actor, project=project, public_employer=bool(public))
        project.refresh_from_db()
    answers = Answers(**values, public_employer=bool(project.public_employer))
    risk_class = classify(answers).risk_class.value
    existing = ApplicabilityCheck.objects.filter(project=project).first()
    if existing is None:
        check = save_created(
            actor=actor,
            project=project,
            obj=ApplicabilityCheck(project=project, risk_class=risk_class, **values),
            fields=[*STORED_ANSWER_FIELDS, "risk_class"],
        )
    else:
        check = save_versioned(
            actor=actor,
            project=project,
            obj=existing,
            expected_version=expected_version or existing.version,
            fields=[*STORED_ANSWER_FIELDS, "risk_class"],
            values={**values, "risk_class": risk_class},
        )
        check.project = project
    if project.checklist_items.filter(key__startswith="legal:").exists():
        obligations_to_trust(actor=actor, project=project, check=check)
    return check


def obligation_key(legal_key: str) -> str:
    return f"legal:{legal_key}"[:60]


def in_trust(project) -> set[str]:
    """The legal item keys that a TRUST item of the project carries."""
    keys = set(project.checklist_items.values_list("key", flat=True))
    added = {key.removeprefix("legal:") for key in keys if key.startswith("legal:")}
    return added | {legal for legal, trust in COVERED_BY.items() if trust in keys}


@dataclass(frozen=True)
class Refresh:
    """What adding the obligations to TRUST changed."""

    added: int = 0
    updated: int = 0
    released: int = 0  # items whose obligation no longer applies: they stop holding a gate

    @property
    def changed(self) -> int:
        return self.added + self.updated + self.released


def _gate(obligation) -> tuple[str, object]:
    """The phase an obligation belongs to and the day from which it can hold it back.

    An item that applies today or on a known later day keeps its phase and that day; the
    trust overview lets it join a gate once the day has come (method.legal.gate_for).
    EU law only expected in Norway has no day yet: it joins no gate until a refresh after
    the catalog gives one. "ongoing" duties belong to no phase.
    """
    due_from = obligation.due_from
    phase = GATE_OF.get(obligation.item.when, "")
    if due_from is None:
        return "", None
    return phase, due_from


@transaction.atomic
def obligations_to_trust(*, actor, project, check: ApplicabilityCheck) -> Refresh:
    """Bring the project's TRUST Security items in line with the obligations that apply.

    A missing item is added; an existing one gets the catalog's current title, text, phase
    and date (its status, owner and evidence stay); an item whose obligation no longer
    applies keeps its record but stops holding a gate. Safe to run again at any time.
    """
    items = {i.key: i for i in project.checklist_items.filter(key__startswith="legal:")}
    existing = set(project.checklist_items.values_list("key", flat=True))
    position = project.checklist_items.aggregate(last=Max("position"))["last"] or 0
    with translation.override(project.language):
        found = obligations(answers_of(check), today=clock.today(), language=project.language)
    added = updated = released = 0
    current = set()
    for obligation in found:
        item = obligation.item
        key = obligation_key(item.key)
        if not item.trust_item or COVERED_BY.get(item.key) in existing:
            continue
        current.add(key)
        phase, due_from = _gate(obligation)
        values = {
            "title": item.title[:200],
            "help": f"{item.source}: {item.action}"[:400],
            "gate_phase": phase,
            "gate_from": due_from,
        }
        stored = items.get(key)
        if stored is None:
            position += 1
            save_created(
                actor=actor,
                project=project,
                obj=ChecklistItem(
                    project=project, step=Step.SECURITY, key=key, position=position, **values
                ),
                fields=["step", "title", "help", "gate_phase", "gate_from"],
            )
            added += 1
        elif any(getattr(stored, name) != value for name, value in values.items()):
            save_versioned(
                actor=actor,
                project=project,
                obj=stored,
                expected_version=stored.version,
                fields=list(values),
                values=values,
            )
            updated += 1
    for key, stored in items.items():
        if key not in current and (stored.gate_phase or stored.gate_from):
            save_versioned(
                actor=actor,
                project=project,
                obj=stored,
                expected_version=stored.version,
                fields=["gate_phase", "gate_from"],
                values={"gate_phase": "", "gate_from": None},
            )
            released += 1
    return Refresh(added, updated, released)


@transaction.atomic
def use_case_create(*, actor, project, **values) -> UseCase:
    return save_created(
        actor=actor, project=project, obj=UseCase(project=project, **values), fields=USE_CASE_FIELDS
    )


@transaction.atomic
def use_case_update(*, actor, use_case: UseCase, expected_version: int, **values) -> UseCase:
    return save_versioned(
        actor=actor,
        project=use_case.project,
        obj=use_case,
        expected_version=expected_version,
        fields=USE_CASE_FIELDS,
        values=values,
    )


@transaction.atomic
def use_case_delete(*, actor, use_case: UseCase) -> None:
    save_deleted(actor=actor, project=use_case.project, obj=use_case, fields=USE_CASE_FIELDS)


@transaction.atomic
def draft_save(*, actor, project, kind: str, expected_version: int | None, **values) -> Draft:
    existing = Draft.objects.filter(project=project, kind=kind).first()
    if existing is None:
        return save_created(
            actor=actor,
            project=project,
            obj=Draft(project=project, kind=kind, **values),
            fields=DRAFT_FIELDS,
        )
    return save_versioned(
        actor=actor,
        project=project,
        obj=existing,
        expected_version=expected_version or existing.version,
        fields=DRAFT_FIELDS,
        values=values,
    )


@transaction.atomic
def draft_version_create(*, actor, draft: Draft, docx: bytes) -> DraftVersion:
    """Keep the generated document exactly as it was downloaded, numbered and dated."""
    last = draft.versions.aggregate(last=Max("number"))["last"] or 0
    version = DraftVersion.objects.create(
        draft=draft,
        number=last + 1,
        docx=docx,
        sha256=hashlib.sha256(docx).hexdigest(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        project=draft.project,
        action=AuditAction.CREATE,
        obj=version,
        changes={"number": [None, version.number], "sha256": [None, version.sha256]},
        object_repr=f"{draft.title} v{version.number}",
    )
    return version


def transparency_page(project) -> TransparencyPage:
    page, _created = TransparencyPage.objects.get_or_create(project=project)
    return page


@transaction.atomic
def transparency_update(*, actor, page: TransparencyPage, expected_version: int, **values):
    return save_versioned(
        actor=actor,
        project=page.project,
        obj=page,
        expected_version=expected_version,
        fields=PAGE_FIELDS,
        values=values,
    )


@transaction.atomic
def transparency_rotate(*, actor, page: TransparencyPage) -> TransparencyPage:
    """A new link; the old one stops working at once. The token itself is never recorded."""
    TransparencyPage.objects.filter(pk=page.pk).update(token=new_token())
    page.refresh_from_db()
    audit_record(
        actor=actor,
        project=page.project,
        action=AuditAction.UPDATE,
        obj=page,
        changes={"link": ["old link", "new link"]},
    )
    return page


def anonymous_objection(*, project, text: str):
    """An objection from the transparency page: no name, no account, no address kept."""
    group = project.stakeholder_groups.filter(preset_key="employees").first()
    group = group or project.stakeholder_groups.order_by("position").first()
    suggestions = suggest(text)
    return objection_log(
        actor=None,
        project=project,
        text=text,
        raised_on=clock.today(),
        group=group,
        occasion="transparency page",
        # A question the library cannot place is still a question about openness.
        category="" if suggestions else ObjectionCategory.TRANSPARENCY.value,
    )
