import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from method.objections import ObjectionCategory
from samspill.core.versioning import Versioned


class Category(models.TextChoices):
    JOB_SECURITY = ObjectionCategory.JOB_SECURITY.value, _("Job security")
    PRIVACY = ObjectionCategory.PRIVACY.value, _("Privacy")
    COST = ObjectionCategory.COST.value, _("Cost")
    COMPLEXITY = ObjectionCategory.COMPLEXITY.value, _("Complexity")
    FAIRNESS = ObjectionCategory.FAIRNESS.value, _("Fairness")
    SURVEILLANCE = ObjectionCategory.SURVEILLANCE.value, _("Surveillance")
    TRANSPARENCY = ObjectionCategory.TRANSPARENCY.value, _("Transparency")
    HUMAN_CONTROL = ObjectionCategory.HUMAN_CONTROL.value, _("Human control")
    INTEGRATION = ObjectionCategory.INTEGRATION.value, _("Integration")
    WORKLOAD = ObjectionCategory.WORKLOAD.value, _("Workload")


class ArsenalEntry(Versioned):
    """A project's own entry in the objection library, beside the catalog's."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="arsenal_entries"
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("the objection"), max_length=200)
    reality = models.TextField(_("the reality"), max_length=4000)
    response = models.TextField(_("a response"), max_length=4000)
    compromise = models.TextField(_("a compromise to offer"), blank=True, max_length=4000)

    class Meta:
        ordering = ["category", "title"]
        verbose_name = _("library entry")
        verbose_name_plural = _("library entries")

    def __str__(self) -> str:
        return self.title


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    RESOLVED = "resolved", _("Resolved")


class Objection(Versioned):
    """An objection a real stakeholder raised, in their own words, tracked to resolution."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="objections"
    )
    text = models.TextField(_("what was said"), max_length=2000)
    raised_on = models.DateField(_("raised on"))
    person = models.ForeignKey(
        "stakeholders.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objections",
        verbose_name=_("raised by"),
    )
    group = models.ForeignKey(
        "stakeholders.StakeholderGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objections",
        verbose_name=_("group"),
    )
    occasion = models.CharField(
        _("meeting or occasion"),
        max_length=200,
        blank=True,
        help_text=_("Where it was raised, for example “town hall, 12 March”."),
    )
    engagement = models.ForeignKey(
        "stakeholders.Engagement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objections",
        verbose_name=_("logged engagement"),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    # The matcher's top suggestions when it was logged: [{"category": …, "score": …}, …].
    suggestions = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    answer = models.TextField(_("answer"), blank=True, max_length=4000)
    # Empty for an objection sent anonymously from the transparency page.
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self):
        if self.status != ObjectionStatus.OPEN and not self.answer.strip():
            raise ValidationError(
                {"answer": _("Write the answer that was given before closing it.")}
            )
