from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from method.roles import Capability
from samspill.core.editing import create_from_form, versioned_edit
from samspill.projects.permissions import ProjectAccess, project_view
from samspill.stakeholders import services
from samspill.stakeholders.forms import GroupForm


def _group(access: ProjectAccess, group_uuid):
    return get_object_or_404(access.project.stakeholder_groups, uuid=group_uuid)


@project_view(Capability.EDIT)
def group_create(request, access: ProjectAccess):
    project = access.project
    return create_from_form(
        request,
        form=GroupForm(request.POST or None),
        create=lambda values: services.group_create(actor=request.user, project=project, **values),
        template="stakeholders/group_form.html",
        context={"access": access, "project": project},
        success=_("Group added."),
        done_url=reverse("stakeholders:map", args=[project.slug]),
    )


@project_view(Capability.EDIT)
def group_edit(request, access: ProjectAccess, group_uuid):
    group = _group(access, group_uuid)
    return versioned_edit(
        request,
        form_class=GroupForm,
        instance=group,
        save=lambda values, version: services.group_update(
            actor=request.user, group=group, expected_version=version, **values
        ),
        template="stakeholders/group_form.html",
        context={"access": access, "project": access.project, "group": group},
        success=_("Changes saved."),
        done_url=reverse("stakeholders:map", args=[access.project.slug]),
    )


@require_POST
@project_view(Capability.EDIT)
def group_delete(request, access: ProjectAccess, group_uuid):
    group = _group(access, group_uuid)
    try:
        services.group_delete(actor=request.user, group=group)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("stakeholders:group_edit", slug=access.project.slug, group_uuid=group.uuid)
    messages.success(request, _("Group deleted."))
    return redirect("stakeholders:map", slug=access.project.slug)
