from django.http import HttpResponseBadRequest
from django.shortcuts import render

from method.roles import Capability
from samspill.audit.forms import TrailQueryForm
from samspill.audit.selectors import project_trail_page
from samspill.projects.permissions import ProjectAccess, project_view


@project_view(Capability.READ_AUDIT)
def project_trail(request, access: ProjectAccess):
    query = TrailQueryForm(request.GET)
    if not query.is_valid():
        return HttpResponseBadRequest("'before' must be an entry number.")
    entries, next_before = project_trail_page(access.project, before=query.cleaned_data["before"])
    context = {
        "access": access,
        "project": access.project,
        "entries": entries,
        "next_before": next_before,
    }
    # An htmx "show older" request gets only the rows, from the same partial the page uses.
    template = "audit/trail.html#rows" if request.htmx else "audit/trail.html"
    return render(request, template, context)
