from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from method.audit_chain import GENESIS_HASH


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")


class AuditEntry(models.Model):
    """One change made through the app. Append-only: nothing updates or deletes a row.

    The hash covers the actor's and project's labels rather than their foreign keys,
    so the chain stays verifiable after a user account or a project is removed.
    """

    sequence = models.PositiveBigIntegerField(unique=True)
    created_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    project_label = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)
    # The hash of the project's previous entry (or of its imported history's last one), so a
    # project's entries can be checked as a chain of their own. Empty in entries without a
    # project and in those written before this link existed.
    project_prev_hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-sequence"]
        indexes = [models.Index(fields=["project", "-sequence"], name="audit_project_seq")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.actor_label} {self.action} {self.object_repr}"


class AuditChainHead(models.Model):
    """The last link of the chain, kept apart so removals from the end are detectable.

    Appending locks this single row, which serialises writers on PostgreSQL.
    """

    sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"audit head at {self.sequence}"


class AuditCheckpoint(models.Model):
    """A signed anchor: the chain held entry `sequence` with hash `entry_hash` at
    `anchored_at`. Kept here for convenience and for download; the signature, made with a
    key kept outside the database, is what makes it trustworthy (anchors.py)."""

    sequence = models.PositiveBigIntegerField()
    entry_hash = models.CharField(max_length=64)
    anchored_at = models.CharField(max_length=40)  # ISO 8601 in UTC, exactly as signed
    signature = models.CharField(max_length=100)  # base64
    public_key = models.CharField(max_length=60)  # base64 of the raw Ed25519 public key

    class Meta:
        ordering = ["sequence", "pk"]

    def __str__(self) -> str:
        return f"audit checkpoint at {self.sequence}"
