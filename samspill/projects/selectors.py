"""Reads that project views share."""

from dataclasses import dataclass

from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from samspill.projects.models import Membership, Project
from samspill.stakeholders.models import StakeholderGroup


def memberships_for_user(user):
    """The user's projects with their role, member and group counts: one query."""
    return (
        Membership.objects.filter(user=user)
        .select_related("project")
        .annotate(
            member_count=Count("project__memberships", distinct=True),
            group_count=Count("project__stakeholder_groups", distinct=True),
        )
        .order_by("project__name")
    )


def project_members(project: Project):
    return project.memberships.select_related("user").order_by("user__username")


def groups_overview(project: Project):
    """Groups with how many people they hold and when they were last engaged."""
    return (
        StakeholderGroup.objects.filter(project=project)
        .annotate(
            person_count=Count("people", distinct=True),
            last_engaged=Max("engagements__date"),
        )
        .order_by("position", "name")
    )


@dataclass(frozen=True)
class NextAction:
    text: str
    url_name: str | None = None


def next_actions(project: Project, *, groups, member_count: int) -> list[NextAction]:
    """The first useful steps for a fresh project; later capabilities add their own."""
    actions = []
    if not any(g.person_count for g in groups):
        actions.append(
            NextAction(
                _("Name the key people in each stakeholder group."), "stakeholders:person_create"
            )
        )
    never_met = [g.name for g in groups if g.last_engaged is None]
    if never_met:
        actions.append(
            NextAction(
                _("Plan a first conversation with: %(groups)s.") % {"groups": ", ".join(never_met)},
                "stakeholders:engagement_create",
            )
        )
    if member_count < 2:
        actions.append(NextAction(_("Invite your project team as members."), "projects:members"))
    return actions


def project_counts(project: Project) -> dict[str, int]:
    # Separate counts: one join across all relations would multiply rows on large projects.
    return {
        "members": project.memberships.count(),
        "people": project.people.count(),
        "engagements": project.engagements.count(),
        "decisions": project.decisions.count(),
    }
