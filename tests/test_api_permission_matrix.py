"""Every API operation × role × token scope, as test_permission_matrix does for pages.

Scopes: "read" and "write" tokens naming the project, and "other": a read-write token
of the same user naming another project only. An operation in the OpenAPI schema
without a row here fails test_every_operation_is_in_the_matrix.
"""

import datetime as dt
import json
from dataclasses import dataclass, field

import pytest

from samspill.accounts.api_tokens import token_create
from samspill.projects.services import project_create

ROLES = ["outsider", "viewer", "observer", "editor", "owner"]
SCOPES = ["read", "write", "other"]
ALL = {"viewer", "observer", "editor", "owner"}
WRITERS = {"editor", "owner"}
COMMENTERS = {"observer", "editor", "owner"}


@dataclass(frozen=True)
class Op:
    operation_id: str
    method: str
    path: str  # {slug} and {target} filled in
    allowed: frozenset  # roles whose capability allows it
    ok: int
    writes: bool = False
    target: str = ""
    body: dict = field(default_factory=dict)
    files: bool = False


def _person(project, owner):
    from samspill.stakeholders.services import person_create

    group = project.stakeholder_groups.get(preset_key="hr")
    return person_create(actor=owner, project=project, group=group, name="Ada").uuid


def _item(project, owner):
    return project.checklist_items.first().uuid


def _milestone(project, owner):
    return project.milestones.first().uuid


def _kpi(project, owner):
    from samspill.kpis.services import kpi_create

    return kpi_create(
        actor=owner, project=project, kind="support_tickets", name="Tickets", target=10
    ).uuid


def _survey(project, owner):
    from samspill.surveys.services import survey_create

    return survey_create(actor=owner, project=project, title="Pulse", departments=["HR"]).uuid


def _job(project, owner):
    from samspill.api.models import ApiJob

    return ApiJob.objects.create(
        project=project,
        user=owner,
        kind="usage",
        filename="x.csv",
        data=b"",
        created_at=dt.datetime(2026, 10, 1, tzinfo=dt.UTC),
    ).uuid


TARGETS = {
    "person": _person,
    "item": _item,
    "milestone": _milestone,
    "kpi": _kpi,
    "survey": _survey,
    "job": _job,
}

P = "/api/v1/projects/{slug}"
OPS = [
    Op("projects_get", "get", P, ALL, 200),
    Op("groups_list", "get", P + "/groups", ALL, 200),
    Op("people_list", "get", P + "/people", ALL, 200),
    Op("people_get", "get", P + "/people/{target}", ALL, 200, target="person"),
    Op(
        "people_create",
        "post",
        P + "/people",
        WRITERS,
        201,
        writes=True,
        body={"group": "hr", "name": "Kari"},
    ),
    Op(
        "people_update",
        "patch",
        P + "/people/{target}",
        WRITERS,
        200,
        writes=True,
        target="person",
        body={"title": "Lead"},
    ),
    Op(
        "people_delete",
        "delete",
        P + "/people/{target}",
        WRITERS,
        204,
        writes=True,
        target="person",
    ),
    Op(
        "stance_changes_list",
        "get",
        P + "/people/{target}/stance-changes",
        ALL,
        200,
        target="person",
    ),
    Op(
        "stance_changes_create",
        "post",
        P + "/people/{target}/stance-changes",
        WRITERS,
        201,
        writes=True,
        target="person",
        body={"stance": 2},
    ),
    Op("engagements_list", "get", P + "/engagements", ALL, 200),
    Op(
        "engagements_create",
        "post",
        P + "/engagements",
        WRITERS,
        201,
        writes=True,
        body={"date": "2026-10-01", "kind": "meeting", "topic": "Kick-off"},
    ),
    Op("decisions_list", "get", P + "/decisions", ALL, 200),
    Op(
        "decisions_create",
        "post",
        P + "/decisions",
        WRITERS,
        201,
        writes=True,
        body={"date": "2026-10-01", "title": "Go", "decided_by": "Board"},
    ),
    Op("trust_items_list", "get", P + "/trust-items", ALL, 200),
    Op("trust_items_get", "get", P + "/trust-items/{target}", ALL, 200, target="item"),
    Op(
        "trust_items_update",
        "patch",
        P + "/trust-items/{target}",
        WRITERS,
        200,
        writes=True,
        target="item",
        body={"status": "done", "evidence_note": "Signed"},
    ),
    Op("training_list", "get", P + "/training-sessions", ALL, 200),
    Op("phases_list", "get", P + "/phases", ALL, 200),
    Op("milestones_list", "get", P + "/milestones", ALL, 200),
    Op(
        "milestones_update",
        "patch",
        P + "/milestones/{target}",
        WRITERS,
        200,
        writes=True,
        target="milestone",
        body={"communicated": True},
    ),
    Op("communications_list", "get", P + "/communications", ALL, 200),
    Op("objections_list", "get", P + "/objections", ALL, 200),
    Op(
        "objections_create",
        "post",
        P + "/objections",
        COMMENTERS,
        201,
        writes=True,
        body={"text": "Will it replace us?", "raised_on": "2026-10-01", "group": "union"},
    ),
    Op("kpis_list", "get", P + "/kpis", ALL, 200),
    Op(
        "kpi_values_set",
        "post",
        P + "/kpis/{target}/values",
        WRITERS,
        201,
        writes=True,
        target="kpi",
        body={"period": "2026-10-05", "value": 12},
    ),
    Op("surveys_list", "get", P + "/surveys", ALL, 200),
    Op("survey_results", "get", P + "/surveys/{target}/results", ALL, 200, target="survey"),
    Op("usage_import", "post", P + "/imports/usage", WRITERS, 202, writes=True, files=True),
    Op("pilot_import", "post", P + "/imports/pilot", WRITERS, 202, writes=True, files=True),
    Op("jobs_get", "get", P + "/jobs/{target}", ALL, 200, target="job"),
    Op("audit_list", "get", P + "/audit", frozenset({"owner", "observer"}), 200),
    Op("project_export", "get", P + "/export", frozenset({"owner"}), 200),
]
# Not project operations: the list of the token's projects is checked on its own below.
UNSCOPED = {"projects_list"}


