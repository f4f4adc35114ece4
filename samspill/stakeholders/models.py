import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from method.catalog import DecisionWeight
from samspill.core.versioning import Versioned


class DecisionWeightChoice(models.TextChoices):
    VETO = DecisionWeight.VETO.value, _("Veto")
    DAILY_USE = DecisionWeight.DAILY_USE.value, _("Daily use")
    IMPLEMENTATION = DecisionWeight.IMPLEMENTATION.value, _("Implementation")
    CO_DETERMINATION = DecisionWeight.CO_DETERMINATION.value, _("Co-determination")
    ADVISORY = DecisionWeight.ADVISORY.value, _("Advisory")


class Stance(models.IntegerChoices):
    RESISTANT = -2, _("Resistant")
    SCEPTICAL = -1, _("Sceptical")
    NEUTRAL = 0, _("Neutral")
    SUPPORTIVE = 1, _("Supportive")
    CHAMPION = 2, _("Champion")


_STANCE_CSS = {-2: "stance-m2", -1: "stance-m1", 0: "stance-0", 1: "stance-p1", 2: "stance-p2"}


def stance_css(stance: int | None) -> str:
    """The CSS class that colours a stance (see app.css)."""
    return _STANCE_CSS.get(stance, "stance-none")


class StakeholderGroup(Versioned):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="stakeholder_groups"
    )
    preset_key = models.CharField(
        max_length=40, blank=True, help_text="The catalog group this came from, if any."
    )
    name = models.CharField(_("name"), max_length=120)
    motivation = models.CharField(_("primary motivation"), max_length=300, blank=True)
    concern = models.CharField(_("main concern"), max_length=300, blank=True)
    decision_weight = models.CharField(
        _("decision weight"), max_length=20, choices=DecisionWeightChoice.choices
    )
    description = models.TextField(_("description"), blank=True, max_length=2000)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("stakeholder group")
        verbose_name_plural = _("stakeholder groups")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"], name="unique_group_name_per_project"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Person(Versioned):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="people")
    # RESTRICT: a group with people cannot be deleted, but deleting the project takes both.
    group = models.ForeignKey(
        StakeholderGroup, on_delete=models.RESTRICT, related_name="people", verbose_name=_("group")
    )
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(_("title"), max_length=120, blank=True)
    influence = models.PositiveSmallIntegerField(
        _("influence"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    interest = models.PositiveSmallIntegerField(
        _("interest"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    stance = models.SmallIntegerField(_("stance"), choices=Stance.choices, default=Stance.NEUTRAL)
    email = models.EmailField(_("email"), blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        # The people list pages by name; the map's cells count and rank by (influence,
        # interest, name) and the group figures sum per group (stakeholders/selectors.py).
        indexes = [
            models.Index(fields=["project", "name"], name="person_project_name"),
            models.Index(
                fields=["project", "influence", "interest", "name"], name="person_project_cell"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StanceChange(models.Model):
    """One step in a person's stance over time; the first is their stance when added."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="stance_changes")
    changed_on = models.DateField(_("date"))
    previous = models.SmallIntegerField(_("previous stance"), choices=Stance.choices, null=True)
    stance = models.SmallIntegerField(_("stance"), choices=Stance.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "created_at"]
        verbose_name = _("stance change")
        verbose_name_plural = _("stance changes")
        # The trend reads each person's steps inside the window, in date order.
        indexes = [
            models.Index(fields=["person", "changed_on", "created_at"], name="stance_person_day")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.previous} → {self.stance} on {self.changed_on}"


class EngagementKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    MEETING = "meeting", _("Meeting")
    INFO_SESSION = "info_session", _("Information session")
    EMAIL = "email", _("Email")
    SURVEY = "survey", _("Survey")
    TRAINING = "training", _("Training")


class Engagement(Versioned):
    """A contact with stakeholders: who was met, when, about what."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="engagements"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=20, choices=EngagementKind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    outcome = models.TextField(_("outcome"), blank=True, max_length=4000)
    follow_ups = models.TextField(_("follow-ups"), blank=True, max_length=4000)
    groups = models.ManyToManyField(
        StakeholderGroup, related_name="engagements", blank=True, verbose_name=_("groups")
    )
    people = models.ManyToManyField(
        Person, related_name="engagements", blank=True, verbose_name=_("people")
    )

    class Meta:
        ordering = ["-date", "topic"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.topic}"


class Decision(Versioned):
    """A decision taken in the project, and who was heard before it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="decisions"
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("what was decided"), max_length=200)
    details = models.TextField(_("details"), blank=True, max_length=4000)
    decided_by = models.CharField(_("decided by"), max_length=200)
    affected_groups = models.ManyToManyField(
        StakeholderGroup,
        related_name="decisions_affecting",
        blank=True,
        verbose_name=_("groups affected"),
    )
    heard_groups = models.ManyToManyField(
        StakeholderGroup,
        related_name="decisions_heard",
        blank=True,
        verbose_name=_("groups heard before"),
    )

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"
