"""The employer's AI Act file (Art. 26): worker information, its acknowledgements, logs.

An acknowledgement records only that and when a person (or someone of a group) confirmed
receipt: no address, no device, no text.
"""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samspill.core.versioning import Versioned


class FileSettings(Versioned):
    """Which groups the tool affects, and where its logs are kept (Art. 26(6))."""

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="ai_file_settings"
    )
    affected_groups = models.ManyToManyField(
        "stakeholders.StakeholderGroup",
        blank=True,
        related_name="+",
        verbose_name=_("groups the tool affects"),
    )
    log_location = models.CharField(
        _("where the system's logs are kept"), max_length=300, blank=True
    )
    log_retention_months = models.PositiveSmallIntegerField(
        _("months the logs are kept"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1200)],
        help_text=_("At least six months (AI Act Art. 26(6)). Leave empty if unknown."),
    )
    chatbot_notice_shown = models.BooleanField(
        _("the chatbot tells people they are talking to an AI"),
        default=False,
        help_text=_("AI Act Art. 50(1): shown before or at the first exchange."),
    )

    class Meta:
        verbose_name = _("AI Act file settings")

    def __str__(self) -> str:
        return f"{self.project}: AI Act file"


class InformedHow(models.TextChoices):
    LETTER = "letter", _("Letter or e-mail")
    MEETING = "meeting", _("Meeting")
    INTRANET = "intranet", _("Intranet or notice board")
    OTHER = "other", _("Other")


class AckMode(models.TextChoices):
    GROUP = "group", _("For the group as a whole")
    PERSON = "person", _("Person by person")


class WorkerInformation(models.Model):
    """One round of information to one group (AI Act Art. 26(7), aml § 9-2(2))."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="worker_information"
    )
    group = models.ForeignKey(
        "stakeholders.StakeholderGroup",
        on_delete=models.CASCADE,
        related_name="worker_information",
        verbose_name=_("group"),
    )
    informed_on = models.DateField(_("informed on"))
    how = models.CharField(_("how"), max_length=20, choices=InformedHow.choices)
    letter = models.ForeignKey(
        "guarantees.DraftVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("letter version"),
    )
    letter_label = models.CharField(_("letter version"), max_length=120, blank=True)
    ack_mode = models.CharField(
        _("acknowledgements"), max_length=10, choices=AckMode.choices, default=AckMode.GROUP
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-informed_on", "-created_at"]
        verbose_name = _("worker information")
        verbose_name_plural = _("worker information")

    def __str__(self) -> str:
        return f"{self.group} {self.informed_on:%Y-%m-%d}"


def _random_hash() -> str:
    return secrets.token_hex(32)


class AckVia(models.TextChoices):
    LINK = "link", _("Personal link")
    PAGE = "page", _("Transparency page")


class Acknowledgement(models.Model):
    """A receipt: made with a personal link (unconfirmed until used) or on the page."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    information = models.ForeignKey(
        WorkerInformation, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    # SET_NULL: removing a person from the map keeps the fact that someone confirmed.
    person = models.ForeignKey(
        "stakeholders.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A personal link's SHA-256; a random stand-in for a page receipt, so that a copy of the
    # project (samspill/transfer) makes new values and no link of the original opens it.
    token_hash = models.CharField(max_length=64, unique=True, default=_random_hash)
    expires_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    via = models.CharField(max_length=10, choices=AckVia.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")

    def __str__(self) -> str:
        return f"{self.information}: {self.via}"


class LiteracyRecord(models.Model):
    """Art. 4: what a role (or person) received to support AI literacy, when, which material."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="literacy_records"
    )
    role = models.CharField(_("role"), max_length=120)
    person_name = models.CharField(_("person"), max_length=120, blank=True)
    received = models.CharField(_("what they received"), max_length=300)
    received_on = models.DateField(_("when"))
    material = models.CharField(_("material"), max_length=300, blank=True)
    session = models.ForeignKey(
        "trust.TrainingSession",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("training session"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "role"]
        verbose_name = _("AI-literacy record")
        verbose_name_plural = _("AI-literacy records")

    def __str__(self) -> str:
        return f"{self.role} {self.received_on:%Y-%m-%d}"


class Overseer(models.Model):
    """A person assigned human oversight (Art. 26(2)), with authority and training."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="overseers"
    )
    name = models.CharField(_("name"), max_length=120)
    authority = models.CharField(
        _("authority"),
        max_length=300,
        help_text=_("What they may do: set a suggestion aside, stop the system, escalate."),
    )
    training = models.CharField(_("training"), max_length=300, blank=True)
    literacy = models.ManyToManyField(
        LiteracyRecord, blank=True, related_name="overseers", verbose_name=_("AI-literacy records")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("overseer")
        verbose_name_plural = _("overseers")

    def __str__(self) -> str:
        return self.name


class EventKind(models.TextChoices):
    INCIDENT = "incident", _("Serious incident")
    SUSPENSION = "suspension", _("Use suspended")
    MALFUNCTION = "malfunction", _("Malfunction or risk noticed")


class MonitoringEvent(models.Model):
    """Art. 26(5): an incident or suspension, and who told the provider when."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="monitoring_events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    occurred_on = models.DateField(_("date"))
    description = models.TextField(_("what happened"), max_length=2000)
    provider_informed_by = models.CharField(
        _("who informed the provider"), max_length=120, blank=True
    )
    provider_informed_on = models.DateField(_("provider informed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        verbose_name = _("monitoring event")
        verbose_name_plural = _("monitoring events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%Y-%m-%d}"
