"""Reminders, the weekly digest and the watch: they read across the domain apps, so they
live in the composition layer. Registered as periodic jobs in OverviewConfig.ready.

- Reminders (daily, 07:00): per member, in the language of their preferences, for the kinds
  they have not opted out of: TRUST items due within a week or overdue (their own, and
  unowned ones for owners), milestones due without a record of telling, objections open
  longer than REMINDER_OBJECTION_DAYS, surveys closing in two days, and explanation
  requests near their deadline (only to those who may see the request: owners and its
  handler), and the agreement's controls (samspill/controls): to owners, controls breached
  this week that have no response yet; to observers (union, DPO), breaches raised since the
  last daily run. Lines name the item's title or date, never an employee.
- Digest (Monday, 07:00): per project and member, the week's events, new warnings and
  the next gate.
- Watch (hourly): publishes gate_passed and warning_raised when a computed state begins.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from method import desk as desk_rules
from method.roles import Role
from samspill.controls.presenting import control_title
from samspill.controls.selectors import breaches_raised_since, breaches_unanswered
from samspill.core import clock
from samspill.core.mail import email_configured
from samspill.desk.models import ExplanationRequest
from samspill.desk.models import Status as DeskStatus
from samspill.desk.selectors import reminder_days
from samspill.notify.events import publish
from samspill.notify.jobs import job
from samspill.notify.models import Announced, Event, EventKind, ReminderKind
from samspill.notify.services import preferences_for
from samspill.objections.models import Objection, ObjectionStatus
from samspill.projects.models import Membership
from samspill.rollout.models import Milestone
from samspill.surveys.models import Survey, SurveyStatus
from samspill.trust.models import ChecklistItem
from samspill.trust.models import Status as ItemStatus

MANAGERS = {Role.OWNER, Role.EDITOR}


@dataclass(frozen=True)
class Line:
    kind: str
    text: str
    url: str


def _url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def reminder_lines(membership: Membership, today: dt.date) -> list[Line]:
    project, user, role = membership.project, membership.user, Role(membership.role)
    lines = []
    soon = today + dt.timedelta(days=7)
    items = ChecklistItem.objects.filter(
        project=project,
        due_date__lte=soon,
        status__in=[ItemStatus.OPEN, ItemStatus.IN_PROGRESS],
    )
    mine = items.filter(owner=user)
    if role is Role.OWNER:
        mine = mine | items.filter(owner__isnull=True)
    for item in mine.order_by("due_date"):
        text = (
            _("Overdue since %(date)s: %(title)s")
            if item.due_date < today
            else _("Due %(date)s: %(title)s")
        ) % {"date": item.due_date.isoformat(), "title": item.title}
        lines.append(Line(ReminderKind.TRUST_DUE, text, _url("trust:checklists", project.slug)))
    if role in MANAGERS:
        untold = Milestone.objects.filter(project=project, due_date__lte=today, communicated=False)
        for milestone in untold:
            lines.append(
                Line(
                    ReminderKind.MILESTONE_UNTOLD,
                    _("Milestone due %(date)s, not yet told: %(title)s")
                    % {"date": milestone.due_date.isoformat(), "title": milestone.title},
                    _url("rollout:plan", project.slug),
                )
            )
        waited = today - dt.timedelta(days=settings.REMINDER_OBJECTION_DAYS)
        for objection in Objection.objects.filter(
            project=project, status=ObjectionStatus.OPEN, raised_on__lte=waited
        ):
            lines.append(
                Line(
                    ReminderKind.OBJECTION_OPEN,
                    _("Objection raised %(date)s is waiting for an answer")
                    % {"date": objection.raised_on.isoformat()},
                    _url("objections:detail", project.slug, objection.uuid),
                )
            )
        closing = Survey.objects.filter(
            project=project, status=SurveyStatus.OPEN, closes_on=today + dt.timedelta(days=2)
        )
        for survey in closing:
            lines.append(
                Line(
                    ReminderKind.SURVEY_CLOSING,
                    _("Survey closes %(date)s: %(title)s")
                    % {"date": survey.closes_on.isoformat(), "title": survey.title},
                    _url("surveys:detail", project.slug, survey.uuid),
                )
            )
    lines += control_lines(project, role, today)
    requests = ExplanationRequest.objects.filter(project=project).exclude(status=DeskStatus.CLOSED)
    if role is not Role.OWNER:
        requests = requests.filter(handler=user)
    remind = reminder_days(project)
    for request in requests:
        state = desk_rules.due_state(request.deadline, today, closed=False, remind_days=remind)
        if state in {desk_rules.DueState.OVERDUE, desk_rules.DueState.DUE_SOON}:
            lines.append(
                Line(
                    ReminderKind.DESK_DEADLINE,
                    _("Explanation request: answer due %(date)s")
                    % {"date": request.deadline.isoformat()},
                    _url("desk:detail", project.slug, request.uuid),
                )
            )
    return lines


def control_lines(project, role: Role, today: dt.date) -> list[Line]:
    """Breaches reach people, not only webhooks: an owner is reminded every day of this
    week's breaches without a response; an observer is told once of a breach raised since
    the last daily run (the day before). Each line links to the breach's evidence."""
    if role is Role.OWNER:
        breaches = breaches_unanswered(project, today)
        text = _("Agreement control breached in the week of %(date)s, no response yet: %(control)s")
    elif role is Role.OBSERVER:
        breaches = breaches_raised_since(project, clock.now() - dt.timedelta(days=1))
        text = _("New breach of an agreement control, week of %(date)s: %(control)s")
    else:
        return []
    return [
        Line(
            ReminderKind.CONTROL_BREACH,
            text % {"date": breach.week.isoformat(), "control": control_title(breach.control)},
            _url("controls:breach", project.slug, breach.uuid),
        )
        for breach in breaches
    ]


