""" "My work": what the signed-in user has to do, across every project they belong to.

It reads five domain apps, so it lives up here in the composition layer. Who sees what:

- TRUST checklist items and planned communications: those assigned to the user by name
  (the item's or communication's owner), whatever the user's role.
- Explanation-desk requests: those the user handles.
- Milestones not yet told (done, or due within two weeks or earlier) and open objections:
  these have no assignee, so they are listed for the project's owners and editors, the
  roles that may tell a milestone or answer an objection.

Archived projects and projects the user is no longer a member of are left out. The number
of queries is fixed: one for the memberships and one per kind of work.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from method.roles import Capability, role_allows
from samspill.comms.models import Communication, CommunicationStatus
from samspill.core import clock
from samspill.desk.models import ExplanationRequest
from samspill.desk.models import Status as DeskStatus
from samspill.objections.models import Objection, ObjectionStatus
from samspill.projects.models import Membership, Project
from samspill.rollout.models import Milestone
from samspill.trust.models import ChecklistItem
from samspill.trust.models import Status as ItemStatus

TELL_AHEAD = dt.timedelta(days=14)

KINDS = {
    "trust": _("TRUST item"),
    "milestone": _("Milestone to tell"),
    "communication": _("Communication"),
    "objection": _("Objection to answer"),
    "desk": _("Explanation request"),
}


@dataclass(frozen=True)
class WorkItem:
    kind: str
    title: str
    project: Project
    due: dt.date | None
    url: str
    overdue: bool

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


def _sort_key(item: WorkItem):
    # Overdue first, then by due date, then the undated; ties by project and title.
    return (
        not item.overdue,
        item.due is None,
        item.due or dt.date.max,
        item.project.name.casefold(),
        item.title.casefold(),
    )


def my_work(user) -> list[WorkItem]:
    today = clock.today()
    memberships = list(
        Membership.objects.filter(user=user, project__archived_at__isnull=True).select_related(
            "project"
        )
    )
    projects = {m.project_id: m.project for m in memberships}
    can_edit = {m.project_id for m in memberships if role_allows(m.role, Capability.EDIT)}
    items: list[WorkItem] = []

    def add(kind, title, project_id, due, url):
        overdue = due is not None and due < today
        items.append(WorkItem(kind, title, projects[project_id], due, url, overdue))

    def slug(project_id):
        return projects[project_id].slug

    for item in ChecklistItem.objects.filter(owner=user, project_id__in=projects).exclude(
        status__in=[ItemStatus.DONE, ItemStatus.NOT_APPLICABLE]
    ):
        if item.project_id in can_edit:
            url = reverse("trust:item_edit", args=[slug(item.project_id), item.uuid])
        else:
            url = reverse("trust:checklists", args=[slug(item.project_id)])
        add("trust", item.title, item.project_id, item.due_date, url)

    # A milestone is to be told once it is done or close: within TELL_AHEAD of its date.
    for milestone in Milestone.objects.filter(
        Q(done=True) | Q(due_date__lte=today + TELL_AHEAD),
        project_id__in=can_edit,
        communicated=False,
    ):
        url = reverse("rollout:milestone_edit", args=[slug(milestone.project_id), milestone.uuid])
        add("milestone", milestone.title, milestone.project_id, milestone.due_date, url)

    for comm in Communication.objects.filter(
        owner=user, project_id__in=projects, status=CommunicationStatus.PLANNED
    ):
        if comm.project_id in can_edit:
            url = reverse("comms:communication_edit", args=[slug(comm.project_id), comm.uuid])
        else:
            url = reverse("comms:calendar", args=[slug(comm.project_id)])
        add("communication", comm.title, comm.project_id, comm.date, url)

    for objection in Objection.objects.filter(
        project_id__in=can_edit, status=ObjectionStatus.OPEN
    ).only("uuid", "text", "project_id"):
        url = reverse("objections:detail", args=[slug(objection.project_id), objection.uuid])
        title = Truncator(" ".join(objection.text.split())).words(14)
        add("objection", title, objection.project_id, None, url)

    # Only the reference: a request's content is personal data (samspill/desk/models.py).
    for request in (
        ExplanationRequest.objects.filter(handler=user, project_id__in=projects)
        .exclude(status=DeskStatus.CLOSED)
        .only("uuid", "reference", "deadline", "project_id")
    ):
        url = reverse("desk:detail", args=[slug(request.project_id), request.uuid])
        add("desk", request.reference, request.project_id, request.deadline, url)

    items.sort(key=_sort_key)
    return items
