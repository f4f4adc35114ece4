"""The API token pages (docs/api.md): each user's own tokens under their account, and a
project's service tokens in its settings (owners). The secret is shown once, on the page
that answers the form; the database keeps only its hash."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from method.roles import Capability
from samspill.accounts import api_tokens
from samspill.accounts.models import ApiToken, TokenKind, TokenScope
from samspill.core import clock
from samspill.core.forms import ModelMultipleChoiceField
from samspill.projects.models import Project
from samspill.projects.permissions import ProjectAccess, project_view


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    scope = forms.ChoiceField(
        label=_("Access"), choices=TokenScope.choices, initial=TokenScope.READ
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        choices=[(30, _("30 days")), (90, _("90 days")), (180, _("180 days")), (365, _("1 year"))],
        initial=90,
    )

    def __init__(self, *args, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        if projects is not None:
            self.fields["projects"] = ModelMultipleChoiceField(
                label=_("Projects"),
                queryset=projects,
                to_field_name="slug",
                widget=forms.CheckboxSelectMultiple,
            )


def _issue(request, form: TokenForm, *, projects, kind):
    try:
        return api_tokens.token_create(
            actor=request.user,
            name=form.cleaned_data["name"],
            projects=projects,
            scope=form.cleaned_data["scope"],
            days=form.cleaned_data["days"],
            kind=kind,
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return None


@never_cache
@login_required
def tokens(request):
    projects = Project.objects.filter(memberships__user=request.user, archived_at__isnull=True)
    form = TokenForm(request.POST or None, projects=projects)
    issued = None
    if request.method == "POST" and form.is_valid():
        issued = _issue(
            request, form, projects=list(form.cleaned_data["projects"]), kind=TokenKind.PERSONAL
        )
        if issued is not None:
            form = TokenForm(projects=projects)
    context = {
        "form": form,
        "issued": issued,
        "tokens": api_tokens.tokens_of(request.user),
        "now": clock.now(),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "api/tokens.html", context, status=status)


@require_POST
@login_required
def token_revoke(request, token_uuid):
    token = get_object_or_404(ApiToken, uuid=token_uuid, user=request.user)
    api_tokens.token_revoke(actor=request.user, token=token)
    return redirect("tokens:list")


@never_cache
@project_view(Capability.MANAGE)
def service_tokens(request, access: ProjectAccess):
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        issued = _issue(request, form, projects=[access.project], kind=TokenKind.SERVICE)
        if issued is not None:
            form = TokenForm()
    context = {
        "access": access,
        "project": access.project,
        "form": form,
        "issued": issued,
        "tokens": api_tokens.service_tokens_of(access.project),
        "now": clock.now(),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "api/service_tokens.html", context, status=status)


@require_POST
@project_view(Capability.MANAGE)
def service_token_revoke(request, access: ProjectAccess, token_uuid):
    token = get_object_or_404(
        ApiToken, uuid=token_uuid, kind=TokenKind.SERVICE, projects=access.project
    )
    api_tokens.token_revoke(actor=request.user, token=token)
    return redirect("tokens:service", access.project.slug)
