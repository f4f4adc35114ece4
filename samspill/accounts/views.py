from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from method.roles import Capability
from samspill.accounts import services, sso
from samspill.accounts.forms import InvitationForm, InvitationSignupForm
from samspill.accounts.models import Invitation, InvitationState
from samspill.core import clock
from samspill.projects.forms import MemberAddForm
from samspill.projects.permissions import ProjectAccess, project_view
from samspill.projects.views import members_context

# Public forms are rate-limited per address, as the open survey link is.
RESET_REQUESTS_PER_HOUR = "10/h"
ACCEPT_POSTS_PER_HOUR = "20/h"
BACKEND = "samspill.accounts.backends.ModelBackend"


def _limited(request, group: str, rate: str) -> bool:
    return is_ratelimited(request, group=group, key="ip", rate=rate, method="POST", increment=True)


# --- Password reset: Django's views, with our templates and two rules of our own.


class PasswordReset(auth_views.PasswordResetView):
    """Always answers "if the address has an account, a link is on its way": the page
    never tells whether an address has an account."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_extra_email_context(self):
        return {"site_url": settings.SITE_URL}

    def get_context_data(self, **kwargs):
        return super().get_context_data(email_on=services.email_configured(), **kwargs)

    def form_valid(self, form):
        # Over the limit or without e-mail, nothing is sent, and the answer is the same.
        if _limited(self.request, "accounts.password_reset", RESET_REQUESTS_PER_HOUR):
            return redirect(self.success_url)
        if not services.email_configured():
            return redirect(self.success_url)
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)


class PasswordResetSent(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def get_user(self, uidb64):
        # A deactivated account's links stop working (docs/accounts.md, site administration).
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- Invitations: the owner's side.


def _issued_response(request, access: ProjectAccess, issued: services.Issued):
    if issued.emailed and settings.EMAIL_REACHES_PEOPLE:
        messages.success(
            request, _("Invitation sent to %(email)s.") % {"email": issued.invitation.email}
        )
        return redirect("projects:members", slug=access.project.slug)
    # Without mail that reaches people, the owner passes the link on; this is its only copy.
    context = {
        "access": access,
        "project": access.project,
        "issued": issued,
        "email_on": services.email_configured(),
    }
    return render(request, "accounts/invitation_link.html", context)


@require_POST
@project_view(Capability.MANAGE)
def invitation_create(request, access: ProjectAccess):
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            issued = services.invitation_create(
                actor=request.user,
                project=access.project,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            return _issued_response(request, access, issued)
    context = members_context(access, MemberAddForm(), invite_form=form)
    return render(request, "projects/members.html", context, status=400)


@require_POST
@project_view(Capability.MANAGE)
def invitation_resend(request, access: ProjectAccess, invitation_uuid):
    invitation = get_object_or_404(access.project.invitations, uuid=invitation_uuid)
    try:
        issued = services.invitation_resend(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("projects:members", slug=access.project.slug)
    return _issued_response(request, access, issued)


@require_POST
@project_view(Capability.MANAGE)
def invitation_revoke(request, access: ProjectAccess, invitation_uuid):
    invitation = get_object_or_404(access.project.invitations, uuid=invitation_uuid)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Invitation revoked; its link no longer works."))
    return redirect("projects:members", slug=access.project.slug)


# --- Invitations: the invitee's side (public; the link is the only key).


def _state_page(request, state: str, status: int):
    return render(request, "accounts/invitation_state.html", {"state": state}, status=status)


def _same_address(user, invitation: Invitation) -> bool:
    return bool(user.email) and user.email.casefold() == invitation.email.strip().casefold()


@never_cache
def invitation_accept(request, token: str):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return _state_page(request, "invalid", 404)
    state = invitation.state(clock.now())
    if state != InvitationState.PENDING:
        return _state_page(request, state.value, 410)
    if invitation.project.is_archived:
        return _state_page(request, "archived", 410)
    context = {"invitation": invitation, "project": invitation.project, "token": token}
    context["sso_name"] = sso.oidc().name if sso.oidc() else ""
    if request.user.is_authenticated:
        return _accept_signed_in(request, invitation, context)
    return _accept_new_account(request, invitation, context)


def _accept_signed_in(request, invitation: Invitation, context: dict):
    """A signed-in person accepts only for the address the invitation went to: on a shared
    computer, the invitation must never join whoever happens to be signed in."""
    same = _same_address(request.user, invitation)
    context["same_address"] = same
    if request.method != "POST":
        return render(request, "accounts/invitation_accept.html", context)
    if not same:
        return render(request, "accounts/invitation_accept.html", context, status=409)
    try:
        services.invitation_accept(invitation=invitation, user=request.user)
    except services.InvitationUnusable as error:
        return _state_page(request, error.state.value, 410)
    messages.success(request, _("Welcome to the project."))
    return redirect(invitation.project.get_absolute_url())


def _accept_new_account(request, invitation: Invitation, context: dict):
    form = InvitationSignupForm(request.POST or None, email=invitation.email)
    context |= {"form": form, "login_url": f"{reverse('login')}?next={request.path}"}
    if request.method != "POST":
        return render(request, "accounts/invitation_accept.html", context)
    if _limited(request, "accounts.invitation_accept", ACCEPT_POSTS_PER_HOUR):
        form.add_error(None, _("Many attempts came from here in the last hour; try again later."))
        return render(request, "accounts/invitation_accept.html", context, status=429)
    if form.is_valid():
        try:
            user, _membership = services.account_create_for_invitation(
                invitation=invitation,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationUnusable as error:
            return _state_page(request, error.state.value, 410)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, _("Your account is ready. Welcome to the project."))
            return redirect(invitation.project.get_absolute_url())
    return render(request, "accounts/invitation_accept.html", context, status=400)
