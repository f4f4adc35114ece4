"""What happened in a project (events), where it is sent (webhook endpoints, with a
delivery log), who subscribes to a calendar, and what each person wants to be told."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samspill.projects.models import Project


class EventKind(models.TextChoices):
    WARNING_RAISED = "warning_raised", _("Warning raised")
    GATE_PASSED = "gate_passed", _("Gate passed")
    GATE_OVERRIDDEN = "gate_overridden", _("Gate overridden")
    OBJECTION_LOGGED = "objection_logged", _("Objection logged")
    SURVEY_RELEASED = "survey_released", _("Survey results released")
    KPI_BELOW_TARGET = "kpi_below_target", _("KPI below target")
    MILESTONE_TOLD = "milestone_told", _("Milestone told")
    CONTROL_BREACHED = "control_breached", _("Agreement control breached")
    TEST = "test", _("Test message")


class Event(models.Model):
    """One thing that happened, as published by a domain service. `summary` holds no
    personal data about employees: it goes to chat channels and into digests."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    summary = models.CharField(max_length=300)
    path = models.CharField(max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["project", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.summary}"


class WebhookFormat(models.TextChoices):
    JSON = "json", _("JSON, signed (HMAC-SHA256)")
    SLACK = "slack", _("Slack incoming webhook")
    TEAMS = "teams", _("Microsoft Teams Workflows")


class WebhookEndpoint(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="webhooks")
    name = models.CharField(_("name"), max_length=80)
    format = models.CharField(_("format"), max_length=10, choices=WebhookFormat.choices)
    # The URL is a secret (a Slack or Teams URL alone lets anyone post): never shown back
    # in full, never written to the audit trail.
    url = models.CharField(max_length=2000)
    signing_secret = models.CharField(max_length=64)
    kinds = models.JSONField(default=list)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def url_hint(self) -> str:
        """Scheme and host only: enough to recognise the endpoint, not to post to it."""
        from urllib.parse import urlsplit

        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.hostname or ''}/…"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    DELIVERED = "delivered", _("delivered")
    RETRYING = "retrying", _("retrying")
    FAILED = "failed", _("given up")


class WebhookDelivery(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.endpoint_id}/{self.event_id}: {self.status}"


class WebhookAttempt(models.Model):
    """One request: the log row the delivery page shows (status code or the error)."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveSmallIntegerField()
    status_code = models.PositiveSmallIntegerField(null=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"#{self.number}: {self.status_code or self.error}"


class FeedKind(models.TextChoices):
    ROLLOUT = "rollout", _("Rollout plan")
    COMMS = "comms", _("Communication calendar")


class CalendarFeed(models.Model):
    """A subscription link. Only the token's SHA-256 is kept; the link stops working when
    revoked or when its owner is no longer a member of the project."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="calendar_feeds")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    kind = models.CharField(max_length=10, choices=FeedKind.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} feed"


class ReminderKind(models.TextChoices):
    TRUST_DUE = "trust_due", _("TRUST items due or overdue")
    MILESTONE_UNTOLD = "milestone_untold", _("Milestones due without a record of telling")
    OBJECTION_OPEN = "objection_open", _("Objections waiting for an answer")
    SURVEY_CLOSING = "survey_closing", _("Surveys closing in two days")
    DESK_DEADLINE = "desk_deadline", _("Explanation requests nearing their deadline")
    CONTROL_BREACH = "control_breach", _("Agreement controls breached")
    DIGEST = "digest", _("Weekly digest")


class NotificationPreferences(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs"
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    opted_out = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"preferences of {self.user_id}"

    def wants(self, kind: str) -> bool:
        return kind not in self.opted_out


class PeriodicRun(models.Model):
    """One row per periodic job and period ("reminders", "2026-10-14"): the unique key
    lets several workers race to enqueue it and only one succeed."""

    name = models.CharField(max_length=64)
    period = models.CharField(max_length=32)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "period"], name="notify_periodic_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.period}"


class JobProgress(models.Model):
    """What a long job (a big import) tells the page that waits for it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, null=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    label = models.CharField(max_length=200)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, default="waiting")  # waiting/running/done/failed
    message = models.CharField(max_length=500, blank=True)
    result_path = models.CharField(max_length=300, blank=True)
    # A refused import's problems, every one, as [line, column, text] (notify/imports.py).
    problems = models.JSONField(default=list, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.label

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


class Announced(models.Model):
    """A state already told to the channels ("gate:pilot", "warning:veto"), so a watch
    that runs every hour publishes a change once. Removed when the state ends."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "key"], name="notify_announced_once")
        ]

    def __str__(self) -> str:
        return self.key


class WorkerHeartbeat(models.Model):
    """A running `samspill worker`, by its worker id: `last_seen` is renewed every few
    seconds while it lives, also during a long job. A RUNNING job whose worker's heartbeat
    is older than JOB_STALE_SECONDS is put back to READY (samspill.notify.jobs.reap_stale_jobs)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.worker_id
