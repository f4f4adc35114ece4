from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import get_language

from method.roles import Capability
from samspill.audit.readcache import cached_partials
from samspill.overview.dashboard import dashboard, live_counts
from samspill.overview.my_work import my_work
from samspill.overview.trust import trust_overview
from samspill.projects.permissions import ProjectAccess, project_view
from samspill.trust.forms import GateOverrideForm
from samspill.trust.models import Status


@project_view(Capability.VIEW)
def project_dashboard(request, access: ProjectAccess):
    project = access.project

    def build_context() -> dict:
        return {"access": access, "project": project, **dashboard(project)}

    template = "overview/dashboard.html"
    live = live_counts(project)
    # Released survey answers (the NPS KPIs) are not audited: their number is in the key.
    sections = cached_partials(
        request, access, template, ["summary", "details"], build_context, live["released"]
    )
    context = {"access": access, "project": project, "sections": sections, **live}
    return render(request, template, context)


@project_view(Capability.VIEW)
def trust_checklists(request, access: ProjectAccess):
    """The TRUST page: checklists with readiness, and the gates, which read the plan, the
    union's engagements and the pilot's fairness flag."""
    project = access.project
    context = {
        "access": access,
        "project": project,
        "trust": trust_overview(project, language="nb" if get_language() == "nb" else "en"),
        "override_form": GateOverrideForm(),
        "statuses": Status.choices,
    }
    return render(request, "overview/trust.html", context)


@login_required
def my_work_page(request):
    """What the signed-in user has to do, across their projects (overview/my_work.py)."""
    items = my_work(request.user)
    context = {"items": items, "overdue": sum(1 for item in items if item.overdue)}
    return render(request, "overview/my_work.html", context)
