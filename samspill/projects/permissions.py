"""The one way every project view and API call resolves a project for a user.

A user who is not a member gets 404, so a project's existence never leaks; a member
whose role lacks the capability gets 403.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from method.roles import ROLE_CAPABILITIES, Capability, Role, role_allows
from samspill.projects.models import Membership, Project


@dataclass(frozen=True, slots=True)
class ProjectAccess:
    project: Project
    membership: Membership

    @property
    def role(self) -> Role:
        return Role(self.membership.role)

    def can(self, capability: Capability | str) -> bool:
        return role_allows(self.role, Capability(capability))

    @property
    def capabilities(self) -> frozenset[str]:
        """For templates: {% if "manage" in access.capabilities %}."""
        return frozenset(c.value for c in ROLE_CAPABILITIES[self.role])


def project_for_user(user, slug: str, capability: Capability) -> ProjectAccess:
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("project").filter(project__slug=slug, user=user).first()
    )
    if membership is None:
        raise Http404
    access = ProjectAccess(project=membership.project, membership=membership)
    if not access.can(capability):
        raise PermissionDenied
    return access


def project_view(capability: Capability):
    """Decorate a view taking (request, access, ...) instead of (request, slug, ...)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, slug: str, *args, **kwargs):
            access = project_for_user(request.user, slug, capability)
            request.project_access = access
            return view(request, access, *args, **kwargs)

        wrapper.required_capability = capability
        return wrapper

    return decorator
