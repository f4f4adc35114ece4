"""The date-sensitive pages on a spread of days: each page reads the same number of queries
on every day, and what it says about "now" is right for that day.

The project's plan starts on 2026-09-01 and runs twelve weeks. The days below are before
it, on the day each phase starts, on month and year ends, on 29 February and long after
the plan has ended. Each is taken at 00:30 in the installation's time zone, when the date
in UTC is still the day before, so a slip between the two shows.
"""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samspill.core import clock
from samspill.kpis.selectors import WINDOW_WEEKS

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")

DAYS = [
    dt.date(2026, 8, 31),  # the day before the plan starts
    dt.date(2026, 9, 1),  # the first phase starts
    dt.date(2026, 9, 30),  # a month end
    dt.date(2026, 10, 31),
    dt.date(2026, 12, 31),  # year end
    dt.date(2027, 1, 1),
    dt.date(2027, 2, 28),
    dt.date(2028, 2, 29),  # leap day
    dt.date(2028, 3, 1),
    dt.date(2035, 6, 15),  # long after the plan ended
]


def _at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(0, 30), tzinfo=OSLO), tick=False)


@pytest.fixture
def busy_project(project, owner):
    """The test project with something dated in every part the pages read."""
    from samspill.kpis.services import kpi_create, kpi_value_set
    from samspill.rollout.models import Phase
    from samspill.stakeholders.services import engagement_create
    from samspill.surveys.services import survey_open
    from samspill.surveys.tests.conftest import make_survey

    union = project.stakeholder_groups.get(preset_key="union")
    engagement_create(
        actor=owner,
        project=project,
        date=dt.date(2026, 8, 20),
        kind="meeting",
        topic="Kick-off",
        groups=[union],
    )
    kpi = kpi_create(
        actor=owner, project=project, name="Tickets", kind="support_tickets", target=10
    )
    for week in range(20):
        kpi_value_set(
            actor=owner,
            kpi=kpi,
            period=dt.date(2026, 8, 31) + dt.timedelta(weeks=week),
            value=30 - week,
        )
    survey = make_survey(project, owner, closes_on=dt.date(2026, 10, 31))
    survey_open(actor=owner, survey=survey)
    project.phase_starts = sorted(
        Phase.objects.filter(project=project).values_list("start_date", flat=True)
    )
    return project


def _queries(client, url: str) -> int:
    # Read models are cached per project version and day (audit/readcache.py); a day
    # visited twice would read from the cache. The date is the subject here: start cold.
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


PAGES = [
    "projects:detail",
    "rollout:plan",
    "trust:checklists",
    "kpis:dashboard",
    "surveys:list",
    "stakeholders:map",
]


def test_every_date_sensitive_page_reads_the_same_number_of_queries_on_any_day(
    client, busy_project, owner
):
    days = sorted(DAYS + busy_project.phase_starts)
    counts = {}
    for day in days:
        with _at(day):
            assert clock.today() == day
            client.force_login(owner)  # a session from another day may have expired
            # A page load that closes a due survey writes once; count the steady state.
            client.get(reverse("surveys:list", args=[busy_project.slug]))
            counts[day] = {
                name: _queries(client, reverse(name, args=[busy_project.slug])) for name in PAGES
            }
            counts[day]["overview:my_work"] = _queries(client, reverse("overview:my_work"))
    first = counts[days[0]]
    differing = {day: c for day, c in counts.items() if c != first}
    assert not differing, f"on {days[0]}: {first}; differs on: {differing}"


@pytest.mark.parametrize("day", DAYS)
def test_what_the_pages_say_about_now_is_right_for_the_day(client, busy_project, owner, day):
    from method.diagnostics import diagnose
    from samspill.kpis.models import KpiValue
    from samspill.overview.diagnostics import project_snapshot
    from samspill.rollout.models import Milestone, Phase

    project = busy_project
    with _at(day):
        client.force_login(owner)
        dashboard = client.get(reverse("projects:detail", args=[project.slug])).context
        upcoming = Milestone.objects.filter(
            project=project, done=False, due_date__gte=day - dt.timedelta(days=7)
        ).order_by("due_date")[:5]
        assert [m.pk for m in dashboard["milestones"]] == [m.pk for m in upcoming]
        # Real data comes in with the pilot: only from its first day is a missing DPIA late.
        pilot = Phase.objects.get(project=project, key="pilot").start_date
        reasons = {r for f in diagnose(project_snapshot(project)) for r in f.reasons}
        assert ("real_data_before_dpia" in reasons) == (day >= pilot)

        timeline = client.get(reverse("rollout:plan", args=[project.slug])).context["timeline"]
        week = (day - timeline.start).days // 7
        in_plan = 0 <= week < len(timeline.weeks)
        assert timeline.today_column == (week + 1 if in_plan else None)

        card = client.get(reverse("kpis:dashboard", args=[project.slug])).context["cards"][0]
        this_week = day - dt.timedelta(days=day.weekday())
        started = KpiValue.objects.filter(kpi=card.kpi, period__lte=this_week).order_by("period")
        last = started.last()
        window = this_week - dt.timedelta(weeks=WINDOW_WEEKS - 1)
        if last is None or last.period < window:
            assert card.latest is None
        else:
            assert card.latest[0] == last.period  # never a week that has not begun

        # "My work": overdue means due before this day; milestones are to be told from two
        # weeks before their date.
        work = client.get(reverse("overview:my_work")).context["items"]
        assert all(i.overdue == (i.due is not None and i.due < day) for i in work)
        assert [i.due for i in work if i.overdue] == sorted(i.due for i in work if i.overdue)
        to_tell = Milestone.objects.filter(
            project=project, communicated=False, due_date__lte=day + dt.timedelta(days=14)
        ) | Milestone.objects.filter(project=project, communicated=False, done=True)
        assert {i.title for i in work if i.kind == "milestone"} == {m.title for m in to_tell}

        client.get(reverse("surveys:list", args=[project.slug]))
        survey = project.surveys.get()
        assert survey.status == ("closed" if day > dt.date(2026, 10, 31) else "open")
