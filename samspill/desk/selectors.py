"""Reads of the desk. Requests are personal data: a member sees a request only as the
project's owner or as its assigned handler."""

from dataclasses import dataclass

from django.db.models import Subquery
from django.http import Http404

from method import desk as rules
from method.roles import Capability
from samspill.core import clock
from samspill.desk.models import DeskSettings, ExplanationRequest, Outcome, Status


def reminder_days(project) -> int:
    settings = DeskSettings.objects.filter(project=project).first()
    return settings.reminder_days if settings else rules.DEFAULT_REMINDER_DAYS


def visible_requests(access):
    requests = ExplanationRequest.objects.filter(project=access.project).select_related("handler")
    if access.can(Capability.MANAGE):
        return requests
    return requests.filter(handler=access.membership.user)


def request_for(access, request_uuid) -> ExplanationRequest:
    found = visible_requests(access).filter(uuid=request_uuid).first()
    if found is None:
        raise Http404
    return found


def due_state(request: ExplanationRequest, today, remind: int) -> rules.DueState:
    return rules.due_state(
        request.deadline, today, closed=request.status == Status.CLOSED, remind_days=remind
    )


@dataclass(frozen=True)
class DueCounts:
    overdue: int
    due_soon: int

    def __bool__(self) -> bool:
        return bool(self.overdue or self.due_soon)


def due_counts(project) -> DueCounts:
    """For the dashboard: how many open requests are overdue or near their deadline.
    One query: the reminder window comes along as a subquery."""
    today = clock.today()
    window = DeskSettings.objects.filter(project=project).values("reminder_days")[:1]
    rows = (
        ExplanationRequest.objects.filter(project=project)
        .exclude(status=Status.CLOSED)
        .annotate(remind=Subquery(window))
        .values_list("deadline", "remind")
    )
    states = [
        rules.due_state(
            deadline,
            today,
            closed=False,
            remind_days=rules.DEFAULT_REMINDER_DAYS if remind is None else remind,
        )
        for deadline, remind in rows
    ]
    return DueCounts(states.count(rules.DueState.OVERDUE), states.count(rules.DueState.DUE_SOON))


def statistics(project, *, masked: bool) -> rules.DeskStats:
    rows = list(
        ExplanationRequest.objects.filter(project=project).values_list(
            "received_on", "answered_on", "outcome", "status"
        )
    )
    closed = [r for r in rows if r[3] == Status.CLOSED]
    return rules.desk_stats(
        [r[0] for r in rows],
        [(r[0], r[1]) for r in closed if r[1]],
        [r[2] for r in closed if r[2]],
        outcome_keys=Outcome.values,
        k=rules.K_DESK if masked else None,
    )
