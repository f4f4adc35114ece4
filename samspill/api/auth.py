"""Bearer tokens (accounts/api_tokens.py), and the one helper every operation calls to
reach a project: the pages' permission helper, then the token's own limits."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django_ratelimit.core import is_ratelimited
from ninja.security import HttpBearer

from method.roles import Capability
from samspill.accounts.api_tokens import token_for_secret
from samspill.accounts.models import ApiToken, TokenScope
from samspill.projects.permissions import SAFE_METHODS, ProjectAccess, project_for_user


class RateLimited(Exception):
    pass


class TokenOutOfScope(PermissionDenied):
    """The user may do this, but the token was not given the project or write access."""


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str) -> ApiToken | None:
        api_token = token_for_secret(token)
        if api_token is None:
            return None
        request.user = api_token.user
        if is_ratelimited(
            request,
            group="api",
            key=lambda group, req: f"token:{api_token.pk}",
            rate=settings.API_RATE_LIMIT,
            increment=True,
        ):
            raise RateLimited
        return api_token


@dataclass(frozen=True, slots=True)
class ApiAccess:
    token: ApiToken
    access: ProjectAccess

    @property
    def project(self):
        return self.access.project

    @property
    def user(self):
        return self.token.user


def api_project(request, slug: str, capability: Capability) -> ApiAccess:
    """404 to a user who is not a member, 403 to one whose role lacks `capability` (both
    as on the pages, through project_for_user), then 403 when the token does not name the
    project or is read-only and the request writes."""
    token: ApiToken = request.auth
    unsafe = request.method not in SAFE_METHODS
    access = project_for_user(token.user, slug, capability, unsafe=unsafe)
    if not token.projects.filter(pk=access.project.pk).exists():
        raise TokenOutOfScope("This token is not valid for this project.")
    if unsafe and token.scope != TokenScope.WRITE:
        raise TokenOutOfScope("This token may only read.")
    return ApiAccess(token=token, access=access)
