"""The one way every project view and API call resolves a project for a user.

A user who is not a member gets 404, so a project's existence never leaks; a member
whose role lacks the capability gets 403. An archived project is read-only for every role:
it refuses every capability that changes content and every unsafe request (POST and the
like) with 403, except in the few views that exist for archived projects (restore, delete).
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from method.roles import ROLE_CAPABILITIES, Capability, Role, role_allows
from samspill.audit.readcache import version_subquery
from samspill.projects.models import Membership, Project

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Pages behind these only exist to change content; an archived project shows none of them.
WRITE_CAPABILITIES = frozenset({Capability.EDIT, Capability.COMMENT})


class ProjectArchived(PermissionDenied):
    """A write to an archived project. The 403 page says why."""

    def __init__(self):
        super().__init__("archived")


@dataclass(frozen=True, slots=True)
class ProjectAccess:
    project: Project
    membership: Membership
    # The project's version (audit/readcache.py) when the access was read; None if unread.
    version: str | None = None

    @property
    def role(self) -> Role:
        return Role(self.membership.role)

    def can(self, capability: Capability | str) -> bool:
        return role_allows(self.role, Capability(capability))

    @property
    def capabilities(self) -> frozenset[str]:
        """For templates: {% if "manage" in access.capabilities %}. An archived project
        offers no edit or comment buttons; owners keep "manage" to restore or delete it."""
        granted = ROLE_CAPABILITIES[self.role]
        if self.project.is_archived:
            granted = granted - WRITE_CAPABILITIES
        return frozenset(c.value for c in granted)


def project_for_user(
    user,
    slug: str,
    capability: Capability,
    *,
    unsafe: bool = False,
    allow_archived: bool = False,
) -> ProjectAccess:
    """`unsafe` says the request may change something (any method but GET, HEAD, OPTIONS)."""
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("project")
        .annotate(project_version=version_subquery())
        .filter(project__slug=slug, user=user)
        .first()
    )
    if membership is None:
        raise Http404
    access = ProjectAccess(
        project=membership.project,
        membership=membership,
        version=membership.project_version or "0",
    )
    if not access.can(capability):
        raise PermissionDenied
    archived_write = unsafe or Capability(capability) in WRITE_CAPABILITIES
    if access.project.is_archived and archived_write and not allow_archived:
        raise ProjectArchived
    return access


def project_view(capability: Capability, *, allow_archived: bool = False):
    """Decorate a view taking (request, access, ...) instead of (request, slug, ...).

    `allow_archived` is only for the views that act on an archived project as such
    (restore, delete); every other view refuses writes to an archived project."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, slug: str, *args, **kwargs):
            access = project_for_user(
                request.user,
                slug,
                capability,
                unsafe=request.method not in SAFE_METHODS,
                allow_archived=allow_archived,
            )
            request.project_access = access
            return view(request, access, *args, **kwargs)

        wrapper.required_capability = capability
        return wrapper

    return decorator
