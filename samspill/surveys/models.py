"""Anonymous pulse surveys. See docs/surveys.md for why each table looks the way it does.

A Response names no person and no link: it has a random primary key, its audience and the
day only. An unused invitation is a hash of its link; answering deletes it, so nothing is
left that could be joined to the answer.
"""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from method.surveys import K_DEFAULT, K_MINIMUM

MAX_COMMENT = 2000  # characters of free text in one answer


def _random_hash() -> str:
    return secrets.token_hex(32)


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class LinkMode(models.TextChoices):
    INVITATIONS = "invitations", _("Single-use invitation links")
    OPEN = "open", _("One open link per audience")


class ReminderMode(models.TextChoices):
    DROP = "drop", _("Addresses are dropped right after sending")
    KEEP = "keep", _("Addresses are kept until the survey closes")


class SurveyLanguage(models.TextChoices):
    EN = "en", _("English")
    NB = "nb", _("Norwegian bokmål")


class Survey(models.Model):
    """One pulse wave: the same audiences asked again later make the trend."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=120)
    language = models.CharField(
        _("language of the questions"),
        max_length=2,
        choices=SurveyLanguage.choices,
        default=SurveyLanguage.EN,
    )
    statements = models.JSONField(_("statements"), default=list, blank=True)
    include_comment = models.BooleanField(_("ask for a free text comment"), default=True)
    k = models.PositiveSmallIntegerField(
        _("anonymity threshold (k)"),
        default=K_DEFAULT,
        validators=[MinValueValidator(K_MINIMUM), MaxValueValidator(1000)],
        help_text=_("No result is shown for a group with fewer answers than this."),
    )
    link_mode = models.CharField(
        _("links"), max_length=12, choices=LinkMode.choices, default=LinkMode.INVITATIONS
    )
    reminder_mode = models.CharField(
        _("e-mail addresses"), max_length=4, choices=ReminderMode.choices, default=ReminderMode.DROP
    )
    status = models.CharField(
        _("status"), max_length=6, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    links_issued = models.PositiveIntegerField(default=0)
    emails_sent = models.PositiveIntegerField(default=0)
    # Answers released so far, raised in each release's own transaction (services._rewrite):
    # the cached pages that show survey figures key on its sum per project, one cheap read
    # instead of counting every released answer on every view (surveys.selectors).
    released_answers = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-created_at"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title

    @property
    def day(self):
        """The survey's date on the trend: when it opened, else when it was created."""
        return self.opens_on or self.created_at.date()


class Audience(models.Model):
    """Who a survey asks: a stakeholder group of the project, or a department by name."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="audiences")
    group = models.ForeignKey(
        "stakeholders.StakeholderGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_audiences",
        verbose_name=_("stakeholder group"),
    )
    department = models.CharField(_("department"), max_length=120, blank=True)
    # The label as it was when the survey was made, so the trend survives a renamed group.
    label = models.CharField(_("audience"), max_length=120)
    open_token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)

    class Meta:
        ordering = ["label"]
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        constraints = [
            models.UniqueConstraint(fields=["survey", "label"], name="one_audience_per_label")
        ]

    def __str__(self) -> str:
        return self.label


class Invitation(models.Model):
    """An unused single-use link: only the hash of its token, never the token.

    Answering deletes the row, so a spent link leaves nothing behind to compare with the
    answers. `email` is filled only when the owner chose to keep addresses for reminders,
    and is emptied when the survey closes.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    audience = models.ForeignKey(Audience, on_delete=models.CASCADE, related_name="invitations")
    # The default is never used by Samspill (services set the hash); it makes a project
    # copy draw new values, so a copied invitation never shares a hash with the original.
    token_hash = models.CharField(max_length=64, unique=True, default=_random_hash)
    email = models.EmailField(blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.token_hash[:8]


# Response.release: None while an answer waits; 1, 2, … for its audience's releases;
# POOLED for the last answers joined to the overall row only when the survey closed.
POOLED = 0


class Response(models.Model):
    """One person's answers. No link to an invitation, no time of day, no address or
    browser; a random key, so neither its id nor its order says when it came in.

    Owners see an answer only once it is released with at least k - 1 others of its
    audience (`release`); the release rewrites the batch in shuffled order with new keys
    and the release day as `answered_on` (docs/surveys.md, "Releases").
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    audience = models.ForeignKey(Audience, on_delete=models.CASCADE, related_name="responses")
    answered_on = models.DateField(_("answered on"))
    nps = models.PositiveSmallIntegerField(
        _("recommendation score"), validators=[MaxValueValidator(10)]
    )
    scores = models.JSONField(_("statement answers"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=MAX_COMMENT)
    release = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [
            # Covers the NPS tallies per survey and audience, read on every trend.
            models.Index(fields=["survey", "audience", "nps"]),
            # Covers counting an audience's waiting answers, on every answer.
            models.Index(fields=["survey", "audience", "release"]),
        ]

    def __str__(self) -> str:
        return str(self.answered_on)
