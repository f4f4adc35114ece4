"""Writes for the DPIA. Each validates, saves and audits in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from method import dpia as rules
from samspill.audit.services import save_created, save_deleted, save_versioned
from samspill.core import clock
from samspill.dpia.models import (
    Action,
    Context,
    Decision,
    Dpia,
    Opinion,
    OpinionKind,
    Principles,
    Risk,
)
from samspill.projects.models import Project

SCREENING_FIELDS = ["criteria", "screening_notes", "screened_on"]
CONTEXT_FIELDS = list(rules.CONTEXT_KEYS)
PRINCIPLES_FIELDS = list(rules.PRINCIPLE_KEYS + rules.RIGHT_KEYS)
RISK_FIELDS = [
    "title",
    "impacts",
    "threats",
    "sources",
    "measures",
    "severity_before",
    "likelihood_before",
    "severity_after",
    "likelihood_after",
]
ACTION_FIELDS = ["title", "details", "risk", "owner", "due_date", "status"]
OPINION_FIELDS = ["author", "given_on", "stance", "text"]
DECISION_FIELDS = [
    "outcome",
    "conditions",
    "decided_by",
    "decided_on",
    "reasoning",
    "consultation_on",
    "consultation_reference",
    "override_reason",
]


@transaction.atomic
def dpia_start(*, actor, project) -> Dpia:
    """Open the project's DPIA: its parts, and the six risks seeded in the content language.

    Starting twice returns the DPIA already there, so a double click does no harm.
    """
    # Lock the project so that two people starting at once get one DPIA, not an error.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    existing = Dpia.objects.filter(project=project).first()
    if existing is not None:
        return existing
    dpia = save_created(
        actor=actor, project=project, obj=Dpia(project=project), fields=SCREENING_FIELDS
    )
    for part, fields in ((Context, CONTEXT_FIELDS), (Principles, PRINCIPLES_FIELDS)):
        save_created(actor=actor, project=project, obj=part(dpia=dpia), fields=fields)
    for kind in OpinionKind:
        save_created(
            actor=actor, project=project, obj=Opinion(dpia=dpia, kind=kind), fields=["kind"]
        )
    save_created(actor=actor, project=project, obj=Decision(dpia=dpia), fields=DECISION_FIELDS)
    presets = rules.dpia_catalog(project.language).risks
    for position, key in enumerate(rules.RISK_KEYS):
        preset = presets[key]
        save_created(
            actor=actor,
            project=project,
            fields=["key", *RISK_FIELDS],
            obj=Risk(
                dpia=dpia,
                key=key,
                position=position,
                title=preset.title,
                impacts=preset.impacts,
                threats=preset.threats,
                sources=preset.sources,
            ),
        )
    return dpia


def _method_order(key: str) -> tuple[int, str]:
    # Unknown keys sort last and are kept, so that full_clean refuses them.
    known = key in rules.CRITERIA
    return (rules.CRITERIA.index(key) if known else len(rules.CRITERIA), key)


@transaction.atomic
def dpia_screening_update(
    *, actor, dpia: Dpia, expected_version: int, criteria, screening_notes: str = ""
) -> Dpia:
    """Record which criteria apply (in the method's order) and that the screening was done."""
    values = {
        "criteria": sorted(set(criteria), key=_method_order),
        "screening_notes": screening_notes,
        "screened_on": clock.today(),
    }
    return save_versioned(
        actor=actor,
        obj=dpia,
        project=dpia.project,
        expected_version=expected_version,
        fields=SCREENING_FIELDS,
        values=values,
    )


@transaction.atomic
def context_update(*, actor, context: Context, expected_version: int, **values) -> Context:
    return save_versioned(
        actor=actor,
        obj=context,
        project=context.dpia.project,
        expected_version=expected_version,
        fields=CONTEXT_FIELDS,
        values=values,
    )


@transaction.atomic
def principles_update(
    *, actor, principles: Principles, expected_version: int, **values
) -> Principles:
    return save_versioned(
        actor=actor,
        obj=principles,
        project=principles.dpia.project,
        expected_version=expected_version,
        fields=PRINCIPLES_FIELDS,
        values=values,
    )


@transaction.atomic
def risk_create(*, actor, dpia: Dpia, **values) -> Risk:
    last = dpia.risks.order_by("-position").values_list("position", flat=True).first()
    return save_created(
        actor=actor,
        project=dpia.project,
        obj=Risk(dpia=dpia, position=0 if last is None else last + 1, **values),
        fields=RISK_FIELDS,
    )


@transaction.atomic
def risk_update(*, actor, risk: Risk, expected_version: int, **values) -> Risk:
    return save_versioned(
        actor=actor,
        obj=risk,
        project=risk.dpia.project,
        expected_version=expected_version,
        fields=RISK_FIELDS,
        values=values,
    )


@transaction.atomic
def risk_delete(*, actor, risk: Risk) -> None:
    """Remove a risk; its actions stay in the plan, no longer tied to it (audited too)."""
    project = risk.dpia.project
    for action in risk.actions.all():
        save_versioned(
            actor=actor,
            project=project,
            obj=action,
            expected_version=action.version,
            fields=ACTION_FIELDS,
            values={"risk": None},
        )
    save_deleted(actor=actor, project=project, obj=risk, fields=["key", *RISK_FIELDS])


@transaction.atomic
def action_create(*, actor, dpia: Dpia, **values) -> Action:
    return save_created(
        actor=actor, project=dpia.project, obj=Action(dpia=dpia, **values), fields=ACTION_FIELDS
    )


@transaction.atomic
def action_update(*, actor, action: Action, expected_version: int, **values) -> Action:
    return save_versioned(
        actor=actor,
        obj=action,
        project=action.dpia.project,
        expected_version=expected_version,
        fields=ACTION_FIELDS,
        values=values,
    )


@transaction.atomic
def action_delete(*, actor, action: Action) -> None:
    save_deleted(actor=actor, project=action.dpia.project, obj=action, fields=ACTION_FIELDS)


@transaction.atomic
def opinion_update(*, actor, opinion: Opinion, expected_version: int, **values) -> Opinion:
    return save_versioned(
        actor=actor,
        obj=opinion,
        project=opinion.dpia.project,
        expected_version=expected_version,
        fields=OPINION_FIELDS,
        values=values,
    )


def consultation_needed(dpia) -> bool:
    """Whether a risk stays high after the measures (GDPR Art. 36(1))."""
    residual = [
        rules.risk_level(risk.severity_after, risk.likelihood_after)
        for risk in dpia.risks.all()
        if risk.severity_after is not None and risk.likelihood_after is not None
    ]
    return rules.needs_prior_consultation(residual)


@transaction.atomic
def decision_update(*, actor, decision: Decision, expected_version: int, **values) -> Decision:
    """Save the decision; a go while prior consultation is needed and not recorded is
    refused unless it carries an override reason, which the audit trail then records."""
    merged = {name: values.get(name, getattr(decision, name)) for name in DECISION_FIELDS}
    problem = rules.decision_problem(
        merged["outcome"] or "",
        consultation_needed=consultation_needed(decision.dpia),
        consultation_recorded=merged["consultation_on"] is not None,
        override_reason=merged["override_reason"] or "",
    )
    if problem == "consultation_missing":
        raise ValidationError(
            _(
                "A high risk remains after the measures, so the data protection authority "
                "must be consulted before the processing starts (GDPR Art. 36). Record the "
                "date of the prior consultation, or give the reason for going ahead without "
                "it."
            )
        )
    return save_versioned(
        actor=actor,
        obj=decision,
        project=decision.dpia.project,
        expected_version=expected_version,
        fields=DECISION_FIELDS,
        values=values,
    )
