"""Acceptance measurement: usage aggregates, KPIs with their values, and success stories.

Usage is stored only as weekly aggregates per department (and per feature); the raw events
and user ids never reach the database (method/usage.py pseudonymises them on the way in).
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from method.kpis import Direction, Kind, Period, Unit
from samspill.core.versioning import Versioned


class UsageImport(models.Model):
    """One imported usage log: what was read and which weeks it replaced."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="usage_imports"
    )
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    rows_read = models.PositiveBigIntegerField(_("rows read"))
    weeks = models.PositiveIntegerField(_("weeks"))
    first_week = models.DateField(_("first week"))
    last_week = models.DateField(_("last week"))
    seconds = models.FloatField(default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("usage import")
        verbose_name_plural = _("usage imports")

    def __str__(self) -> str:
        return self.filename


class UsageWeek(models.Model):
    """One department's use of the tool in one ISO week (Monday)."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="usage_weeks"
    )
    week = models.DateField(_("week"))
    department = models.CharField(_("department"), max_length=120)
    events = models.PositiveBigIntegerField(_("events"))
    active_users = models.PositiveIntegerField(_("active users"))
    mau = models.PositiveIntegerField(_("monthly active users"))
    mau_weeks = models.PositiveSmallIntegerField(default=4)
    # Of this week's active users, how many came back the next week; None when the import
    # that wrote this week did not hold the next one.
    retained_users = models.PositiveIntegerField(_("retained users"), null=True, blank=True)

    class Meta:
        ordering = ["week", "department"]
        verbose_name = _("usage week")
        verbose_name_plural = _("usage weeks")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "week", "department"], name="one_usage_week_per_department"
            )
        ]

    def __str__(self) -> str:
        return f"{self.week} {self.department}"


class FeatureWeek(models.Model):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="feature_weeks"
    )
    week = models.DateField(_("week"))
    department = models.CharField(_("department"), max_length=120)
    feature = models.CharField(_("feature"), max_length=120)
    events = models.PositiveBigIntegerField(_("events"))
    active_users = models.PositiveIntegerField(_("active users"))

    class Meta:
        ordering = ["week", "department", "feature"]
        verbose_name = _("feature week")
        verbose_name_plural = _("feature weeks")
        indexes = [models.Index(fields=["project", "week"])]

    def __str__(self) -> str:
        return f"{self.week} {self.department} {self.feature}"


class LicensedDepartment(Versioned):
    """A department and how many of its people hold a licence: the base of adoption."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="licensed_departments"
    )
    name = models.CharField(_("department"), max_length=120)
    licensed_users = models.PositiveIntegerField(
        _("licensed users"), validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("licensed department")
        verbose_name_plural = _("licensed departments")
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="one_licence_count_per_dept")
        ]

    def __str__(self) -> str:
        return self.name


class Kpi(Versioned):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("kind"),
        max_length=30,
        choices=[
            (Kind.SUPPORT_TICKETS.value, _("Support tickets")),
            (Kind.FEATURE_USE.value, _("Feature use")),
            (Kind.MEETING_ATTENDANCE.value, _("Meeting attendance")),
            (Kind.TRAINING_ENGAGEMENT.value, _("Training engagement")),
            (Kind.SUCCESS_STORIES.value, _("Success stories")),
            (Kind.REFERRALS.value, _("Referrals to other departments")),
            (Kind.ADOPTION_RATE.value, _("Adoption rate")),
            (Kind.STICKINESS.value, _("Stickiness (WAU/MAU)")),
            (Kind.RETENTION.value, _("Week-over-week retention")),
            (Kind.NPS.value, _("NPS")),
        ],
    )
    unit = models.CharField(
        _("unit"),
        max_length=10,
        choices=[
            (Unit.COUNT.value, _("count")),
            (Unit.PERCENT.value, _("percent")),
            (Unit.SCORE.value, _("score (−100 to 100)")),
        ],
    )
    period = models.CharField(
        _("period"),
        max_length=10,
        choices=[(Period.WEEK.value, _("week")), (Period.MONTH.value, _("month"))],
    )
    target = models.FloatField(_("target"))
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=[
            (Direction.HIGHER.value, _("higher is better")),
            (Direction.LOWER.value, _("lower is better")),
        ],
    )
    group = models.ForeignKey(
        "stakeholders.StakeholderGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kpis",
        verbose_name=_("stakeholder group"),
    )
    department = models.CharField(_("department"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="unique_kpi_name_per_project")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope(self) -> str:
        return self.group.name if self.group_id else self.department


class KpiValue(models.Model):
    """A hand-kept value for one period (a week's Monday or a month's 1st)."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="values")
    period = models.DateField(_("period"))
    value = models.FloatField(_("value"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period"]
        verbose_name = _("KPI value")
        verbose_name_plural = _("KPI values")
        constraints = [
            models.UniqueConstraint(fields=["kpi", "period"], name="one_value_per_kpi_period")
        ]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.period} = {self.value}"


class Story(Versioned):
    """A success story someone told of their own accord; shared outside only with consent."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="stories"
    )
    told_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("story"), max_length=4000)
    department = models.CharField(_("department"), max_length=120, blank=True)
    group = models.ForeignKey(
        "stakeholders.StakeholderGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        verbose_name=_("stakeholder group"),
    )
    told_by = models.CharField(
        _("told by"),
        max_length=120,
        blank=True,
        help_text=_("Optional. Leave empty to keep it anonymous."),
    )
    share_externally = models.BooleanField(
        _("may be shared outside the project"),
        default=False,
        help_text=_("Tick only when the person who told it has agreed."),
    )

    class Meta:
        ordering = ["-told_on", "title"]
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")

    def __str__(self) -> str:
        return self.title
