"""Keys to this server and its notification logs stay here; the agreement's controls travel."""

import datetime as dt
import json

import pytest

from method.controls import METRICS
from samspill.accounts.models import ApiToken
from samspill.api.models import ApiJob
from samspill.controls.models import (
    BreachComment,
    BreachResponse,
    Control,
    ControlWeek,
    EvaluationMeeting,
)
from samspill.core.clock import now
from samspill.notify.models import (
    Announced,
    CalendarFeed,
    Event,
    JobProgress,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from samspill.overview.demo import demo_load
from samspill.transfer.exporting import project_export_json
from samspill.transfer.importing import project_import
from samspill.transfer.tests.helpers import demo_owner

pytestmark = pytest.mark.django_db

WEBHOOK_URL = "https://hooks.example.test/services/T000/B000/kept-here-secret-path"
SIGNING_SECRET = "s" * 64
TOKEN_HASH = "a" * 64
FEED_HASH = "b" * 64
UPLOAD = b"week,cases\nkept-here-upload-bytes\n"

STAYING = {
    "accounts.apitoken",
    "api.apijob",
    "notify.announced",
    "notify.calendarfeed",
    "notify.event",
    "notify.jobprogress",
    "notify.webhookattempt",
    "notify.webhookdelivery",
    "notify.webhookendpoint",
}


def _server_keys_and_logs(project, owner) -> None:
    at = now()
    token = ApiToken.objects.create(
        user=owner,
        kind="service",
        name="HR feed",
        prefix="ssp_kept",
        token_hash=TOKEN_HASH,
        scope="read",
        created_at=at,
        expires_at=at + dt.timedelta(days=30),
    )
    token.projects.add(project)
    endpoint = WebhookEndpoint.objects.create(
        project=project,
        name="Team channel",
        format="json",
        url=WEBHOOK_URL,
        signing_secret=SIGNING_SECRET,
        kinds=["gate_passed"],
        created_by=owner,
    )
    event = Event.objects.create(
        project=project, kind="gate_passed", summary="Gate passed: pilot", path="/p/x/", actor=owner
    )
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event, attempts=1)
    WebhookAttempt.objects.create(delivery=delivery, number=1, status_code=500, duration_ms=12)
    CalendarFeed.objects.create(project=project, user=owner, kind="rollout", token_hash=FEED_HASH)
    Announced.objects.create(project=project, key="gate:pilot")
    JobProgress.objects.create(project=project, user=owner, label="Big import", total=10)
    ApiJob.objects.create(
        project=project, user=owner, kind="usage", filename="w.csv", data=UPLOAD, created_at=at
    )


def _agreement_controls(project, owner) -> None:
    at = now()
    control = Control.objects.create(
        project=project,
        clause="§ 4.2",
        title="Kept-here control",
        metric=next(iter(METRICS)),
        comparison="ge",
        threshold=0.8,
        created_by=owner,
    )
    breach = ControlWeek.objects.create(
        control=control,
        week=dt.date(2026, 11, 2),
        state="breached",
        value=0.5,
        failing_weeks=1,
        evaluated_at=at,
    )
    BreachComment.objects.create(breach=breach, author=owner, text="Seen.", created_at=at)
    BreachResponse.objects.create(
        breach=breach, cause="Holiday week.", measure="Watch next week.", responded_at=at
    )
    EvaluationMeeting.objects.create(
        project=project,
        held_on=dt.date(2026, 11, 20),
        participants="Owner, union",
        recorded_by=owner,
        recorded_at=at,
    )


def test_keys_to_this_server_and_its_logs_stay_while_the_controls_travel():
    project, _created = demo_load()
    owner = demo_owner()
    _server_keys_and_logs(project, owner)
    _agreement_controls(project, owner)

    data = project_export_json(project, actor=owner)
    document = json.loads(data)
    assert STAYING.isdisjoint(document["objects"])
    for secret in (WEBHOOK_URL, SIGNING_SECRET, TOKEN_HASH, FEED_HASH, "kept-here-upload-bytes"):
        assert secret.encode() not in data, secret
    for label in (
        "controls.control",
        "controls.controlweek",
        "controls.breachcomment",
        "controls.breachresponse",
        "controls.evaluationmeeting",
    ):
        assert document["objects"].get(label), label

    copy = project_import(actor=owner, data=data, filename="kept.json").project
    assert not copy.webhooks.exists()
    assert not copy.calendar_feeds.exists()
    assert not copy.events.exists()
    assert not copy.api_tokens.exists()
    assert not Announced.objects.filter(project=copy).exists()
    assert not JobProgress.objects.filter(project=copy).exists()
    assert not ApiJob.objects.filter(project=copy).exists()
    # The original keeps its keys: the export took nothing away.
    assert project.webhooks.get().url == WEBHOOK_URL
    assert project.api_tokens.count() == 1
    response = BreachResponse.objects.get(breach__control__project=copy)
    assert (response.cause, response.measure) == ("Holiday week.", "Watch next week.")
    assert copy.controls.get(title="Kept-here control").weeks.get().comments.get().text == "Seen."
