"""Single sign-on and two-factor login, on django-allauth (docs/accounts.md).

allauth does the protocols (OpenID Connect, TOTP, WebAuthn). Samspill decides who may get
an account, which session backend a login gets, who must use two-factor login, and what a
person sees when the identity provider is down. The login page stays Samspill's own
(django-axes, LoginForm); after the password it hands over to allauth's login stages, so a
second factor is asked for when the account has one.
"""

import logging

import requests
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import perform_password_login
from allauth.account.models import Login
from allauth.account.signals import user_logged_in as allauth_user_logged_in
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.utils import is_mfa_enabled
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.conf import settings
from django.contrib.auth import login as django_login
from django.contrib.auth.middleware import RemoteUserMiddleware
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse

from method.roles import Role
from samspill.accounts import site
from samspill.accounts.auth_config import header_meta_key
from samspill.projects.models import Membership

logger = logging.getLogger(__name__)

# Every session, however it signed in, is checked by this backend (generation, site admin).
SESSION_BACKEND = "samspill.accounts.backends.ModelBackend"
# The invitation a person is accepting through single sign-on (set by a POST, read once).
INVITATION_KEY = "samspill_sso_invitation"
# Set once the two-factor rule has been checked for this session.
TWO_FACTOR_CHECKED_KEY = "samspill_2fa_checked"


def oidc():
    """The OpenID Connect configuration (auth_config.Oidc), or None when it is off."""
    return settings.AUTH.oidc


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def password_login(request, form, redirect_url: str):
    """After LoginForm accepted the password: allauth's login stages (two-factor), then the
    session. Replaces Django's `login()` in the login view."""
    user = form.get_user()
    credentials = {"username": form.cleaned_data.get("username")}
    return perform_password_login(request, credentials, Login(user=user, redirect_url=redirect_url))


def local_login_refused(user) -> bool:
    """With SAMSPILL_LOCAL_LOGIN_ADMINS_ONLY, only site admins sign in with a password kept
    here; everyone else uses single sign-on (an LDAP password is not kept here)."""
    return (
        settings.AUTH.local_login_admins_only
        and user.has_usable_password()
        and not site.is_site_admin(user)
    )


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Accounts come from invitations (views.py), the site admin or single sign-on.
        return False

    def login(self, request, user) -> None:
        user.backend = SESSION_BACKEND
        django_login(request, user)


def _invitation_for_sso(request, email: str):
    from samspill.accounts import services
    from samspill.accounts.models import InvitationState
    from samspill.core import clock

    token = request.session.get(INVITATION_KEY)
    invitation = services.invitation_for_token(token) if token else None
    if invitation is None or invitation.state(clock.now()) != InvitationState.PENDING:
        return None
    if not email or invitation.email.strip().casefold() != email.strip().casefold():
        return None
    return invitation


def _login_email(sociallogin) -> str:
    if sociallogin.email_addresses:
        return sociallogin.email_addresses[0].email
    return getattr(sociallogin.user, "email", "") or ""


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        """A new account through single sign-on: for an address in the allowed domains
        (SAMSPILL_OIDC_CREATE_ACCOUNTS), or for the address of the invitation being
        accepted. Anyone else is told to ask for an invitation."""
        email = _login_email(sociallogin)
        config = oidc()
        if config and config.create_accounts and email_domain(email) in config.allowed_domains:
            return True
        if _invitation_for_sso(request, email) is not None:
            return True
        context = {"sso_name": config.name if config else ""}
        raise ImmediateHttpResponse(
            render(request, "accounts/sso_no_account.html", context, status=403)
        )

    def on_authentication_error(self, request, provider, error=None, exception=None, **kw):
        if isinstance(exception, requests.RequestException):
            raise ImmediateHttpResponse(_unavailable(request, exception))
        logger.warning("Single sign-on refused: %s %r", error, exception)

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        return True

    def is_email_verified(self, provider, email) -> bool:
        config = oidc()
        if config and config.trust_email:
            return True
        return super().is_email_verified(provider, email)

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        claims = sociallogin.account.extra_data.get("userinfo") or {}
        preferred = claims.get("preferred_username") or _login_email(sociallogin).partition("@")[0]
        user.username = str(preferred)[:150]
        return user


