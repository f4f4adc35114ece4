import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from samspill.audit.models import AuditEntry
from samspill.desk import services
from samspill.desk.models import ExplanationRequest
from samspill.guarantees.services import transparency_page, transparency_update, use_case_create

TODAY = dt.date(2026, 10, 14)  # the pinned clock


@pytest.fixture
def page(project, owner):
    page = transparency_page(project)
    transparency_update(actor=owner, page=page, expected_version=page.version, link_enabled=True)
    return page


def _intake(client, page, **data):
    values = {"decision": "I was not shortlisted on 2 October.", "email": "ada@example.org"}
    return client.post(reverse("desk:intake", args=[page.token]), values | data, follow=True)


def test_a_request_through_the_transparency_page_appears_on_the_desk_and_statistics_update(
    client, project, owner, page
):
    public = client.get(reverse("guarantees:public", args=[page.token])).content.decode()
    assert reverse("desk:intake", args=[page.token]) in public
    response = _intake(client, page)
    assert "EX-2026-0001" in response.content.decode()
    assert (
        "13 November 2026" in response.content.decode()
        or "13 Nov 2026" in response.content.decode()
    )
    request = ExplanationRequest.objects.get()
    assert (request.reference, request.deadline, request.channel) == (
        "EX-2026-0001",
        TODAY + dt.timedelta(days=30),
        "page",
    )

    client.force_login(owner)
    desk = reverse("desk:list", args=[project.slug])
    listing = client.get(desk)
    assert "EX-2026-0001" in listing.content.decode()
    assert listing.context["stats"].answered == 0

    detail = reverse("desk:detail", args=[project.slug, request.uuid])
    saved = client.post(
        detail,
        {
            "version": request.version,
            "handler": "owner",
            "status": "closed",
            "deadline": "2026-11-13",
            "outcome": "explained",
            "answer": "The ranking weighed your years of experience.",
            "answered_on": "2026-10-24",
        },
    )
    assert saved.status_code == 302
    stats = client.get(desk).context["stats"]
    assert stats.answered == 1
    assert stats.median_days == 10.0
    assert stats.outcomes["explained"] == 1
    assert stats.per_month == {"2026-10": 1}


def test_a_request_with_no_contact_route_is_refused_with_the_reason(client, page):
    response = _intake(client, page, email="")
    assert response.status_code == 200
    assert "We need a way to reach you to send the explanation" in response.content.decode()
    assert not ExplanationRequest.objects.exists()


def test_the_service_also_refuses_a_request_with_no_contact_route(project, owner):
    with pytest.raises(ValidationError):
        services.request_receive(actor=owner, project=project, decision="x", channel="email")


def test_a_phone_number_alone_is_a_contact_route(client, page):
    _intake(client, page, email="", phone="+47 400 00 000")
    assert ExplanationRequest.objects.get().phone == "+47 400 00 000"


def test_the_intake_is_closed_with_the_page(client, project):
    closed = transparency_page(project)
    assert client.get(reverse("desk:intake", args=[closed.token])).status_code == 404


def test_the_intake_is_rate_limited(client, page):
    cache.clear()  # the limit counts per address across tests
    for n in range(10):
        _intake(client, page, decision=f"Decision {n}")
    response = _intake(client, page, decision="One more")
    assert "Many requests came from here" in response.content.decode()
    assert ExplanationRequest.objects.count() == 10


def test_references_count_on_and_the_deadline_follows_the_project_setting(project, owner):
    settings = services.desk_settings_for(project)
    services.desk_settings_update(
        actor=owner,
        project=project,
        expected_version=settings.version,
        deadline_days=14,
        reminder_days=3,
        retention_months=6,
    )
    first = services.request_receive(
        actor=owner, project=project, decision="a", channel="email", email="a@example.org"
    )
    second = services.request_receive(
        actor=owner, project=project, decision="b", channel="letter", other_contact="Desk 4"
    )
    assert (first.reference, second.reference) == ("EX-2026-0001", "EX-2026-0002")
    assert second.deadline == TODAY + dt.timedelta(days=14)


def _request(project, owner, handler=None, **kwargs):
    return services.request_receive(
        actor=owner,
        project=project,
        decision="My shift plan changed.",
        channel="email",
        email="ada@example.org",
        handler=handler,
        **kwargs,
    )


def test_only_owners_and_the_handler_see_a_request(client, project, owner, members):
    mine = _request(project, owner, handler=members["editor"])
    other = _request(project, owner)
    client.force_login(members["editor"])
    listing = client.get(reverse("desk:list", args=[project.slug])).content.decode()
    assert mine.reference in listing and other.reference not in listing
    assert client.get(reverse("desk:detail", args=[project.slug, other.uuid])).status_code == 404
    client.force_login(members["observer"])
    listing = client.get(reverse("desk:list", args=[project.slug])).content.decode()
    assert mine.reference not in listing


