"""Downloads: the action plan as CSV, the DPIA as PDF or DOCX."""

from django.http import Http404, HttpResponse

from method.roles import Capability
from samspill.core import clock
from samspill.dpia import documents, selectors
from samspill.projects.permissions import ProjectAccess, project_view


@project_view(Capability.VIEW)
def actions_csv(request, access: ProjectAccess):
    data = selectors.dpia_data(access.project)
    if data is None:
        raise Http404
    response = HttpResponse(
        documents.action_plan_csv(access.project, data), content_type="text/csv; charset=utf-8"
    )
    name = f"{access.project.slug}-dpia-action-plan.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@project_view(Capability.VIEW)
def document(request, access: ProjectAccess, file_format: str):
    data = selectors.dpia_data(access.project)
    if data is None or file_format not in CONTENT_TYPES:
        raise Http404
    render_document = documents.dpia_pdf if file_format == "pdf" else documents.dpia_docx
    response = HttpResponse(
        render_document(access.project, data), content_type=CONTENT_TYPES[file_format]
    )
    name = f"{access.project.slug}-dpia-{clock.today():%Y%m%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
