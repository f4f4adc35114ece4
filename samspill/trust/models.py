import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from method.catalog import TrustStep
from method.readiness import ItemStatus
from samspill.core.storage import upload_storage
from samspill.core.versioning import Versioned


def evidence_storage():
    """Evidence lives outside the static root (on disk or in the bucket,
    settings.STORAGES["uploads"]) and is served only through the permission check.

    A callable, so the deployment's path never ends up in a migration.
    """
    return upload_storage()


EVIDENCE_TYPES = ["pdf", "png", "jpg", "jpeg", "docx", "xlsx", "odt", "ods", "txt", "csv"]
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def evidence_size(file) -> None:
    if file.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))


class Step(models.TextChoices):
    TRANSPARENCY = TrustStep.TRANSPARENCY.value, _("Transparency")
    RELEVANCE = TrustStep.RELEVANCE.value, _("Relevance")
    SIMPLE = TrustStep.SIMPLE.value, _("Simple implementation")
    SECURITY = TrustStep.SECURITY.value, _("Security guarantees")
    TRAINING = TrustStep.TRAINING.value, _("Training")


class Status(models.TextChoices):
    OPEN = ItemStatus.OPEN.value, _("Open")
    IN_PROGRESS = ItemStatus.IN_PROGRESS.value, _("In progress")
    DONE = ItemStatus.DONE.value, _("Done")
    NOT_APPLICABLE = ItemStatus.NOT_APPLICABLE.value, _("Not applicable")


class ChecklistItem(Versioned):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="checklist_items"
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    key = models.CharField(max_length=60, blank=True, help_text="The catalog item, if any.")
    title = models.CharField(_("title"), max_length=200)
    help = models.CharField(_("what it means"), max_length=400, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default="open")
    evidence_note = models.TextField(_("evidence: note"), blank=True, max_length=4000)
    evidence_link = models.URLField(_("evidence: link"), blank=True, max_length=500)
    evidence_file = models.FileField(
        _("evidence: file"),
        blank=True,
        storage=evidence_storage,
        upload_to="evidence/%Y/%m/",
        validators=[FileExtensionValidator(EVIDENCE_TYPES), evidence_size],
        help_text=_("PDF, image, Office or text file, at most 10 MB."),
    )
    position = models.PositiveSmallIntegerField(default=0)
    # A rollout phase this item must be settled before (set for legal obligations): it then
    # joins that phase's gate beside the catalog's requirements.
    gate_phase = models.CharField(max_length=40, blank=True)
    # The day a legal obligation applies from: before it, the item is "prepare now" and
    # joins no gate; from it, it joins the gate of gate_phase, or of the current or next
    # phase if that one had already started (method.legal.gate_for). Empty: no date.
    gate_from = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.title


class GateOverride(models.Model):
    """An owner's decision to start a phase although its gate is not met, with the reason."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="gate_overrides"
    )
    phase_key = models.CharField(max_length=40)
    reason = models.TextField(_("reason"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "phase_key"], name="one_override_per_gate")
        ]
        verbose_name = _("gate override")
        verbose_name_plural = _("gate overrides")

    def __str__(self) -> str:
        return f"{self.phase_key}: {self.reason[:40]}"


class Tier(models.TextChoices):
    AWARENESS = "awareness", _("Awareness session for everyone")
    SUPERUSER = "superuser", _("Intensive super-user course")
    SUPPORT = "support", _("Ongoing support or refresher")
    AMBASSADOR = "ambassador", _("Ambassadors teaching others")


class TrainingSession(Versioned):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="training_sessions"
    )
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    audience = models.ManyToManyField(
        "stakeholders.StakeholderGroup",
        blank=True,
        related_name="training_sessions",
        verbose_name=_("audience"),
    )
    invited = models.PositiveIntegerField(_("invited"), default=0)
    attended = models.PositiveIntegerField(
        _("attended"), default=0, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["date", "title"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.invited and self.attended > self.invited:
            raise ValidationError({"attended": _("More attended than were invited.")})
