"""The API's behaviour end to end through the test client: tokens, problems, paging,
ETags and the audit trail's "via API" mark."""

import datetime as dt

import pytest

from samspill.audit.models import AuditEntry
from samspill.stakeholders.models import Person
from samspill.stakeholders.services import person_create


def _person(project, owner, name="Ada"):
    group = project.stakeholder_groups.get(preset_key="hr")
    return person_create(actor=owner, project=project, group=group, name=name)


def test_schema_is_openapi_3_1_and_public(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.1")


def test_docs_page_uses_local_files_only(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_no_token_gets_401_problem(api, project):
    response = api("get", f"/projects/{project.slug}/people")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_people_list_reads_and_pages_by_cursor(api, project, owner, make_token):
    for name in ("Ada", "Bo", "Cy"):
        _person(project, owner, name)
    token = make_token(owner, scope="read")
    first = api("get", f"/projects/{project.slug}/people?limit=2", token)
    assert first.status_code == 200, first.content
    body = first.json()
    assert [p["name"] for p in body["items"]] == ["Ada", "Bo"]
    second = api(
        "get", f"/projects/{project.slug}/people?limit=2&cursor={body['next_cursor']}", token
    )
    assert [p["name"] for p in second.json()["items"]] == ["Cy"]
    assert second.json()["next_cursor"] is None


def test_bad_cursor_is_a_400_problem(api, project, owner, make_token):
    response = api("get", f"/projects/{project.slug}/people?cursor=forged", make_token(owner))
    assert response.status_code == 400
    assert response.json()["type"] == "urn:samspill:problem:bad-cursor"


def test_updated_since_keeps_only_changed_rows(api, project, owner, make_token, pinned_clock):
    old = _person(project, owner, "Old")
    pinned_clock.shift(dt.timedelta(days=2))
    since = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    new = _person(project, owner, "New")
    token = make_token(owner, scope="read")
    response = api(
        "get",
        f"/projects/{project.slug}/people",
        token,
        data={"updated_since": since.isoformat()},
    )
    names = [p["name"] for p in response.json()["items"]]
    assert names == ["New"]
    assert old.name not in names and new.name in names


def test_create_person_is_audited_as_the_token_owner_via_api(api, project, members, make_token):
    token = make_token(members["editor"])
    group = project.stakeholder_groups.get(preset_key="hr")
    response = api(
        "post",
        f"/projects/{project.slug}/people",
        token,
        json_body={"group": str(group.uuid), "name": "Kari", "influence": 4},
    )
    assert response.status_code == 201, response.content
    assert response["ETag"] == '"v1"'
    entry = AuditEntry.objects.filter(object_type="stakeholders.person").latest("sequence")
    assert entry.actor_label == "editor via API"
    assert entry.actor == members["editor"]


def test_patch_needs_if_match_and_refuses_a_stale_one(api, project, owner, make_token):
    person = _person(project, owner)
    token = make_token(owner)
    path = f"/projects/{project.slug}/people/{person.uuid}"
    got = api("get", path, token)
    etag = got["ETag"]
    assert etag == '"v1"'
    missing = api("patch", path, token, json_body={"title": "Head of HR"})
    assert missing.status_code == 428
    ok = api("patch", path, token, json_body={"title": "Head of HR"}, headers={"If-Match": etag})
    assert ok.status_code == 200, ok.content
    assert ok["ETag"] == '"v2"'
    stale = api("patch", path, token, json_body={"title": "CEO"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert stale["Content-Type"] == "application/problem+json"
    assert stale["ETag"] == '"v2"'
    person.refresh_from_db()
    assert person.title == "Head of HR"


def test_get_with_matching_if_none_match_is_304(api, project, owner, make_token):
    person = _person(project, owner)
    token = make_token(owner)
    path = f"/projects/{project.slug}/people/{person.uuid}"
    assert api("get", path, token, headers={"If-None-Match": '"v1"'}).status_code == 304
    listing = api("get", f"/projects/{project.slug}/people", token)
    again = api(
        "get", f"/projects/{project.slug}/people", token, headers={"If-None-Match": listing["ETag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ('{"name": "Kari", ', 400),  # malformed JSON
        ({"group": "not-a-uuid", "name": "Kari"}, 422),  # wrong type
        ({"group": None, "name": "Kari", "shoe_size": 44}, 422),  # unknown field
        ({"name": "K" * 121}, 422),  # too long for the column
        ({"name": "Ka\x00ri"}, 422),  # NUL never reaches PostgreSQL
    ],
)
def test_bad_bodies_get_problem_details_and_store_nothing(
    api, project, owner, make_token, body, status
):
    group = project.stakeholder_groups.get(preset_key="hr")
    if isinstance(body, dict) and "group" not in body:
        body = {**body, "group": str(group.uuid)}
    if isinstance(body, dict) and body.get("group") is None:
        body["group"] = str(group.uuid)
    response = api("post", f"/projects/{project.slug}/people", make_token(owner), json_body=body)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert not Person.objects.filter(project=project).exists()


def test_oversize_body_is_413_unread(api, project, owner, make_token, settings):
    settings.API_MAX_BODY_BYTES = 1000
    response = api(
        "post",
        f"/projects/{project.slug}/people",
        make_token(owner),
        json_body={"name": "x" * 2000},
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"


def test_unknown_path_is_a_404_problem(api, owner, make_token):
    response = api("get", "/nothing-here", make_token(owner))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_rate_limit_per_token(api, project, owner, make_token, settings):
    settings.API_RATE_LIMIT = "3/m"
    from django.core.cache import cache

    cache.clear()
    token, other = make_token(owner), make_token(owner)
    statuses = [api("get", f"/projects/{project.slug}", token).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert api("get", f"/projects/{project.slug}", other).status_code == 200
    cache.clear()


def test_api_root_is_a_404_problem_not_a_500(api, owner, make_token):
    response = api("get", "/", make_token(owner))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
