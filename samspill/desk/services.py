"""Writes of the desk. The audit trail records what was done to a request (received,
assigned, status, deadline, outcome, answered), never its content: no decision text, no
contact details, no answer."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from method import desk as rules
from samspill.audit.models import AuditAction
from samspill.audit.services import audit_record, diff, save_versioned, snapshot
from samspill.core import clock
from samspill.core.versioning import lock_for_edit
from samspill.desk.models import DeskSettings, ExplanationRequest, Status

SETTINGS_FIELDS = ["deadline_days", "reminder_days", "retention_months"]
# What the trail may show of a request: its handling, not its content.
ACTION_FIELDS = [
    "channel",
    "received_on",
    "deadline",
    "handler",
    "status",
    "outcome",
    "answered_on",
]
HANDLING_FIELDS = ["handler", "status", "deadline", "outcome", "answer", "answered_on"]

NO_CONTACT = gettext_lazy(
    "We need a way to reach you to send the explanation: give an e-mail address, a phone "
    "number or another way to contact you."
)


def desk_settings_for(project) -> DeskSettings:
    return DeskSettings.objects.get_or_create(project=project)[0]


def desk_settings_update(*, actor, project, expected_version: int, **values) -> DeskSettings:
    return save_versioned(
        actor=actor,
        project=project,
        obj=desk_settings_for(project),
        expected_version=expected_version,
        fields=SETTINGS_FIELDS,
        values=values,
    )


@transaction.atomic
def request_receive(
    *,
    actor,
    project,
    decision: str,
    channel: str,
    requester_name: str = "",
    email: str = "",
    phone: str = "",
    other_contact: str = "",
    received_on=None,
    handler=None,
) -> ExplanationRequest:
    """A request from the transparency page (actor None) or logged by HR. Refused without
    a contact route: an explanation nobody can deliver helps nobody."""
    if not (email or phone or other_contact):
        raise ValidationError(NO_CONTACT, code="no_contact")
    desk_settings_for(project)
    settings = DeskSettings.objects.select_for_update().get(project=project)
    received_on = received_on or clock.today()
    request = ExplanationRequest(
        project=project,
        reference=f"EX-{received_on.year}-{settings.next_number:04d}",
        decision=decision,
        requester_name=requester_name,
        email=email,
        phone=phone,
        other_contact=other_contact,
        channel=channel,
        received_on=received_on,
        deadline=rules.deadline(received_on, settings.deadline_days),
        handler=handler,
    )
    request.full_clean()
    request.save()
    settings.next_number += 1
    settings.save(update_fields=["next_number"])
    changes = {k: [None, v] for k, v in snapshot(request, ACTION_FIELDS).items() if v}
    audit_record(
        actor=actor, project=project, action=AuditAction.CREATE, obj=request, changes=changes
    )
    return request


def _check_closing(values: dict, *, received_on) -> None:
    answered_on = values.get("answered_on")
    if answered_on and answered_on < received_on:
        raise ValidationError(
            {"answered_on": _("The answer can't be dated before the request was received.")}
        )
    if values.get("status") != Status.CLOSED:
        return
    errors = {}
    if not values.get("outcome"):
        errors["outcome"] = _("A closed request needs its outcome.")
    if not values.get("answered_on"):
        errors["answered_on"] = _("A closed request needs the date it was answered.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def request_handle(
    *, actor, request: ExplanationRequest, expected_version: int, **values
) -> ExplanationRequest:
    unknown = set(values) - set(HANDLING_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    _check_closing(
        {**snapshot(request, HANDLING_FIELDS), **values}, received_on=request.received_on
    )
    before = snapshot(request, ACTION_FIELDS)
    answer_before = request.answer
    closing = values.get("status") == Status.CLOSED and request.status != Status.CLOSED
    reopening = values.get("status") not in (None, Status.CLOSED)
    current = lock_for_edit(ExplanationRequest, pk=request.pk, expected_version=expected_version)
    for name, value in values.items():
        setattr(current, name, value)
    if closing:
        current.closed_on = clock.today()
    elif reopening:
        current.closed_on = None
    current.full_clean()
    changes = diff(before, snapshot(current, ACTION_FIELDS))
    if current.answer != answer_before:
        changes["answer"] = ["", "edited"]  # that it changed; never the text
    if changes or current.closed_on != request.closed_on:
        current.version += 1
        current.save()
        audit_record(
            actor=actor,
            project=current.project,
            action=AuditAction.UPDATE,
            obj=current,
            changes=changes,
        )
    return current


def purge(*, today=None) -> int:
    """Delete requests closed longer ago than their project's retention. Returns how many."""
    today = today or clock.today()
    removed = 0
    for settings in DeskSettings.objects.select_related("project"):
        cutoff = rules.purge_before(today, settings.retention_months)
        old = ExplanationRequest.objects.filter(
            project=settings.project, status=Status.CLOSED, closed_on__lt=cutoff
        )
        for request in old:
            audit_record(
                actor=None,
                project=settings.project,
                action=AuditAction.DELETE,
                obj=request,
                changes={"retention": [None, f"closed {request.closed_on:%Y-%m-%d}"]},
            )
            request.delete()
            removed += 1
    return removed
