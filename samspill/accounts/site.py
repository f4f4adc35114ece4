"""Site administration: who is a site admin, and what a site admin does to accounts.

Every write validates, saves and records a site-level audit entry (no project), except the
ownership transfer, whose membership changes also go into each project's own trail.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from method.roles import Role
from samspill.accounts import api_tokens
from samspill.accounts.models import SiteAccount
from samspill.audit.models import AuditAction, AuditEntry
from samspill.audit.services import audit_record, creation
from samspill.core.mail import email_configured
from samspill.projects.models import Membership, Project
from samspill.projects.services import membership_add, membership_change_role

logger = logging.getLogger(__name__)

# The session key holding the account's session generation when the session signed in.
GENERATION_KEY = "samspill_generation"


# --- Who is a site admin.


def is_site_admin(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    account = _cached_site_account(user)
    return account is not None and account.is_site_admin


def _cached_site_account(user) -> SiteAccount | None:
    """The account's SiteAccount, as the auth backend loaded it with the user (no query)."""
    try:
        return user.site_account
    except SiteAccount.DoesNotExist:
        return None


def site_admins():
    """Active accounts that are site admins, superusers included."""
    return get_user_model().objects.filter(
        Q(is_superuser=True) | Q(site_account__is_site_admin=True), is_active=True
    )


def _site_account(user: AbstractBaseUser) -> SiteAccount:
    account, _created = SiteAccount.objects.select_for_update().get_or_create(user=user)
    user.site_account = account  # the caller's copy of the user sees the change
    return account


def _record(actor, user: AbstractBaseUser, changes: dict, action=AuditAction.UPDATE) -> None:
    """A site-level entry on the account. Its keys ("active", "site_admin", ...) are not
    the User model's field names on purpose: `audit reconcile` compares recorded fields with
    the rows, and accounts made elsewhere (invitations, createsuperuser) never record them.
    An account the trail has not named before (made by createsuperuser) gets its username
    recorded with its first entry, as an account made through an invitation has.
    """
    known = AuditEntry.objects.filter(object_type="auth.user", object_id=str(user.pk))
    if action != AuditAction.CREATE and not known.exists():
        changes = {"username": [None, user.get_username()], **changes}
    audit_record(
        actor=actor,
        project=None,
        action=action,
        obj=user,
        object_repr=user.get_username(),
        changes=changes,
    )


def _ensure_another_admin_remains(user: AbstractBaseUser) -> None:
    others = site_admins().exclude(pk=user.pk)
    if is_site_admin(user) and not others.exists():
        raise ValidationError(
            _("%(user)s is the last site admin. Make someone else site admin first.")
            % {"user": user.get_username()}
        )


@transaction.atomic
def site_admin_grant(*, actor, user: AbstractBaseUser) -> SiteAccount:
    account = _site_account(user)
    if not account.is_site_admin:
        account.is_site_admin = True
        account.save(update_fields=["is_site_admin"])
        _record(actor, user, {"site_admin": [False, True]})
    return account


@transaction.atomic
def site_admin_revoke(*, actor, user: AbstractBaseUser) -> SiteAccount:
    account = _site_account(user)
    if user.is_superuser:
        raise ValidationError(
            _("%(user)s is a superuser, and a superuser is always a site admin.")
            % {"user": user.get_username()}
        )
    if account.is_site_admin:
        list(SiteAccount.objects.select_for_update().filter(is_site_admin=True))
        _ensure_another_admin_remains(user)
        account.is_site_admin = False
        account.save(update_fields=["is_site_admin"])
        _record(actor, user, {"site_admin": [True, False]})
    return account


@transaction.atomic
def admin_create(*, username: str, email: str, password: str) -> AbstractBaseUser:
    """A new active account that is a site admin (`samspill createadmin`)."""
    from django.contrib.auth import password_validation

    user = get_user_model()(username=username, email=email)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    SiteAccount.objects.create(user=user, is_site_admin=True)
    _record(
        None,
        user,
        creation({"username": username, "site_admin": True}),
        action=AuditAction.CREATE,
    )
    return user


# --- Deactivation and its sessions.


@transaction.atomic
def user_deactivate(*, actor, user: AbstractBaseUser) -> AbstractBaseUser:
    """Stop the account from signing in, and end every session it has: at its next
    request a session signed in before now is signed out (middleware.py)."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if not user.is_active:
        raise ValidationError(_("%(user)s is already deactivated.") % {"user": user.get_username()})
    list(SiteAccount.objects.select_for_update().filter(is_site_admin=True))
    _ensure_another_admin_remains(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    account = _site_account(user)
    account.session_generation += 1
    account.save(update_fields=["session_generation"])
    _record(actor, user, {"active": [True, False]})
    # Its API tokens end with it, and stay ended if the account is reactivated.
    api_tokens.tokens_revoke_for_user(actor=actor, user=user)
    return user


@transaction.atomic
def user_activate(*, actor, user: AbstractBaseUser) -> AbstractBaseUser:
    """Let the account sign in again. Its old sessions stay ended: it signs in afresh."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        raise ValidationError(_("%(user)s is already active.") % {"user": user.get_username()})
    user.is_active = True
    user.save(update_fields=["is_active"])
    _record(actor, user, {"active": [False, True]})
    return user


