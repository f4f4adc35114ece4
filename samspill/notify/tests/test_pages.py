"""The webhook pages, preferences and the site admins' jobs page."""

import pytest
from django.urls import reverse

from samspill.audit.models import AuditEntry
from samspill.notify.models import NotificationPreferences, WebhookDelivery, WebhookEndpoint

URL = "https://hooks.example.org/services/T000/B000/very-secret-part"


@pytest.fixture
def owner_client(client, members):
    client.force_login(members["owner"])
    return client


def _create(client, project, **extra):
    data = {"name": "Union channel", "format": "slack", "url": URL, "kinds": ["gate_passed"]}
    return client.post(reverse("notify:webhooks", args=[project.slug]), {**data, **extra})


def test_the_owner_adds_a_webhook_and_never_sees_its_url_again(owner_client, project):
    response = _create(owner_client, project)
    assert response.status_code == 200
    page = owner_client.get(reverse("notify:webhooks", args=[project.slug])).content.decode()
    assert "hooks.example.org" in page
    assert "very-secret-part" not in page
    endpoint = WebhookEndpoint.objects.get()
    detail = owner_client.get(reverse("notify:webhook_detail", args=[project.slug, endpoint.uuid]))
    assert "very-secret-part" not in detail.content.decode()
    entry = AuditEntry.objects.filter(object_type="notify.webhookendpoint").get()
    assert "very-secret-part" not in str(entry.changes)


def test_a_json_webhook_shows_its_signing_secret_once(owner_client, project):
    response = _create(owner_client, project, format="json")
    assert response.context["secret"] == WebhookEndpoint.objects.get().signing_secret
    again = owner_client.get(reverse("notify:webhooks", args=[project.slug]))
    assert WebhookEndpoint.objects.get().signing_secret not in again.content.decode()


@pytest.mark.parametrize(
    "bad",
    [
        {"url": "ftp://example.org/x"},
        {"url": "not a url"},
        {"url": "https://example.org/" + "x" * 2100},
        {"kinds": ["no_such_event"]},
        {"kinds": []},
        {"format": "carrier-pigeon"},
        {"name": "x" * 81},
    ],
)
def test_bad_webhook_input_is_a_400_and_saves_nothing(owner_client, project, bad):
    response = _create(owner_client, project, **bad)
    assert response.status_code == 400
    assert not WebhookEndpoint.objects.exists()


def test_send_test_queues_a_delivery_and_returns_at_once(owner_client, project, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    _create(owner_client, project)
    endpoint = WebhookEndpoint.objects.get()
    response = owner_client.post(reverse("notify:webhook_test", args=[project.slug, endpoint.uuid]))
    assert response.status_code == 302
    delivery = WebhookDelivery.objects.get()
    assert delivery.event.kind == "test"
    assert delivery.status == "pending"  # the worker, not the request, sends it


def test_editing_keeps_the_url_unless_a_new_one_is_given(owner_client, project):
    _create(owner_client, project)
    endpoint = WebhookEndpoint.objects.get()
    url = reverse("notify:webhook_detail", args=[project.slug, endpoint.uuid])
    owner_client.post(url, {"name": "Renamed", "kinds": ["objection_logged"], "active": "on"})
    endpoint.refresh_from_db()
    assert (endpoint.name, endpoint.url, endpoint.kinds) == (
        "Renamed",
        URL,
        ["objection_logged"],
    )
    owner_client.post(
        url, {"name": "Renamed", "kinds": ["objection_logged"], "url": "https://new.example/h"}
    )
    endpoint.refresh_from_db()
    assert endpoint.url == "https://new.example/h"
    assert endpoint.active is False


def test_preferences_are_saved_per_person(client, members):
    client.force_login(members["viewer"])
    response = client.post(
        reverse("notify:preferences"), {"language": "nb", "wanted": ["digest", "trust_due"]}
    )
    assert response.status_code == 302
    prefs = NotificationPreferences.objects.get(user=members["viewer"])
    assert prefs.language == "nb"
    assert prefs.wants("digest") and not prefs.wants("objection_open")


def test_bad_preferences_are_a_400(client, members):
    client.force_login(members["viewer"])
    response = client.post(reverse("notify:preferences"), {"language": "xx", "wanted": ["nope"]})
    assert response.status_code == 400
    assert not NotificationPreferences.objects.exists()


def test_the_jobs_page_lists_failed_jobs_for_site_admins(client, make_user, settings):
    from django_tasks_db.models import DBTaskResult

    from samspill.accounts.models import SiteAccount
    from samspill.notify.tests.jobs_for_tests import always_fails

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    always_fails.enqueue()
    row = DBTaskResult.objects.get()
    row.set_failed(RuntimeError("boom"))
    admin = make_user(username="siteadmin")
    SiteAccount.objects.create(user=admin, is_site_admin=True)
    client.force_login(admin)
    page = client.get(reverse("notify:site_jobs")).content.decode()
    assert "always_fails" in page
    assert "RuntimeError" in page
