"""The agreement's measurable clauses as controls, their weekly verdicts, breaches, comments,
responses and the evaluation meetings (docs/controls.md)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from method.controls import MAX_PERIOD, METRICS, Comparison, State
from samspill.core.versioning import Versioned


class Control(Versioned):
    """One check of one clause. `key` names a catalog default; owners' own controls have no
    key and carry their title. The rule is four plain fields, never code.

    The agreed numbers come from negotiation: owners change the threshold and the period,
    or turn a control off (`active`), through a versioned edit. `rule_since` is the Monday of
    the week the rule last changed or the control was turned on again: weeks before it keep
    the verdicts they got under the earlier rule."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="controls"
    )
    key = models.CharField(max_length=40, blank=True)
    clause = models.CharField(_("clause"), max_length=40)
    title = models.CharField(_("title"), max_length=200, blank=True)
    metric = models.CharField(_("metric"), max_length=40, choices=[(m, m) for m in METRICS])
    comparison = models.CharField(
        _("comparison"), max_length=2, choices=[(c.value, c.value) for c in Comparison]
    )
    threshold = models.FloatField(_("threshold"))
    period = models.PositiveSmallIntegerField(_("weeks in a row"), default=1)
    active = models.BooleanField(_("on"), default=True)
    rule_since = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["clause", "id"]
        verbose_name = _("control")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "key"],
                condition=~models.Q(key=""),
                name="one_default_control_per_key",
            ),
            models.CheckConstraint(
                condition=models.Q(period__gte=1, period__lte=MAX_PERIOD),
                name="control_period_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.key


class ControlWeek(models.Model):
    """A control's verdict for one ISO week, kept so the history does not move when an
    import later fills a gap (the page says when it was evaluated)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    control = models.ForeignKey(Control, on_delete=models.CASCADE, related_name="weeks")
    week = models.DateField()
    state = models.CharField(max_length=10, choices=[(s.value, s.value) for s in State])
    value = models.FloatField(null=True, blank=True)
    failing_weeks = models.PositiveSmallIntegerField(default=0)
    evaluated_at = models.DateTimeField()
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["week"]
        constraints = [
            models.UniqueConstraint(fields=["control", "week"], name="one_verdict_per_week")
        ]
        indexes = [models.Index(fields=["state", "week"])]

    def __str__(self) -> str:
        return f"{self.control} {self.week} {self.state}"


class BreachComment(models.Model):
    """An observer's (union's, DPO's) word on a breach."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    breach = models.ForeignKey(ControlWeek, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class BreachResponse(models.Model):
    """The owner's answer to a breach: what caused it and what is done about it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    breach = models.OneToOneField(ControlWeek, on_delete=models.CASCADE, related_name="response")
    cause = models.TextField(_("cause"), max_length=4000)
    measure = models.TextField(_("measure"), max_length=4000)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.cause[:40]


class EvaluationMeeting(models.Model):
    """The joint evaluation with the representatives (arbeidsmiljøloven § 9-2(3))."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="evaluation_meetings"
    )
    held_on = models.DateField(_("held on"))
    participants = models.CharField(_("who took part"), max_length=500)
    notes = models.TextField(_("notes"), max_length=8000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("evaluation meeting")

    def __str__(self) -> str:
        return f"{self.held_on}"
