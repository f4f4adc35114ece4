"""Writes for the business case: one row of assumptions per project, versioned and audited."""

from django.db import transaction

from samspill.audit.services import save_created, save_versioned
from samspill.business.models import BusinessCaseInputs

FIELDS = [
    f.name
    for f in BusinessCaseInputs._meta.get_fields()
    if f.concrete and f.name not in ("id", "project", "version")
]


@transaction.atomic
def business_case_save(*, actor, project, expected_version: int | None, **values):
    """Create the project's assumptions, or update them if nobody saved in between."""
    current = BusinessCaseInputs.objects.filter(project=project).first()
    if current is None:
        return save_created(
            actor=actor,
            project=project,
            obj=BusinessCaseInputs(project=project, **values),
            fields=FIELDS,
        )
    return save_versioned(
        actor=actor,
        project=project,
        obj=current,
        expected_version=expected_version or current.version,
        fields=FIELDS,
        values=values,
    )
