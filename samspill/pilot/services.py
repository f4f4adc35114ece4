"""Writes for the pilot evaluation: import the cases, delete the group attributes.

An import replaces the project's cases as a whole. The audit trail records the import
(file, hash, number of cases, attributes), not each of up to 100,000 rows.
"""

import hashlib
import json
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.translation import ngettext

from method import pilot
from method.pilot_import import HEADER_ALIASES, parse_pilot_cases
from method.pilot_import import PilotCase as Case
from method.spreadsheet import TableError
from samspill.audit.models import AuditAction
from samspill.audit.services import audit_record
from samspill.core import clock
from samspill.pilot.models import CaseImport, PilotCase, PilotImport
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
    """The project's measured cases, streamed. A pilot has a handful of attribute
    combinations across many cases, so each combination's JSON text is decoded once
    (read as text, not decoded per row) and its sorted tuple shared by its cases."""
    rows = PilotCase.objects.filter(project=project, production=False).values_list(
        "case_key",
        "decided_on",
        "department",
        "arm",
        "ai_decision",
        "human_decision",
        "minutes",
        Cast("attributes", TextField()),
    )
    decoded: dict[str, tuple[tuple[str, str], ...]] = {}

    def attributes_of(text: str) -> tuple[tuple[str, str], ...]:
        found = decoded.get(text)
        if found is None:
            found = decoded[text] = tuple(sorted(json.loads(text).items()))
        return found

    return [
        Case(key, day, department, arm, ai or None, human, minutes, attributes_of(text))
        for key, day, department, arm, ai, human, minutes, text in rows.iterator(chunk_size=5000)
    ]


def _store_report(record: PilotImport, cases) -> None:
    record.summary = pilot.report_json(pilot.pilot_report(cases))


def _tick_pilot_measured(*, actor, project, record: PilotImport) -> None:
    """Measuring the pilot is the TRUST Relevance item "pilot measured"."""
    item = ChecklistItem.objects.filter(project=project, key="pilot_measured").first()
    if item is None or item.status == Status.DONE:
        return
    note = ngettext(
        "Measured from %(cases)s pilot case (%(file)s), imported %(date)s.",
        "Measured from %(cases)s pilot cases (%(file)s), imported %(date)s.",
        record.cases,
    ) % {
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


def _parsed_cases(project, data: bytes, filename: str, **options):
    """The file's cases, pseudonymised with the project's key, or PilotImportError naming
    every problem: the one reading of a case file, for the pilot and for production."""
    try:
        parsed = parse_pilot_cases(
            data,
            filename,
            key=pseudonym_key(project),
            max_bytes=MAX_BYTES,
            max_rows=MAX_ROWS,
            **options,
        )
    except TableError as error:
        raise PilotImportError(file_error=error) from None
    if parsed.errors:
        raise PilotImportError(errors=parsed.errors)
    return parsed


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
    parsed = _parsed_cases(
        project, data, filename, attributes=attributes, decision_values=decision_values
    )
    PilotCase.objects.filter(project=project, production=False).delete()
    # A production case with the same key is the same decision: the pilot file wins.
    pilot_keys = [case.case_key for case in parsed.cases]
    for start in range(0, len(pilot_keys), 5000):
        PilotCase.objects.filter(
            project=project, production=True, case_key__in=pilot_keys[start : start + 5000]
        ).delete()
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
    PilotCase.objects.filter(project=project, production=False).update(attributes={})
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


@transaction.atomic
def case_import(
    *,
    actor,
    project,
    data: bytes,
    filename: str,
    decision_values: Mapping[str, str] | None = None,
) -> CaseImport:
    """Production monitoring: read a week's (or any period's) cases in the pilot's format,
    pseudonymised with the same key, and upsert them; all or nothing. Group attributes are
    never kept from production files: fairness is judged in the evaluation, not weekly.
    A row with the AI's decision and no person's is kept with an empty human decision."""
    parsed = _parsed_cases(
        project, data, filename, decision_values=decision_values, allow_undecided=True
    )
    keys = [case.case_key for case in parsed.cases]
    for start in range(0, len(keys), 5000):  # SQLite caps the parameters of one statement
        PilotCase.objects.filter(
            project=project, production=True, case_key__in=keys[start : start + 5000]
        ).delete()
    taken = set(
        PilotCase.objects.filter(project=project, production=False).values_list(
            "case_key", flat=True
        )
    )
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
                production=True,
            )
            for case in parsed.cases
            if case.case_key not in taken  # a pilot case stays the pilot's
        ),
        batch_size=2000,
    )
    days = [case.decided_on for case in parsed.cases]
    record = CaseImport(
        project=project,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        cases=len(parsed.cases),
        first_day=min(days),
        last_day=max(days),
        imported_by=actor,
        imported_at=clock.now(),
    )
    record.full_clean()
    record.save()
    audit_record(
        actor=actor,
        project=project,
        action=AuditAction.CREATE,
        obj=record,
        changes={
            "filename": [None, record.filename],
            "cases": [None, record.cases],
            "first_day": [None, record.first_day.isoformat()],
            "last_day": [None, record.last_day.isoformat()],
            "sha256": [None, record.sha256],
        },
    )
    return record
