"""Stakeholder lists in and out: CSV and XLSX."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from method.roles import Capability
from samspill.projects.permissions import ProjectAccess, project_view
from samspill.stakeholders.forms import ImportForm
from samspill.stakeholders.importing import (
    EXPORT_HEADERS,
    people_export,
    people_import,
    row_error_message,
)


@project_view(Capability.EDIT)
def people_import_view(request, access: ProjectAccess):
    project = access.project
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = people_import(
            actor=request.user, project=project, data=upload.read(), filename=upload.name
        )
        report.messages = [
            (error.line, error.column, row_error_message(error)) for error in report.errors
        ]
    context = {
        "access": access,
        "project": project,
        "form": form,
        "report": report,
        "columns": list(zip(EXPORT_HEADERS["en"], EXPORT_HEADERS["nb"], strict=True)),
        "groups": project.stakeholder_groups.all(),
    }
    status = 400 if report is not None and not report.ok else 200
    return render(request, "stakeholders/import.html", context, status=status)


@project_view(Capability.VIEW)
def people_export_view(request, access: ProjectAccess, file_format: str):
    if file_format not in ("csv", "xlsx"):
        raise Http404
    language = "nb" if get_language() == "nb" else "en"
    content, content_type, filename = people_export(
        access.project, file_format=file_format, language=language
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
