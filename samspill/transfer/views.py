"""Export a project (owners), import a file as a new project (anyone logged in).

Importing needs no more right than creating a project: the file becomes a new project
whose only member is the importer, so no one gains access to anything that exists.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from method.roles import Capability
from samspill.core import clock
from samspill.projects.permissions import ProjectAccess, project_view
from samspill.transfer.errors import TransferError
from samspill.transfer.exporting import project_export_json
from samspill.transfer.forms import ProjectDuplicateForm, ProjectImportForm
from samspill.transfer.history import history_check
from samspill.transfer.importing import project_import
from samspill.transfer.presenting import report_history, report_notes, report_summary
from samspill.transfer.templating import CARRIED, project_duplicate

HISTORY_PAGE = 100


@never_cache  # the whole project, personal data included: never kept by a cache
@project_view(Capability.MANAGE)
def export_view(request, access: ProjectAccess):
    project = access.project
    try:
        content = project_export_json(project, actor=request.user)
    except TransferError as error:
        for problem in error.problems:
            messages.error(request, problem)
        return redirect("projects:settings", project.slug)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    filename = f"{project.slug}-{clock.today():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def import_view(request):
    form = ProjectImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = project_import(actor=request.user, data=upload.read(), filename=upload.name)
        except TransferError as error:
            for problem in error.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, report_summary(report))
            messages.info(request, report_history(report))
            for note in report_notes(report):
                messages.warning(request, note)
            return redirect(report.project.get_absolute_url())
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "transfer/import.html", {"form": form}, status=status)


@project_view(Capability.READ_AUDIT)
def history_view(request, access: ProjectAccess):
    project = access.project
    entries = project.imported_audit_entries.order_by("-position")
    context = {
        "access": access,
        "project": project,
        "check": history_check(project),
        "page": Paginator(entries, HISTORY_PAGE).get_page(request.GET.get("page")),
    }
    return render(request, "transfer/history.html", context)


@project_view(Capability.MANAGE)
def duplicate_view(request, access: ProjectAccess):
    """A new project with this one's shape (groups, checklist, plan, messages, library),
    without its people or data (templating.py)."""
    project = access.project
    initial = {
        "name": _("%(name)s (template)") % {"name": project.name},
        "start_date": clock.today(),
    }
    form = ProjectDuplicateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = project_duplicate(
                project,
                actor=request.user,
                name=form.cleaned_data["name"],
                start_date=form.cleaned_data["start_date"],
            )
        except TransferError as error:
            for problem in error.problems:
                form.add_error(None, problem)
        else:
            messages.success(
                request,
                _("“%(name)s” was created from the template of “%(original)s”.")
                % {"name": report.project.name, "original": project.name},
            )
            return redirect(report.project.get_absolute_url())
    status = 400 if form.is_bound and form.errors else 200
    context = {"access": access, "project": project, "form": form, "carried": len(CARRIED)}
    return render(request, "transfer/duplicate.html", context, status=status)
