import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from method.audiences import Audience
from method.comms_catalog import FACT_KEYS, TemplateFieldError, template_fields
from samspill.core.versioning import Versioned


class AudienceChoice(models.TextChoices):
    LEADERSHIP = Audience.LEADERSHIP.value, _("Leadership")
    HR = Audience.HR.value, _("HR team")
    IT = Audience.IT.value, _("IT")
    UNION = Audience.UNION.value, _("Union representatives / works council")
    EMPLOYEES = Audience.EMPLOYEES.value, _("Affected employees")
    DPO = Audience.DPO.value, _("Data protection officer")
    PARTNERS = Audience.PARTNERS.value, _("External partners")


class Channel(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    EMAIL = "email", _("Email")
    INTRANET = "intranet", _("Intranet")
    WORKSHOP = "workshop", _("Workshop")
    TOWN_HALL = "town_hall", _("Town hall")


def validate_placeholders(text: str) -> None:
    """Only the project's known facts may stand in braces, so nothing is left unfilled."""
    try:
        template_fields(text, FACT_KEYS)
    except TemplateFieldError as error:
        if error.field is None:
            raise ValidationError(
                _("A brace is not closed. Write {{ or }} for a brace of your own.")
            ) from None
        raise ValidationError(
            _("{%(name)s} is not a fact Samspill knows. Known facts: %(known)s."),
            params={"name": error.field, "known": ", ".join(FACT_KEYS)},
        ) from None


class Message(Versioned):
    """A message written for one audience, usually started from a catalog draft.

    The body keeps its {placeholders}, so the project's facts (numbers, dates, guarantees)
    are filled in when it is shown and stay current as the project moves.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="messages"
    )
    audience = models.CharField(_("audience"), max_length=20, choices=AudienceChoice.choices)
    draft_key = models.CharField(max_length=60, blank=True, help_text="The catalog draft, if any.")
    title = models.CharField(_("title"), max_length=200)
    subject = models.CharField(
        _("subject"), max_length=200, blank=True, validators=[validate_placeholders]
    )
    body = models.TextField(_("text"), max_length=10_000, validators=[validate_placeholders])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["audience", "title"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return self.title


class CommunicationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SENT = "sent", _("Sent")
    DONE = "done", _("Done")


class Communication(Versioned):
    """One planned communication: what goes to whom, when, by which channel."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="communications"
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommunicationStatus.choices,
        default=CommunicationStatus.PLANNED,
        help_text=_("Marking it done logs an engagement with its audience."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    groups = models.ManyToManyField(
        "stakeholders.StakeholderGroup",
        blank=True,
        related_name="communications",
        verbose_name=_("groups"),
    )
    people = models.ManyToManyField(
        "stakeholders.Person", blank=True, related_name="communications", verbose_name=_("people")
    )
    milestone = models.ForeignKey(
        "rollout.Milestone",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communications",
        verbose_name=_("milestone"),
    )
    message = models.ForeignKey(
        Message,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communications",
        verbose_name=_("message"),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    engagement = models.OneToOneField(
        "stakeholders.Engagement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communication",
        help_text="The engagement logged when it was marked done.",
    )

    class Meta:
        ordering = ["date", "title"]
        verbose_name = _("communication")
        verbose_name_plural = _("communications")

    def __str__(self) -> str:
        return self.title
