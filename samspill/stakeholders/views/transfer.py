"""Stakeholder lists in and out: CSV and XLSX."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from method.roles import Capability
from samspill.notify import imports
from samspill.projects.permissions import ProjectAccess, project_view
from samspill.stakeholders import jobs
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
        if imports.too_big_for_request(upload):
            label = _("Import a stakeholder list") + f": {upload.name}"
            progress, path = imports.stash(request, project, upload, label)
            imports.enqueue(jobs.people_import_run, progress, path, upload.name)
            return redirect("notify:job_progress", progress.uuid)
        report = people_import(
            actor=request.user, project=project, data=upload.read(), filename=upload.name
        )
        report.messages = [
            (error.line, report.column_name(error.column), row_error_message(error))
            for error in report.errors
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