def expected(op: Op, role: str, scope: str) -> int:
    if role == "outsider":
        return 404
    if role not in op.allowed:
        return 403
    if scope == "other" or (op.writes and scope == "read"):
        return 403
    return op.ok


def test_every_operation_is_in_the_matrix(client):
    schema = client.get("/api/v1/openapi.json").json()
    operations = {
        operation["operationId"] for item in schema["paths"].values() for operation in item.values()
    }
    assert operations == {op.operation_id for op in OPS} | UNSCOPED


def _body(op: Op, project):
    body = dict(op.body)
    for name in ("group",):
        if name in body:
            body[name] = str(project.stakeholder_groups.get(preset_key=body[name]).uuid)
    return body


@pytest.fixture
def other_project(members):
    """A second project every member of the first is an owner of."""
    other = project_create(
        actor=members["owner"], name="Other", ai_tool="Bot", start_date=dt.date(2026, 9, 1)
    )
    from samspill.projects.services import membership_add

    for role in ("viewer", "observer", "editor", "outsider"):
        membership_add(actor=members["owner"], project=other, user=members[role], role="owner")
    return other


# Targets a request may use up (a deleted person) are made for each request; others once.
FRESH = {"person"}


def _target(op: Op, project, members, made: dict):
    if not op.target:
        return ""
    if op.target in FRESH or op.target not in made:
        made[op.target] = TARGETS[op.target](project, members["owner"])
    return made[op.target]


def _call(client, op: Op, project, members, secret, made):
    path = op.path.format(slug=project.slug, target=_target(op, project, members, made))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_IF_MATCH": "*"}
    if op.files:
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("log.csv", b"user,timestamp\n", content_type="text/csv")
        return client.post(path, {"file": upload}, **headers)
    if op.method in ("post", "patch"):
        return getattr(client, op.method)(
            path, json.dumps(_body(op, project)), content_type="application/json", **headers
        )
    return getattr(client, op.method)(path, **headers)


@pytest.mark.parametrize("op", OPS, ids=lambda o: o.operation_id)
def test_api_permission_matrix(client, project, other_project, members, op):
    """Each operation for every role × scope (one database per operation, for speed)."""
    got, wanted, made = {}, {}, {}
    for role in ROLES:
        for scope in SCOPES:
            named = [other_project] if role == "outsider" or scope == "other" else [project]
            secret = token_create(
                actor=members[role],
                name="t",
                projects=named,
                scope="read" if scope == "read" else "write",
            ).secret
            response = _call(client, op, project, members, secret, made)
            got[role, scope] = response.status_code
            wanted[role, scope] = expected(op, role, scope)
            if response.status_code >= 400:
                assert response["Content-Type"] == "application/problem+json"
    assert got == wanted


@pytest.mark.parametrize("role", ROLES)
def test_project_list_shows_only_projects_the_token_names(
    client, project, other_project, members, role
):
    secret = token_create(
        actor=members[role], name="t", projects=[other_project], scope="read"
    ).secret
    response = client.get("/api/v1/projects", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert [p["slug"] for p in response.json()["items"]] == [other_project.slug]


def test_a_token_cannot_name_a_project_its_user_is_not_in(project, members):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        token_create(actor=members["outsider"], name="t", projects=[project], scope="read")
