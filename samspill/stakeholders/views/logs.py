"""The engagement log and the decision log."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from method.roles import Capability
from samspill.projects.permissions import ProjectAccess, project_view
from samspill.stakeholders import services
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


@project_view(Capability.EDIT)
def engagement_create(request, access: ProjectAccess):
    project = access.project
    form = EngagementForm(
        request.POST or None, project=project, initial={"date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        services.engagement_create(actor=request.user, project=project, **form.cleaned_data)
        messages.success(request, _("Engagement logged."))
        return redirect("stakeholders:engagements", slug=project.slug)
    return render(
        request,
        "stakeholders/engagement_form.html",
        {"access": access, "project": project, "form": form},
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
    form = DecisionForm(
        request.POST or None, project=project, initial={"date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        services.decision_create(actor=request.user, project=project, **form.cleaned_data)
        messages.success(request, _("Decision logged."))
        return redirect("stakeholders:decisions", slug=project.slug)
    return render(
        request,
        "stakeholders/decision_form.html",
        {"access": access, "project": project, "form": form},
    )
