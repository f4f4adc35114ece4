"""Reminders, digests and the watch, sent as jobs (the immediate backend runs them here)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import translation

from samspill.desk.services import request_receive
from samspill.notify.events import publish
from samspill.notify.models import Event, NotificationPreferences
from samspill.overview import notifications
from samspill.trust.models import ChecklistItem

TODAY = dt.date(2026, 10, 14)  # conftest.PINNED_NOW


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://samspill.example"


def _mail_to(user):
    found = [m for m in mail.outbox if m.to == [user.email]]
    assert len(found) <= 1
    return found[0] if found else None


def _own_overdue_item(project, user) -> ChecklistItem:
    item = project.checklist_items.first()
    ChecklistItem.objects.filter(pk=item.pk).update(
        owner=user, due_date=TODAY - dt.timedelta(days=3), status="open"
    )
    return item


def test_a_member_is_reminded_of_their_overdue_trust_item_with_a_link(project, members):
    item = _own_overdue_item(project, members["editor"])
    notifications.reminders_enqueue.enqueue()
    message = _mail_to(members["editor"])
    assert f"Overdue since 2026-10-11: {item.title}" in message.body
    assert f"https://samspill.example/p/{project.slug}/trust/" in message.body
    assert "https://samspill.example/notifications/" in message.body


def test_milestones_due_without_telling_are_reminded_to_owners_not_viewers(project, members):
    project.milestones.update(communicated=False)
    notifications.reminders_enqueue.enqueue()
    assert "not yet told" in _mail_to(members["owner"]).body
    assert _mail_to(members["viewer"]) is None


def test_an_opted_out_kind_is_not_sent(project, members):
    item = _own_overdue_item(project, members["editor"])
    project.milestones.update(communicated=False)
    NotificationPreferences.objects.create(user=members["editor"], opted_out=["trust_due"])
    notifications.reminders_enqueue.enqueue()
    body = _mail_to(members["editor"]).body
    assert "not yet told" in body  # the kinds still wanted come
    assert item.title not in body


def test_reminders_come_in_the_members_language(project, members):
    item = _own_overdue_item(project, members["editor"])
    NotificationPreferences.objects.create(user=members["editor"], language="nb")
    notifications.reminders_enqueue.enqueue()
    message = _mail_to(members["editor"])
    assert f"Forfalt siden 2026-10-11: {item.title}" in message.body
    assert translation.get_language() == "en"  # the job left the thread as it found it


def test_a_desk_reminder_names_no_requester_and_goes_only_to_who_may_see_it(project, members):
    request_receive(
        actor=members["owner"],
        project=project,
        decision="My application was rejected on 1 October.",
        channel="email",
        requester_name="Ada Lovelace",
        email="ada@example.org",
        received_on=TODAY - dt.timedelta(days=29),
        handler=members["editor"],
    )
    notifications.reminders_enqueue.enqueue()
    body = _mail_to(members["editor"]).body
    assert "Explanation request: answer due" in body
    assert "Ada" not in body and "ada@example.org" not in body and "rejected" not in body
    viewer_mail = _mail_to(members["viewer"])
    assert viewer_mail is None or "Explanation request" not in viewer_mail.body


def test_no_mail_without_a_mailer(project, members, settings):
    settings.MAILERS = {}
    _own_overdue_item(project, members["editor"])
    notifications.reminders_enqueue.enqueue()
    assert mail.outbox == []


def test_the_weekly_digest_lists_the_weeks_events_and_the_next_gate(project, members):
    publish(project, "objection_logged", summary="Objection logged: job security", path="/")
    notifications.digests_enqueue.enqueue()
    body = _mail_to(members["viewer"]).body
    assert "The week in CV screening pilot" in body
    assert "Objection logged: job security" in body
    assert "Next gate:" in body


def test_the_digest_can_be_declined(project, members):
    NotificationPreferences.objects.create(user=members["viewer"], opted_out=["digest"])
    notifications.digests_enqueue.enqueue()
    assert _mail_to(members["viewer"]) is None


def test_the_watch_publishes_a_warning_once(project, members):
    first = notifications.project_watch(project)
    warnings = [key for key in first if key.startswith("warning:")]
    assert warnings, "a fresh project has open warnings (nobody heard yet)"
    assert Event.objects.filter(kind="warning_raised").count() == len(warnings)
    assert notifications.project_watch(project) == []
