"""publish(): the one call a domain service makes when something worth telling happens.

    from samspill.notify.events import publish
    publish(project, "gate_passed", summary="Gate 2 passed", path=reverse(...), actor=actor)

It records an Event (the weekly digest reads them) and enqueues one delivery per active
webhook of the project that chose the kind. Call it inside the service's transaction: the
event and its delivery jobs are saved, or rolled back, with the change they report.
`summary` must hold nothing about an employee that every member may not see: it goes to
chat channels. Keep it short and factual ("Objection logged: job security"). A lazy
translation (gettext_lazy, format_lazy) is rendered in the project's content language,
the language its channels and digests speak.
"""

from django.utils import translation

from samspill.notify.models import Event, EventKind, WebhookDelivery, WebhookEndpoint

KINDS = frozenset(EventKind.values) - {EventKind.TEST}


def publish(project, kind: str, *, summary: str, path: str, actor=None) -> Event:
    if kind not in EventKind.values:
        raise ValueError(f"unknown event kind {kind!r}")
    actor = actor if getattr(actor, "is_authenticated", False) else None
    with translation.override(getattr(project, "language", "") or "en"):
        summary = str(summary)
    event = Event.objects.create(
        project=project,
        kind=kind,
        summary=summary.replace("\x00", "")[:300],
        path=str(path).replace("\x00", "")[:300],
        actor=actor,
    )
    endpoints = WebhookEndpoint.objects.filter(project=project, active=True)
    for endpoint in endpoints:
        if kind in endpoint.kinds or kind == EventKind.TEST:
            delivery_enqueue(endpoint=endpoint, event=event)
    return event


def delivery_enqueue(*, endpoint: WebhookEndpoint, event: Event) -> WebhookDelivery:
    from samspill.notify.webhooks import deliver_webhook

    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event)
    deliver_webhook.enqueue(delivery.pk)
    return delivery
