"""Webhook delivery, run by the worker: one request per try, every try in the log.

A try that gets no 2xx answer (or no answer) raises, and the job framework tries again
later with backoff (jobs.py); after the last try the delivery is marked given up. A URL
the SSRF guard refuses is given up at once: trying again would not change the answer.
"""

import time

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from samspill.notify import transport
from samspill.notify.channels import RENDERERS
from samspill.notify.jobs import GiveUp, job
from samspill.notify.models import DeliveryStatus, Event, WebhookAttempt, WebhookDelivery


class DeliveryFailed(Exception):
    pass


def message_for(event: Event) -> dict:
    """The event as the receivers get it, in the project's language."""
    project = event.project
    with translation.override(getattr(project, "language", "") or "en"):
        return {
            "id": str(event.uuid),
            "kind": event.kind,
            "title": str(event.get_kind_display()),
            "summary": event.summary,
            "url": settings.SITE_URL + event.path,
            "open_label": _("Open in Samspill"),
            "project": {"slug": project.slug, "name": project.name, "uuid": str(project.uuid)},
            "created_at": event.created_at.isoformat(),
        }


@job()
def deliver_webhook(delivery_id: int, *, attempt: int = 1) -> int | None:
    delivery = (
        WebhookDelivery.objects.select_related("endpoint", "event__project")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or delivery.status == DeliveryStatus.DELIVERED:
        return None  # deleted with its endpoint, or already through
    endpoint = delivery.endpoint
    body, headers = RENDERERS[endpoint.format](
        message_for(delivery.event),
        secret=endpoint.signing_secret,
        timestamp=int(time.time()),
    )
    headers["User-Agent"] = "Samspill-Webhook/1"
    status_code, error, duration, refused = None, "", 0, False
    try:
        answer = transport.post(endpoint.url, body, headers)
        status_code, duration = answer.status_code, answer.duration_ms
    except transport.Refused as refusal:
        error, refused = str(refusal), True
    except OSError as trouble:
        error = str(trouble) or type(trouble).__name__
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=attempt,
        status_code=status_code,
        error=error[:300],
        duration_ms=duration,
    )
    delivery.attempts = attempt
    if status_code is not None and 200 <= status_code < 300:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.save(update_fields=["status", "attempts", "updated_at"])
        return status_code
    last = refused or attempt >= settings.JOB_ATTEMPTS
    delivery.status = DeliveryStatus.FAILED if last else DeliveryStatus.RETRYING
    delivery.save(update_fields=["status", "attempts", "updated_at"])
    if refused:
        raise GiveUp(error)
    raise DeliveryFailed(f"{endpoint.url_hint}: {status_code or error}")
