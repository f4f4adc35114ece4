"""Reads that project views share."""

from django.db.models import Count

from samspill.projects.models import Membership, Project


def memberships_for_user(user, *, archived: bool = False):
    """The user's projects with their role, member and group counts: one query.
    Archived projects are listed apart (`archived=True`), never mixed in."""
    return (
        Membership.objects.filter(user=user, project__archived_at__isnull=not archived)
        .select_related("project")
        .annotate(
            member_count=Count("project__memberships", distinct=True),
            group_count=Count("project__stakeholder_groups", distinct=True),
        )
        .order_by("project__name")
    )


def archived_count(user) -> int:
    return Membership.objects.filter(user=user, project__archived_at__isnull=False).count()


def project_members(project: Project):
    return project.memberships.select_related("user").order_by("user__username")


def project_counts(project: Project) -> dict[str, int]:
    # Separate counts: one join across all relations would multiply rows on large projects.
    return {
        "members": project.memberships.count(),
        "people": project.people.count(),
        "engagements": project.engagements.count(),
        "decisions": project.decisions.count(),
    }
