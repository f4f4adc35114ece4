"""Breaches of the agreement's controls reach owners and observers through the daily
reminders (the real job, the immediate task backend, e-mail in the outbox or in files)."""

import datetime as dt
import email
import email.policy

import pytest
from django.core import mail
from django.urls import reverse

from samspill.controls import services
from samspill.controls.models import Control, ControlWeek
from samspill.controls.tests.helpers import week_csv
from samspill.notify.models import NotificationPreferences, ReminderKind
from samspill.overview import notifications

THIS_MONDAY = dt.date(2026, 10, 12)  # the pinned clock's week
SITE = "https://samspill.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def _mail_to(user):
    found = [m for m in mail.outbox if m.to == [user.email]]
    assert len(found) <= 1
    return found[0] if found else None


def _body(user) -> str:
    message = _mail_to(user)
    return message.body if message else ""


@pytest.fixture
def breach(project, members):
    """A case the tool rejected alone: "No automatic rejection" is breached this week."""
    services.cases_import_week(
        actor=members["owner"],
        project=project,
        data=week_csv(THIS_MONDAY, undecided=1, minutes=6, overrides=4),
        filename="week.csv",
    )
    return ControlWeek.objects.get(control__key="no_automatic_rejection", week=THIS_MONDAY)


def _link(project, breach) -> str:
    return SITE + reverse("controls:breach", args=[project.slug, breach.uuid])


def test_owners_are_reminded_of_breaches_without_a_response_until_they_answer(
    project, members, breach
):
    notifications.reminders_enqueue.enqueue()
    body = _body(members["owner"])
    assert (
        "Agreement control breached in the week of 2026-10-12, no response yet: "
        "No automatic rejection" in body
    )
    assert _link(project, breach) in body
    for role in ("editor", "viewer"):
        assert "agreement control" not in _body(members[role]).casefold()
    services.breach_respond(
        actor=members["owner"], breach=breach, cause="A tool rule", measure="Rule removed"
    )
    mail.outbox.clear()
    notifications.reminders_enqueue.enqueue()
    assert "no response yet" not in _body(members["owner"])


def test_observers_are_told_of_a_new_breach_once(project, members, breach, pinned_clock):
    notifications.reminders_enqueue.enqueue()
    body = _body(members["observer"])
    assert "New breach of an agreement control, week of 2026-10-12: No automatic rejection" in body
    assert _link(project, breach) in body
    # The next day's reminders: not new any more; the owner still has to answer.
    pinned_clock.shift(dt.timedelta(days=1))
    mail.outbox.clear()
    notifications.reminders_enqueue.enqueue()
    assert "New breach" not in _body(members["observer"])
    assert "no response yet" in _body(members["owner"])


def test_a_turned_off_control_is_not_reminded(project, members, breach):
    control = Control.objects.get(pk=breach.control_id)
    services.control_update(
        actor=members["owner"],
        control=control,
        expected_version=control.version,
        threshold=control.threshold,
        period=control.period,
        active=False,
    )
    notifications.reminders_enqueue.enqueue()
    assert "no response yet" not in _body(members["owner"])


def test_breach_reminders_respect_the_opt_out(project, members, breach):
    project.milestones.update(communicated=False)
    for role in ("owner", "observer"):
        NotificationPreferences.objects.create(
            user=members[role], opted_out=[ReminderKind.CONTROL_BREACH]
        )
    notifications.reminders_enqueue.enqueue()
    owner_body = _body(members["owner"])
    assert "not yet told" in owner_body  # the kinds still wanted come
    assert "agreement control" not in owner_body.casefold()
    assert "agreement control" not in _body(members["observer"]).casefold()


def test_the_preferences_page_offers_the_breach_kind(client, members):
    client.force_login(members["observer"])
    page = client.get(reverse("notify:preferences")).content.decode()
    assert 'value="control_breach"' in page and "Agreement controls breached" in page


def test_breach_reminders_come_in_the_members_language(project, members, breach):
    NotificationPreferences.objects.create(user=members["observer"], language="nb")
    NotificationPreferences.objects.create(user=members["owner"], language="nb")
    notifications.reminders_enqueue.enqueue()
    assert "Nytt brudd på en avtalekontroll, uka 2026-10-12: Ingen automatiske avslag" in _body(
        members["observer"]
    )
    assert "Ingen automatiske avslag" in _body(members["owner"])
    assert "ikke svart" in _body(members["owner"])


def test_breach_reminders_are_written_by_the_file_mailer(
    project, members, breach, settings, tmp_path
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(tmp_path)},
        }
    }
    notifications.reminders_enqueue.enqueue()
    messages = [
        email.message_from_string(text.lstrip(), policy=email.policy.default)
        for path in tmp_path.iterdir()
        for text in path.read_text().split("-" * 79)
        if text.strip()
    ]
    bodies = {m["To"]: m.get_content() for m in messages}
    assert _link(project, breach) in bodies["observer@example.org"]
    assert _link(project, breach) in bodies["owner@example.org"]
