"""What the project-level management commands share: the project and who acts."""

from django.core.management.base import CommandError

from samspill.projects.models import Project


def project_by_slug(slug: str) -> Project:
    try:
        return Project.objects.get(slug=slug)
    except Project.DoesNotExist:
        raise CommandError(f"No project with the slug {slug!r}.") from None


def acting_member(project: Project, username: str | None):
    """The member named, who must belong to the project; by default its first owner, so
    the audit trail names a person (None only for a project without owners)."""
    memberships = project.memberships.select_related("user")
    if username:
        membership = memberships.filter(user__username=username).first()
        if membership is None:
            raise CommandError(f"{username!r} is not a member of this project.")
        return membership.user
    owner = memberships.filter(role="owner").order_by("created_at").first()
    return owner.user if owner else None
