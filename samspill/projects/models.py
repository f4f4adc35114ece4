import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from method.roles import Role
from samspill.core.versioning import Versioned


class ContentLanguage(models.TextChoices):
    EN = "en", _("English")
    NB = "nb", _("Norwegian bokmål")


class Project(Versioned):
    """One introduction of one AI tool, run with the Samspill method."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(_("project name"), max_length=120)
    ai_tool = models.CharField(
        _("AI tool"), max_length=120, help_text=_("The product or system being introduced.")
    )
    ai_will_do = models.TextField(
        _("what the AI will do"),
        blank=True,
        max_length=4000,
        help_text=_("In plain words, the tasks the tool takes on."),
    )
    ai_will_not_do = models.TextField(
        _("what the AI will not do"),
        blank=True,
        max_length=4000,
        help_text=_("The limits: what stays with people, what data it never sees."),
    )
    departments = models.TextField(
        _("departments in scope"), blank=True, max_length=2000, help_text=_("One per line.")
    )
    start_date = models.DateField(_("start date"))
    language = models.CharField(
        _("content language"),
        max_length=2,
        choices=ContentLanguage.choices,
        default=ContentLanguage.EN,
        help_text=_("The language of the presets and drafts this project is filled with."),
    )
    engagement_alert_weeks = models.PositiveSmallIntegerField(
        _("weeks before a quiet group is flagged"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("The map flags a group nobody has engaged with for this many weeks."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set while the project is archived: read-only for every role and left out of the
    # default project list until an owner restores it.
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", kwargs={"slug": self.slug})

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def department_list(self) -> list[str]:
        return [line.strip() for line in self.departments.splitlines() if line.strip()]


class Membership(models.Model):
    ROLE_CHOICES = [
        (Role.OWNER.value, _("Owner")),
        (Role.EDITOR.value, _("Editor")),
        (Role.VIEWER.value, _("Viewer")),
        (Role.OBSERVER.value, _("Observer")),
    ]

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=ROLE_CHOICES)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="one_membership_per_user"),
        ]
        ordering = ["user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.get_role_display()})"
