"""Writes for messages and the communication calendar. Each validates, saves and audits."""

from django.db import transaction

from samspill.audit.services import save_created, save_deleted, save_relations, save_versioned
from samspill.comms.models import Channel, Communication, CommunicationStatus, Message
from samspill.core import clock
from samspill.stakeholders.models import EngagementKind
from samspill.stakeholders.services import engagement_create

MESSAGE_FIELDS = ["audience", "title", "subject", "body"]
COMMUNICATION_FIELDS = [
    "title",
    "date",
    "channel",
    "status",
    "owner",
    "milestone",
    "message",
    "notes",
]

# Which kind of engagement a finished communication counts as on the stakeholder map.
ENGAGEMENT_KIND = {
    Channel.MEETING: EngagementKind.MEETING,
    Channel.EMAIL: EngagementKind.EMAIL,
    Channel.INTRANET: EngagementKind.INFO_SESSION,
    Channel.WORKSHOP: EngagementKind.WORKSHOP,
    Channel.TOWN_HALL: EngagementKind.INFO_SESSION,
}


@transaction.atomic
def message_create(*, actor, project, draft_key: str = "", **values) -> Message:
    return save_created(
        actor=actor,
        project=project,
        obj=Message(project=project, draft_key=draft_key, **values),
        fields=MESSAGE_FIELDS,
    )


@transaction.atomic
def message_update(*, actor, message: Message, expected_version: int, **values) -> Message:
    return save_versioned(
        actor=actor,
        project=message.project,
        obj=message,
        expected_version=expected_version,
        fields=MESSAGE_FIELDS,
        values=values,
    )


@transaction.atomic
def message_delete(*, actor, message: Message) -> None:
    save_deleted(actor=actor, project=message.project, obj=message, fields=MESSAGE_FIELDS)


def _log_engagement(*, actor, communication: Communication) -> None:
    """A communication that took place counts as engaging its audience, once."""
    if communication.status != CommunicationStatus.DONE or communication.engagement_id:
        return
    engagement = engagement_create(
        actor=actor,
        project=communication.project,
        # It happened by now at the latest, so the map never shows a contact in the future.
        date=min(communication.date, clock.today()),
        kind=ENGAGEMENT_KIND[Channel(communication.channel)],
        topic=communication.title,
        outcome=communication.notes,
        groups=communication.groups.all(),
        people=communication.people.all(),
    )
    Communication.objects.filter(pk=communication.pk).update(engagement=engagement)
    communication.engagement = engagement


@transaction.atomic
def communication_create(*, actor, project, groups=(), people=(), **values) -> Communication:
    communication = save_created(
        actor=actor,
        project=project,
        obj=Communication(project=project, **values),
        fields=COMMUNICATION_FIELDS,
        relations={"groups": groups, "people": people},
    )
    _log_engagement(actor=actor, communication=communication)
    return communication


@transaction.atomic
def communication_update(
    *,
    actor,
    communication: Communication,
    expected_version: int,
    groups=None,
    people=None,
    **values,
) -> Communication:
    current = save_versioned(
        actor=actor,
        project=communication.project,
        obj=communication,
        expected_version=expected_version,
        fields=COMMUNICATION_FIELDS,
        values=values,
    )
    relations = {
        name: items for name, items in (("groups", groups), ("people", people)) if items is not None
    }
    save_relations(actor=actor, project=current.project, obj=current, relations=relations)
    _log_engagement(actor=actor, communication=current)
    return current


@transaction.atomic
def communication_delete(*, actor, communication: Communication) -> None:
    save_deleted(
        actor=actor,
        project=communication.project,
        obj=communication,
        fields=COMMUNICATION_FIELDS,
    )
