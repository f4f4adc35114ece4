from django.db.models import Count, Max

from samspill.notify.models import WebhookDelivery, WebhookEndpoint


def webhooks_with_last(project):
    return WebhookEndpoint.objects.filter(project=project).annotate(
        delivery_count=Count("deliveries"), last_delivery=Max("deliveries__created_at")
    )


def delivery_log(endpoint: WebhookEndpoint, limit: int = 50):
    return (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .select_related("event")
        .prefetch_related("attempt_log")[:limit]
    )


def job_counts() -> dict[str, int]:
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.values_list("status").annotate(n=Count("pk")).order_by()
    return dict(rows)
