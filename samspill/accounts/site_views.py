"""The Users page: site administration in the app. Only site admins reach it; to everyone
else signed in, it does not exist (404). Anonymous visitors are sent to log in."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from samspill.accounts import services, site
from samspill.accounts.forms import OwnershipTransferForm
from samspill.core.query import query_text

SHOWN_AT_MOST = 200


def site_admin_view(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not site.is_site_admin(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


def _account(user_id: int):
    return get_object_or_404(get_user_model(), pk=user_id)


def _back():
    return redirect("accounts:site_users")


def _error(request, error: ValidationError):
    messages.error(request, " ".join(error.messages))
    return _back()


@require_GET
@site_admin_view
def users(request):
    query = query_text(request, "q", 100)
    found = site.users_list(query)
    count = found.count()
    rows = []
    for account in found[:SHOWN_AT_MOST]:
        sole = list(site.solely_owned(account)) if not account.is_active else []
        rows.append(
            {
                "account": account,
                "site_admin": account.is_superuser
                or getattr(getattr(account, "site_account", None), "is_site_admin", False),
                "memberships": sorted(
                    account.memberships.all(), key=lambda m: m.project.name.casefold()
                ),
                "solely_owned": sole,
                "transfer_form": OwnershipTransferForm(user=account) if sole else None,
            }
        )
    context = {"rows": rows, "query": query, "count": count, "shown_at_most": SHOWN_AT_MOST}
    return render(request, "accounts/site_users.html", context)


@require_POST
@site_admin_view
def user_deactivate(request, user_id: int):
    account = _account(user_id)
    try:
        site.user_deactivate(actor=request.user, user=account)
    except ValidationError as error:
        return _error(request, error)
    messages.success(
        request,
        _("%(user)s is deactivated and signed out everywhere.") % {"user": account.get_username()},
    )
    return _back()


@require_POST
@site_admin_view
def user_activate(request, user_id: int):
    account = _account(user_id)
    try:
        site.user_activate(actor=request.user, user=account)
    except ValidationError as error:
        return _error(request, error)
    messages.success(request, _("%(user)s can sign in again.") % {"user": account.get_username()})
    return _back()


@require_POST
@site_admin_view
def user_reset(request, user_id: int):
    account = _account(user_id)
    try:
        result = site.password_reset_send(actor=request.user, user=account)
    except ValidationError as error:
        return _error(request, error)
    if result.emailed and settings.EMAIL_REACHES_PEOPLE:
        messages.success(
            request,
            _("A password reset link was sent to %(email)s.") % {"email": account.email},
        )
        return _back()
    # Without mail that reaches people, the admin passes the link on.
    context = {
        "result": result,
        "email_on": services.email_configured(),
        "has_email": bool(account.email),
    }
    return render(request, "accounts/site_reset_link.html", context)


@require_POST
@site_admin_view
def user_transfer(request, user_id: int):
    account = _account(user_id)
    form = OwnershipTransferForm(request.POST, user=account)
    if not form.is_valid():
        messages.error(request, _("Choose an active account as the new owner."))
        return _back()
    new_owner = form.cleaned_data["new_owner"]
    try:
        projects = site.ownership_transfer(actor=request.user, user=account, new_owner=new_owner)
    except ValidationError as error:
        return _error(request, error)
    if projects:
        messages.success(
            request,
            _("%(new)s is now owner of: %(projects)s.")
            % {"new": new_owner.get_username(), "projects": ", ".join(p.name for p in projects)},
        )
    else:
        messages.info(request, _("There was no project to transfer."))
    return _back()
