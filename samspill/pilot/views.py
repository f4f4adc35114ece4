"""The pilot evaluation: import the cases, read the report, share it as PDF."""

from pathlib import Path

from django.contrib import messages as flash
from django.core.files.base import ContentFile
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from method.roles import Capability
from samspill.core import clock
from samspill.core.uploads import problem_count
from samspill.notify import imports
from samspill.pilot import jobs, presenting, services
from samspill.pilot.documents import pilot_report_pdf
from samspill.pilot.forms import PilotImportForm
from samspill.pilot.models import PilotImport
from samspill.projects.permissions import ProjectAccess, project_view
from samspill.trust.models import ChecklistItem, Status
from samspill.trust.services import item_update

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "pilot.csv"


def _report_url(project) -> str:
    return reverse("pilot:report", args=[project.slug])


@project_view(Capability.VIEW)
def report(request, access: ProjectAccess):
    project = access.project
    record = PilotImport.objects.filter(project=project).select_related("imported_by").first()
    context = {
        "access": access,
        "project": project,
        "record": record,
        "view": (
            presenting.report_view(record, presenting.project_country(project)) if record else None
        ),
        "evidence_item": ChecklistItem.objects.filter(
            project=project, key="pilot_measured"
        ).first(),
    }
    return render(request, "pilot/report.html", context)


@project_view(Capability.EDIT)
def import_cases(request, access: ProjectAccess):
    project = access.project
    form = PilotImportForm(request.POST or None, request.FILES or None)
    file_error, errors, error_count = None, [], 0
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if imports.too_big_for_request(upload):
            progress, path = imports.stash(
                request, project, upload, _("Import the pilot's cases") + f": {upload.name}"
            )
            imports.enqueue(
                jobs.pilot_import_run,
                progress,
                path,
                upload.name,
                form.cleaned_data["attributes"],
                form.decision_values(),
            )
            return redirect("notify:job_progress", progress.uuid)
        try:
            record = services.pilot_import(
                actor=request.user,
                project=project,
                data=upload.read(),
                filename=upload.name,
                attributes=form.cleaned_data["attributes"],
                decision_values=form.decision_values(),
            )
        except services.PilotImportError as refused:
            file_error = presenting.file_error_message(refused.file_error)
            errors = [presenting.case_error_row(e) for e in refused.errors]
            error_count = problem_count(refused.errors)
        else:
            flash.success(
                request,
                ngettext(
                    "%(cases)s case imported. The report below is up to date.",
                    "%(cases)s cases imported. The report below is up to date.",
                    record.cases,
                )
                % {"cases": record.cases},
            )
            return redirect(_report_url(project))
    context = {
        "access": access,
        "project": project,
        "form": form,
        "file_error": file_error,
        "errors": errors,
        "error_count": error_count,
    }
    return render(request, "pilot/import.html", context)


@project_view(Capability.VIEW)
def sample(request, access: ProjectAccess):
    return FileResponse(SAMPLE.open("rb"), as_attachment=True, filename="pilot-sample.csv")


@project_view(Capability.VIEW)
def document(request, access: ProjectAccess):
    record = PilotImport.objects.filter(project=access.project).first()
    if record is None:
        flash.warning(request, _("Import the pilot's cases first."))
        return redirect(_report_url(access.project))
    response = HttpResponse(
        pilot_report_pdf(access.project, record), content_type="application/pdf"
    )
    name = f"{access.project.slug}-pilot-report.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@project_view(Capability.EDIT)
def attach(request, access: ProjectAccess):
    """File the pilot report as evidence on the TRUST item "pilot measured"."""
    project = access.project
    record = PilotImport.objects.filter(project=project).first()
    item = ChecklistItem.objects.filter(project=project, key="pilot_measured").first()
    if record is None or item is None:
        flash.warning(request, _("There is no pilot report or no “pilot measured” item."))
        return redirect(_report_url(project))
    pdf = ContentFile(
        pilot_report_pdf(project, record),
        name=f"pilot-report-{clock.today().isoformat()}.pdf",
    )
    item_update(
        actor=request.user,
        item=item,
        expected_version=item.version,
        status=Status.DONE,
        evidence_file=pdf,
    )
    flash.success(request, _("The pilot report is filed as evidence in TRUST."))
    return redirect(_report_url(project))


@require_POST
@project_view(Capability.MANAGE)
def attributes_delete(request, access: ProjectAccess):
    project = access.project
    if not PilotImport.objects.filter(project=project).exists():
        return redirect(_report_url(project))
    services.pilot_attributes_delete(actor=request.user, project=project)
    flash.success(request, _("The group attributes are deleted from every case."))
    return redirect(_report_url(project))