def test_an_editor_who_logs_a_request_handles_it(client, project, members):
    client.force_login(members["editor"])
    response = client.post(
        reverse("desk:log", args=[project.slug]),
        {
            "decision": "Told by phone",
            "phone": "123",
            "channel": "phone",
            "received_on": "2026-10-10",
        },
    )
    assert response.status_code == 302
    request = ExplanationRequest.objects.get()
    assert request.handler == members["editor"]
    assert request.deadline == dt.date(2026, 11, 9)


def test_the_audit_trail_records_actions_not_content(project, owner):
    request = _request(project, owner, requester_name="Ada Lovelace")
    services.request_handle(
        actor=owner,
        request=request,
        expected_version=request.version,
        status="closed",
        outcome="complaint",
        answer="Secret reasons",
        answered_on=TODAY,
    )
    entries = AuditEntry.objects.filter(object_type="desk.explanationrequest").order_by("sequence")
    assert entries.count() == 2
    text = " ".join(f"{e.object_repr} {e.changes}" for e in entries)
    for content in ("Ada", "ada@example.org", "shift plan", "Secret reasons"):
        assert content not in text
    assert entries.last().changes["answer"] == ["", "edited"]


def test_closing_needs_an_outcome_and_an_answer_date(project, owner):
    request = _request(project, owner)
    with pytest.raises(ValidationError):
        services.request_handle(
            actor=owner, request=request, expected_version=request.version, status="closed"
        )
    request.refresh_from_db()
    assert request.status == "open"


def test_an_answer_dated_before_the_request_is_refused(project, owner):
    request = _request(project, owner)
    with pytest.raises(ValidationError) as refused:
        services.request_handle(
            actor=owner,
            request=request,
            expected_version=request.version,
            status="closed",
            outcome="explained",
            answered_on=request.received_on - dt.timedelta(days=1),
        )
    assert "answered_on" in refused.value.message_dict
    request.refresh_from_db()
    assert (request.status, request.answered_on) == ("open", None)


def test_the_months_are_shown_in_the_page_language(client, project, owner):
    _request(project, owner)
    client.force_login(owner)
    client.cookies["samspill_language"] = "nb"
    body = client.get(reverse("desk:list", args=[project.slug])).content.decode()
    assert "oktober 2026" in body.lower()


def test_the_draft_answer_uses_the_decision_limits(client, project, owner):
    use_case_create(
        actor=owner,
        project=project,
        name="Screening",
        human_decides="Every rejection",
        overseer="Head of recruitment",
        contest_route="Ask the recruitment lead.",
    )
    request = _request(project, owner)
    client.force_login(owner)
    page = client.get(reverse("desk:detail", args=[project.slug, request.uuid]) + "?draft=1")
    answer = page.context["form"].initial["answer"]
    assert "Every rejection" in answer and "Ask the recruitment lead." in answer
    assert request.reference in answer


def test_observers_see_masked_statistics_and_owners_the_figures(client, project, owner, members):
    _request(project, owner)
    client.force_login(members["observer"])
    stats = client.get(reverse("desk:list", args=[project.slug])).context["stats"]
    assert stats.per_month == {"2026-10": None}
    client.force_login(owner)
    stats = client.get(reverse("desk:list", args=[project.slug])).context["stats"]
    assert stats.per_month == {"2026-10": 1}


def test_overdue_requests_show_on_the_dashboard(client, project, owner, pinned_clock):
    _request(project, owner)
    client.force_login(owner)
    dashboard = reverse("projects:detail", args=[project.slug])
    assert "overdue" not in client.get(dashboard).content.decode()
    pinned_clock.shift(dt.timedelta(days=25))
    client.force_login(owner)  # the session would have expired meanwhile
    assert "1 due soon" in client.get(dashboard).content.decode()
    pinned_clock.shift(dt.timedelta(days=10))
    client.force_login(owner)
    assert "1 overdue" in client.get(dashboard).content.decode()


def test_closed_requests_are_purged_after_the_retention(project, owner, pinned_clock):
    request = _request(project, owner)
    services.request_handle(
        actor=owner,
        request=request,
        expected_version=request.version,
        status="closed",
        outcome="explained",
        answered_on=TODAY,
    )
    still_open = _request(project, owner)
    assert services.purge(today=dt.date(2027, 4, 14)) == 0  # exactly six months: kept
    out = io.StringIO()
    call_command("desk", "purge", stdout=out)  # today, on the pinned clock: nothing is old
    assert "Deleted 0" in out.getvalue()
    assert services.purge(today=dt.date(2027, 4, 15)) == 1
    assert list(ExplanationRequest.objects.all()) == [still_open]
    deleted = AuditEntry.objects.filter(action="delete").get()
    assert deleted.object_repr == request.reference
