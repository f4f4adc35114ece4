"""Projects, the audit trail (owners and observers) and the project export."""

import datetime as dt
import uuid

from django.http import HttpResponse
from ninja import Query, Router, Schema

from method.roles import Capability
from samspill.api.auth import api_project
from samspill.api.paging import BadRequest, Page, paginate
from samspill.api.types import Limit, Since, Text
from samspill.audit.models import AuditEntry
from samspill.projects.models import Project

router = Router(tags=["projects"])


class ProjectOut(Schema):
    uuid: uuid.UUID
    slug: str
    name: str
    ai_tool: str
    ai_will_do: str
    ai_will_not_do: str
    departments: list[str]
    start_date: dt.date
    language: str
    archived: bool
    role: str
    version: int

    @staticmethod
    def resolve_departments(obj) -> list[str]:
        return obj.department_list

    @staticmethod
    def resolve_archived(obj) -> bool:
        return obj.is_archived

    @staticmethod
    def resolve_role(obj) -> str:
        return getattr(obj, "api_role", "")


class ProjectPage(Page):
    items: list[ProjectOut]


class ProjectQuery(Schema):
    cursor: Text(500) | None = None
    limit: Limit = 50


@router.get("", response=ProjectPage, operation_id="projects_list")
def projects_list(request, query: Query[ProjectQuery]):
    """The projects this token may reach: those it names where its user is a member."""
    token = request.auth
    from django.db.models import F

    queryset = Project.objects.filter(api_tokens=token, memberships__user=token.user).annotate(
        api_role=F("memberships__role")
    )
    page = paginate(request, queryset, project=None, cursor=query.cursor, limit=query.limit)
    return page


@router.get("/{slug}", response=ProjectOut, operation_id="projects_get")
def projects_get(request, slug: str, response: HttpResponse):
    api = api_project(request, slug, Capability.VIEW)
    project = api.project
    project.api_role = api.access.role.value
    response["ETag"] = f'"v{project.version}"'
    return project


class AuditOut(Schema):
    sequence: int
    created_at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict
    entry_hash: str

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.actor_label


class AuditPage(Page):
    items: list[AuditOut]


class AuditQuery(Schema):
    cursor: Text(500) | None = None
    limit: Limit = 50
    updated_since: Since | None = None


@router.get("/{slug}/audit", response=AuditPage, operation_id="audit_list")
def audit_list(request, slug: str, query: Query[AuditQuery]):
    """The project's audit trail, oldest first; `updated_since` keeps entries written at
    or after that time. Deletions are entries with action "delete": a sync reads them here."""
    api = api_project(request, slug, Capability.READ_AUDIT)
    queryset = AuditEntry.objects.filter(project=api.project)
    if query.updated_since is not None:
        if query.updated_since.tzinfo is None:
            raise BadRequest("updated_since needs a time zone (e.g. Z or +01:00).")
        queryset = queryset.filter(created_at__gte=query.updated_since)
    return paginate(request, queryset, project=None, cursor=query.cursor, limit=query.limit)


@router.get(
    "/{slug}/export",
    response={200: dict},
    operation_id="project_export",
    description="The whole project as versioned JSON (docs/export-format.md); owners only.",
)
def project_export(request, slug: str):
    from samspill.transfer.exporting import project_export_json

    api = api_project(request, slug, Capability.MANAGE)
    response = HttpResponse(
        project_export_json(api.project, actor=api.user), content_type="application/json"
    )
    response["Cache-Control"] = "no-store"  # personal data: never kept by a cache
    return response
