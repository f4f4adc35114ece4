from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from method.roles import Capability
from samspill.audit.anchors import checkpoint_list_json
from samspill.audit.forms import TrailQueryForm
from samspill.audit.models import AuditCheckpoint
from samspill.audit.presenting import present_entries
from samspill.audit.readcache import cached_partials, current_version, newest_sequence
from samspill.audit.selectors import project_trail_page
from samspill.projects.permissions import ProjectAccess, project_view


@project_view(Capability.READ_AUDIT)
def project_trail(request, access: ProjectAccess):
    query = TrailQueryForm(request.GET)
    if not query.is_valid():
        return HttpResponseBadRequest("'before' must be an entry number.")
    before = query.cleaned_data["before"]

    def build_context() -> dict:
        entries, next_before = project_trail_page(access.project, before=before)
        # Labels and display values computed once here, not by lookups in the template.
        return {"entries": present_entries(entries), "next_before": next_before}

    template = "audit/trail.html"
    version = current_version(request, access)
    sections = cached_partials(
        request, access, template, ["rows"], build_context, before, version=version
    )
    # An htmx "show older" request gets only the rows, from the same partial the page uses.
    if request.htmx:
        return HttpResponse(sections["rows"])
    context = {
        "access": access,
        "project": access.project,
        "sections": sections,
        "newest": newest_sequence(version),
        "checkpoint": AuditCheckpoint.objects.order_by("-sequence", "-pk").first(),
    }
    return render(request, template, context)


@project_view(Capability.READ_AUDIT)
def checkpoints(request, access: ProjectAccess):
    """The signed checkpoints of the whole trail, for anyone who may read the project's trail
    to keep a copy of (`samspill audit verify --anchors FILE` checks a copy). They hold
    entry numbers, hashes and times only: nothing of any project's content."""
    response = HttpResponse(checkpoint_list_json(), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="audit-checkpoints.json"'
    return response
