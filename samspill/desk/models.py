"""The explanation and complaint desk (AI Act Art. 86, GDPR Art. 22(3)).

A request holds personal data: only the project's owners and the assigned handler see it,
and it is deleted a set number of months after it was closed (`samspill desk purge`).
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from method import desk as rules
from samspill.core.versioning import Versioned


class DeskSettings(Versioned):
    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="desk_settings"
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("days to answer"),
        default=rules.DEFAULT_DEADLINE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("GDPR Art. 12(3) gives one month; 30 days keeps within it."),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("remind this many days before the deadline"),
        default=rules.DEFAULT_REMINDER_DAYS,
        validators=[MaxValueValidator(60)],
    )
    retention_months = models.PositiveSmallIntegerField(
        _("months a closed request is kept"),
        default=rules.DEFAULT_RETENTION_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Then it is deleted, with the contact details it holds."),
    )
    next_number = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("desk settings")

    def __str__(self) -> str:
        return f"{self.project}: desk"


class Channel(models.TextChoices):
    PAGE = "page", _("Transparency page")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    OPEN = "open", _("Received")
    IN_PROGRESS = "in_progress", _("Being handled")
    CLOSED = "closed", _("Answered and closed")


class Outcome(models.TextChoices):
    EXPLAINED = "explained", _("Explained")
    CHANGED = "decision_changed", _("Decision changed")
    COMPLAINT = "complaint", _("Complaint")


class ExplanationRequest(Versioned):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="explanation_requests"
    )
    reference = models.CharField(_("reference"), max_length=20, editable=False)
    decision = models.TextField(_("which decision"), max_length=2000)
    requester_name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    other_contact = models.CharField(_("other way to reach the person"), max_length=300, blank=True)
    channel = models.CharField(_("received through"), max_length=20, choices=Channel.choices)
    received_on = models.DateField(_("received on"))
    deadline = models.DateField(_("deadline"))
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("handler"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    answer = models.TextField(_("answer"), max_length=8000, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "reference"], name="one_reference_per_project"
            )
        ]
        verbose_name = _("explanation request")
        verbose_name_plural = _("explanation requests")

    def __str__(self) -> str:
        return self.reference  # never the content: this is what the audit trail shows

    @property
    def has_contact_route(self) -> bool:
        return bool(self.email or self.phone or self.other_contact)
