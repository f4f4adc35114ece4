"""Webhooks delivered to a real HTTP receiver on loopback: signature, retry, give-up,
and the SSRF guard with a redirect to 127.0.0.1."""

import hashlib
import hmac
import json

import pytest

from samspill.notify import transport
from samspill.notify.events import publish
from samspill.notify.jobs import retry_delay
from samspill.notify.models import DeliveryStatus, WebhookDelivery
from samspill.notify.services import webhook_create
from samspill.notify.tests.receiver import Receiver


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def loopback_allowed(settings):
    settings.WEBHOOK_INTERNAL_HOSTS = ["127.0.0.1"]
    settings.JOB_ATTEMPTS = 3


def _endpoint(project, owner, url, *, format="json", kinds=("gate_passed",)):
    endpoint, secret = webhook_create(
        actor=owner, project=project, name="Ops", format=format, url=url, kinds=list(kinds)
    )
    return endpoint, secret


def test_a_published_event_reaches_the_receiver_signed(project, owner, receiver, loopback_allowed):
    endpoint, secret = _endpoint(project, owner, receiver.url())
    publish(project, "gate_passed", summary="Gate 1 passed", path="/p/x/trust/", actor=owner)

    [request] = receiver.received
    timestamp = request.headers["X-Samspill-Timestamp"]
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"." + request.body, hashlib.sha256
    ).hexdigest()
    assert request.headers["X-Samspill-Signature"] == f"sha256={expected}"
    message = json.loads(request.body)
    assert message["kind"] == "gate_passed"
    assert message["summary"] == "Gate 1 passed"
    assert message["url"].endswith("/p/x/trust/")
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == DeliveryStatus.DELIVERED
    assert [a.status_code for a in delivery.attempt_log.all()] == [200]


def test_an_event_kind_the_endpoint_did_not_choose_is_not_sent(
    project, owner, receiver, loopback_allowed
):
    _endpoint(project, owner, receiver.url(), kinds=["objection_logged"])
    publish(project, "gate_passed", summary="Gate 1 passed", path="/")
    assert receiver.received == []


def test_a_500_is_retried_and_the_log_keeps_both_codes(project, owner, receiver, loopback_allowed):
    receiver.statuses = [500, 204]
    endpoint, _secret = _endpoint(project, owner, receiver.url())
    publish(project, "gate_passed", summary="Gate 1 passed", path="/")

    assert len(receiver.received) == 2
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == DeliveryStatus.DELIVERED
    assert [a.status_code for a in delivery.attempt_log.all()] == [500, 204]


def test_delivery_gives_up_after_the_last_attempt(project, owner, receiver, loopback_allowed):
    receiver.statuses = [503]
    endpoint, _secret = _endpoint(project, owner, receiver.url())
    publish(project, "gate_passed", summary="Gate 1 passed", path="/")

    assert len(receiver.received) == 3  # JOB_ATTEMPTS
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 3


def test_the_retry_waits_double_each_time():
    assert [retry_delay(n, 30).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry_delay(40, 30).total_seconds() == 86_400


def test_slack_and_teams_get_their_own_format(project, owner, receiver, loopback_allowed):
    _endpoint(project, owner, receiver.url(path="/slack"), format="slack")
    _endpoint(project, owner, receiver.url(path="/teams"), format="teams")
    publish(project, "gate_passed", summary="Gate <1> passed", path="/p/x/")

    bodies = {r.path: json.loads(r.body) for r in receiver.received}
    assert "Gate &lt;1&gt; passed" in bodies["/slack"]["text"]
    assert "|Open in Samspill>" in bodies["/slack"]["text"]
    card = bodies["/teams"]["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["body"][2]["text"] == "Gate <1> passed"
    assert "X-Samspill-Signature" not in receiver.received[0].headers


def test_loopback_is_refused_without_the_site_setting(project, owner, receiver, settings):
    settings.WEBHOOK_INTERNAL_HOSTS = []
    endpoint, _secret = _endpoint(project, owner, receiver.url())
    publish(project, "gate_passed", summary="Gate 1 passed", path="/")

    assert receiver.received == []
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == DeliveryStatus.FAILED
    [attempt] = delivery.attempt_log.all()  # refused at once: no retries
    assert "internal address" in attempt.error


def test_a_name_resolving_to_loopback_is_refused(settings):
    settings.WEBHOOK_INTERNAL_HOSTS = []
    with pytest.raises(transport.Refused, match="internal address"):
        transport.resolve_checked("http://localhost:9/hook")


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/",
        "http://192.168.1.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "file:///etc/passwd",
        "gopher://example.org/",
    ],
)
def test_internal_and_odd_urls_are_refused(url, settings):
    settings.WEBHOOK_INTERNAL_HOSTS = []
    with pytest.raises(transport.Refused):
        transport.resolve_checked(url)


def test_a_redirect_to_loopback_is_refused(settings, receiver):
    """The first hop is allowed by name ("localhost" is on the list); its redirect to
    127.0.0.1 is not, and is refused after the redirect, before any request is made."""
    target = Receiver()
    try:
        settings.WEBHOOK_INTERNAL_HOSTS = ["localhost"]
        receiver.statuses = [307]
        receiver.redirect_to = target.url()
        with pytest.raises(transport.Refused, match=r"127\.0\.0\.1"):
            transport.post(receiver.url(host="localhost"), b"{}", {})
        assert len(receiver.received) == 1
        assert target.received == []
    finally:
        target.close()


def test_a_slow_receiver_times_out(settings):
    """The worker waits at most WEBHOOK_TIMEOUT_SECONDS; a request never waits at all."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    try:
        port = listener.getsockname()[1]
        with pytest.raises(OSError):
            transport.post(
                f"http://127.0.0.1:{port}/", b"{}", {}, timeout=0.2, internal_hosts=["127.0.0.1"]
            )
    finally:
        listener.close()
