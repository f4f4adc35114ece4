import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PilotImport(models.Model):
    """The pilot's case file as last imported, and what its report found.

    One per project: a new import replaces the cases. The report's flags and headline
    figures are kept here, so the TRUST gates and the dashboard need not recompute them.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="pilot_import"
    )
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    cases = models.PositiveIntegerField()
    attributes = models.JSONField(default=list, blank=True)  # the group attributes' names
    attributes_deleted_at = models.DateTimeField(null=True, blank=True)
    # method.pilot.report_json of the cases: what the page, the PDF and the gates show.
    summary = models.JSONField(default=dict)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField()

    class Meta:
        verbose_name = _("pilot import")

    def __str__(self) -> str:
        return self.filename

    @property
    def fairness_flags(self) -> list[str]:
        return [f for f in self.summary.get("flags", []) if f.startswith("four_fifths")]


class PilotCase(models.Model):
    """One decision of the pilot, pseudonymised: the case id is a keyed hash."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="pilot_cases"
    )
    case_key = models.CharField(max_length=64)
    decided_on = models.DateField()
    department = models.CharField(max_length=120)
    arm = models.CharField(max_length=10)
    ai_decision = models.CharField(max_length=10, blank=True)
    human_decision = models.CharField(max_length=10)
    minutes = models.FloatField(null=True, blank=True)
    # Group attributes for fairness checks, used only in aggregate: {"gender": "f", …}.
    attributes = models.JSONField(default=dict, blank=True)
    # A case from the weekly production import (CaseImport), not from the pilot's file: the
    # pilot report leaves these out, the controls read both. human_decision "" there means
    # the tool decided alone.
    production = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "case_key"], name="one_case_per_key")
        ]
        indexes = [models.Index(fields=["project", "decided_on"])]

    def __str__(self) -> str:
        return self.case_key


class CaseImport(models.Model):
    """One weekly production case file: same format and pseudonymisation as the pilot's.

    Cases are upserted by their keyed hash, so importing an overlapping week again replaces
    those cases and adds the new ones; earlier weeks stay."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="case_imports"
    )
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    cases = models.PositiveIntegerField()
    first_day = models.DateField()
    last_day = models.DateField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("case import")

    def __str__(self) -> str:
        return self.filename
