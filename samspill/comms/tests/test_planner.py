import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils.formats import date_format
from icalendar import Calendar
from pypdf import PdfReader

from method.audiences import Audience
from method.diagnostics import informed_after_decision
from samspill.audit.models import AuditEntry
from samspill.business.services import business_case_save
from samspill.comms import services
from samspill.comms.facts import project_facts
from samspill.comms.models import Communication, Message
from samspill.comms.selectors import Filler, consistency, drafts
from samspill.objections.services import objection_log, objection_update
from samspill.overview.diagnostics import project_snapshot
from samspill.stakeholders.models import Engagement
from samspill.stakeholders.services import decision_create


def group(project, key):
    return project.stakeholder_groups.get(preset_key=key)


# Facts and drafts


def test_unknown_facts_show_as_visible_gaps_never_as_blanks(project):
    facts = project_facts(project)
    assert facts["project"] == "CV screening pilot"
    assert facts["pilot_department"] == "Recruitment"
    assert facts["payback_month"] is None and facts["guarantees"] is None
    texts = {d.key: d for d in drafts(project, Filler(project))}
    filled = [d for d in texts.values() if "payback_month" in d.body.missing]
    assert filled, "some leadership draft should use the payback month"
    assert "[payback month: not calculated yet]" in filled[0].body.text
    assert "{" not in "".join(d.body.text for d in texts.values())


def test_saved_business_case_fills_the_numbers(project, owner):
    business_case_save(
        actor=owner,
        project=project,
        expected_version=None,
        hours_saved_per_week=6,
        users=6,
        licence_setup_cost=60000,
        annual_running_cost=90000,
    )
    facts = project_facts(project)
    assert facts["payback_month"].startswith("month ")
    assert facts["annual_benefit"].endswith("NOK")
    assert facts["one_off_cost"] == "60,000 NOK"


def test_done_security_items_become_the_guarantees(project):
    item = project.checklist_items.get(key="job_security_statement")
    item.status = "done"
    item.save()
    assert project_facts(project)["guarantees"] == item.title


def test_every_audience_has_a_draft_and_a_guide_page(client, project, owner):
    client.force_login(owner)
    page = client.get(reverse("comms:messages", args=[project.slug])).content.decode()
    for audience in Audience:
        assert f"?draft={audience.value}" in page or audience.value in page
        guide = client.get(reverse("comms:guide", args=[project.slug, audience.value]))
        assert guide.status_code == 200
    assert client.get(reverse("comms:guide", args=[project.slug, "nobody"])).status_code == 404


def test_a_draft_becomes_a_message_that_keeps_its_placeholders(client, project, owner):
    client.force_login(owner)
    draft = drafts(project, Filler(project))[0]
    form = client.get(reverse("comms:message_create", args=[project.slug]) + f"?draft={draft.key}")
    assert form.status_code == 200
    body = form.context["form"].initial["body"]
    response = client.post(
        reverse("comms:message_create", args=[project.slug]) + f"?draft={draft.key}",
        {"audience": draft.audience, "title": "Our own words", "subject": "", "body": body},
    )
    message = Message.objects.get(project=project)
    assert response.status_code == 302 and message.draft_key == draft.key
    assert message.body == body
    shown = client.get(reverse("comms:message", args=[project.slug, message.uuid]))
    assert "{project}" not in shown.content.decode()
    assert AuditEntry.objects.filter(object_type="comms.message", action="create").exists()


