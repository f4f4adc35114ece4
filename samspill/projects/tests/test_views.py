import datetime as dt

import pytest
from django.urls import reverse

from samspill.projects.models import Project
from samspill.projects.services import project_create, project_update


def test_create_project_through_the_form(client, owner):
    client.force_login(owner)
    response = client.post(
        reverse("projects:create"),
        {
            "name": "Talent analytics",
            "ai_tool": "InsightHR",
            "start_date": "2026-12-01",
            "language": "en",
            "ai_will_do": "",
            "ai_will_not_do": "",
            "departments": "Sales",
        },
    )
    project = Project.objects.get(name="Talent analytics")
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.memberships.get().user == owner
    assert project.stakeholder_groups.count() == 7


def test_create_form_shows_errors_and_creates_nothing(client, owner):
    client.force_login(owner)
    response = client.post(reverse("projects:create"), {"name": "", "start_date": "soon"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"name", "ai_tool", "start_date"}
    assert not Project.objects.exists()


def test_list_shows_only_the_users_own_projects(client, project, members, make_user):
    other_owner = make_user(username="other")
    project_create(
        actor=other_owner, name="Someone else's", ai_tool="X", start_date=dt.date.today()
    )
    client.force_login(members["viewer"])
    response = client.get(reverse("projects:list"))
    assert [m.project.name for m in response.context["memberships"]] == ["CV screening pilot"]
    assert "Someone else" not in response.content.decode()


def test_invalid_settings_keep_the_stored_name_in_the_header(client, project, owner):
    client.force_login(owner)
    response = client.post(
        reverse("projects:settings", args=[project.slug]),
        {
            "name": "",
            "ai_tool": "ScreenBot",
            "start_date": "2026-09-01",
            "version": 1,
            "engagement_alert_weeks": 4,
        },
    )
    assert response.status_code == 200
    # The header names the project as stored (above the page's own H1, "Project details").
    assert ">CV screening pilot</a></p>" in response.content.decode()
    assert "name" in response.context["form"].errors


def test_settings_save_changes(client, project, owner):
    client.force_login(owner)
    response = client.post(
        reverse("projects:settings", args=[project.slug]),
        {
            "name": "New name",
            "ai_tool": "ScreenBot",
            "start_date": "2026-09-01",
            "version": 1,
            "engagement_alert_weeks": 4,
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.name, project.version) == ("New name", 2)


def test_stale_edit_is_refused_with_the_newer_values_shown(client, project, owner):
    project_update(actor=owner, project=project, expected_version=1, name="Saved by a colleague")
    client.force_login(owner)
    response = client.post(
        reverse("projects:settings", args=[project.slug]),
        {
            "name": "My late edit",
            "ai_tool": "ScreenBot",
            "start_date": "2026-09-01",
            "version": 1,
            "engagement_alert_weeks": 4,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this while you were editing" in page
    assert ">Saved by a colleague</a></p>" in page  # the header shows what is stored
    assert 'value="My late edit"' in page
    # The form now carries the newer version, so saving again is a deliberate choice.
    assert response.context["form"]["version"].value() == 2
    project.refresh_from_db()
    assert project.name == "Saved by a colleague"


def test_owner_adds_a_member_by_email(client, project, owner, make_user):
    make_user(username="kari", email="kari@example.org")
    client.force_login(owner)
    response = client.post(
        reverse("projects:member_add", args=[project.slug]),
        {"user": "KARI@example.org", "role": "observer"},
    )
    assert response.status_code == 302
    assert project.memberships.get(user__username="kari").role == "observer"


def test_adding_an_unknown_user_explains_why(client, project, owner):
    client.force_login(owner)
    response = client.post(
        reverse("projects:member_add", args=[project.slug]), {"user": "nobody", "role": "viewer"}
    )
    assert response.status_code == 400
    assert "No single account matches nobody" in response.content.decode()
    assert project.memberships.count() == 1


def test_removing_the_last_owner_shows_a_message(client, project, owner):
    client.force_login(owner)
    membership = project.memberships.get(user=owner)
    response = client.post(
        reverse("projects:member_remove", args=[project.slug, membership.uuid]), follow=True
    )
    assert "A project needs at least one owner" in response.content.decode()
    assert project.memberships.filter(user=owner).exists()


def test_invalid_role_is_refused(client, project, owner, members):
    client.force_login(owner)
    membership = project.memberships.get(user=members["viewer"])
    response = client.post(
        reverse("projects:member_role", args=[project.slug, membership.uuid]),
        {"role": "emperor"},
        follow=True,
    )
    assert "Choose one of the listed roles" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "viewer"


def test_member_of_another_project_is_not_found(client, project, owner, make_user):
    other = project_create(
        actor=make_user(username="x"), name="Other", ai_tool="Y", start_date=dt.date.today()
    )
    foreign = other.memberships.get()
    client.force_login(owner)
    response = client.post(reverse("projects:member_remove", args=[project.slug, foreign.uuid]))
    assert response.status_code == 404
    assert other.memberships.exists()


def add_projects(user, count):
    for index in range(count):
        project_create(actor=user, name=f"Extra {index}", ai_tool="T", start_date=dt.date.today())


@pytest.mark.parametrize("extra", [0, 5])
def test_project_list_query_count_is_constant(
    client, owner, project, extra, django_assert_num_queries
):
    add_projects(owner, extra)
    client.force_login(owner)
    # session with its user, memberships with counts, how many are archived
    with django_assert_num_queries(3):
        response = client.get(reverse("projects:list"))
    assert len(response.context["memberships"]) == 1 + extra


@pytest.mark.parametrize("extra", [0, 30])
def test_dashboard_query_count_is_constant(
    client, owner, project, extra, django_assert_num_queries
):
    from samspill.rollout.services import milestone_create
    from samspill.stakeholders.services import person_create
    from samspill.trust.services import item_create

    group = project.stakeholder_groups.first()
    for index in range(extra):
        person_create(actor=owner, project=project, group=group, name=f"Person {index}")
        item_create(actor=owner, project=project, step="security", title=f"Item {index}")
        milestone_create(
            actor=owner, project=project, title=f"M{index}", due_date=project.start_date
        )
    client.force_login(owner)
    url = reverse("projects:detail", args=[project.slug])
    # Cold cache; on any day: tests/test_any_date.py (AI Act file, desk, controls).
    with django_assert_num_queries(26):
        client.get(url)
    # Warm: session with its user, membership+project with the project version, then read
    # live: the released answers (the key) with the control breaches, and the desk's
    # explanation requests.
    with django_assert_num_queries(4):
        client.get(url)


@pytest.mark.parametrize("extra_members", [0, 6])
def test_members_page_query_count_is_constant(
    client, owner, project, make_user, extra_members, django_assert_num_queries
):
    from samspill.projects.services import membership_add

    for index in range(extra_members):
        membership_add(
            actor=owner, project=project, user=make_user(username=f"m{index}"), role="viewer"
        )
    client.force_login(owner)
    with django_assert_num_queries(4):  # session with its user, membership, members, invitations
        client.get(reverse("projects:members", args=[project.slug]))


@pytest.mark.parametrize("start_date", ["9999-12-31", "0001-01-01"])
def test_a_start_date_outside_the_sane_range_is_a_form_error(client, owner, start_date):
    client.force_login(owner)
    response = client.post(
        reverse("projects:create"),
        {"name": "Far away", "ai_tool": "X", "start_date": start_date, "language": "en"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["start_date"]
    assert errors == ["Enter a date between the years 1900 and 2200."]
    assert not Project.objects.exists()


def test_moving_the_start_date_to_year_9999_is_refused(client, project, owner):
    client.force_login(owner)
    response = client.post(
        reverse("projects:settings", args=[project.slug]),
        {
            "name": project.name,
            "ai_tool": "ScreenBot",
            "start_date": "9999-12-31",
            "version": 1,
            "engagement_alert_weeks": 4,
        },
    )
    assert response.status_code == 200
    assert "start_date" in response.context["form"].errors
    project.refresh_from_db()
    assert project.start_date == dt.date(2026, 9, 1)
