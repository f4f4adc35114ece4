"""Writes for the pilot evaluation: import the cases, delete the group attributes.

An import replaces the project's cases as a whole. The audit trail records the import
(file, hash, number of cases, attributes), not each of up to 100,000 rows.
"""

import hashlib
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from method import pilot
from method.pilot_import import HEADER_ALIASES, parse_pilot_cases
from method.pilot_import import PilotCase as Case
from method.spreadsheet import TableError
from samspill.audit.models import AuditAction
from samspill.audit.services import audit_record
from samspill.core import clock
from samspill.pilot.models import PilotCase, PilotImport
from samspill.projects.keys import derived_key
from samspill.trust.models import ChecklistItem, Status
from samspill.trust.services import item_update

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000


class PilotImportError(ValueError):
    """The file could not be read, or some rows are wrong; nothing was stored."""

    def __init__(self, *, file_error: TableError | None = None, errors=()):
        super().__init__("pilot import refused")
        self.file_error = file_error
        self.errors = tuple(errors)


def pseudonym_key(project) -> bytes:
    """The project's key for hashing case ids: derived from the server secret, never shown."""
    return derived_key(project, "pilot")


def stored_cases(project) -> list[Case]:
    rows = PilotCase.objects.filter(project=project).values_list(
        "case_key",
        "decided_on",
        "department",
        "arm",
        "ai_decision",
        "human_decision",
        "minutes",
        "attributes",
    )
    return [
        Case(
            case_key=key,
            decided_on=day,
            department=department,
            arm=arm,
            ai_decision=ai or None,
            human_decision=human,
            minutes=minutes,
            attributes=tuple(sorted(attributes.items())),
        )
        for key, day, department, arm, ai, human, minutes, attributes in rows.iterator(
            chunk_size=5000
        )
    ]


def _store_report(record: PilotImport, cases) -> None:
    record.summary = pilot.report_json(pilot.pilot_report(cases))


def _tick_pilot_measured(*, actor, project, record: PilotImport) -> None:
    """Measuring the pilot is the TRUST Relevance item "pilot measured"."""
    item = ChecklistItem.objects.filter(project=project, key="pilot_measured").first()
    if item is None or item.status == Status.DONE:
        return
    note = _("Measured from %(cases)s pilot cases (%(file)s), imported %(date)s.") % {
        "cases": record.cases,
        "file": record.filename,
        "date": clock.today().isoformat(),
    }
    item_update(
        actor=actor,
        item=item,
        expected_version=item.version,
        status=Status.DONE,
        evidence_note="\n".join(filter(None, [item.evidence_note, note])),
    )


@transaction.atomic
def pilot_import(
    *,
    actor,
    project,
    data: bytes,
    filename: str,
    attributes: Sequence[str] = (),
    decision_values: Mapping[str, str] | None = None,
) -> PilotImport:
    """Read, check and store the pilot's cases, replacing any earlier import; all or nothing."""
    reserved = [name for name in attributes if name.casefold() in HEADER_ALIASES]
    if reserved:
        raise ValueError(f"{', '.join(reserved)} is a case column, not a group attribute.")
    try:
        parsed = parse_pilot_cases(
            data,
            filename,
            key=pseudonym_key(project),
            attributes=attributes,
            decision_values=decision_values,
            max_bytes=MAX_BYTES,
            max_rows=MAX_ROWS,
        )
    except TableError as error:
        raise PilotImportError(file_error=error) from None
    if parsed.errors:
        raise PilotImportError(errors=parsed.errors)
    PilotCase.objects.filter(project=project).delete()
    PilotCase.objects.bulk_create(
        (
            PilotCase(
                project=project,
                case_key=case.case_key,
                decided_on=case.decided_on,
                department=case.department,
                arm=case.arm,
                ai_decision=case.ai_decision or "",
                human_decision=case.human_decision,
                minutes=case.minutes,
                attributes=dict(case.attributes),
            )
            for case in parsed.cases
        ),
        batch_size=2000,
    )
    record = PilotImport.objects.filter(project=project).first() or PilotImport(project=project)
    earlier_flags = record.fairness_flags if record.pk else []
    checked_again = record.pk and set(record.attributes) <= set(parsed.attributes)
    before = {"filename": record.filename, "cases": record.cases, "attributes": record.attributes}
    record.filename = filename[:255]
    record.sha256 = hashlib.sha256(data).hexdigest()
    record.cases = len(parsed.cases)
    record.attributes = list(parsed.attributes)
    record.attributes_deleted_at = None
    record.imported_by = actor
    record.imported_at = clock.now()
    _store_report(record, parsed.cases)
    if earlier_flags and not checked_again:
        # Importing without the attributes that raised a flag must not clear it; only the
        # same check coming out clean, or an owner's gate override, does.
        record.summary["flags"] = [
            *[f for f in earlier_flags if f not in record.summary["flags"]],
            *record.summary["flags"],
        ]
    record.save()
    after = {"filename": record.filename, "cases": record.cases, "attributes": record.attributes}
    audit_record(
        actor=actor,
        project=project,
        action=AuditAction.UPDATE if before["filename"] else AuditAction.CREATE,
        obj=record,
        changes={
            **{name: [before[name] or None, after[name]] for name in after},
            "sha256": [None, record.sha256],
        },
    )
    _tick_pilot_measured(actor=actor, project=project, record=record)
    return record


@transaction.atomic
def pilot_attributes_delete(*, actor, project) -> PilotImport:
    """Remove the group attributes from every case once the evaluation is done."""
    record = PilotImport.objects.select_for_update().get(project=project)
    removed = list(record.attributes)
    kept_flags = record.fairness_flags
    PilotCase.objects.filter(project=project).update(attributes={})
    record.attributes = []
    record.attributes_deleted_at = clock.now()
    _store_report(record, stored_cases(project))
    # Deleting the evidence must not clear the finding: the flags stay (and keep the
    # rollout gate closed) until an owner overrides the gate with a reason.
    record.summary["flags"] = [*kept_flags, *record.summary["flags"]]
    record.save()
    audit_record(
        actor=actor,
        project=project,
        action=AuditAction.UPDATE,
        obj=record,
        changes={"attributes": [removed, []]},
    )
    return record


def measured_hours_per_week(record: PilotImport | None) -> dict | None:
    """Measured minutes saved per case, as hours a week at the pilot's own volume (for ROI).

    Unrounded: the page rounds once, half up, when it shows them (rounding here first
    would round twice: 12.46 cases → 12.5 → 13)."""
    saved = record.summary.get("minutes_saved_per_case") if record else None
    if not saved:
        return None
    weeks = max(len(record.summary.get("weekly") or []), 1)
    per_week = (record.summary.get("pilot_cases") or 0) / weeks
    return {
        "minutes": saved,
        "cases_per_week": per_week,
        "hours_per_week": saved["estimate"] * per_week / 60,
        "low": saved["low"] * per_week / 60,
        "high": saved["high"] * per_week / 60,
    }
