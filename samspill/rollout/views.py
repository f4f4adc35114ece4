from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from method.roles import Capability
from samspill.core.editing import create_from_form, versioned_edit
from samspill.projects.permissions import ProjectAccess, project_view
from samspill.rollout import selectors, services
from samspill.rollout.calendar import plan_calendar
from samspill.rollout.forms import MilestoneForm, PhaseForm


def _plan_url(project) -> str:
    return reverse("rollout:plan", args=[project.slug])


@project_view(Capability.VIEW)
def plan(request, access: ProjectAccess):
    project = access.project
    context = {
        "access": access,
        "project": project,
        "timeline": selectors.timeline(project),
        "milestones": project.milestones.select_related("phase").prefetch_related(
            "communicated_to"
        ),
    }
    return render(request, "rollout/plan.html", context)


@project_view(Capability.EDIT)
def phase_edit(request, access: ProjectAccess, phase_uuid):
    phase = get_object_or_404(access.project.phases, uuid=phase_uuid)
    return versioned_edit(
        request,
        form_class=PhaseForm,
        instance=phase,
        save=lambda values, version: services.phase_update(
            actor=request.user, phase=phase, expected_version=version, **values
        ),
        template="rollout/phase_form.html",
        context={"access": access, "project": access.project, "phase": phase},
        success=_("Phase saved."),
        done_url=_plan_url(access.project),
    )


@project_view(Capability.EDIT)
def phase_create(request, access: ProjectAccess):
    project = access.project
    return create_from_form(
        request,
        form=PhaseForm(request.POST or None),
        create=lambda values: services.phase_create(actor=request.user, project=project, **values),
        template="rollout/phase_form.html",
        context={"access": access, "project": project},
        success=_("Phase added."),
        done_url=_plan_url(project),
    )


@project_view(Capability.EDIT)
def milestone_create(request, access: ProjectAccess):
    project = access.project
    return create_from_form(
        request,
        form=MilestoneForm(request.POST or None, project=project),
        create=lambda values: services.milestone_create(
            actor=request.user, project=project, **values
        ),
        template="rollout/milestone_form.html",
        context={"access": access, "project": project},
        success=_("Milestone added."),
        done_url=_plan_url(project),
    )


@project_view(Capability.EDIT)
def milestone_edit(request, access: ProjectAccess, milestone_uuid):
    milestone = get_object_or_404(access.project.milestones, uuid=milestone_uuid)
    return versioned_edit(
        request,
        form_class=MilestoneForm,
        form_kwargs={"project": access.project},
        instance=milestone,
        save=lambda values, version: services.milestone_update(
            actor=request.user, milestone=milestone, expected_version=version, **values
        ),
        template="rollout/milestone_form.html",
        context={"access": access, "project": access.project, "milestone": milestone},
        success=_("Milestone saved."),
        done_url=_plan_url(access.project),
    )


@project_view(Capability.VIEW)
def plan_ics(request, access: ProjectAccess):
    response = HttpResponse(
        plan_calendar(access.project), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{access.project.slug}-plan.ics"'
    return response
