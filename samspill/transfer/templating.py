"""Duplicate a project as a template: its shape without its people or its data.

A template carries the stakeholder groups, the TRUST checklist, the messages, the plan's
phases and milestones, the communication calendar, the objection library, the KPI
definitions, the business-case assumptions, the desk's settings and the agreement's
controls (their rules, not their verdicts). It never carries people, stance changes,
engagements, answers, cases, usage data or evidence.

The copy travels through the same export and import as any project file, so every rule
of the import (references, lengths, files) holds for it too. What it carries is named
field by field below; every other field of a carried model starts from its default, so a
field added later stays behind until someone decides it belongs in a template. A model
that is neither carried nor listed as left behind fails the tests until it is classified.
"""

import datetime as dt
import json
from typing import Any

from django.utils.translation import gettext as _

from samspill.core.text import slug_base
from samspill.transfer.exporting import project_export
from samspill.transfer.importing import ImportReport, project_import
from samspill.transfer.schema import Kind, project_models

# {model label: the fields a template carries}. State (done, told, status), owners and
# free notes that may name people are left to their defaults.
CARRIED = {
    "stakeholders.stakeholdergroup": {
        "preset_key",
        "name",
        "motivation",
        "concern",
        "decision_weight",
        "description",
        "position",
    },
    "business.businesscaseinputs": {
        "currency",
        "hours_saved_per_week",
        "hours_saved_per_year",
        "hourly_cost",
        "users",
        "share_affected",
        "weeks_per_year",
        "hours_per_week",
        "licence_setup_cost",
        "implementation_cost",
        "training_cost",
        "annual_running_cost",
        "ramp",
        "horizon_months",
        "conservative_hours_pct",
        "conservative_cost_pct",
        "optimistic_hours_pct",
        "optimistic_cost_pct",
        "training_share_target_pct",
        "problem",
        "risks",
    },
    "rollout.phase": {"key", "title", "description", "start_date", "end_date", "position"},
    "rollout.milestone": {"phase", "title", "due_date", "communicated_to"},
    "trust.checklistitem": {
        "step",
        "key",
        "title",
        "help",
        "due_date",
        "position",
        "gate_phase",
        "gate_from",
    },
    "trust.trainingsession": {"tier", "title", "date", "audience"},
    "comms.message": {"audience", "draft_key", "title", "subject", "body", "created_at"},
    "comms.communication": {"title", "date", "channel", "milestone", "message", "groups"},
    "objections.arsenalentry": {"category", "title", "reality", "response", "compromise"},
    "kpis.kpi": {
        "name",
        "kind",
        "unit",
        "period",
        "target",
        "direction",
        "group",
        "department",
        "position",
    },
    "desk.desksettings": {"deadline_days", "reminder_days", "retention_months"},
    # The agreement's controls (samspill/controls): the rules, not their verdicts.
    "controls.control": {"key", "clause", "title", "metric", "comparison", "threshold", "period"},
}

# Models a template leaves behind: people and what they said or did, answers, cases,
# usage, evidence, decisions taken, documents drafted for the original project.
LEFT_BEHIND = {
    "projects.membership",
    "stakeholders.person",
    "stakeholders.stancechange",
    "stakeholders.engagement",
    "stakeholders.decision",
    "trust.gateoverride",
    "objections.objection",
    "pilot.pilotimport",
    "pilot.pilotcase",
    "guarantees.applicabilitycheck",
    "guarantees.usecase",
    "guarantees.draft",
    "guarantees.draftversion",
    "guarantees.transparencypage",
    "dpia.dpia",
    "dpia.context",
    "dpia.principles",
    "dpia.risk",
    "dpia.action",
    "dpia.opinion",
    "dpia.decision",
    "surveys.survey",
    "surveys.audience",
    "surveys.response",
    "kpis.usageimport",
    "kpis.usageweek",
    "kpis.featureweek",
    "kpis.licenseddepartment",
    "kpis.kpivalue",
    "kpis.story",
    "aifile.filesettings",
    "aifile.workerinformation",
    "aifile.acknowledgement",
    "aifile.literacyrecord",
    "aifile.overseer",
    "aifile.monitoringevent",
    "pilot.caseimport",
    "controls.controlweek",
    "controls.breachcomment",
    "controls.breachresponse",
    "controls.evaluationmeeting",
}

# The project's own fields a template keeps; the name and start date are the new ones.
PROJECT_FIELDS = {"ai_tool", "ai_will_do", "ai_will_not_do", "departments", "language"}


def unclassified_models() -> list[str]:
    """Project models the template neither carries nor leaves behind (the tests call this)."""
    labels = {plan.label for plan in project_models()}
    return sorted(labels - set(CARRIED) - LEFT_BEHIND)


def _shifted(value: Any, days: int) -> Any:
    if not isinstance(value, str) or len(value) != 10:
        return value
    try:
        return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()
    except ValueError:
        return value


def _carried_objects(objects: dict[str, list[dict]], days: int) -> dict[str, list[dict]]:
    plans = {plan.label: plan for plan in project_models()}
    kept_ids = {item["id"] for label in CARRIED for item in objects.get(label, [])}
    carried = {}
    for label, fields in CARRIED.items():
        plan = plans[label]
        rows = []
        for item in objects.get(label, []):
            row = {}
            for field in plan.fields:
                if field.name not in fields:
                    continue
                value = item["fields"].get(field.name)
                if field.kind == Kind.REF and field.field.many_to_many:
                    value = [ref for ref in value if ref in kept_ids]
                elif field.kind == Kind.REF and value not in kept_ids:
                    value = None
                elif field.field.get_internal_type() == "DateField":
                    value = _shifted(value, days)
                row[field.name] = value
            rows.append({"id": item["id"], "fields": row})
        carried[label] = rows
    return carried


def template_document(project, *, name: str, start_date: dt.date, actor=None) -> dict:
    """The project's template as an export document, dates moved to the new start."""
    document = project_export(project, actor=actor)
    days = (start_date - project.start_date).days if project.start_date else 0
    fields = {
        key: value for key, value in document["project"]["fields"].items() if key in PROJECT_FIELDS
    }
    fields.update(name=name, start_date=start_date.isoformat())
    document["project"]["fields"] = fields
    # The copy's address follows its own name.
    document["project"]["slug"] = slug_base(name) or "project"
    document["objects"] = _carried_objects(document["objects"], days)
    # A new project's trail starts with its creation; the original's trail stays with it.
    document["audit"], document["audit_head"] = [], None
    return document


def project_duplicate(project, *, actor, name: str, start_date: dt.date) -> ImportReport:
    """A new project from `project`'s template, owned by `actor`; audited as a creation."""
    document = template_document(project, name=name, start_date=start_date, actor=actor)
    data = json.dumps(document, ensure_ascii=False).encode("utf-8")
    label = _("template of %(slug)s") % {"slug": project.slug}
    return project_import(actor=actor, data=data, filename=label, bounded=False)
