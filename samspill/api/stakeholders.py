"""Groups, people and their stance changes, engagements and decisions."""

import datetime as dt
import uuid

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from method.roles import Capability
from samspill.api.auth import api_project
from samspill.api.paging import Page, etag_of, expected_version, paginate
from samspill.api.types import Day, Input, Limit, Score, Since, StanceValue, Text
from samspill.stakeholders import services
from samspill.stakeholders.models import (
    DecisionWeightChoice,
    Engagement,
    EngagementKind,
    Person,
    StakeholderGroup,
)

router = Router(tags=["stakeholders"])


class ListQuery(Schema):
    cursor: Text(500) | None = None
    limit: Limit = 50
    updated_since: Since | None = None


class GroupOut(Schema):
    uuid: uuid.UUID
    name: str
    preset_key: str
    motivation: str
    concern: str
    decision_weight: str
    description: str
    version: int


class GroupPage(Page):
    items: list[GroupOut]


class StanceChangeOut(Schema):
    changed_on: dt.date
    previous: int | None
    stance: int
    reason: str
    author: str

    @staticmethod
    def resolve_author(obj) -> str:
        return obj.author_label


class PersonOut(Schema):
    uuid: uuid.UUID
    group: uuid.UUID
    name: str
    title: str
    influence: int
    interest: int
    stance: int
    email: str
    notes: str
    version: int

    @staticmethod
    def resolve_group(obj) -> uuid.UUID:
        return obj.group.uuid


class PersonPage(Page):
    items: list[PersonOut]


class PersonIn(Input):
    group: uuid.UUID
    name: Text(120, 1)
    title: Text(120) = ""
    influence: Score = 3
    interest: Score = 3
    stance: StanceValue = 0
    notes: Text(4000) = ""


class PersonPatch(Input):
    group: uuid.UUID | None = None
    name: Text(120, 1) | None = None
    title: Text(120) | None = None
    influence: Score | None = None
    interest: Score | None = None
    notes: Text(4000) | None = None


class StanceIn(Input):
    stance: StanceValue
    reason: Text(500) = ""
    day: Day | None = None


class EngagementOut(Schema):
    uuid: uuid.UUID
    date: dt.date
    kind: str
    topic: str
    outcome: str
    follow_ups: str
    groups: list[uuid.UUID]
    version: int

    @staticmethod
    def resolve_groups(obj) -> list[uuid.UUID]:
        return [group.uuid for group in obj.groups.all()]


class EngagementPage(Page):
    items: list[EngagementOut]


class EngagementIn(Input):
    date: Day
    kind: EngagementKind
    topic: Text(200, 1)
    outcome: Text(4000) = ""
    follow_ups: Text(4000) = ""
    groups: list[uuid.UUID] = []


class DecisionOut(Schema):
    uuid: uuid.UUID
    date: dt.date
    title: str
    details: str
    decided_by: str
    affected_groups: list[uuid.UUID]
    heard_groups: list[uuid.UUID]
    version: int

    @staticmethod
    def resolve_affected_groups(obj) -> list[uuid.UUID]:
        return [group.uuid for group in obj.affected_groups.all()]

    @staticmethod
    def resolve_heard_groups(obj) -> list[uuid.UUID]:
        return [group.uuid for group in obj.heard_groups.all()]


class DecisionPage(Page):
    items: list[DecisionOut]


class DecisionIn(Input):
    date: Day
    title: Text(200, 1)
    details: Text(4000) = ""
    decided_by: Text(200, 1)
    affected_groups: list[uuid.UUID] = []
    heard_groups: list[uuid.UUID] = []


def _groups(project, uuids: list[uuid.UUID]) -> list[StakeholderGroup]:
    from django.core.exceptions import ValidationError

    wanted = set(uuids)
    found = list(StakeholderGroup.objects.filter(project=project, uuid__in=wanted))
    if len(found) != len(wanted):
        raise ValidationError("A group named is not in this project.")
    return found


def _with_etag(response: HttpResponse, obj) -> None:
    response["ETag"] = etag_of(obj)


@router.get("/{slug}/groups", response=GroupPage, operation_id="groups_list")
def groups_list(request, slug: str, query: Query[ListQuery]):
    api = api_project(request, slug, Capability.VIEW)
    queryset = StakeholderGroup.objects.filter(project=api.project)
    return paginate(request, queryset, project=api.project, **query.dict())


@router.get("/{slug}/people", response=PersonPage, operation_id="people_list")
def people_list(request, slug: str, query: Query[ListQuery]):
    api = api_project(request, slug, Capability.VIEW)
    queryset = Person.objects.filter(project=api.project).select_related("group")
    return paginate(request, queryset, project=api.project, **query.dict())


