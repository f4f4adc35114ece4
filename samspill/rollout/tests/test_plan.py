import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from samspill.audit.models import AuditEntry
from samspill.rollout import services
from samspill.rollout.calendar import plan_calendar


def test_a_new_project_gets_the_12_week_plan_from_its_start(project):
    phases = list(project.phases.order_by("start_date"))
    assert [p.key for p in phases] == ["workshops", "prototype", "pilot", "rollout"]
    start = project.start_date
    assert (phases[0].start_date, phases[0].end_date) == (start, start + dt.timedelta(days=13))
    assert phases[2].start_date == start + dt.timedelta(weeks=4)  # week 5
    assert phases[-1].end_date == start + dt.timedelta(weeks=12, days=-1)
    assert project.milestones.count() == 8
    assert all(
        m.phase.start_date <= m.due_date <= m.phase.end_date for m in project.milestones.all()
    )


def test_a_phase_cannot_end_before_it_starts(project, owner):
    phase = project.phases.first()
    with pytest.raises(ValidationError):
        services.phase_update(
            actor=owner,
            phase=phase,
            expected_version=1,
            end_date=phase.start_date - dt.timedelta(days=1),
        )
    phase.refresh_from_db()
    assert phase.end_date > phase.start_date


def test_moving_a_phase_is_audited(project, owner):
    phase = project.phases.get(key="pilot")
    new_start = phase.start_date + dt.timedelta(weeks=1)
    services.phase_update(actor=owner, phase=phase, expected_version=1, start_date=new_start)
    entry = AuditEntry.objects.filter(object_type="rollout.phase", action="update").get()
    assert entry.changes == {"start_date": [str(phase.start_date), str(new_start)]}


def test_telling_a_milestone_records_to_whom(project, owner):
    milestone = project.milestones.first()
    union = project.stakeholder_groups.get(preset_key="union")
    services.milestone_update(
        actor=owner,
        milestone=milestone,
        expected_version=1,
        communicated=True,
        communicated_to=[union],
    )
    milestone.refresh_from_db()
    assert milestone.communicated and list(milestone.communicated_to.all()) == [union]
    changes = [
        e.changes
        for e in AuditEntry.objects.filter(object_type="rollout.milestone", action="update")
    ]
    assert {"communicated": [False, True]} in changes
    assert {"communicated_to": [[], ["Union representatives / works council"]]} in changes


def test_ics_export_parses_back_with_the_same_dates(project):
    calendar = Calendar.from_ical(plan_calendar(project))
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    pilot = project.phases.get(key="pilot")
    event = events[pilot.title]
    assert event.decoded("dtstart") == pilot.start_date
    assert event.decoded("dtend") == pilot.end_date + dt.timedelta(days=1)  # exclusive end
    for milestone in project.milestones.all():
        assert events[milestone.title].decoded("dtstart") == milestone.due_date
    assert len(events) == project.phases.count() + project.milestones.count()
    assert len({str(e["uid"]) for e in calendar.walk("VEVENT")}) == len(events)


def test_ics_download(client, project, owner):
    client.force_login(owner)
    response = client.get(reverse("rollout:ics", args=[project.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    assert response.content.startswith(b"BEGIN:VCALENDAR")


def test_add_a_milestone_through_the_form(client, project, owner):
    client.force_login(owner)
    union = project.stakeholder_groups.get(preset_key="union")
    response = client.post(
        reverse("rollout:milestone_create", args=[project.slug]),
        {
            "title": "Agreement signed",
            "due_date": "2026-09-20",
            "communicated": "on",
            "communicated_to": [union.pk],
            "notes": "",
        },
    )
    assert response.status_code == 302
    milestone = project.milestones.get(title="Agreement signed")
    assert list(milestone.communicated_to.all()) == [union]


def test_the_timeline_marks_milestones_in_their_week(client, project, owner):
    client.force_login(owner)
    timeline = client.get(reverse("rollout:plan", args=[project.slug])).context["timeline"]
    assert len(timeline.weeks) == 12
    workshops = timeline.rows[0]
    assert [c.in_phase for c in workshops.cells[:3]] == [True, True, False]
    assert [m.title for m in workshops.cells[0].milestones] == [
        "Kick-off workshop with every stakeholder group"
    ]


@pytest.mark.parametrize("extra", [0, 20])
def test_plan_query_count_is_constant(client, project, owner, extra, django_assert_num_queries):
    for index in range(extra):
        services.milestone_create(
            actor=owner, project=project, title=f"M{index}", due_date=project.start_date
        )
    client.force_login(owner)
    with django_assert_num_queries(7):
        client.get(reverse("rollout:plan", args=[project.slug]))
