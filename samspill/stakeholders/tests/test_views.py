import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from samspill.stakeholders import services


def map_url(project, **query):
    url = reverse("stakeholders:map", args=[project.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_add_a_person_through_the_form(client, project, owner, groups):
    client.force_login(owner)
    response = client.post(
        reverse("stakeholders:person_create", args=[project.slug]),
        {
            "name": "Kari Lunde",
            "title": "CEO",
            "group": groups["leadership"].pk,
            "influence": 5,
            "interest": 3,
            "stance": 1,
            "email": "",
            "notes": "",
        },
    )
    person = project.people.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("stakeholders:person", args=[project.slug, person.uuid])


def test_form_refuses_a_group_of_another_project_and_bad_scores(client, project, owner):
    client.force_login(owner)
    response = client.post(
        reverse("stakeholders:person_create", args=[project.slug]),
        {"name": "X", "group": 999999, "influence": 7, "interest": 3, "stance": 0},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"group", "influence"}
    assert not project.people.exists()


def test_person_appears_in_the_right_grid_cell(client, project, owner, add_person):
    add_person(name="Kari Lunde", group="leadership", influence=5, interest=2, stance=-2)
    client.force_login(owner)
    grid = client.get(map_url(project)).context["map"].grid
    cell = grid[0][1]  # influence 5 is the top row; interest 2 is the second column
    assert (cell.influence, cell.interest, cell.quadrant) == (5, 2, "keep_satisfied")
    assert [p["name"] for p in cell.people] == ["Kari Lunde"]


def test_a_crowded_cell_shows_a_count_not_two_hundred_dots(client, project, owner, add_person):
    for index in range(200):
        add_person(name=f"Employee {index:03}", group="employees", influence=2, interest=4)
    client.force_login(owner)
    page = client.get(map_url(project)).content.decode()
    assert '<span class="cell-count">200</span>' in page
    assert '<span class="more">+188</span>' in page
    assert page.count('class="dot stance-0"') < 40


def test_a_veto_holder_below_neutral_is_flagged_on_the_map(client, project, owner, add_person):
    add_person(name="Kari Lunde", group="leadership", stance=-1)
    client.force_login(owner)
    page = client.get(map_url(project)).content.decode()
    assert "Leadership holds a veto and leans against the project." in page
    assert "How this is calculated" in page


def test_quiet_groups_are_flagged_after_the_configured_weeks(client, project, owner, groups):
    today = timezone.localdate()
    services.engagement_create(
        actor=owner,
        project=project,
        date=today - dt.timedelta(weeks=5),
        kind="meeting",
        topic="Old talk",
        groups=[groups["it"]],
    )
    services.engagement_create(
        actor=owner,
        project=project,
        date=today - dt.timedelta(weeks=1),
        kind="meeting",
        topic="Recent talk",
        groups=[groups["hr"]],
    )
    client.force_login(owner)
    summaries = {s.group.preset_key: s for s in client.get(map_url(project)).context["map"].groups}
    assert summaries["it"].quiet and summaries["it"].weeks_quiet == 5
    assert not summaries["hr"].quiet
    assert summaries["dpo"].quiet and summaries["dpo"].last_engaged is None


def test_stance_change_through_the_form_shows_in_the_history(client, project, owner, add_person):
    person = add_person(stance=0, stance_date=timezone.localdate() - dt.timedelta(days=3))
    client.force_login(owner)
    response = client.post(
        reverse("stakeholders:person_stance", args=[project.slug, person.uuid]),
        {
            "stance": "-2",
            "day": timezone.localdate().isoformat(),
            "reason": "Fears monitoring",
            "version": "1",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Stance changed." in page
    assert "Neutral → Resistant" in page
    assert "Fears monitoring" in page


def test_people_table_filters_and_sorts(client, project, owner, add_person):
    add_person(name="Bea", group="it", stance=1, influence=5)
    add_person(name="Al", group="it", stance=-1, influence=2)
    add_person(name="Cy", group="hr", stance=1, influence=3)
    client.force_login(owner)
    url = reverse("stakeholders:people", args=[project.slug])
    by_stance = client.get(url, {"stance": 1, "sort": "-influence"}).context["page"]
    assert [p.name for p in by_stance] == ["Bea", "Cy"]
    response = client.get(url, {"group": "not-a-uuid"})
    assert response.status_code == 200  # a bad filter is ignored, not an error
    assert len(response.context["page"]) == 3


def test_htmx_filter_returns_only_the_table(client, project, owner, add_person):
    add_person(name="Bea")
    client.force_login(owner)
    response = client.get(
        reverse("stakeholders:people", args=[project.slug]), {"stance": 0}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body and "Bea" in body


@pytest.mark.parametrize("people", [0, 40])
def test_map_query_count_is_constant(
    client, project, owner, add_person, people, django_assert_num_queries
):
    for index in range(people):
        person = add_person(name=f"P{index}", group=("hr", "it", "union")[index % 3])
        services.person_change_stance(actor=owner, person=person, expected_version=1, stance=1)
    client.force_login(owner)
    # session with its user, membership+project with the project version; then, built once per
    # version: groups, group sums, trend deltas per (group, day), cell counts, cell names
    with django_assert_num_queries(7):
        client.get(map_url(project))
    with django_assert_num_queries(2):  # the same version again: from the cache
        client.get(map_url(project))


@pytest.mark.parametrize("people", [1, 40])
def test_people_table_query_count_is_constant(
    client, project, owner, add_person, people, django_assert_num_queries
):
    for index in range(people):
        add_person(name=f"P{index}")
    client.force_login(owner)
    url = reverse("stakeholders:people", args=[project.slug])
    # session with its user, membership+project with the project version; then, rendered once
    # per version and query: the count, the page of rows, the groups for the filter
    with django_assert_num_queries(5):
        client.get(url)
    with django_assert_num_queries(2):  # the same version and query: from the cache
        client.get(url)


def test_people_table_shows_a_write_at_once_and_each_query_its_own_rows(
    client, project, owner, add_person
):
    person = add_person(name="Bea")
    client.force_login(owner)
    url = reverse("stakeholders:people", args=[project.slug])
    assert "Bea" in client.get(url).content.decode()
    services.person_update(
        actor=owner, person=person, expected_version=person.version, name="Beatrice"
    )
    assert "Beatrice" in client.get(url).content.decode()
    add_person(name="Carl", stance=-2)
    page = client.get(url, {"stance": -2}, HTTP_HX_REQUEST="true").content.decode()
    assert "Carl" in page and "Beatrice" not in page
    assert "Beatrice" in client.get(url, {"stance": 0}, HTTP_HX_REQUEST="true").content.decode()


@pytest.mark.parametrize("rows", [1, 12])
def test_log_pages_query_count_is_constant(
    client, project, owner, groups, rows, django_assert_num_queries
):
    for index in range(rows):
        services.engagement_create(
            actor=owner,
            project=project,
            date=dt.date(2026, 9, 1),
            kind="meeting",
            topic=f"T{index}",
            groups=[groups["it"]],
        )
        services.decision_create(
            actor=owner,
            project=project,
            date=dt.date(2026, 9, 1),
            title=f"D{index}",
            decided_by="CEO",
            affected_groups=[groups["union"]],
            heard_groups=[groups["it"]],
        )
    client.force_login(owner)
    with django_assert_num_queries(6):
        client.get(reverse("stakeholders:engagements", args=[project.slug]))
    with django_assert_num_queries(6):
        client.get(reverse("stakeholders:decisions", args=[project.slug]))


@pytest.mark.parametrize("name", ["stakeholders:person_create", "stakeholders:engagement_create"])
def test_a_group_link_preselects_the_group_and_ignores_nonsense(
    client, project, owner, groups, name
):
    client.force_login(owner)
    url = reverse(name, args=[project.slug])
    form = client.get(url, {"group": str(groups["union"].uuid)}).context["form"]
    assert groups["union"] in [form.initial.get("group"), *form.initial.get("groups", [])]
    assert client.get(url, {"group": "not-a-uuid"}).status_code == 200


def test_cached_pages_are_kept_apart_by_role_and_language(client, project, members, add_person):
    add_person(name="Bea")
    people = reverse("stakeholders:people", args=[project.slug])
    client.force_login(members["owner"])
    assert "Add a person" in client.get(people).content.decode()
    client.force_login(members["viewer"])
    as_viewer = client.get(people).content.decode()
    assert "Bea" in as_viewer and "Add a person" not in as_viewer
    client.force_login(members["owner"])
    client.cookies["samspill_language"] = "nb"
    in_norwegian = client.get(people).content.decode()
    assert "Legg til en person" in in_norwegian and "Add a person" not in in_norwegian
