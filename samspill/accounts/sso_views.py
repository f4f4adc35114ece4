"""The login page, and accepting an invitation through single sign-on."""

import requests
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from samspill.accounts import services, sso
from samspill.accounts.auth_config import OIDC_PROVIDER_ID
from samspill.accounts.models import InvitationState
from samspill.core import clock
from samspill.core.login import LoginForm


class SignInForm(LoginForm):
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if sso.local_login_refused(user):
            name = sso.oidc().name if sso.oidc() else _("single sign-on")
            raise ValidationError(
                _("Passwords kept here are for site admins only. Sign in with %(name)s.")
                % {"name": name},
                code="local_login_off",
            )


def sso_context() -> dict:
    config = sso.oidc()
    return {
        "sso_name": config.name if config else "",
        "sso_login_url": (
            reverse("openid_connect_login", kwargs={"provider_id": OIDC_PROVIDER_ID})
            if config
            else ""
        ),
        "local_login_admins_only": settings.AUTH.local_login_admins_only,
    }


class LoginView(auth_views.LoginView):
    """Django's login view and form (django-axes counts the failures), handing over to
    allauth after the password so that a second factor is asked for."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | sso_context()

    def form_valid(self, form):
        return sso.password_login(self.request, form, self.get_success_url())


def _pending(token: str):
    invitation = services.invitation_for_token(token)
    if invitation is None or invitation.state(clock.now()) != InvitationState.PENDING:
        return None
    return invitation


@require_POST
def invitation_sso(request, token: str):
    """Starts single sign-on for an invitation. The token goes into the session only here,
    behind the CSRF check, so a link alone can never join someone to a project."""
    config = sso.oidc()
    invitation = _pending(token)
    if config is None or invitation is None or invitation.project.is_archived:
        return redirect("accounts:invitation_accept", token=token)
    request.session[sso.INVITATION_KEY] = token
    provider = get_social_adapter().get_provider(request, OIDC_PROVIDER_ID)
    done = reverse("accounts:invitation_sso_done", kwargs={"token": token})
    try:
        return provider.redirect(request, "login", next_url=done)
    except (requests.RequestException, ValueError) as error:
        return sso._unavailable(request, error)


@never_cache
@login_required
def invitation_sso_done(request, token: str):
    """Back from the identity provider: joins the project if this session started single
    sign-on for this invitation and the account has the invited address."""
    started = request.session.pop(sso.INVITATION_KEY, None)
    invitation = _pending(token)
    if (
        started != token
        or invitation is None
        or invitation.project.is_archived
        or not request.user.email
        or request.user.email.casefold() != invitation.email.strip().casefold()
    ):
        # The invitation page says what is wrong (used, expired, another address).
        return redirect("accounts:invitation_accept", token=token)
    try:
        services.invitation_accept(invitation=invitation, user=request.user)
    except services.InvitationUnusable:
        return redirect("accounts:invitation_accept", token=token)
    messages.success(request, _("Welcome to the project."))
    return redirect(invitation.project.get_absolute_url())
