"""Writes for acceptance measurement: usage imports, licence counts, KPIs, values, stories.

A usage import replaces the weeks its file covers (every department), in one transaction,
so importing an overlapping period again never counts a week twice. The audit trail records
the import (file, SHA-256, rows, weeks), not the aggregates.
"""

import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from method import kpis as rules
from method.spreadsheet import TableError, read_table
from method.usage import (
    CLI_BUDGET,
    FORMAT_BY_SUFFIX,
    Budget,
    ColumnMap,
    import_usage,
    weeks_covered,
)
from samspill.audit.models import AuditAction
from samspill.audit.services import audit_record, save_created, save_deleted, save_versioned
from samspill.core import clock
from samspill.kpis.models import (
    FeatureWeek,
    Kpi,
    KpiValue,
    LicensedDepartment,
    Story,
    UsageImport,
    UsageWeek,
)
from samspill.notify.events import publish
from samspill.projects.keys import derived_key

DEFAULT_COLUMNS = ColumnMap()
MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # web uploads; the CLI reads any size
KPI_FIELDS = ["name", "kind", "unit", "period", "target", "direction", "group", "department"]
KPI_EDITABLE = ["name", "target", "direction", "group", "department"]
STORY_FIELDS = ["told_on", "title", "text", "department", "group", "told_by", "share_externally"]
DEPARTMENT_FIELDS = ["name", "licensed_users"]


def usage_key(project) -> bytes:
    """The project's key for hashing user ids (its own label: never a pilot case key)."""
    return derived_key(project, "usage")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def usage_import(
    *,
    actor,
    project,
    path: Path,
    filename: str,
    columns: ColumnMap = DEFAULT_COLUMNS,
    fmt: str | None = None,
    progress: Callable[[str], None] | None = None,
    budget: Budget = CLI_BUDGET,
) -> UsageImport:
    """Aggregate a usage log and store its weeks; raises method.usage.UsageError, storing
    nothing, when any row is bad. `filename` names the format when `fmt` is None; `budget`
    bounds the memory and rows one import may take (method.usage.WEB_BUDGET for a worker)."""
    if fmt is None:
        fmt = FORMAT_BY_SUFFIX.get(Path(filename).suffix.lower())
    result = import_usage(
        path,
        columns=columns,
        key=usage_key(project),
        fmt=fmt,
        progress=progress,
        timezone=settings.TIME_ZONE,
        budget=budget,
    )
    if progress is not None:
        progress("storing")
    retained = {(r.week, r.department): r.retained_users for r in result.retention}
    weeks = weeks_covered(result)
    with transaction.atomic():
        UsageWeek.objects.filter(project=project, week__in=weeks).delete()
        FeatureWeek.objects.filter(project=project, week__in=weeks).delete()
        UsageWeek.objects.bulk_create(
            (
                UsageWeek(
                    project=project,
                    week=row.week,
                    department=row.department,
                    events=row.events,
                    active_users=row.active_users,
                    mau=row.mau,
                    mau_weeks=row.mau_weeks,
                    retained_users=retained.get(
                        (row.week, row.department), 0 if row.week != weeks[-1] else None
                    ),
                )
                for row in result.weekly
            ),
            batch_size=2000,
        )
        FeatureWeek.objects.bulk_create(
            (
                FeatureWeek(
                    project=project,
                    week=row.week,
                    department=row.department,
                    feature=row.feature,
                    events=row.events,
                    active_users=row.active_users,
                )
                for row in result.features
            ),
            batch_size=2000,
        )
        record = UsageImport.objects.create(
            project=project,
            filename=filename[:255],
            sha256=_sha256(path),
            rows_read=result.rows_read,
            weeks=len(weeks),
            first_week=weeks[0],
            last_week=weeks[-1],
            seconds=result.seconds,
            imported_by=actor,
            imported_at=clock.now(),
        )
        audit_record(
            actor=actor,
            project=project,
            action=AuditAction.CREATE,
            obj=record,
            changes={
                "filename": [None, record.filename],
                "sha256": [None, record.sha256],
                "rows_read": [None, record.rows_read],
                "weeks": [None, f"{record.first_week.isoformat()}…{record.last_week.isoformat()}"],
            },
        )
    return record


# Licence counts


def licensed_department_save(*, actor, project, name: str, licensed_users: int):
    """Add a department's licence count, or change it if the department is already there."""
    name = name.strip()
    existing = LicensedDepartment.objects.filter(project=project, name__iexact=name).first()
    if existing is None:
        return save_created(
            actor=actor,
            project=project,
            obj=LicensedDepartment(project=project, name=name, licensed_users=licensed_users),
            fields=DEPARTMENT_FIELDS,
        )
    return save_versioned(
        actor=actor,
        project=project,
        obj=existing,
        expected_version=existing.version,
        fields=DEPARTMENT_FIELDS,
        values={"licensed_users": licensed_users},
    )


def licensed_department_delete(*, actor, department: LicensedDepartment) -> None:
    save_deleted(actor=actor, project=department.project, obj=department, fields=DEPARTMENT_FIELDS)


# KPIs


