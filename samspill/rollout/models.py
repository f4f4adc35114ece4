import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from samspill.core.versioning import Versioned


class Phase(Versioned):
    """A phase of the rollout plan, first laid out from the 12-week template."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="phases")
    key = models.CharField(max_length=40, blank=True, help_text="The template phase, if any.")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    start_date = models.DateField(_("starts"))
    end_date = models.DateField(_("ends"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["start_date", "position"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A phase cannot end before it starts.")})


class Milestone(Versioned):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="milestones"
    )
    phase = models.ForeignKey(
        Phase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("phase"),
    )
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due"))
    done = models.BooleanField(_("done"), default=False)
    communicated = models.BooleanField(
        _("communicated"),
        default=False,
        help_text=_("People want to see progress: has this milestone been told?"),
    )
    communicated_to = models.ManyToManyField(
        "stakeholders.StakeholderGroup",
        blank=True,
        related_name="milestones_told",
        verbose_name=_("told to"),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=2000)

    class Meta:
        ordering = ["due_date", "title"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title
