"""TRUST items with their evidence, training sessions, phases and milestones,
communications and objections."""

import datetime as dt
import uuid

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from method.roles import Capability
from samspill.api.auth import api_project
from samspill.api.paging import Page, etag_of, expected_version, paginate
from samspill.api.stakeholders import ListQuery
from samspill.api.types import Day, Flag, Input, Text
from samspill.comms.models import Communication
from samspill.objections import services as objection_services
from samspill.objections.models import Category, Objection
from samspill.rollout import services as rollout_services
from samspill.rollout.models import Milestone, Phase
from samspill.stakeholders.models import Person, StakeholderGroup
from samspill.trust import services as trust_services
from samspill.trust.models import ChecklistItem, TrainingSession
from samspill.trust.models import Status as ItemStatus

router = Router(tags=["plan"])


class EvidenceOut(Schema):
    note: str
    link: str
    file_name: str | None
    file_size: int | None


class ItemOut(Schema):
    uuid: uuid.UUID
    step: str
    key: str
    title: str
    owner: str | None
    due_date: dt.date | None
    status: str
    evidence: EvidenceOut
    gate_phase: str
    version: int

    @staticmethod
    def resolve_owner(obj) -> str | None:
        return obj.owner.get_username() if obj.owner_id else None

    @staticmethod
    def resolve_evidence(obj) -> dict:
        """Metadata only: the file itself is served by the page, behind the same check."""
        name = size = None
        if obj.evidence_file:
            name = obj.evidence_file.name.rsplit("/", 1)[-1]
            try:
                size = obj.evidence_file.size
            except OSError:
                size = None
        return {
            "note": obj.evidence_note,
            "link": obj.evidence_link,
            "file_name": name,
            "file_size": size,
        }


class ItemPage(Page):
    items: list[ItemOut]


class ItemPatch(Input):
    status: ItemStatus | None = None
    due_date: Day | None = None
    evidence_note: Text(4000) | None = None
    evidence_link: Text(500) | None = None


class SessionOut(Schema):
    uuid: uuid.UUID
    tier: str
    title: str
    date: dt.date | None
    invited: int | None
    attended: int | None
    version: int


class SessionPage(Page):
    items: list[SessionOut]


class PhaseOut(Schema):
    uuid: uuid.UUID
    key: str
    title: str
    description: str
    start_date: dt.date
    end_date: dt.date
    version: int


class PhasePage(Page):
    items: list[PhaseOut]


class MilestoneOut(Schema):
    uuid: uuid.UUID
    phase: uuid.UUID | None
    title: str
    due_date: dt.date
    done: bool
    communicated: bool
    notes: str
    version: int

    @staticmethod
    def resolve_phase(obj) -> uuid.UUID | None:
        return obj.phase.uuid if obj.phase_id else None


class MilestonePage(Page):
    items: list[MilestoneOut]


class MilestonePatch(Input):
    done: Flag | None = None
    communicated: Flag | None = None
    due_date: Day | None = None
    notes: Text(2000) | None = None


class CommunicationOut(Schema):
    uuid: uuid.UUID
    title: str
    date: dt.date
    channel: str
    status: str
    milestone: uuid.UUID | None
    notes: str
    version: int

    @staticmethod
    def resolve_milestone(obj) -> uuid.UUID | None:
        return obj.milestone.uuid if obj.milestone_id else None


class CommunicationPage(Page):
    items: list[CommunicationOut]


class ObjectionOut(Schema):
    uuid: uuid.UUID
    text: str
    raised_on: dt.date
    person: uuid.UUID | None
    group: uuid.UUID | None
    occasion: str
    category: str
    status: str
    answer: str
    version: int

    @staticmethod
    def resolve_person(obj) -> uuid.UUID | None:
        return obj.person.uuid if obj.person_id else None

    @staticmethod
    def resolve_group(obj) -> uuid.UUID | None:
        return obj.group.uuid if obj.group_id else None


class ObjectionPage(Page):
    items: list[ObjectionOut]


class ObjectionIn(Input):
    text: Text(2000, 1)
    raised_on: Day
    person: uuid.UUID | None = None
    group: uuid.UUID | None = None
    occasion: Text(200) = ""
    category: Category | None = None


