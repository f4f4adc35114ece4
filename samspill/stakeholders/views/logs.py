"""The engagement log and the decision log."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from method.roles import Capability
from samspill.core import clock
from samspill.core.editing import create_from_form
from samspill.projects.permissions import ProjectAccess, project_view
from samspill.stakeholders import selectors, services
from samspill.stakeholders.forms import DecisionForm, EngagementForm


@project_view(Capability.VIEW)
def engagement_list(request, access: ProjectAccess):
    project = access.project
    engagements = project.engagements.prefetch_related("groups", "people").order_by("-date", "-pk")
    page = Paginator(engagements, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "stakeholders/engagements.html",
        {"access": access, "project": project, "page": page},
    )


def _engagement_initial(request, project) -> dict:
    """Today, and the group a link asked for (diagnostics and the map link here)."""
    initial = {"date": clock.today()}
    if group := selectors.group_from_query(project, request.GET.get("group")):
        initial["groups"] = [group]
    return initial


@project_view(Capability.EDIT)
def engagement_create(request, access: ProjectAccess):
    project = access.project
    return create_from_form(
        request,
        form=EngagementForm(
            request.POST or None, project=project, initial=_engagement_initial(request, project)
        ),
        create=lambda values: services.engagement_create(
            actor=request.user, project=project, **values
        ),
        template="stakeholders/engagement_form.html",
        context={"access": access, "project": project},
        success=_("Engagement logged."),
        done_url=reverse("stakeholders:engagements", args=[project.slug]),
    )


@project_view(Capability.VIEW)
def decision_list(request, access: ProjectAccess):
    project = access.project
    decisions = project.decisions.prefetch_related("affected_groups", "heard_groups").order_by(
        "-date", "-pk"
    )
    page = Paginator(decisions, 50).get_page(request.GET.get("page"))
    return render(
        request, "stakeholders/decisions.html", {"access": access, "project": project, "page": page}
    )


@project_view(Capability.EDIT)
def decision_create(request, access: ProjectAccess):
    project = access.project
    return create_from_form(
        request,
        form=DecisionForm(request.POST or None, project=project, initial={"date": clock.today()}),
        create=lambda values: services.decision_create(
            actor=request.user, project=project, **values
        ),
        template="stakeholders/decision_form.html",
        context={"access": access, "project": project},
        success=_("Decision logged."),
        done_url=reverse("stakeholders:decisions", args=[project.slug]),
    )
