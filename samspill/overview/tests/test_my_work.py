"""'My work': the signed-in user's items across projects, overdue first (overview/my_work.py).

The clock is pinned to 2026-10-14 (root conftest.py)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samspill.comms.services import communication_create
from samspill.desk.models import ExplanationRequest
from samspill.desk.services import request_receive
from samspill.objections.services import objection_log
from samspill.overview.my_work import my_work
from samspill.projects.models import Membership
from samspill.projects.services import (
    membership_add,
    membership_remove,
    project_archive,
    project_create,
)
from samspill.rollout.models import Milestone
from samspill.trust.services import item_create

URL = "/my-work/"
TODAY = dt.date(2026, 10, 14)


def _project(owner, name):
    return project_create(
        actor=owner, name=name, ai_tool="Tool", start_date=dt.date(2026, 9, 1), departments="HR"
    )


def _comm(owner, project, title, date, user, **values):
    return communication_create(
        actor=owner, project=project, title=title, date=date, channel="email", owner=user, **values
    )


def _desk(owner, project, handler, deadline):
    request = request_receive(
        actor=owner,
        project=project,
        decision="Why was my application turned down?",
        channel="email",
        email="applicant@example.org",
        handler=handler,
    )
    ExplanationRequest.objects.filter(pk=request.pk).update(deadline=deadline)
    return request


@pytest.fixture
def worker(make_user):
    return make_user(username="worker", first_name="Wenche")


@pytest.fixture
def two_projects(project, owner, worker):
    """The worker edits the test project and only views a second one."""
    second = _project(owner, "Chatbot for payroll")
    membership_add(actor=owner, project=project, user=worker, role="editor")
    membership_add(actor=owner, project=second, user=worker, role="viewer")
    return project, second


def _rows(items, kind=None):
    return [(i.kind, i.title, i.project.name, i.due) for i in items if kind in (None, i.kind)]


def test_items_from_two_projects_overdue_first_then_by_date_then_undated(
    two_projects, owner, worker
):
    first, second = two_projects
    item_create(
        actor=owner,
        project=first,
        step="transparency",
        title="Publish the notice",
        owner=worker,
        due_date=TODAY + dt.timedelta(days=6),
    )
    item_create(
        actor=owner, project=second, step="training", title="Train the managers", owner=worker
    )
    _comm(owner, second, "Mail the team", TODAY - dt.timedelta(days=3), worker)
    _comm(owner, first, "Town hall slides", TODAY + dt.timedelta(days=1), worker)
    request = _desk(owner, second, worker, TODAY - dt.timedelta(days=10))
    union = first.stakeholder_groups.get(preset_key="union")
    objection_log(
        actor=owner,
        project=first,
        text="Nobody asked us about the screening.",
        raised_on=TODAY,
        group=union,
    )

    items = [i for i in my_work(worker) if i.kind != "milestone"]

    assert _rows(items) == [
        ("desk", request.reference, "Chatbot for payroll", TODAY - dt.timedelta(days=10)),
        ("communication", "Mail the team", "Chatbot for payroll", TODAY - dt.timedelta(days=3)),
        ("communication", "Town hall slides", "CV screening pilot", TODAY + dt.timedelta(days=1)),
        ("trust", "Publish the notice", "CV screening pilot", TODAY + dt.timedelta(days=6)),
        # Undated last, by project name.
        ("trust", "Train the managers", "Chatbot for payroll", None),
        ("objection", "Nobody asked us about the screening.", "CV screening pilot", None),
    ]
    assert [i.overdue for i in items] == [True, True, False, False, False, False]
    # Links go where the work is done: an edit page where the role may edit, else the list.
    by_title = {i.title: i for i in items}
    assert by_title["Publish the notice"].url.startswith(f"/p/{first.slug}/trust/items/")
    assert by_title["Train the managers"].url == reverse("trust:checklists", args=[second.slug])
    assert by_title["Mail the team"].url == reverse("comms:calendar", args=[second.slug])
    assert by_title[request.reference].url == reverse(
        "desk:detail", args=[second.slug, request.uuid]
    )


def test_the_page_lists_and_links_them(client, two_projects, owner, worker):
    first, second = two_projects
    _comm(owner, second, "Mail the team", TODAY - dt.timedelta(days=3), worker)
    item_create(
        actor=owner,
        project=first,
        step="transparency",
        title="Publish the notice",
        owner=worker,
        due_date=TODAY + dt.timedelta(days=6),
    )
    client.force_login(worker)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Mail the team") < html.index("Publish the notice")
    assert "Chatbot for payroll" in html and "CV screening pilot" in html
    assert "Overdue" in html and "TRUST item" in html
    assert f'href="{reverse("comms:calendar", args=[second.slug])}"' in html
    assert 'href="/my-work/"' in html  # the header link


def test_milestones_to_tell_only_for_editors_and_only_when_due_or_done(two_projects, owner, worker):
    first, second = two_projects
    Milestone.objects.filter(project__in=[first, second]).delete()
    Milestone.objects.create(project=first, title="Told already", due_date=TODAY, communicated=True)
    Milestone.objects.create(project=first, title="Soon", due_date=TODAY + dt.timedelta(days=14))
    Milestone.objects.create(project=first, title="Far", due_date=TODAY + dt.timedelta(days=15))
    Milestone.objects.create(
        project=first, title="Done early", due_date=TODAY + dt.timedelta(days=60), done=True
    )
    Milestone.objects.create(project=first, title="Late", due_date=TODAY - dt.timedelta(days=1))
    Milestone.objects.create(project=second, title="Viewer's", due_date=TODAY)

    assert [i.title for i in my_work(worker) if i.kind == "milestone"] == [
        "Late",
        "Soon",
        "Done early",
    ]


def test_other_peoples_settled_archived_and_left_projects_stay_out(
    two_projects, owner, worker, make_user
):
    first, second = two_projects
    other = make_user(username="other")
    membership_add(actor=owner, project=first, user=other, role="editor")
    item_create(actor=owner, project=first, step="training", title="Not mine", owner=other)
    item_create(
        actor=owner, project=first, step="training", title="Settled", owner=worker, status="done"
    )
    _comm(owner, first, "Already sent", TODAY, worker, status="done")
    _comm(owner, first, "Someone else's", TODAY, other)
    closed = _desk(owner, first, worker, TODAY)
    ExplanationRequest.objects.filter(pk=closed.pk).update(status="closed")
    _desk(owner, first, other, TODAY)
    # A project the worker left, and one that was archived.
    _comm(owner, second, "In a project I left", TODAY, worker)
    membership_remove(actor=owner, membership=Membership.objects.get(project=second, user=worker))
    archived = _project(owner, "Old pilot")
    membership_add(actor=owner, project=archived, user=worker, role="editor")
    _comm(owner, archived, "In an archived project", TODAY, worker)
    item_create(actor=owner, project=archived, step="training", title="Archived item", owner=worker)
    project_archive(actor=owner, project=archived)

    assert [i for i in my_work(worker) if i.kind != "milestone"] == []
    assert all(i.project == first for i in my_work(worker))


def test_a_viewer_sees_only_what_is_theirs_by_name(two_projects, owner, worker):
    _first, second = two_projects
    union = second.stakeholder_groups.get(preset_key="union")
    objection_log(actor=owner, project=second, text="Too fast.", raised_on=TODAY, group=union)
    Milestone.objects.filter(project=second).update(due_date=TODAY)
    item_create(actor=owner, project=second, step="training", title="Mine", owner=worker)

    assert _rows([i for i in my_work(worker) if i.project == second]) == [
        ("trust", "Mine", "Chatbot for payroll", None)
    ]


def test_a_user_without_projects_gets_a_calm_empty_page(client, make_user):
    client.force_login(make_user(username="newcomer"))
    response = client.get(URL)
    assert response.status_code == 200
    assert "Nothing is waiting for you." in response.content.decode()


def _fill(owner, worker, count):
    for n in range(count):
        project = _project(owner, f"Project {n}")
        membership_add(actor=owner, project=project, user=worker, role="editor")
        group = project.stakeholder_groups.get(preset_key="union")
        for k in range(2):
            item_create(
                actor=owner,
                project=project,
                step="training",
                title=f"Item {k}",
                owner=worker,
                due_date=TODAY + dt.timedelta(days=k),
            )
            _comm(owner, project, f"Message {k}", TODAY - dt.timedelta(days=k), worker)
            _desk(owner, project, worker, TODAY + dt.timedelta(days=k))
            objection_log(
                actor=owner, project=project, text=f"Worry {k}", raised_on=TODAY, group=group
            )


@pytest.mark.parametrize("count", [1, 3])
def test_a_fixed_number_of_queries_however_many_projects(
    count, owner, make_user, django_assert_num_queries
):
    worker = make_user(username="worker")
    _fill(owner, worker, count)
    with django_assert_num_queries(6):  # memberships + one per kind of work
        items = my_work(worker)
    assert {i.kind for i in items} == {"trust", "communication", "desk", "objection", "milestone"}
    assert len({i.project.pk for i in items}) == count


def test_the_page_reads_as_many_queries_for_three_projects_as_for_one(client, owner, make_user):
    counts = []
    for count, name in ((1, "one"), (3, "three")):
        worker = make_user(username=name)
        _fill(owner, worker, count)
        client.force_login(worker)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_page_in_norwegian(client, two_projects, owner, worker):
    _comm(owner, two_projects[1], "Mail the team", TODAY - dt.timedelta(days=3), worker)
    client.force_login(worker)
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "Mitt arbeid" in html
    assert "Kommunikasjon" in html or "kommunikasjon" in html
    assert "My work" not in html


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
