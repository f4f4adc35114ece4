import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samspill.core.versioning import Versioned


class Country(models.TextChoices):
    NO = "NO", _("Norway")
    DE = "DE", _("Germany")
    EU = "EU", _("Another EU country")


class Purpose(models.TextChoices):
    RECRUITMENT = "recruitment", _("Recruitment: job ads, screening or ranking applicants")
    WORK_DECISIONS = "work_decisions", _("Decisions on terms of work, promotion or termination")
    TASK_ALLOCATION = "task_allocation", _("Allocating tasks based on behaviour or traits")
    PERFORMANCE = "performance_monitoring", _("Monitoring or evaluating performance")
    HR_ASSISTANT = "hr_assistant", _("An HR assistant: answers and drafts, no decisions")
    OTHER = "other", _("Something else")


class ApplicabilityCheck(Versioned):
    """The short questionnaire about the AI tool, and the class it was found to fall in."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="applicability"
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    employees = models.PositiveIntegerField(
        _("employees in the company"),
        help_text=_(
            "In Norway: from 10 a working environment committee on request, from 30 always, "
            "from 50 information and consultation (aml §§ 7-1, 8-1)."
        ),
    )
    purpose = models.CharField(_("what the tool does"), max_length=30, choices=Purpose.choices)
    scores_people = models.BooleanField(_("it scores or ranks people"), default=False)
    decides_alone = models.BooleanField(
        _("it decides on its own, without a person deciding"), default=False
    )
    emotion_recognition = models.BooleanField(
        _("it reads emotions (voice, face, text mood)"), default=False
    )
    affects_employees = models.BooleanField(
        _("it affects current employees, not only applicants"), default=False
    )
    monitors_employees = models.BooleanField(
        _("it can observe employees' behaviour or performance"), default=False
    )
    chatbot = models.BooleanField(
        _("it talks with people, as a chatbot or assistant does"), default=False
    )
    biometric_categorisation = models.BooleanField(
        _("it sorts people by face, voice or other biometric data"),
        default=False,
        help_text=_("For example to guess union membership, religion or origin."),
    )
    german_site = models.BooleanField(
        _("a site in Germany is in scope"),
        default=False,
        help_text=_("German works council and equal treatment law then apply as well."),
    )
    risk_class = models.CharField(max_length=20, blank=True)

    @property
    def public_employer(self) -> bool:
        """A project fact (Settings → Project facts), asked here too but kept there only."""
        return bool(self.project.public_employer)

    class Meta:
        verbose_name = _("applicability check")

    def __str__(self) -> str:
        return f"{self.project}: {self.risk_class}"


class UseCase(Versioned):
    """One use of the AI in the decision-limits register: what it may do, and who decides."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="use_cases"
    )
    name = models.CharField(_("use case"), max_length=200)
    ai_alone = models.TextField(
        _("the AI may do on its own"),
        blank=True,
        max_length=2000,
        help_text=_("Routine steps with no effect on a person, such as sorting or drafting."),
    )
    ai_suggests = models.TextField(
        _("the AI may only suggest"),
        blank=True,
        max_length=2000,
        help_text=_("A person reviews each suggestion and can set it aside."),
    )
    human_decides = models.TextField(
        _("a person always decides"), max_length=2000, help_text=_("Every decision about a person.")
    )
    overseer = models.CharField(_("human overseer"), max_length=200)
    overseer_training = models.CharField(_("the overseer's training"), max_length=300, blank=True)
    can_stop = models.BooleanField(_("the overseer may stop the system"), default=True)
    stop_how = models.CharField(_("how to stop it"), max_length=300, blank=True)
    contest_route = models.TextField(
        _("how an affected person contests a decision or gets an explanation"),
        max_length=2000,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("use case")
        verbose_name_plural = _("use cases")

    def __str__(self) -> str:
        return self.name


class DraftKind(models.TextChoices):
    AGREEMENT = "agreement", _("Co-determination agreement on AI")
    JOB_SECURITY = "job_security_statement", _("Job-security statement")
    INFORMATION = "employee_information", _("Information letter to the affected employees")


class Draft(Versioned):
    """A document drafted from the project's facts, then edited by the user."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="drafts")
    kind = models.CharField(_("kind"), max_length=30, choices=DraftKind.choices)
    title = models.CharField(_("title"), max_length=200)
    clauses = models.JSONField(default=list, blank=True)  # the chosen clause keys, in order
    body = models.TextField(_("text"), max_length=60_000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"], name="one_draft_per_kind")
        ]
        verbose_name = _("draft")

    def __str__(self) -> str:
        return self.title


class DraftVersion(models.Model):
    """A generated DOCX, kept as it was downloaded, with its date."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    docx = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="one_number_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.draft} v{self.number}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class TransparencyPage(Versioned):
    """The employee-facing page: reached by an unguessable link, or by members logged in."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="transparency"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    link_enabled = models.BooleanField(_("the link is open"), default=False)
    data_used = models.TextField(
        _("which data the AI uses"),
        blank=True,
        max_length=4000,
        help_text=_("In plain words: which fields, from which systems, kept how long."),
    )
    questions_to = models.CharField(
        _("who answers questions"),
        max_length=300,
        blank=True,
        help_text=_("A name, a role or an address employees can turn to."),
    )

    class Meta:
        verbose_name = _("transparency page")

    def __str__(self) -> str:
        return f"{self.project}: transparency"