def _send(user, subject: str, template: str, context: dict) -> bool:
    if not email_configured() or not user.email:
        return False
    body = render_to_string(template, {"user": user, **context})
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
    return True


@job()
def member_reminders_send(user_id: int) -> int:
    """One e-mail with the member's reminders across their projects; 0 lines, no mail."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    prefs = preferences_for(user)
    today = clock.today()
    with translation.override(prefs.language):
        sections = []
        memberships = Membership.objects.filter(user=user, project__archived_at__isnull=True)
        for membership in memberships.select_related("project", "user"):
            lines = [line for line in reminder_lines(membership, today) if prefs.wants(line.kind)]
            if lines:
                sections.append((membership.project, lines))
        count = sum(len(lines) for _p, lines in sections)
        if count:
            _send(
                user,
                _("Samspill: what needs you today"),
                "overview/email/reminders.txt",
                {"sections": sections, "preferences_url": _url("notify:preferences")},
            )
        return count


@job()
def reminders_enqueue() -> int:
    users = (
        Membership.objects.filter(user__is_active=True, project__archived_at__isnull=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    count = 0
    for user_id in users:
        member_reminders_send.enqueue(user_id)
        count += 1
    return count


def digest_context(project, since: dt.datetime) -> dict:
    from samspill.overview.trust import trust_overview

    events = list(
        Event.objects.filter(project=project, created_at__gte=since).exclude(kind=EventKind.TEST)
    )
    overview = trust_overview(project, language=translation.get_language())
    gate = overview.next_gate
    return {
        "project": project,
        "events": events,
        "warnings": [e for e in events if e.kind == EventKind.WARNING_RAISED],
        "next_gate": gate.phase.title if gate and gate.phase else None,
        "missing": gate.missing_titles if gate else [],
        "project_url": _url("projects:detail", project.slug),
    }


@job()
def member_digest_send(user_id: int, project_id: int) -> bool:
    membership = (
        Membership.objects.filter(user_id=user_id, project_id=project_id, user__is_active=True)
        .select_related("project", "user")
        .first()
    )
    if membership is None:
        return False
    prefs = preferences_for(membership.user)
    if not prefs.wants(ReminderKind.DIGEST):
        return False
    with translation.override(prefs.language):
        context = digest_context(membership.project, timezone.now() - dt.timedelta(days=7))
        subject = _("Samspill: the week in %(project)s") % {"project": membership.project.name}
        return _send(membership.user, subject, "overview/email/digest.txt", context)


@job()
def digests_enqueue() -> int:
    pairs = Membership.objects.filter(
        user__is_active=True, project__archived_at__isnull=True
    ).values_list("user_id", "project_id")
    for user_id, project_id in pairs:
        member_digest_send.enqueue(user_id, project_id)
    return len(pairs)


def _announce_once(project, key: str) -> bool:
    try:
        with transaction.atomic():
            Announced.objects.create(project=project, key=key)
    except IntegrityError:
        return False
    return True


def project_watch(project) -> list[str]:
    """Publish the gates that have passed and the warnings that have appeared since the
    last watch; forget warnings that have gone, so they are told again if they return."""
    from samspill.overview.diagnostics import project_findings
    from samspill.overview.trust import trust_overview

    published = []
    with translation.override(project.language):
        for gate in trust_overview(project, language=project.language).gates:
            passed = not gate.result.missing and not gate.result.overridden
            title = gate.phase.title if gate.phase else gate.result.phase
            if passed and _announce_once(project, f"gate:{gate.result.phase}"):
                publish(
                    project,
                    EventKind.GATE_PASSED,
                    summary=format_lazy(gettext_lazy("Gate passed: {phase}"), phase=title),
                    path=reverse("trust:checklists", args=[project.slug]),
                )
                published.append(f"gate:{gate.result.phase}")
        findings = project_findings(project)
        current = {f"warning:{f.rule}" for f in findings}
        for finding in findings:
            if _announce_once(project, f"warning:{finding.rule}"):
                publish(
                    project,
                    EventKind.WARNING_RAISED,
                    summary=format_lazy(gettext_lazy("Warning: {title}"), title=finding.title),
                    path=reverse("projects:detail", args=[project.slug]),
                )
                published.append(f"warning:{finding.rule}")
        Announced.objects.filter(project=project, key__startswith="warning:").exclude(
            key__in=current
        ).delete()
    return published


@job()
def projects_watch() -> int:
    from samspill.projects.models import Project

    count = 0
    for project in Project.objects.filter(archived_at__isnull=True):
        count += len(project_watch(project))
    return count
