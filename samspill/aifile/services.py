"""Writes of the AI Act file. Each validates, saves and records an audit entry.

Acknowledgements are audited as actions only ("confirmed"), never with who confirmed it
from where: the trail must not become a register of who read what.
"""

from django.db import transaction

from method import aifile as rules
from samspill.aifile import tokens
from samspill.aifile.models import (
    AckMode,
    Acknowledgement,
    AckVia,
    FileSettings,
    LiteracyRecord,
    MonitoringEvent,
    Overseer,
    WorkerInformation,
)
from samspill.audit.models import AuditAction
from samspill.audit.services import audit_record, save_created, save_relations, save_versioned
from samspill.core import clock

INFORMATION_FIELDS = ["group", "informed_on", "how", "letter", "letter_label", "ack_mode", "note"]
SETTINGS_FIELDS = ["log_location", "log_retention_months", "chatbot_notice_shown"]


def file_settings_for(project) -> FileSettings:
    """The project's settings, made with the default affected groups on first use."""
    from samspill.aifile.selectors import affected_groups

    settings = FileSettings.objects.filter(project=project).first()
    if settings is None:
        groups = affected_groups(project)
        settings = FileSettings.objects.create(project=project)
        settings.affected_groups.set(groups)
    return settings


@transaction.atomic
def file_settings_update(*, actor, project, expected_version: int, affected_groups, **values):
    settings = file_settings_for(project)
    settings = save_versioned(
        actor=actor,
        project=project,
        obj=settings,
        expected_version=expected_version,
        fields=SETTINGS_FIELDS,
        values=values,
    )
    save_relations(
        actor=actor, project=project, obj=settings, relations={"affected_groups": affected_groups}
    )
    return settings


def worker_information_record(
    *,
    actor,
    project,
    group,
    informed_on,
    how: str,
    letter=None,
    letter_label: str = "",
    ack_mode: str = AckMode.GROUP,
    note: str = "",
) -> WorkerInformation:
    if group.project_id != project.pk:
        raise ValueError("The group belongs to another project.")
    if letter is not None and not letter_label:
        letter_label = f"{letter.draft.title} v{letter.number}"
    information = WorkerInformation(
        project=project,
        group=group,
        informed_on=informed_on,
        how=how,
        letter=letter,
        letter_label=letter_label,
        ack_mode=ack_mode,
        note=note,
    )
    return save_created(actor=actor, project=project, obj=information, fields=INFORMATION_FIELDS)


@transaction.atomic
def ack_links_create(*, actor, information: WorkerInformation) -> list[tuple[object, str]]:
    """One personal link per person of the group who has none yet. The plain token is
    returned once, to be handed out; the database keeps only its hash."""
    have = set(
        information.acknowledgements.exclude(person=None).values_list("person_id", flat=True)
    )
    expires = rules.ack_expires(clock.now())
    links = []
    for person in information.group.people.exclude(pk__in=have).order_by("name"):
        ack = Acknowledgement(information=information, person=person, via=AckVia.LINK)
        token = tokens.new_token(ack.uuid)
        ack.token_hash = tokens.token_hash(token)
        ack.expires_at = expires
        ack.save()
        links.append((person, token))
    if links:
        audit_record(
            actor=actor,
            project=information.project,
            action=AuditAction.CREATE,
            obj=information,
            changes={"acknowledgement_links": [None, len(links)]},
        )
    return links


def ack_by_token(token: str) -> Acknowledgement | None:
    if not tokens.is_genuine(token):
        return None
    return (
        Acknowledgement.objects.select_related("information__project", "information__group")
        .filter(token_hash=tokens.token_hash(token))
        .first()
    )


def ack_state(ack: Acknowledgement) -> rules.AckState:
    return rules.ack_state(
        confirmed=ack.confirmed_at is not None, expires=ack.expires_at, now=clock.now()
    )


@transaction.atomic
def ack_confirm(*, ack: Acknowledgement) -> rules.AckState:
    """Confirm a personal link once. Returns the state the link was in before."""
    ack = Acknowledgement.objects.select_for_update().get(pk=ack.pk)
    state = ack_state(ack)
    if state is rules.AckState.VALID:
        ack.confirmed_at = clock.now()
        ack.save(update_fields=["confirmed_at"])
        _audit_ack(ack)
    return state


def ack_on_page(*, information: WorkerInformation) -> Acknowledgement:
    """A receipt from the transparency page: for the group, with no name."""
    ack = Acknowledgement.objects.create(
        information=information, via=AckVia.PAGE, confirmed_at=clock.now()
    )
    _audit_ack(ack)
    return ack


def _audit_ack(ack: Acknowledgement) -> None:
    audit_record(
        actor=None,
        project=ack.information.project,
        action=AuditAction.UPDATE,
        obj=ack.information,
        changes={"acknowledged": [None, ack.via]},
    )


def overseer_create(*, actor, project, name, authority, training="", literacy=()) -> Overseer:
    overseer = Overseer(project=project, name=name, authority=authority, training=training)
    return save_created(
        actor=actor,
        project=project,
        obj=overseer,
        fields=["name", "authority", "training"],
        relations={"literacy": literacy},
    )


def literacy_record_create(
    *, actor, project, role, received, received_on, person_name="", material="", session=None
) -> LiteracyRecord:
    record = LiteracyRecord(
        project=project,
        role=role,
        person_name=person_name,
        received=received,
        received_on=received_on,
        material=material,
        session=session,
    )
    return save_created(
        actor=actor,
        project=project,
        obj=record,
        fields=["role", "person_name", "received", "received_on", "material", "session"],
    )


def monitoring_event_create(
    *,
    actor,
    project,
    kind,
    occurred_on,
    description,
    provider_informed_by="",
    provider_informed_on=None,
) -> MonitoringEvent:
    event = MonitoringEvent(
        project=project,
        kind=kind,
        occurred_on=occurred_on,
        description=description,
        provider_informed_by=provider_informed_by,
        provider_informed_on=provider_informed_on,
        created_by=actor,
    )
    return save_created(
        actor=actor,
        project=project,
        obj=event,
        fields=[
            "kind",
            "occurred_on",
            "description",
            "provider_informed_by",
            "provider_informed_on",
        ],
    )