def _claimed_groups(sociallogin) -> set[str]:
    config = oidc()
    data = sociallogin.account.extra_data
    groups: list = []
    for part in ("userinfo", "id_token"):
        value = (data.get(part) or {}).get(config.groups_claim)
        if isinstance(value, list):
            groups += [str(g) for g in value]
        elif isinstance(value, str):
            groups.append(value)
    return set(groups)


@receiver(allauth_user_logged_in)
def sync_site_admin_from_groups(sender, request, user, sociallogin=None, **kwargs):
    """SAMSPILL_OIDC_ADMIN_GROUPS: the provider's groups claim decides who is site admin,
    at every single sign-on. The last site admin is never taken away (site.py)."""
    config = oidc()
    if sociallogin is None or config is None or not config.admin_groups:
        return
    in_group = bool(_claimed_groups(sociallogin) & set(config.admin_groups))
    try:
        if in_group:
            site.site_admin_grant(actor=None, user=user)
        elif site.is_site_admin(user) and not user.is_superuser:
            site.site_admin_revoke(actor=None, user=user)
    except ValidationError as error:
        logger.warning("Site admin from groups not changed for %s: %s", user, error.messages)


# --- The identity provider's pages, with a clear answer when it cannot be reached.


def _unavailable(request, error: Exception):
    logger.warning("Single sign-on provider unreachable: %s", error)
    return render(
        request,
        "accounts/sso_unavailable.html",
        {"sso_name": oidc().name if oidc() else ""},
        status=503,
    )


def oidc_login(request, provider_id: str):
    try:
        return oidc_views.login(request, provider_id)
    except (requests.RequestException, ValueError) as error:
        return _unavailable(request, error)


def oidc_callback(request, provider_id: str):
    try:
        return oidc_views.callback(request, provider_id)
    except (requests.RequestException, ValueError) as error:
        return _unavailable(request, error)


# --- Two-factor login required for owners and site admins (SAMSPILL_REQUIRE_2FA).

_TWO_FACTOR_FREE = ("/accounts/2fa/", "/accounts/logout/", "/accounts/reauthenticate/", "/i18n/")


def two_factor_needed(user) -> bool:
    """Owners and site admins with a password kept here must have a second factor. Single
    sign-on and LDAP accounts have no local password: their provider's rules apply."""
    if not user.has_usable_password() or is_mfa_enabled(user):
        return False
    if site.is_site_admin(user):
        return True
    return Membership.objects.filter(user=user, role=Role.OWNER.value).exists()


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.AUTH.require_2fa and self._must_set_up(request):
            return redirect(f"{reverse('mfa_activate_totp')}")
        return self.get_response(request)

    def _must_set_up(self, request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.has_usable_password():
            return False
        if request.session.get(TWO_FACTOR_CHECKED_KEY):
            return False
        if request.path.startswith(_TWO_FACTOR_FREE) or request.path.startswith(
            settings.STATIC_URL
        ):
            return False
        if is_mfa_enabled(user):
            # Remembered for the session: the next requests cost no query.
            request.session[TWO_FACTOR_CHECKED_KEY] = True
            return False
        return two_factor_needed(user)


# --- A trusted reverse proxy names the user (SAMSPILL_REMOTE_USER_HEADER, off by default).


class ProxyHeaderMiddleware(RemoteUserMiddleware):
    """Django's RemoteUserMiddleware, reading only the configured header. Whoever can send
    that header to Samspill can sign in as anyone: docs/accounts.md says what the proxy
    must do."""

    @property
    def header(self) -> str:
        return header_meta_key(settings.AUTH.remote_user_header)
