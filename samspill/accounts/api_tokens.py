"""API tokens: made, used and revoked here, and nowhere else (docs/api.md, "Tokens").

The secret is `ssp_` and 43 URL-safe characters (32 random bytes). Only its SHA-256 is
stored (core/tokens.py), so a copy of the database opens nothing. Making and revoking a
token is audited; the secret never reaches the trail.
"""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from method.roles import Capability, Role, role_allows
from samspill.accounts.models import ApiToken, TokenKind, TokenScope
from samspill.audit.models import AuditAction
from samspill.audit.services import audit_record, save_created
from samspill.core import clock
from samspill.core.tokens import token_hash
from samspill.projects.models import Membership, Project

PREFIX = "ssp_"
MAX_DAYS = 366
DEFAULT_DAYS = 90
AUDITED = ["name", "kind", "scope", "expires_at"]
# last_used_at is written at most once a minute per token, so reads stay reads.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Issued:
    token: ApiToken
    secret: str  # the only copy: shown once, never stored


def _new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def token_create(
    *,
    actor: AbstractBaseUser,
    name: str,
    projects: list[Project],
    scope: str,
    days: int = DEFAULT_DAYS,
    kind: str = TokenKind.PERSONAL,
) -> Issued:
    """A token for `actor`, limited to `projects` (each one they are a member of) and to
    `scope`. A service token names exactly one project, and only its owners make one."""
    if not projects:
        raise ValidationError(_("Choose at least one project."))
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(_("A token lasts from 1 to %(max)s days.") % {"max": MAX_DAYS})
    if scope not in TokenScope.values or kind not in TokenKind.values:
        raise ValidationError(_("Choose read or read-write access."))
    roles = dict(
        Membership.objects.filter(user=actor, project__in=projects).values_list(
            "project_id", "role"
        )
    )
    if any(project.pk not in roles for project in projects):
        raise ValidationError(_("You can only give a token projects you are a member of."))
    if kind == TokenKind.SERVICE and (
        len(projects) != 1 or not role_allows(Role(roles[projects[0].pk]), Capability.MANAGE)
    ):
        raise ValidationError(_("A service token names one project you own."))
    now = clock.now()
    secret = _new_secret()
    token = ApiToken(
        user=actor,
        kind=kind,
        name=name.strip(),
        prefix=secret[: len(PREFIX) + 6],
        token_hash=token_hash(secret),
        scope=scope,
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    with transaction.atomic():
        save_created(
            actor=actor,
            project=projects[0] if kind == TokenKind.SERVICE else None,
            obj=token,
            fields=AUDITED,
            relations={"projects": projects},
        )
    return Issued(token=token, secret=secret)


def token_revoke(*, actor: AbstractBaseUser | None, token: ApiToken) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        project = token.projects.first() if token.kind == TokenKind.SERVICE else None
        audit_record(
            actor=actor,
            project=project,
            action=AuditAction.UPDATE,
            obj=token,
            changes={"revoked_at": [None, token.revoked_at.astimezone(dt.UTC).isoformat()]},
        )
    return token


def tokens_revoke_for_user(*, actor, user: AbstractBaseUser) -> int:
    """Revoke every live token of `user` (their account is being deactivated)."""
    live = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    count = 0
    for token in live:
        token_revoke(actor=actor, token=token)
        count += 1
    return count


def token_for_secret(secret: str) -> ApiToken | None:
    """The usable token behind `secret`, or None (unknown, revoked, expired, user gone).
    Marks it used."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=token_hash(secret)).first()
    now = clock.now()
    if token is None or not token.is_usable(now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def tokens_of(user: AbstractBaseUser):
    return ApiToken.objects.filter(user=user).prefetch_related("projects")


def service_tokens_of(project: Project):
    return (
        ApiToken.objects.filter(kind=TokenKind.SERVICE, projects=project)
        .select_related("user")
        .prefetch_related("projects")
    )