def session_generation(user: AbstractBaseUser) -> int:
    account = _cached_site_account(user)
    return account.session_generation if account is not None else 0


def stored_session_generation(user: AbstractBaseUser) -> int:
    generation = (
        SiteAccount.objects.filter(user=user).values_list("session_generation", flat=True).first()
    )
    return generation or 0


def session_revoked(user: AbstractBaseUser, signed_in_generation) -> bool:
    """Whether a session of `user` signed in under `signed_in_generation` has been ended.
    A session without one (signed in before this was kept) counts as generation 0."""
    if not isinstance(signed_in_generation, int):
        signed_in_generation = 0
    return signed_in_generation < session_generation(user)


# --- Password reset by a site admin.


@dataclass(frozen=True)
class ResetLink:
    user: AbstractBaseUser
    link: str
    emailed: bool


def reset_link(user: AbstractBaseUser) -> str:
    """Django's one-time reset link for the account (accounts' reset machinery)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_URL + path


def _reset_message(user: AbstractBaseUser, link: str) -> EmailMessage:
    uid, token = link.rstrip("/").rsplit("/", 2)[-2:]
    context = {"uid": uid, "token": token, "user": user, "site_url": settings.SITE_URL}
    subject = "".join(render_to_string("accounts/password_reset_subject.txt", context).splitlines())
    body = render_to_string("accounts/password_reset_email.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@transaction.atomic
def password_reset_send(
    *, actor, user: AbstractBaseUser, language: str = "", send: bool = True
) -> ResetLink:
    """Make a reset link for an active account and, with `send`, e-mail it when mail is set
    up. The link is never stored or audited; the entry says only that one was made and how
    it went."""
    if not user.is_active:
        raise ValidationError(
            _("%(user)s is deactivated. Reactivate the account first.")
            % {"user": user.get_username()}
        )
    link = reset_link(user)
    emailed = False
    if send and email_configured() and user.email:
        try:
            with translation.override(language or translation.get_language()):
                _reset_message(user, link).send()
            emailed = True
        except Exception:  # the admin is shown the link instead
            logger.exception("Password reset for %s could not be e-mailed", user.pk)
    _record(
        actor,
        user,
        {"password_reset": [None, "e-mailed" if emailed else "link shown"]},
        action=AuditAction.UPDATE,
    )
    return ResetLink(user=user, link=link, emailed=emailed)


# --- Ownership transfer.


def solely_owned(user: AbstractBaseUser):
    """Projects where `user` is an owner and no other active account is."""
    other_owners = Membership.objects.filter(role=Role.OWNER, user__is_active=True).exclude(
        user=user
    )
    return (
        Project.objects.filter(memberships__user=user, memberships__role=Role.OWNER)
        .exclude(pk__in=other_owners.values("project"))
        .order_by("name")
    )


@transaction.atomic
def ownership_transfer(
    *, actor, user: AbstractBaseUser, new_owner: AbstractBaseUser
) -> list[Project]:
    """Make `new_owner` an owner of every project `user` alone owns. Only for a
    deactivated `user` and an active `new_owner`. `user` keeps their membership."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        raise ValidationError(_("Deactivate the account before transferring its projects."))
    new_owner = get_user_model().objects.get(pk=new_owner.pk)
    if not new_owner.is_active or new_owner.pk == user.pk:
        raise ValidationError(_("Choose another, active account as the new owner."))
    projects = list(solely_owned(user))
    for project in projects:
        membership = Membership.objects.filter(project=project, user=new_owner).first()
        if membership is None:
            membership_add(actor=actor, project=project, user=new_owner, role=Role.OWNER)
        else:
            membership_change_role(actor=actor, membership=membership, role=Role.OWNER)
    if projects:
        _record(
            actor,
            user,
            {
                "projects_transferred": [
                    None,
                    {"to": new_owner.get_username(), "projects": [p.slug for p in projects]},
                ]
            },
        )
    return projects


# --- The list.


def users_list(query: str = ""):
    users = get_user_model().objects.select_related("site_account").order_by("username")
    query = query.strip()[:100]
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    return users.prefetch_related("memberships__project")


def user_for_username(username: str) -> AbstractBaseUser | None:
    return get_user_model().objects.filter(username=username).first()