@router.post("/{slug}/people", response={201: PersonOut}, operation_id="people_create")
def people_create(request, slug: str, body: PersonIn, response: HttpResponse):
    api = api_project(request, slug, Capability.EDIT)
    values = body.dict()
    group = _groups(api.project, [values.pop("group")])[0]
    person = services.person_create(actor=api.user, project=api.project, group=group, **values)
    _with_etag(response, person)
    return Status(201, person)


def _person(api, person_uuid) -> Person:
    return get_object_or_404(
        Person.objects.select_related("group", "project"), project=api.project, uuid=person_uuid
    )


@router.get("/{slug}/people/{person_uuid}", response=PersonOut, operation_id="people_get")
def people_get(request, slug: str, person_uuid: uuid.UUID, response: HttpResponse):
    person = _person(api_project(request, slug, Capability.VIEW), person_uuid)
    _with_etag(response, person)
    return person


@router.patch("/{slug}/people/{person_uuid}", response=PersonOut, operation_id="people_update")
def people_update(
    request, slug: str, person_uuid: uuid.UUID, body: PersonPatch, response: HttpResponse
):
    api = api_project(request, slug, Capability.EDIT)
    person = _person(api, person_uuid)
    values = body.dict(exclude_unset=True)
    values = {name: value for name, value in values.items() if value is not None}
    if "group" in values:
        values["group"] = _groups(api.project, [values["group"]])[0]
    person = services.person_update(
        actor=api.user, person=person, expected_version=expected_version(request, person), **values
    )
    _with_etag(response, person)
    return person


@router.delete("/{slug}/people/{person_uuid}", response={204: None}, operation_id="people_delete")
def people_delete(request, slug: str, person_uuid: uuid.UUID):
    api = api_project(request, slug, Capability.EDIT)
    person = _person(api, person_uuid)
    expected = expected_version(request, person)
    if expected != person.version:
        from samspill.core.versioning import StaleEditError

        raise StaleEditError(person)
    services.person_delete(actor=api.user, person=person)
    return Status(204, None)


@router.get(
    "/{slug}/people/{person_uuid}/stance-changes",
    response=list[StanceChangeOut],
    operation_id="stance_changes_list",
)
def stance_changes_list(request, slug: str, person_uuid: uuid.UUID):
    person = _person(api_project(request, slug, Capability.VIEW), person_uuid)
    return list(person.stance_changes.all())


@router.post(
    "/{slug}/people/{person_uuid}/stance-changes",
    response={201: PersonOut},
    operation_id="stance_changes_create",
)
def stance_changes_create(
    request, slug: str, person_uuid: uuid.UUID, body: StanceIn, response: HttpResponse
):
    api = api_project(request, slug, Capability.EDIT)
    person = _person(api, person_uuid)
    person = services.person_change_stance(
        actor=api.user,
        person=person,
        expected_version=expected_version(request, person),
        stance=body.stance,
        reason=body.reason,
        day=body.day,
    )
    _with_etag(response, person)
    return Status(201, person)


@router.get("/{slug}/engagements", response=EngagementPage, operation_id="engagements_list")
def engagements_list(request, slug: str, query: Query[ListQuery]):
    api = api_project(request, slug, Capability.VIEW)
    queryset = Engagement.objects.filter(project=api.project).prefetch_related("groups")
    return paginate(request, queryset, project=api.project, **query.dict())


@router.post(
    "/{slug}/engagements", response={201: EngagementOut}, operation_id="engagements_create"
)
def engagements_create(request, slug: str, body: EngagementIn):
    api = api_project(request, slug, Capability.EDIT)
    values = body.dict()
    groups = _groups(api.project, values.pop("groups"))
    engagement = services.engagement_create(
        actor=api.user, project=api.project, groups=groups, **values
    )
    return Status(201, engagement)


@router.get("/{slug}/decisions", response=DecisionPage, operation_id="decisions_list")
def decisions_list(request, slug: str, query: Query[ListQuery]):
    from samspill.stakeholders.models import Decision

    api = api_project(request, slug, Capability.VIEW)
    queryset = Decision.objects.filter(project=api.project).prefetch_related(
        "affected_groups", "heard_groups"
    )
    return paginate(request, queryset, project=api.project, **query.dict())


@router.post("/{slug}/decisions", response={201: DecisionOut}, operation_id="decisions_create")
def decisions_create(request, slug: str, body: DecisionIn):
    api = api_project(request, slug, Capability.EDIT)
    values = body.dict()
    affected = _groups(api.project, values.pop("affected_groups"))
    heard = _groups(api.project, values.pop("heard_groups"))
    decision = services.decision_create(
        actor=api.user, project=api.project, affected_groups=affected, heard_groups=heard, **values
    )
    return Status(201, decision)


__all__ = ["DecisionWeightChoice", "router"]