def _list(request, slug, query, queryset, capability=Capability.VIEW):
    api = api_project(request, slug, capability)
    return paginate(
        request, queryset.filter(project=api.project), project=api.project, **query.dict()
    )


@router.get("/{slug}/trust-items", response=ItemPage, operation_id="trust_items_list")
def trust_items_list(request, slug: str, query: Query[ListQuery]):
    return _list(request, slug, query, ChecklistItem.objects.select_related("owner"))


def _item(api, item_uuid) -> ChecklistItem:
    return get_object_or_404(
        ChecklistItem.objects.select_related("owner", "project"),
        project=api.project,
        uuid=item_uuid,
    )


@router.get("/{slug}/trust-items/{item_uuid}", response=ItemOut, operation_id="trust_items_get")
def trust_items_get(request, slug: str, item_uuid: uuid.UUID, response: HttpResponse):
    item = _item(api_project(request, slug, Capability.VIEW), item_uuid)
    response["ETag"] = etag_of(item)
    return item


@router.patch(
    "/{slug}/trust-items/{item_uuid}", response=ItemOut, operation_id="trust_items_update"
)
def trust_items_update(
    request, slug: str, item_uuid: uuid.UUID, body: ItemPatch, response: HttpResponse
):
    api = api_project(request, slug, Capability.EDIT)
    item = _item(api, item_uuid)
    values = {k: v for k, v in body.dict(exclude_unset=True).items() if v is not None}
    item = trust_services.item_update(
        actor=api.user, item=item, expected_version=expected_version(request, item), **values
    )
    response["ETag"] = etag_of(item)
    return item


@router.get("/{slug}/training-sessions", response=SessionPage, operation_id="training_list")
def training_list(request, slug: str, query: Query[ListQuery]):
    return _list(request, slug, query, TrainingSession.objects.all())


@router.get("/{slug}/phases", response=PhasePage, operation_id="phases_list")
def phases_list(request, slug: str, query: Query[ListQuery]):
    return _list(request, slug, query, Phase.objects.all())


@router.get("/{slug}/milestones", response=MilestonePage, operation_id="milestones_list")
def milestones_list(request, slug: str, query: Query[ListQuery]):
    return _list(request, slug, query, Milestone.objects.select_related("phase"))


@router.patch(
    "/{slug}/milestones/{milestone_uuid}",
    response=MilestoneOut,
    operation_id="milestones_update",
)
def milestones_update(
    request, slug: str, milestone_uuid: uuid.UUID, body: MilestonePatch, response: HttpResponse
):
    api = api_project(request, slug, Capability.EDIT)
    milestone = get_object_or_404(
        Milestone.objects.select_related("phase", "project"),
        project=api.project,
        uuid=milestone_uuid,
    )
    values = {k: v for k, v in body.dict(exclude_unset=True).items() if v is not None}
    milestone = rollout_services.milestone_update(
        actor=api.user,
        milestone=milestone,
        expected_version=expected_version(request, milestone),
        **values,
    )
    response["ETag"] = etag_of(milestone)
    return milestone


@router.get(
    "/{slug}/communications", response=CommunicationPage, operation_id="communications_list"
)
def communications_list(request, slug: str, query: Query[ListQuery]):
    return _list(request, slug, query, Communication.objects.select_related("milestone"))


@router.get("/{slug}/objections", response=ObjectionPage, operation_id="objections_list")
def objections_list(request, slug: str, query: Query[ListQuery]):
    return _list(request, slug, query, Objection.objects.select_related("person", "group"))


@router.post("/{slug}/objections", response={201: ObjectionOut}, operation_id="objections_create")
def objections_create(request, slug: str, body: ObjectionIn):
    """Observers may log objections too (the COMMENT capability), as on the page."""
    api = api_project(request, slug, Capability.COMMENT)
    person = group = None
    if body.person is not None:
        person = get_object_or_404(Person, project=api.project, uuid=body.person)
    if body.group is not None:
        group = get_object_or_404(StakeholderGroup, project=api.project, uuid=body.group)
    objection = objection_services.objection_log(
        actor=api.user,
        project=api.project,
        text=body.text,
        raised_on=body.raised_on,
        person=person,
        group=group,
        occasion=body.occasion,
        category=body.category or "",
    )
    return Status(201, objection)
