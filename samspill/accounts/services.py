"""Writes for invitations and the accounts they create. Each validates, saves and audits."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from method.roles import Role
from samspill.accounts import tokens
from samspill.accounts.models import Invitation, InvitationState
from samspill.audit.models import AuditAction
from samspill.audit.services import audit_record, creation, diff, snapshot
from samspill.core import clock
from samspill.core.mail import email_configured
from samspill.projects.models import Membership, Project
from samspill.projects.services import membership_add

logger = logging.getLogger(__name__)

AUDITED = ["email", "role", "expires_at"]


class InvitationUnusable(Exception):
    """The link is expired, used or revoked; `state` says which."""

    def __init__(self, state: InvitationState):
        super().__init__(state)
        self.state = state


@dataclass(frozen=True)
class Issued:
    """A fresh link. `link` is the only copy of the token; it is shown once or mailed."""

    invitation: Invitation
    link: str
    emailed: bool


def _lifetime() -> dt.timedelta:
    return dt.timedelta(days=settings.INVITATION_DAYS)


def accept_url(token: str) -> str:
    return settings.SITE_URL + reverse("accounts:invitation_accept", args=[token])


def _message(invitation: Invitation, link: str, inviter: AbstractBaseUser) -> EmailMessage:
    project = invitation.project
    with translation.override(project.language):
        subject = _("You are invited to the Samspill project “%(project)s”") % {
            "project": project.name
        }
        lines = [
            _("%(inviter)s invites you to the project “%(project)s” as %(role)s.")
            % {
                "inviter": inviter.get_full_name() or inviter.get_username(),
                "project": project.name,
                "role": invitation.get_role_display().lower(),
            },
            "",
            _("Open this link to accept. It works once, until %(date)s:")
            % {"date": date_format(localtime(invitation.expires_at).date(), "DATE_FORMAT")},
            link,
            "",
            _("If you did not expect this, you can ignore this e-mail."),
        ]
    return EmailMessage(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [invitation.email])


def _issue(invitation: Invitation, now: dt.datetime) -> str:
    """Give the invitation a new token and expiry; returns the link, the token's only copy."""
    token = tokens.new_token()
    invitation.token_hash = tokens.token_hash(token)
    invitation.sent_at = now
    invitation.expires_at = now + _lifetime()
    return accept_url(token)


def _send(invitation: Invitation, link: str, actor: AbstractBaseUser) -> bool:
    if not email_configured():
        return False
    try:
        _message(invitation, link, actor).send()
    except Exception:  # a mail failure must not lose the invitation: the link is shown instead
        logger.exception("Invitation %s could not be e-mailed", invitation.uuid)
        return False
    return True


def _check_invitable(project: Project, email: str) -> None:
    if Membership.objects.filter(project=project, user__email__iexact=email).exists():
        raise ValidationError(_("A member of this project already uses this address."))
    pending = Invitation.objects.filter(
        project=project,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=clock.now(),
    )
    if pending.exists():
        raise ValidationError(
            _("This address already has an invitation waiting. Re-send it from the list.")
        )


@transaction.atomic
def invitation_create(
    *, actor: AbstractBaseUser, project: Project, email: str, role: str = Role.VIEWER
) -> Issued:
    email = email.strip()
    _check_invitable(project, email)
    now = clock.now()
    invitation = Invitation(
        project=project,
        email=email,
        role=Role(role).value,
        invited_by=actor,
        created_at=now,
    )
    link = _issue(invitation, now)
    invitation.full_clean()
    invitation.save()
    audit_record(
        actor=actor,
        project=project,
        action=AuditAction.CREATE,
        obj=invitation,
        changes=creation(snapshot(invitation, AUDITED)),
    )
    emailed = _send(invitation, link, actor)
    return Issued(invitation=invitation, link=link, emailed=emailed)


@transaction.atomic
def invitation_resend(*, actor: AbstractBaseUser, invitation: Invitation) -> Issued:
    """A new link with a new expiry; the old link stops working."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    state = invitation.state(clock.now())
    if state not in (InvitationState.PENDING, InvitationState.EXPIRED):
        raise ValidationError(_("Only a waiting or expired invitation can be sent again."))
    before = snapshot(invitation, ["expires_at"])
    link = _issue(invitation, clock.now())
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    audit_record(
        actor=actor,
        project=invitation.project,
        action=AuditAction.UPDATE,
        obj=invitation,
        changes=diff(before, snapshot(invitation, ["expires_at"])),
    )
    emailed = _send(invitation, link, actor)
    return Issued(invitation=invitation, link=link, emailed=emailed)


@transaction.atomic
def invitation_revoke(*, actor: AbstractBaseUser, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state(clock.now()) != InvitationState.PENDING:
        raise ValidationError(_("Only a waiting invitation can be revoked."))
    before = snapshot(invitation, ["revoked_at"])
    invitation.revoked_at = clock.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        project=invitation.project,
        action=AuditAction.UPDATE,
        obj=invitation,
        changes=diff(before, snapshot(invitation, ["revoked_at"])),
    )
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link names, in any state; None for a link that never existed."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("project", "invited_by")
        .filter(token_hash=tokens.token_hash(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: AbstractBaseUser) -> Membership:
    """Make `user` a member with the invited role. The caller has made sure `user` is the
    person invited (views compare the signed-in account's address, see views.py)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    state = invitation.state(clock.now())
    if state != InvitationState.PENDING:
        raise InvitationUnusable(state)
    project = invitation.project
    if project.is_archived:
        raise InvitationUnusable(InvitationState.REVOKED)  # views explain archiving first
    membership = Membership.objects.filter(project=project, user=user).first()
    if membership is None:
        membership = membership_add(actor=user, project=project, user=user, role=invitation.role)
    before = snapshot(invitation, ["accepted_at", "accepted_by"])
    invitation.accepted_at = clock.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=user,
        project=project,
        action=AuditAction.UPDATE,
        obj=invitation,
        changes=diff(before, snapshot(invitation, ["accepted_at", "accepted_by"])),
    )
    return membership


@transaction.atomic
def account_create_for_invitation(
    *, invitation: Invitation, username: str, password: str
) -> tuple[AbstractBaseUser, Membership]:
    """A new account for the invited address, and its membership: both or neither."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    state = invitation.state(clock.now())
    if state != InvitationState.PENDING:
        raise InvitationUnusable(state)
    user_model = get_user_model()
    user = user_model(username=username, email=invitation.email)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    # Site level: the account outlives any one project.
    audit_record(
        actor=user,
        project=None,
        action=AuditAction.CREATE,
        obj=user,
        object_repr=user.get_username(),
        changes=creation({"username": user.get_username(), "invitation": str(invitation.uuid)}),
    )
    return user, invitation_accept(invitation=invitation, user=user)