@pytest.mark.parametrize(
    "body, error",
    [
        ("Dear all, {salary} changes.", "{salary} is not a fact Samspill knows"),
        ("A brace { left open", "A brace is not closed"),
        ("{project.name}", "is not a fact Samspill knows"),
    ],
)
def test_a_message_with_a_bad_placeholder_is_refused(client, project, owner, body, error):
    client.force_login(owner)
    response = client.post(
        reverse("comms:message_create", args=[project.slug]),
        {"audience": "union", "title": "Hello", "body": body},
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Message.objects.exists()


def test_a_literal_brace_is_allowed_and_gaps_are_marked(client, project, owner):
    message = services.message_create(
        actor=owner,
        project=project,
        audience="leadership",
        title="Numbers",
        body="Payback: {payback_month}. Set notation {{a}} <b>bold</b>",
    )
    client.force_login(owner)
    page = client.get(reverse("comms:message", args=[project.slug, message.uuid])).content.decode()
    assert '<mark class="gap">[payback month: not calculated yet]</mark>' in page
    assert "Set notation {a} &lt;b&gt;bold&lt;/b&gt;" in page


# The calendar


def test_a_communication_needs_an_audience(client, project, owner):
    client.force_login(owner)
    response = client.post(
        reverse("comms:communication_create", args=[project.slug]),
        {"title": "Town hall", "date": "2026-09-10", "channel": "town_hall", "status": "planned"},
    )
    assert "Choose at least one group or person." in response.content.decode()
    assert not Communication.objects.exists()


def test_marking_done_logs_one_engagement_that_feeds_the_diagnostics(project, owner):
    employees = group(project, "employees")
    decision_create(
        actor=owner,
        project=project,
        date=dt.date(2026, 9, 20),
        title="Pilot in Recruitment",
        decided_by="Leadership",
        affected_groups=[employees],
    )
    assert any(
        f.group_id == str(employees.uuid)
        for f in informed_after_decision(project_snapshot(project))
    )
    communication = services.communication_create(
        actor=owner,
        project=project,
        title="Town hall on the pilot",
        date=dt.date(2026, 9, 10),
        channel="town_hall",
        groups=[employees],
    )
    assert Engagement.objects.count() == 0  # planned is not yet told
    communication = services.communication_update(
        actor=owner, communication=communication, expected_version=1, status="done"
    )
    engagement = Engagement.objects.get()
    assert communication.engagement == engagement
    assert (engagement.date, engagement.kind) == (dt.date(2026, 9, 10), "info_session")
    assert list(engagement.groups.all()) == [employees]
    assert not any(
        f.group_id == str(employees.uuid)
        for f in informed_after_decision(project_snapshot(project))
    )
    services.communication_update(
        actor=owner, communication=communication, expected_version=2, notes="Went well"
    )
    assert Engagement.objects.count() == 1  # never twice


def test_a_future_communication_marked_done_is_logged_as_of_today(project, owner):
    future = dt.date.today() + dt.timedelta(days=30)
    services.communication_create(
        actor=owner,
        project=project,
        title="Early",
        date=future,
        channel="email",
        status="done",
        people=[],
        groups=[group(project, "it")],
    )
    assert Engagement.objects.get().date == dt.date.today()


def test_changing_the_audience_is_audited(project, owner):
    communication = services.communication_create(
        actor=owner,
        project=project,
        title="Briefing",
        date=dt.date(2026, 9, 3),
        channel="meeting",
        groups=[group(project, "it")],
    )
    services.communication_update(
        actor=owner,
        communication=communication,
        expected_version=1,
        groups=[group(project, "it"), group(project, "dpo")],
    )
    update = AuditEntry.objects.get(object_type="comms.communication", action="update")
    assert update.changes == {
        "groups": [["IT"], ["Data protection officer", "IT"]],
    }


def test_calendar_exports_as_icalendar(client, project, owner):
    for day, title in [(3, "IT briefing"), (10, "Town hall")]:
        services.communication_create(
            actor=owner,
            project=project,
            title=title,
            date=dt.date(2026, 9, day),
            channel="meeting",
            groups=[group(project, "it")],
        )
    client.force_login(owner)
    response = client.get(reverse("comms:ics", args=[project.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    events = {str(e["summary"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert set(events) == {"IT briefing", "Town hall"}
    assert events["Town hall"].decoded("dtstart") == dt.date(2026, 9, 10)
    assert events["Town hall"].decoded("dtend") == dt.date(2026, 9, 11)
    assert "IT" in str(events["Town hall"]["description"])


# Guides and consistency


def test_guide_pdf_carries_the_guide_and_the_gaps(client, project, owner):
    client.force_login(owner)
    response = client.get(reverse("comms:guide_pdf", args=[project.slug, "leadership"]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "CV screening pilot" in text
    assert "Conversation guide".upper() in text.upper()
    assert "Still missing from the project" in text


def test_consistency_puts_what_each_group_heard_side_by_side(project, owner):
    message = services.message_create(
        actor=owner,
        project=project,
        audience="union",
        title="Our promise",
        body=(
            "Hello all.\n\nNobody will lose their job because of {tool}; no one will be made "
            "redundant and staff are not replaced.\n\nSee you soon."
        ),
    )
    services.communication_create(
        actor=owner,
        project=project,
        title="Letter to the union",
        date=dt.date(2026, 9, 3),
        channel="email",
        status="sent",
        message=message,
        groups=[group(project, "union")],
    )
    objection = objection_log(
        actor=owner,
        project=project,
        text="Will we be watched and monitored all day by this tool?",
        raised_on=dt.date(2026, 9, 4),
        group=group(project, "employees"),
    )
    objection_update(
        actor=owner,
        objection=objection,
        expected_version=1,
        category="surveillance",
        status="answered",
        answer="No individual activity is tracked.",
    )
    table = consistency(project, Filler(project))
    rows = {row["topic"]: row["cells"] for row in table["rows"]}
    leadership, union, employees = rows["Job security"]
    assert not leadership and not employees
    assert "ScreenBot" in union[0].text and union[0].source == "Letter to the union"
    assert rows["Surveillance"][2][0].text == "No individual activity is tracked."


def test_mark_done_from_the_calendar_logs_the_engagement(client, project, owner):
    communication = services.communication_create(
        actor=owner,
        project=project,
        title="Briefing",
        date=dt.date(2026, 9, 3),
        channel="meeting",
        groups=[group(project, "union")],
    )
    client.force_login(owner)
    calendar_url = reverse("comms:calendar", args=[project.slug])
    assert "Mark done" in client.get(calendar_url).content.decode()
    done_url = reverse("comms:communication_done", args=[project.slug, communication.uuid])
    response = client.post(done_url, {"version": "1"}, follow=True)
    page = response.content.decode()
    assert "Marked done on " in page and "logged as an engagement on that day." in page
    communication.refresh_from_db()
    assert communication.status == "done" and communication.engagement is not None
    assert list(Engagement.objects.get().groups.all()) == [group(project, "union")]


def test_mark_done_on_a_stale_page_changes_nothing(client, project, owner):
    communication = services.communication_create(
        actor=owner,
        project=project,
        title="Briefing",
        date=dt.date(2026, 9, 3),
        channel="meeting",
        groups=[group(project, "union")],
    )
    services.communication_update(
        actor=owner, communication=communication, expected_version=1, title="Moved briefing"
    )
    client.force_login(owner)
    done_url = reverse("comms:communication_done", args=[project.slug, communication.uuid])
    response = client.post(done_url, {"version": "1"}, follow=True)
    assert "nothing was marked" in response.content.decode()
    communication.refresh_from_db()
    assert communication.status == "planned" and not Engagement.objects.exists()


def test_a_subject_with_a_stray_brace_is_refused(client, project, owner):
    client.force_login(owner)
    response = client.post(
        reverse("comms:message_create", args=[project.slug]),
        {"audience": "union", "title": "Hi", "subject": "Meeting {Tuesday}", "body": "Hello"},
    )
    assert "is not a fact Samspill knows" in response.content.decode()
    assert not Message.objects.exists()


def test_mark_done_asks_for_the_day_it_happened_and_the_row_and_engagement_show_it(
    client, project, owner
):
    """Planned for the 20th, done on the 9th: the row and the engagement both say the 9th."""
    communication = services.communication_create(
        actor=owner,
        project=project,
        title="Briefing",
        date=dt.date(2026, 10, 20),
        channel="meeting",
        groups=[group(project, "union")],
    )
    client.force_login(owner)
    calendar_url = reverse("comms:calendar", args=[project.slug])
    assert 'name="done_on" value="2026-10-14"' in client.get(calendar_url).content.decode()
    done_url = reverse("comms:communication_done", args=[project.slug, communication.uuid])
    client.post(done_url, {"version": "1", "done_on": "2026-10-09"})
    communication.refresh_from_db()
    assert communication.status == "done" and communication.date == dt.date(2026, 10, 9)
    assert Engagement.objects.get().date == dt.date(2026, 10, 9)
    row = client.get(calendar_url).content.decode().split("Briefing")[0].rsplit("<tr>", 1)[1]
    assert date_format(dt.date(2026, 10, 9), "SHORT_DATE_FORMAT") in row


@pytest.mark.parametrize("done_on", ["2026-10-15", "not a date", ""])
def test_mark_done_with_a_future_or_bad_day_marks_nothing(client, project, owner, done_on):
    communication = services.communication_create(
        actor=owner,
        project=project,
        title="Briefing",
        date=dt.date(2026, 10, 20),
        channel="meeting",
        groups=[group(project, "union")],
    )
    client.force_login(owner)
    done_url = reverse("comms:communication_done", args=[project.slug, communication.uuid])
    response = client.post(done_url, {"version": "1", "done_on": done_on}, follow=True)
    assert "Nothing was marked" in response.content.decode()
    communication.refresh_from_db()
    assert communication.status == "planned" and not Engagement.objects.exists()