def kpi_create(*, actor, project, kind: str, **values) -> Kpi:
    spec = rules.KINDS[rules.Kind(kind)]
    values.setdefault("unit", spec.unit.value)
    values.setdefault("period", spec.period.value)
    values.setdefault("direction", spec.direction.value)
    values.setdefault("department", "")
    values["unit"] = values["unit"] or spec.unit.value
    values["period"] = values["period"] or spec.period.value
    values["direction"] = values["direction"] or spec.direction.value
    if values.get("group") is not None and values["group"].project_id != project.pk:
        raise ValidationError(_("That group belongs to another project."))
    if Kpi.objects.filter(project=project, name__iexact=values.get("name", "")).exists():
        raise ValidationError(_("There is already a KPI with this name."))
    position = Kpi.objects.filter(project=project).count()
    return save_created(
        actor=actor,
        project=project,
        obj=Kpi(project=project, kind=kind, position=position, **values),
        fields=KPI_FIELDS,
    )


def kpi_update(*, actor, kpi: Kpi, expected_version: int, **values) -> Kpi:
    if (
        Kpi.objects.filter(project=kpi.project, name__iexact=values.get("name", kpi.name))
        .exclude(pk=kpi.pk)
        .exists()
    ):
        raise ValidationError(_("There is already a KPI with this name."))
    return save_versioned(
        actor=actor,
        project=kpi.project,
        obj=kpi,
        expected_version=expected_version,
        fields=KPI_EDITABLE,
        values=values,
    )


def kpi_delete(*, actor, kpi: Kpi) -> None:
    save_deleted(actor=actor, project=kpi.project, obj=kpi, fields=KPI_FIELDS)


def _set_values(kpi: Kpi, rows: list[tuple[date, float]], actor) -> dict:
    """Insert or replace values; returns the audit changes {period: [before, after]}."""
    before = dict(
        KpiValue.objects.filter(kpi=kpi, period__in=[p for p, _v in rows]).values_list(
            "period", "value"
        )
    )
    KpiValue.objects.filter(kpi=kpi, period__in=[p for p, _v in rows]).delete()
    KpiValue.objects.bulk_create(
        KpiValue(kpi=kpi, period=period, value=value, entered_by=actor) for period, value in rows
    )
    return {
        f"value {period.isoformat()}": [before.get(period), value]
        for period, value in rows
        if before.get(period) != value
    }


@transaction.atomic
def kpi_value_set(*, actor, kpi: Kpi, period: date, value: float) -> None:
    """Enter a hand-kept value; it replaces the period's earlier value."""
    if rules.is_derived(kpi.kind):
        raise ValidationError(_("This KPI is computed from its source and cannot be entered."))
    start = rules.period_start(period, kpi.period)
    changes = _set_values(kpi, [(start, value)], actor)
    audit_record(
        actor=actor, project=kpi.project, action=AuditAction.UPDATE, obj=kpi, changes=changes
    )
    _publish_if_below(actor, kpi)


def _publish_if_below(actor, kpi: Kpi) -> None:
    """Tell the project's channels when the KPI's latest value now misses its target."""
    latest = KpiValue.objects.filter(kpi=kpi).order_by("-period").values_list("value", flat=True)
    value = latest.first()
    if value is None or rules.status(value, kpi.target, kpi.direction) != rules.Status.BELOW_TARGET:
        return
    publish(
        kpi.project,
        "kpi_below_target",
        summary=format_lazy(gettext_lazy("KPI below target: {kpi}"), kpi=kpi.name),
        path=reverse("kpis:dashboard", args=[kpi.project.slug]),
        actor=actor,
    )


class KpiValuesImportError(ValueError):
    """The file could not be read, or some rows are wrong; nothing was stored."""

    def __init__(self, *, file_error: TableError | None = None, errors=()):
        super().__init__("KPI values import refused")
        self.file_error = file_error
        self.errors = tuple(errors)


@transaction.atomic
def kpi_values_import(*, actor, project, data: bytes, filename: str) -> int:
    """Import hand-kept values (kpi, period, value[, group]); all or nothing."""
    try:
        table = read_table(data, filename)
    except TableError as error:
        raise KpiValuesImportError(file_error=error) from None
    kpis = {k.uuid.hex: k for k in Kpi.objects.filter(project=project).select_related("group")}
    refs = {
        k.name.casefold(): rules.KpiRef(key, k.period, rules.is_derived(k.kind), k.scope)
        for key, k in kpis.items()
    }
    parsed = rules.parse_kpi_values(table.header, table.rows, kpis=refs)
    if parsed.errors:
        raise KpiValuesImportError(errors=parsed.errors)
    by_kpi: dict[str, list[tuple[date, float]]] = {}
    for row in parsed.rows:
        by_kpi.setdefault(row.kpi, []).append((row.period, row.value))
    for key, rows in by_kpi.items():
        changes = _set_values(kpis[key], rows, actor)
        audit_record(
            actor=actor,
            project=project,
            action=AuditAction.UPDATE,
            obj=kpis[key],
            changes={**changes, "imported_from": [None, filename[:120]]} if changes else {},
        )
    return len(parsed.rows)


# Stories


def story_create(*, actor, project, **values) -> Story:
    return save_created(
        actor=actor, project=project, obj=Story(project=project, **values), fields=STORY_FIELDS
    )


def story_update(*, actor, story: Story, expected_version: int, **values) -> Story:
    return save_versioned(
        actor=actor,
        project=story.project,
        obj=story,
        expected_version=expected_version,
        fields=STORY_FIELDS,
        values=values,
    )


def story_delete(*, actor, story: Story) -> None:
    save_deleted(actor=actor, project=story.project, obj=story, fields=STORY_FIELDS)
