import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from method.registry_numbers import normalise_org_number, norwegian_org_number_problem
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
    # The project facts (Settings → Project facts): letters, messages, guides and the
    # transparency page are filled from them; an empty one shows as a named gap.
    employer_name = models.CharField(
        _("employer's legal name"),
        max_length=200,
        blank=True,
        help_text=_("As in the register, for example “Nordlys Energi AS”."),
    )
    org_number = models.CharField(
        _("organisation number"),
        max_length=20,
        blank=True,
        help_text=_("Nine digits in Norway; Samspill checks the check digit."),
    )
    employee_representatives = models.CharField(
        _("union or works council"),
        max_length=200,
        blank=True,
        help_text=_(
            "As letters should name them, for example “the union representatives of "
            "Fagforbundet”. Empty: the people in the union group on the map are named."
        ),
    )
    contact_person = models.CharField(
        _("contact person"),
        max_length=200,
        blank=True,
        help_text=_("Name and how to reach them. Empty: the project owner is named."),
    )
    dpo = models.CharField(
        _("data protection officer"),
        max_length=200,
        blank=True,
        help_text=_("Name and how to reach them. Empty: the person in the DPO group on the map."),
    )
    public_employer = models.BooleanField(
        _("public or private employer"),
        null=True,
        blank=True,
        help_text=_(
            "Public: a municipality, county, state agency or other body governed by public "
            "law, or a private body providing public services. The AI Act's fundamental "
            "rights impact assessment (Art. 27) follows from it."
        ),
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

    def clean(self) -> None:
        super().clean()
        self._check_org_number()

    def _check_org_number(self) -> None:
        """A Norwegian organisation number must be one (mod 11): in a Norwegian project,
        or when it has nine digits as Norwegian numbers do. Other countries' are kept as typed."""
        number = normalise_org_number(self.org_number)
        if not number:
            return
        looks_norwegian = number.isascii() and number.isdigit() and len(number) == 9
        problem = norwegian_org_number_problem(self.org_number)
        if problem is None or not (looks_norwegian or self.language == ContentLanguage.NB):
            return
        messages = {
            "length": _("A Norwegian organisation number has nine digits."),
            "digits": _("A Norwegian organisation number has digits only."),
            "check_digit": _(
                "This is not a valid Norwegian organisation number: its last digit does not "
                "match the others. Check it against the register."
            ),
        }
        raise ValidationError({"org_number": messages[problem]})

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
