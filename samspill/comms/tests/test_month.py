"""The communication calendar's month view: a table of weeks with the month's items."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from samspill.comms import services
from samspill.comms.month import month_weeks, next_month, parse_month, previous_month
from samspill.projects.models import Role
from samspill.projects.services import membership_add


def plan(project, owner, day, title, **values):
    return services.communication_create(
        actor=owner,
        project=project,
        title=title,
        date=day,
        channel="meeting",
        groups=[project.stakeholder_groups.get(preset_key="it")],
        **values,
    )


def month_page(client, project, month=None):
    url = reverse("comms:calendar_month", args=[project.slug])
    return client.get(url, {"month": month} if month is not None else {})


def cells(html):
    """{day number: cell html} of the grid's days in the month."""
    found = {}
    for cell in re.findall(r'<td class="month-day[^"]*"[^>]*>.*?</td>', html, re.S):
        number = int(re.search(r'class="month-daynum">(\d+)<', cell)[1])
        found[number] = cell
    return found


def test_month_with_items_puts_each_on_its_day_as_a_link(client, project, owner):
    town_hall = plan(project, owner, dt.date(2026, 11, 10), "Town hall")
    plan(project, owner, dt.date(2026, 11, 10), "IT briefing")
    plan(project, owner, dt.date(2026, 11, 30), "Wrap-up")
    plan(project, owner, dt.date(2026, 12, 1), "Next month's")
    client.force_login(owner)
    response = month_page(client, project, "2026-11")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>Communications in November 2026</caption>" in html
    assert [h for h in re.findall(r'<abbr title="(\w+)">', html)] == [
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    ]  # fmt: skip
    days = cells(html)
    assert sorted(days) == list(range(1, 31))
    edit = reverse("comms:communication_edit", args=[project.slug, town_hall.uuid])
    assert f'href="{edit}">Town hall</a>' in days[10]
    assert "IT briefing" in days[10] and "Wrap-up" in days[30]
    assert "Next month" not in html.split("<table")[1].split("</table>")[0]
    assert "3 communications this month." in html
    # 1 November 2026 is a Sunday: six blank cells lead the first week.
    first_row = html.split("<tbody>")[1].split("</tr>")[0]
    assert first_row.count('class="month-outside"') == 6
    # The pinned today (14 October 2026) is not in November.
    assert 'aria-current="date"' not in html


def test_viewer_sees_items_without_edit_links(client, project, owner, make_user):
    viewer = make_user(username="vera")
    membership_add(actor=owner, project=project, user=viewer, role=Role.VIEWER)
    plan(project, owner, dt.date(2026, 10, 20), "Town hall")
    client.force_login(viewer)
    html = month_page(client, project, "2026-10").content.decode()
    assert "Town hall" in cells(html)[20]
    assert "/edit/" not in html


def test_without_a_month_shows_the_current_month_with_today_marked(client, project, owner):
    plan(project, owner, dt.date(2026, 10, 1), "Kick-off")
    client.force_login(owner)
    response = month_page(client, project)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<caption>Communications in October 2026</caption>" in html
    today = cells(html)[14]
    assert 'aria-current="date"' in today and "today" in today
    assert html.count('aria-current="date"') == 1
    assert "overdue" in cells(html)[1]  # planned for the 1st, still planned on the 14th
    assert "This month</a>" not in html  # already there


def test_an_empty_month_says_so_and_still_navigates(client, project, owner):
    client.force_login(owner)
    html = month_page(client, project, "2027-02").content.decode()
    assert "0 communications this month." in html
    assert "<ul" not in html.split("<table")[1]
    assert sorted(cells(html)) == list(range(1, 29))
    assert 'href="?month=2027-01" rel="prev"' in html
    assert 'href="?month=2027-03" rel="next"' in html
    assert 'href="?month=2026-10">This month</a>' in html


def test_navigation_crosses_year_boundaries(client, project, owner):
    client.force_login(owner)
    december = month_page(client, project, "2026-12").content.decode()
    assert 'href="?month=2026-11" rel="prev"' in december
    assert 'href="?month=2027-01" rel="next"' in december
    january = month_page(client, project, "2027-01").content.decode()
    assert 'href="?month=2026-12" rel="prev"' in january
    assert 'href="?month=2027-02" rel="next"' in january
    assert "January 2027" in january


def test_the_first_and_last_representable_months_have_one_way_out(client, project, owner):
    client.force_login(owner)
    first = month_page(client, project, "0001-01")
    assert first.status_code == 200
    assert 'rel="prev"' not in first.content.decode()
    assert 'href="?month=0001-02" rel="next"' in first.content.decode()
    last = month_page(client, project, "9999-12")
    assert last.status_code == 200
    assert 'rel="next"' not in last.content.decode()
    assert 'href="?month=9999-11" rel="prev"' in last.content.decode()


@pytest.mark.parametrize(
    "bad",
    ["2026-13", "2026-00", "0000-05", "2026-1", "26-01", "2026/01", "next", "2026-01-05", "x" * 500,
     "2026-01\x00"],
)  # fmt: skip
def test_a_bad_month_is_a_clear_400_showing_the_current_month(client, project, owner, bad):
    plan(project, owner, dt.date(2026, 10, 20), "Town hall")
    client.force_login(owner)
    response = month_page(client, project, bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert "is not a month. Give it as year-month, for example 2026-10" in html
    assert "<caption>Communications in October 2026</caption>" in html
    assert "Town hall" in cells(html)[20]


def test_month_page_in_norwegian(client, project, owner):
    plan(project, owner, dt.date(2026, 10, 20), "Allmøte")
    client.force_login(owner)
    client.cookies["samspill_language"] = "nb"
    html = month_page(client, project, "2026-10").content.decode()
    assert "Kommunikasjon i oktober 2026" in html
    assert '<abbr title="mandag">' in html
    assert "1 kommunikasjon denne måneden." in html
    assert "Forrige måned" in html and "Neste måned" in html


def test_list_page_links_to_the_month_view(client, project, owner):
    client.force_login(owner)
    html = client.get(reverse("comms:calendar", args=[project.slug])).content.decode()
    assert f'href="{reverse("comms:calendar_month", args=[project.slug])}"' in html


def test_month_arithmetic_is_total():
    assert parse_month("2024-02") == dt.date(2024, 2, 1)
    assert parse_month(" 2024-02 ") == dt.date(2024, 2, 1)
    assert parse_month("2024-2") is None
    assert previous_month(dt.date(2027, 1, 1)) == dt.date(2026, 12, 1)
    assert next_month(dt.date(2026, 12, 1)) == dt.date(2027, 1, 1)
    assert next_month(dt.date(2024, 1, 1)) == dt.date(2024, 2, 1)
    weeks = month_weeks(dt.date(2024, 2, 1), [], dt.date(2024, 2, 29))
    days = [d.date for week in weeks for d in week if d.date]
    assert days[0] == dt.date(2024, 2, 1) and days[-1] == dt.date(2024, 2, 29)
    assert all(len(week) == 7 for week in weeks)
    assert [d.is_today for week in weeks for d in week if d.date].count(True) == 1
