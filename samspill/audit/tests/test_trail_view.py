import pytest
from django.urls import reverse

from samspill.projects.services import project_update


def test_owner_sees_field_level_changes(client, project, owner):
    project_update(actor=owner, project=project, expected_version=1, name="Renamed pilot")
    client.force_login(owner)
    page = client.get(reverse("audit:trail", args=[project.slug])).content.decode()
    assert "<del>CV screening pilot</del>" in page
    assert "<ins>Renamed pilot</ins>" in page
    assert "project name:" in page  # the field's label, not its column name


def test_user_text_in_the_trail_is_escaped(client, project, owner):
    project_update(
        actor=owner, project=project, expected_version=1, name="<script>alert(1)</script>"
    )
    client.force_login(owner)
    page = client.get(reverse("audit:trail", args=[project.slug])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_older_entries_load_as_rows_through_htmx(client, project, owner, settings):
    settings.AUDIT_PAGE_SIZE = 4
    client.force_login(owner)
    first = client.get(reverse("audit:trail", args=[project.slug]))
    newest = [e.sequence for e in first.context["entries"]]
    assert len(newest) == 4
    older = client.get(
        reverse("audit:trail", args=[project.slug]),
        {"before": first.context["next_before"]},
        HTTP_HX_REQUEST="true",
    )
    body = older.content.decode()
    assert "<html" not in body  # only the partial
    assert [e.sequence for e in older.context["entries"]] == [s - 4 for s in newest]


def test_bad_cursor_is_a_clear_error(client, project, owner):
    client.force_login(owner)
    response = client.get(reverse("audit:trail", args=[project.slug]), {"before": "abc"})
    assert response.status_code == 400


@pytest.mark.parametrize("extra_edits", [0, 60])
def test_trail_query_count_is_constant(
    client, project, owner, extra_edits, django_assert_num_queries
):
    for index in range(extra_edits):
        project_update(
            actor=owner, project=project, expected_version=index + 1, name=f"Name {index}"
        )
    client.force_login(owner)
    url = reverse("audit:trail", args=[project.slug])
    # session with its user, membership+project with the project version, the latest checkpoint;
    # and once per version and page: the page of entries
    with django_assert_num_queries(4):
        client.get(url)
    with django_assert_num_queries(3):  # the same version: the rows from the cache
        client.get(url)
    project_update(actor=owner, project=project, expected_version=extra_edits + 1, name="Renamed")
    with django_assert_num_queries(4):  # a write moved the version: the rows again
        assert "Renamed" in client.get(url).content.decode()


@pytest.mark.parametrize("before", ["9" * 5000, "²", "-1", "99999999999999999999"])
def test_an_odd_entry_number_is_refused_not_a_server_error(client, project, owner, before):
    client.force_login(owner)
    response = client.get(reverse("audit:trail", args=[project.slug]), {"before": before})
    assert response.status_code == 400
