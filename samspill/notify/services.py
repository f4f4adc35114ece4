"""Writes: webhook endpoints, calendar feeds, preferences. Each validates, saves and
records an audit entry; a webhook's URL and secret never reach the trail."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samspill.audit.models import AuditAction
from samspill.audit.services import audit_record, creation, deletion, diff, snapshot
from samspill.core.tokens import token_hash
from samspill.notify.events import KINDS, delivery_enqueue
from samspill.notify.models import (
    CalendarFeed,
    Event,
    EventKind,
    NotificationPreferences,
    ReminderKind,
    WebhookEndpoint,
    WebhookFormat,
)

WEBHOOK_FIELDS = ["name", "format", "kinds", "active"]
FEED_FIELDS = ["kind", "revoked_at"]


def _validate_url(url: str) -> str:
    from urllib.parse import urlsplit

    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or len(url) > 2000:
        raise ValidationError({"url": _("Enter an http or https address.")})
    return url


def _validate_kinds(kinds: list[str]) -> list[str]:
    unknown = set(kinds) - KINDS
    if unknown or not kinds:
        raise ValidationError({"kinds": _("Choose at least one event.")})
    return sorted(kinds)


@transaction.atomic
def webhook_create(
    *, actor, project, name: str, format: str, url: str, kinds: list[str]
) -> tuple[WebhookEndpoint, str]:
    """The endpoint and its signing secret, which is shown once (JSON format only)."""
    if format not in WebhookFormat.values:
        raise ValidationError({"format": _("Choose a format.")})
    endpoint = WebhookEndpoint(
        project=project,
        name=name.strip(),
        format=format,
        url=_validate_url(url),
        signing_secret=secrets.token_urlsafe(32),
        kinds=_validate_kinds(kinds),
        created_by=actor,
    )
    endpoint.full_clean()
    endpoint.save()
    audit_record(
        actor=actor,
        project=project,
        action=AuditAction.CREATE,
        obj=endpoint,
        changes=creation(snapshot(endpoint, WEBHOOK_FIELDS)),
    )
    return endpoint, endpoint.signing_secret


@transaction.atomic
def webhook_update(
    *, actor, endpoint: WebhookEndpoint, name: str, kinds: list[str], active: bool, url: str = ""
) -> WebhookEndpoint:
    """A blank `url` keeps the stored one (it is never shown back to be edited)."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    before = snapshot(endpoint, WEBHOOK_FIELDS)
    endpoint.name = name.strip()
    endpoint.kinds = _validate_kinds(kinds)
    endpoint.active = active
    changes = {}
    if url.strip():
        endpoint.url = _validate_url(url)
        changes["url"] = ["…", "…"]  # that it changed, never what it is
    endpoint.full_clean()
    endpoint.save()
    changes.update(diff(before, snapshot(endpoint, WEBHOOK_FIELDS)))
    if changes:
        audit_record(
            actor=actor,
            project=endpoint.project,
            action=AuditAction.UPDATE,
            obj=endpoint,
            changes=changes,
        )
    return endpoint


@transaction.atomic
def webhook_delete(*, actor, endpoint: WebhookEndpoint) -> None:
    audit_record(
        actor=actor,
        project=endpoint.project,
        action=AuditAction.DELETE,
        obj=endpoint,
        changes=deletion(snapshot(endpoint, WEBHOOK_FIELDS)),
    )
    endpoint.delete()


@transaction.atomic
def webhook_send_test(*, actor, endpoint: WebhookEndpoint, path: str):
    """Queue a test message to this endpoint alone; the worker sends it."""
    event = Event.objects.create(
        project=endpoint.project,
        kind=EventKind.TEST,
        summary=_("A test message from Samspill. If you can read this, the webhook works."),
        path=path,
        actor=actor,
    )
    return delivery_enqueue(endpoint=endpoint, event=event)


@transaction.atomic
def feed_create(*, actor, project, kind: str) -> tuple[CalendarFeed, str]:
    """A new subscription link for `actor`; the token is returned once, only its hash kept."""
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(project=project, user=actor, kind=kind, token_hash=token_hash(token))
    feed.full_clean()
    feed.save()
    audit_record(
        actor=actor,
        project=project,
        action=AuditAction.CREATE,
        obj=feed,
        changes=creation(snapshot(feed, FEED_FIELDS)),
    )
    return feed, token


@transaction.atomic
def feed_revoke(*, actor, feed: CalendarFeed) -> CalendarFeed:
    feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    if feed.revoked_at is None:
        before = snapshot(feed, FEED_FIELDS)
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            project=feed.project,
            action=AuditAction.UPDATE,
            obj=feed,
            changes=diff(before, snapshot(feed, FEED_FIELDS)),
        )
    return feed


def preferences_for(user) -> NotificationPreferences:
    prefs = NotificationPreferences.objects.filter(user=user).first()
    return prefs or NotificationPreferences(user=user)


@transaction.atomic
def preferences_save(*, user, language: str, opted_out: list[str]) -> NotificationPreferences:
    """A person's own choices: not project content, so not in a project's trail."""
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose a language.")})
    if set(opted_out) - set(ReminderKind.values):
        raise ValidationError({"opted_out": _("Choose from the list.")})
    prefs, _created = NotificationPreferences.objects.get_or_create(user=user)
    prefs.language = language
    prefs.opted_out = sorted(set(opted_out))
    prefs.save()
    return prefs
