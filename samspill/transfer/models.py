import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from method.audit_chain import ChainEntry
from samspill.audit.models import AuditAction


class ImportedAuditEntry(models.Model):
    """One audit entry a project carried in from the server it was exported from.

    Kept verbatim (the hash covers the exact text), read-only, and apart from this server's
    chain: see history.py for why, and for how the set is sealed by a live entry.
    """

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="imported_audit_entries"
    )
    # The live entry that recorded the import; its changes hold this history's digest.
    sealed_by = models.ForeignKey("audit.AuditEntry", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()  # the order in the file
    sequence = models.PositiveBigIntegerField()  # on the server it came from
    created_at = models.CharField(max_length=40)  # ISO 8601 as hashed, not re-formatted
    actor_label = models.CharField(max_length=150)
    project_label = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=10)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)
    project_prev_hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "position"], name="one_imported_entry_per_position"
            )
        ]
        verbose_name = _("imported audit entry")
        verbose_name_plural = _("imported audit entries")

    def __str__(self) -> str:
        return f"#{self.sequence} {self.actor_label} {self.action} {self.object_repr}"

    @property
    def action_label(self) -> str:
        return dict(AuditAction.choices).get(self.action, self.action)

    @property
    def when(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.created_at)

    def chain_entry(self) -> ChainEntry:
        return ChainEntry(
            sequence=self.sequence,
            created_at=self.created_at,
            actor=self.actor_label,
            project=self.project_label,
            action=self.action,
            object_type=self.object_type,
            object_id=self.object_id,
            object_repr=self.object_repr,
            changes=self.changes,
            prev_hash=self.prev_hash,
            entry_hash=self.entry_hash,
            project_prev_hash=self.project_prev_hash,
        )
