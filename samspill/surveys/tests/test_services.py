"""Survey writes: settings and their locks, links, e-mail, reminders, closing."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from samspill.audit.models import AuditEntry
from samspill.surveys import services, tokens
from samspill.surveys.models import Invitation, Response, Survey
from samspill.surveys.tests.conftest import answer, form_data, make_survey


def test_a_survey_is_created_with_its_audiences_and_audited(project, owner):
    group = project.stakeholder_groups.first()
    survey = make_survey(project, owner, groups=[group], departments=["HR"])
    assert sorted(survey.audiences.values_list("label", flat=True)) == sorted([group.name, "HR"])
    entry = AuditEntry.objects.get(object_type="surveys.survey", action="create")
    assert entry.changes["k"] == [None, 5]


def test_k_below_three_is_refused(project, owner):
    with pytest.raises(ValidationError):
        make_survey(project, owner, k=2)
    assert not Survey.objects.exists()


def test_a_survey_needs_an_audience(project, owner):
    with pytest.raises(ValidationError):
        make_survey(project, owner, departments=[])


def test_before_the_first_answer_everything_can_change(open_survey, owner):
    services.survey_update(
        actor=owner,
        survey=open_survey,
        k=3,
        link_mode="open",
        reminder_mode="keep",
        departments=["HR", "Recruitment", "IT"],
    )
    open_survey.refresh_from_db()
    assert (open_survey.k, open_survey.link_mode, open_survey.reminder_mode) == (3, "open", "keep")


@pytest.mark.parametrize(
    "change",
    [{"k": 4}, {"link_mode": "open"}, {"reminder_mode": "keep"}, {"statements": ["involved"]}],
)
def test_after_the_first_answer_the_anonymity_settings_cannot_be_weakened(
    open_survey, owner, change
):
    answer(open_survey, "HR")
    with pytest.raises(ValidationError) as refused:
        services.survey_update(
            actor=owner, survey=open_survey, departments=["HR", "Recruitment", "IT"], **change
        )
    assert "answered" in " ".join(refused.value.messages)
    open_survey.refresh_from_db()
    assert (open_survey.k, open_survey.link_mode, open_survey.reminder_mode) == (
        5,
        "invitations",
        "drop",
    )


def test_after_the_first_answer_k_can_still_go_up(open_survey, owner):
    answer(open_survey, "HR")
    services.survey_update(
        actor=owner, survey=open_survey, k=8, departments=["HR", "Recruitment", "IT"]
    )
    open_survey.refresh_from_db()
    assert open_survey.k == 8


def test_the_edit_form_shows_the_lock_as_a_clear_error(client, open_survey, owner):
    answer(open_survey, "HR")
    client.force_login(owner)
    url = reverse("surveys:edit", args=[open_survey.project.slug, open_survey.uuid])
    data = {
        "title": "Pulse 1",
        "language": "en",
        "statements": ["helps_work", "trust_data"],
        "include_comment": "on",
        "k": "4",
        "link_mode": "invitations",
        "reminder_mode": "drop",
        "departments": "HR\nRecruitment\nIT",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "the threshold can only go up" in response.content.decode()
    open_survey.refresh_from_db()
    assert open_survey.k == 5


def test_an_audience_with_answers_cannot_be_removed(open_survey, owner):
    answer(open_survey, "IT")
    with pytest.raises(ValidationError):
        services.survey_update(actor=owner, survey=open_survey, departments=["HR"])


def test_only_a_hash_of_each_token_is_stored(open_survey, owner):
    audience = open_survey.audiences.get(label="HR")
    plain = services.invitations_create(actor=owner, survey=open_survey, audience=audience, count=3)
    stored = set(Invitation.objects.values_list("token_hash", flat=True))
    assert stored == {tokens.token_hash(t) for t in plain}
    assert not stored & set(plain)
    assert all(tokens.survey_of(t) == open_survey.uuid for t in plain)
    open_survey.refresh_from_db()
    assert open_survey.links_issued == 3


def test_invitations_go_out_on_one_connection_in_the_surveys_language(project, owner):
    survey = make_survey(project, owner, language="nb")
    services.survey_open(actor=owner, survey=survey)
    audience = survey.audiences.get(label="HR")
    addresses = [f"person{i}@example.org" for i in range(205)]
    sent = services.invitations_send(
        actor=owner, survey=survey, audience=audience, addresses=addresses
    )
    assert sent == 205 and len(mail.outbox) == 205
    message = mail.outbox[0]
    assert message.to == ["person0@example.org"]
    assert "https://samspill.example/s/" in message.body
    # Drop mode: no address is kept.
    assert not Invitation.objects.exclude(email="").exists()
    assert Invitation.objects.count() == 205
    links = {line for m in mail.outbox for line in m.body.splitlines() if "/s/" in line}
    assert len(links) == 205
    survey.refresh_from_db()
    assert survey.emails_sent == 205


def test_a_mailed_link_works_once(client, open_survey, owner):
    audience = open_survey.audiences.get(label="HR")
    services.invitations_send(
        actor=owner, survey=open_survey, audience=audience, addresses=["a@example.org"]
    )
    link = next(line for line in mail.outbox[0].body.splitlines() if "/s/" in line)
    path = link.removeprefix("https://samspill.example")
    assert client.post(path, form_data(open_survey)).status_code == 302
    assert client.post(path, form_data(open_survey)).status_code == 410


def test_drop_mode_reminders_go_to_the_pasted_list_without_a_link(open_survey, owner):
    audience = open_survey.audiences.get(label="HR")
    services.invitations_send(
        actor=owner, survey=open_survey, audience=audience, addresses=["a@example.org"]
    )
    mail.outbox.clear()
    sent = services.reminders_send(
        actor=owner,
        survey=open_survey,
        audience=audience,
        addresses=["a@example.org", "b@example.org"],
    )
    assert sent == 2
    assert all("/s/" not in m.body for m in mail.outbox)
    assert "ignore this message" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Reminder")


def test_keep_mode_reminds_only_unused_links_with_a_new_link(client, project, owner):
    survey = make_survey(project, owner, reminder_mode="keep")
    services.survey_open(actor=owner, survey=survey)
    audience = survey.audiences.get(label="HR")
    services.invitations_send(
        actor=owner,
        survey=survey,
        audience=audience,
        addresses=["done@example.org", "late@example.org"],
    )
    first = {m.to[0]: next(x for x in m.body.splitlines() if "/s/" in x) for m in mail.outbox}
    done = first["done@example.org"].removeprefix("https://samspill.example")
    assert client.post(done, form_data(survey)).status_code == 302
    mail.outbox.clear()
    assert services.reminders_send(actor=owner, survey=survey) == 1
    (reminder,) = mail.outbox
    assert reminder.to == ["late@example.org"]
    new_link = next(x for x in reminder.body.splitlines() if "/s/" in x)
    assert new_link != first["late@example.org"]
    old = first["late@example.org"].removeprefix("https://samspill.example")
    assert client.post(old, form_data(survey)).status_code == 410  # replaced
    new = new_link.removeprefix("https://samspill.example")
    assert client.post(new, form_data(survey)).status_code == 302
    assert Response.objects.count() == 2


def test_closing_deletes_every_kept_address(project, owner):
    survey = make_survey(project, owner, reminder_mode="keep")
    services.survey_open(actor=owner, survey=survey)
    audience = survey.audiences.get(label="HR")
    services.invitations_send(
        actor=owner, survey=survey, audience=audience, addresses=["a@example.org", "b@example.org"]
    )
    assert Invitation.objects.exclude(email="").count() == 2
    services.survey_close(actor=owner, survey=survey)
    assert not Invitation.objects.exclude(email="").exists()


def test_surveys_past_their_closing_date_close_on_the_next_page_load(client, project, owner):
    survey = make_survey(project, owner, reminder_mode="keep", closes_on=dt.date(2099, 1, 1))
    services.survey_open(actor=owner, survey=survey)
    audience = survey.audiences.get(label="HR")
    services.invitations_send(
        actor=owner, survey=survey, audience=audience, addresses=["a@example.org"]
    )
    Survey.objects.filter(pk=survey.pk).update(closes_on=dt.date(2020, 1, 1))
    client.force_login(owner)
    assert client.get(reverse("surveys:list", args=[project.slug])).status_code == 200
    survey.refresh_from_db()
    assert survey.status == "closed"
    assert not Invitation.objects.exclude(email="").exists()


def test_the_close_command_closes_due_surveys(project, owner):
    survey = make_survey(project, owner, closes_on=dt.date(2099, 1, 1))
    services.survey_open(actor=owner, survey=survey)
    Survey.objects.filter(pk=survey.pk).update(closes_on=dt.date(2020, 1, 1))
    call_command("close_surveys")
    survey.refresh_from_db()
    assert survey.status == "closed"


def test_a_mail_server_failure_reports_how_many_went(open_survey, owner, monkeypatch):
    calls = []

    def fail_second_batch(self, messages):
        calls.append(len(messages))
        if len(calls) > 1:
            raise OSError("connection lost")
        return len(messages)

    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", fail_second_batch
    )
    audience = open_survey.audiences.get(label="HR")
    with pytest.raises(services.SendError) as stopped:
        services.invitations_send(
            actor=owner,
            survey=open_survey,
            audience=audience,
            addresses=[f"p{i}@example.org" for i in range(150)],
        )
    assert stopped.value.sent == 100
    open_survey.refresh_from_db()
    assert open_survey.emails_sent == 100


def test_owner_actions_are_audited_but_answers_are_not(client, open_survey, owner):
    before = AuditEntry.objects.count()
    for _ in range(3):
        answer(open_survey, "HR")
    audience = open_survey.audiences.get(label="HR")
    token = services.invitations_create(
        actor=owner, survey=open_survey, audience=audience, count=1
    )[0]
    after_links = AuditEntry.objects.count()
    assert after_links == before + 1
    client.post(reverse("surveys:answer", args=[token]), form_data(open_survey))
    assert AuditEntry.objects.count() == after_links
    assert not AuditEntry.objects.filter(object_type="surveys.response").exists()
    assert all(token not in str(e.changes) + e.object_repr for e in AuditEntry.objects.all())


def test_deleting_a_project_takes_its_surveys_and_answers(open_survey, owner, project):
    from samspill.projects.services import project_delete

    answer(open_survey, "HR")
    project_delete(actor=owner, project=project)
    assert not Survey.objects.exists() and not Response.objects.exists()


def test_without_a_mailer_nothing_is_sent_and_no_link_is_made(project, owner, settings):
    settings.MAILERS = {}
    survey = make_survey(project, owner)
    services.survey_open(actor=owner, survey=survey)
    audience = survey.audiences.first()
    with pytest.raises(ValidationError, match="no e-mail set up"):
        services.invitations_send(
            actor=owner, survey=survey, audience=audience, addresses=["a@example.org"]
        )
    assert not survey.invitations.exists() and not mail.outbox


def test_an_answer_names_either_an_open_link_audience_or_an_invitation(open_survey):
    audience = open_survey.audiences.first()
    answer_values = {"nps": 7, "scores": dict.fromkeys(open_survey.statements, 3)}
    for both_or_neither in ({"audience": audience, "token_hash": "0" * 64}, {}):
        with pytest.raises(ValueError, match="open link or the hash"):
            services.response_submit(survey=open_survey, **both_or_neither, **answer_values)
    with pytest.raises(services.LinkUsed):
        services.response_submit(survey=open_survey, token_hash="0" * 64, **answer_values)
    assert not Response.objects.exists()


@pytest.mark.parametrize("returning", [True, False], ids=["delete-returning", "select-delete"])
def test_a_link_is_claimed_once_and_not_after_closing(open_survey, owner, monkeypatch, returning):
    from django.db import connection

    audience = open_survey.audiences.get(label="HR")
    first, second = (
        tokens.token_hash(t)
        for t in services.invitations_create(
            actor=owner, survey=open_survey, audience=audience, count=2
        )
    )
    monkeypatch.setattr(connection.features, "can_return_columns_from_insert", returning)
    values = {"nps": 8, "scores": dict.fromkeys(open_survey.statements, 4)}
    services.response_submit(survey=open_survey, token_hash=first, **values)
    assert Response.objects.get().audience == audience
    with pytest.raises(services.LinkUsed):
        services.response_submit(survey=open_survey, token_hash=first, **values)
    # Closed by another worker while this one still holds the survey as open.
    Survey.objects.filter(pk=open_survey.pk).update(status="closed")
    with pytest.raises(services.SurveyNotOpen):
        services.response_submit(survey=open_survey, token_hash=second, **values)
    assert Response.objects.count() == 1
    assert Invitation.objects.filter(token_hash=second).exists()
