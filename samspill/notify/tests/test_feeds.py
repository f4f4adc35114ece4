"""Calendar subscription links: the ICS parses back with icalendar; a revoked link, or a
link whose owner left the project, is 404."""

import icalendar
from django.urls import reverse

from samspill.notify.models import CalendarFeed
from samspill.projects.models import Membership


def _make_link(client, project, user, kind="rollout") -> str:
    client.force_login(user)
    response = client.post(reverse("notify:calendar_feeds", args=[project.slug]), {"kind": kind})
    assert response.status_code == 200
    link = response.context["new_link"]
    return link.removeprefix("http://testserver")


def test_the_plan_feed_parses_back_with_its_milestones(client, project, members):
    path = _make_link(client, project, members["viewer"])
    client.logout()  # a calendar app has no session: the token is the key
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert {m.title for m in project.milestones.all()} <= summaries
    assert {p.title for p in project.phases.all()} <= summaries
    assert CalendarFeed.objects.get(user=members["viewer"]).last_fetched_at is not None


def test_the_communication_feed_is_a_calendar_too(client, project, members):
    path = _make_link(client, project, members["editor"], kind="comms")
    calendar = icalendar.Calendar.from_ical(client.get(path).content)
    assert calendar["X-WR-CALNAME"] == project.name


def test_a_revoked_link_is_404(client, project, members):
    path = _make_link(client, project, members["viewer"])
    feed = CalendarFeed.objects.get(user=members["viewer"])
    response = client.post(reverse("notify:calendar_feed_revoke", args=[project.slug, feed.uuid]))
    assert response.status_code == 302
    assert client.get(path).status_code == 404


def test_a_link_stops_when_its_owner_leaves_the_project(client, project, members):
    path = _make_link(client, project, members["viewer"])
    Membership.objects.filter(project=project, user=members["viewer"]).delete()
    assert client.get(path).status_code == 404


def test_made_up_and_oversized_tokens_are_404(client, db):
    assert client.get(reverse("notify:calendar_feed", args=["made-up"])).status_code == 404
    assert client.get(reverse("notify:calendar_feed", args=["x" * 500])).status_code == 404


def test_only_the_hash_of_the_token_is_kept(client, project, members):
    path = _make_link(client, project, members["viewer"])
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    assert not CalendarFeed.objects.filter(token_hash=token).exists()


def test_an_unknown_calendar_kind_is_refused(client, project, members):
    client.force_login(members["viewer"])
    response = client.post(reverse("notify:calendar_feeds", args=[project.slug]), {"kind": "x"})
    assert response.status_code == 302
    assert not CalendarFeed.objects.exists()


def test_a_link_can_be_revoked_in_an_archived_project(client, project, members):
    from samspill.projects.services import project_archive

    _make_link(client, project, members["viewer"])
    feed = CalendarFeed.objects.get(user=members["viewer"])
    project_archive(actor=members["owner"], project=project)
    url = reverse("notify:calendar_feed_revoke", args=[project.slug, feed.uuid])
    assert client.post(url).status_code == 302
    feed.refresh_from_db()
    assert feed.revoked_at is not None
