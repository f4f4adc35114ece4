"""Anonymity by construction (docs/surveys.md), each point checked on the schema or data."""

import datetime as dt

from django.db import models
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from method.surveys import K_MINIMUM, masked_breakdown
from samspill.audit.models import AuditEntry
from samspill.surveys import services
from samspill.surveys.models import Invitation, Response
from samspill.surveys.tests.conftest import form_data

IDENTIFYING = ("ip", "addr", "agent", "user", "email", "token", "invitation", "session", "host")


def test_no_survey_model_has_a_field_for_addresses_or_browsers():
    from django.apps import apps

    for model in apps.get_app_config("surveys").get_models():
        for field in model._meta.get_fields():
            name = field.name.lower()
            if model is Invitation and name == "email":
                continue  # kept only in "keep" mode, emptied at close; tested below
            assert not any(word in name for word in ("ip", "agent", "remote", "address")), (
                model,
                name,
            )
            assert not isinstance(field, models.GenericIPAddressField)


def test_a_response_has_no_relation_to_an_invitation_and_no_time():
    fields = {f.name: f for f in Response._meta.get_fields()}
    related = {f.related_model for f in fields.values() if f.is_relation}
    assert Invitation not in related
    assert {f.name for f in fields.values() if f.is_relation} == {"survey", "audience"}
    assert not any(isinstance(f, models.DateTimeField | models.TimeField) for f in fields.values())
    assert isinstance(fields["answered_on"], models.DateField)
    assert isinstance(fields["id"], models.UUIDField)  # random, so no order of arrival
    assert not any(word in name for name in fields for word in IDENTIFYING)
    assert not Response._meta.ordering


def test_an_answer_stores_nothing_about_the_request(open_survey, owner):
    audience = open_survey.audiences.get(label="HR")
    token = services.invitations_create(
        actor=owner, survey=open_survey, audience=audience, count=1
    )[0]
    client = Client(
        REMOTE_ADDR="203.0.113.77",
        HTTP_USER_AGENT="Unmistakable-Browser/9.9",
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    client.post(reverse("surveys:answer", args=[token]), form_data(open_survey, comment="fine"))
    (row,) = Response.objects.values()
    stored = repr(row) + repr(list(AuditEntry.objects.values()))
    for needle in ("203.0.113.77", "198.51.100.4", "Unmistakable", token):
        assert needle not in stored
    assert isinstance(row["answered_on"], dt.date) and not isinstance(
        row["answered_on"], dt.datetime
    )
    assert not Invitation.objects.exists()  # the spent link left nothing behind


def test_response_keys_do_not_follow_the_order_of_arrival(open_survey):
    audience = open_survey.audiences.get(label="HR")
    for _ in range(30):
        services.response_submit(
            survey=open_survey, audience=audience, nps=5, scores={"helps_work": 3, "trust_data": 3}
        )
    keys = [r.id.int for r in Response.objects.all()]
    assert keys != sorted(keys) or keys != sorted(keys, reverse=True)
    assert len({k >> 64 for k in keys}) == 30  # random high bits, no counter


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.sampled_from("ABCDEFG"), st.integers(0, 12), min_size=1, max_size=7),
    st.integers(K_MINIMUM, 7),
)
def test_owner_counts_never_give_away_a_small_audience(counts, k):
    """What the detail page shows: masked per-audience counts and a total only when ≥ k."""
    from method.surveys import shown_counts

    shown, total = shown_counts(counts, k)
    for value in shown.values():
        if value is not None:
            assert value == 0 or value >= k
    hidden = [key for key, value in shown.items() if value is None and counts[key]]
    if total is not None and hidden:
        rest = total - sum(v for v in shown.values() if v is not None)
        # The hidden audiences together hold at least k, and no single one stands alone.
        assert rest >= k and len(hidden) >= 2
    assert set(hidden) <= masked_breakdown(counts, k)


def test_the_public_pages_name_only_the_site_as_referrer(client, open_survey, owner):
    from samspill.surveys import services

    audience = open_survey.audiences.first()
    token = services.invitations_create(
        actor=owner, survey=open_survey, audience=audience, count=1
    )[0]
    for path in (f"/s/{token}/", f"/s/{token}/thanks/"):
        assert client.get(path)["Referrer-Policy"] == "strict-origin"
