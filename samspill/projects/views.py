from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from method.roles import Capability
from samspill.accounts.forms import InvitationForm
from samspill.accounts.selectors import project_invitations
from samspill.core import clock
from samspill.core.editing import create_from_form, versioned_edit
from samspill.projects import selectors, services
from samspill.projects.forms import (
    MemberAddForm,
    MemberRoleForm,
    ProjectCreateForm,
    ProjectDeleteForm,
    ProjectFactsForm,
    ProjectSettingsForm,
)
from samspill.projects.permissions import ProjectAccess, project_view


@login_required
def project_list(request):
    archived = request.GET.get("archived") == "1"
    memberships = selectors.memberships_for_user(request.user, archived=archived)
    context = {
        "memberships": memberships,
        "archived": archived,
        "archived_count": 0 if archived else selectors.archived_count(request.user),
    }
    return render(request, "projects/list.html", context)


@login_required
def project_create(request):
    initial = {"start_date": clock.today(), "language": request.LANGUAGE_CODE}
    return create_from_form(
        request,
        form=ProjectCreateForm(request.POST or None, initial=initial),
        create=lambda values: services.project_create(actor=request.user, **values),
        template="projects/create.html",
        context={},
        success=_("Project created and filled with the standard stakeholder groups."),
        done_url=lambda project: project.get_absolute_url(),
    )


@project_view(Capability.MANAGE)
def project_settings(request, access: ProjectAccess):
    project = access.project
    if project.is_archived:
        # Nothing to edit; the page offers what an archived project allows.
        return render(
            request, "projects/settings_archived.html", {"access": access, "project": project}
        )
    return versioned_edit(
        request,
        form_class=ProjectSettingsForm,
        instance=project,
        save=lambda values, version: services.project_update(
            actor=request.user, project=project, expected_version=version, **values
        ),
        template="projects/settings.html",
        context={"access": access, "project": project},
        success=_("Project details saved."),
        done_url=project.get_absolute_url(),
    )


@project_view(Capability.EDIT)
def project_facts(request, access: ProjectAccess):
    """Settings → Project facts: every draft's gap links here."""
    project = access.project
    return versioned_edit(
        request,
        form_class=ProjectFactsForm,
        instance=project,
        save=lambda values, version: services.project_facts_update(
            actor=request.user, project=project, expected_version=version, **values
        ),
        template="projects/facts.html",
        context={"access": access, "project": project},
        success=_("Project facts saved. Drafts, messages and guides use them from now on."),
        done_url=reverse("projects:facts", args=[project.slug]),
    )


@require_POST
@project_view(Capability.MANAGE)
def project_archive(request, access: ProjectAccess):
    try:
        services.project_archive(actor=request.user, project=access.project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Project archived. It is read-only until an owner restores it.")
        )
    return redirect("projects:settings", slug=access.project.slug)


@require_POST
@project_view(Capability.MANAGE, allow_archived=True)
def project_restore(request, access: ProjectAccess):
    try:
        services.project_restore(actor=request.user, project=access.project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Project restored. Members can work in it again."))
    return redirect("projects:settings", slug=access.project.slug)


@project_view(Capability.MANAGE, allow_archived=True)
def project_delete(request, access: ProjectAccess):
    project = access.project
    form = ProjectDeleteForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        name = project.name
        services.project_delete(actor=request.user, project=project)
        messages.success(request, _("Project “%(name)s” deleted.") % {"name": name})
        return redirect("projects:list")
    status = 400 if request.method == "POST" else 200
    context = {"access": access, "project": project, "form": form}
    return render(request, "projects/delete.html", context, status=status)


@project_view(Capability.VIEW)
def project_members(request, access: ProjectAccess):
    return render(request, "projects/members.html", members_context(access, MemberAddForm()))


def members_context(
    access: ProjectAccess, add_form: MemberAddForm, invite_form: InvitationForm | None = None
) -> dict:
    """The members page's context; the invitation views render the same page."""
    manage = access.can(Capability.MANAGE)
    return {
        "access": access,
        "project": access.project,
        "members": selectors.project_members(access.project),
        "add_form": add_form,
        "invite_form": invite_form or InvitationForm(),
        "invitations": project_invitations(access.project) if manage else [],
        "invitation_days": settings.INVITATION_DAYS,
        "role_choices": MemberRoleForm.base_fields["role"].choices,
    }


@require_POST
@project_view(Capability.MANAGE)
def member_add(request, access: ProjectAccess):
    form = MemberAddForm(request.POST)
    if form.is_valid():
        try:
            services.membership_add(
                actor=request.user,
                project=access.project,
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            form.add_error("user", error)
        else:
            messages.success(request, _("Member added."))
            return redirect("projects:members", slug=access.project.slug)
    response = render(request, "projects/members.html", members_context(access, form))
    response.status_code = 400
    return response


@require_POST
@project_view(Capability.MANAGE)
def member_role(request, access: ProjectAccess, member_uuid):
    membership = get_object_or_404(access.project.memberships, uuid=member_uuid)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the listed roles."))
    else:
        try:
            services.membership_change_role(
                actor=request.user, membership=membership, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Role changed."))
    return redirect("projects:members", slug=access.project.slug)


@require_POST
@project_view(Capability.MANAGE)
def member_remove(request, access: ProjectAccess, member_uuid):
    membership = get_object_or_404(access.project.memberships, uuid=member_uuid)
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Member removed."))
        if membership.user_id == request.user.pk:
            return redirect("projects:list")
    return redirect("projects:members", slug=access.project.slug)
