"""Acceptance KPIs: the dashboard, usage import, hand-kept values, stories and the report."""

import hashlib
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from method.kpis import is_derived
from method.roles import Capability
from method.usage import FORMAT_BY_SUFFIX, WEB_BUDGET, ColumnMap, UsageError
from samspill.audit.readcache import cached_partials
from samspill.core import clock
from samspill.core.editing import create_from_form, versioned_edit
from samspill.core.query import query_text
from samspill.core.uploads import problem_count
from samspill.kpis import jobs, presenting, selectors, services
from samspill.kpis.documents import acceptance_report_pdf
from samspill.kpis.forms import (
    KpiCreateForm,
    KpiEditForm,
    KpiValueForm,
    KpiValuesImportForm,
    LicensedDepartmentForm,
    StoryForm,
    UsageImportForm,
)
from samspill.kpis.models import Kpi, LicensedDepartment, Story, UsageImport
from samspill.notify.models import JobProgress
from samspill.projects.permissions import ProjectAccess, project_view

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


def _url(name: str, project) -> str:
    return reverse(f"kpis:{name}", args=[project.slug])


def _context(access: ProjectAccess, **extra) -> dict:
    return {"access": access, "project": access.project, **extra}


# The dashboard


@project_view(Capability.VIEW)
def dashboard(request, access: ProjectAccess):
    project = access.project
    group_key = request.GET.get("group", "")[:64]
    department = query_text(request, "department", 120)

    def build_context() -> dict:
        groups = list(project.stakeholder_groups.all())
        group = next((g for g in groups if g.uuid.hex == group_key), None)
        cards = selectors.kpi_board(project, group=group, department=department, today=today)
        for card in cards:
            latest, kind = card.latest, card.kpi.get_kind_display()
            card.extra = {
                # Labels computed here: get_FOO_display() in the template hashed every
                # choice (a translation each) on every card.
                "kind": kind if kind.lower() != card.kpi.name.lower() else "",
                "scope": card.kpi.scope,
                "direction": card.kpi.get_direction_display(),
                "chart": presenting.kpi_chart(card),
                "latest": presenting.value_text(latest[1] if latest else None, card.kpi.unit),
                "period": presenting.period_text(latest[0], card.kpi.period) if latest else "",
                "target": presenting.value_text(card.kpi.target, card.kpi.unit),
                "status": presenting.status_label(card.status),
                "badge": presenting.STATUS_BADGE[card.status],
                "trend": presenting.trend_text(card),
            }
        departments = {
            k.department for k in Kpi.objects.filter(project=project).exclude(department="")
        }
        departments = sorted(
            departments | ({department} if department else set()), key=str.casefold
        )
        return _context(
            access,
            cards=cards,
            groups=groups,
            group=group,
            department=department,
            departments=departments,
            filtered=bool(group or department),
            below=sum(1 for c in cards if c.below_target),
        )

    today = clock.today()
    # Built from audited data and released survey answers (the NPS KPIs, not audited: their
    # count is in the key), so rendered once per project version, day, language and filter.
    template = "kpis/dashboard.html"
    sections = cached_partials(
        request,
        access,
        template,
        ["content"],
        build_context,
        group_key,
        hashlib.sha256(department.encode()).hexdigest(),  # free text: never in a key as such
        selectors.survey_marker(project),
    )
    return render(request, template, _context(access, sections=sections))


@project_view(Capability.EDIT)
def kpi_create(request, access: ProjectAccess):
    project = access.project
    return create_from_form(
        request,
        form=KpiCreateForm(request.POST or None, project=project),
        create=lambda values: services.kpi_create(actor=request.user, project=project, **values),
        template="kpis/kpi_form.html",
        context=_context(access, creating=True),
        success=_("KPI added."),
        done_url=_url("dashboard", project),
    )


@project_view(Capability.EDIT)
def kpi_edit(request, access: ProjectAccess, kpi_uuid):
    project = access.project
    kpi = get_object_or_404(Kpi, project=project, uuid=kpi_uuid)
    return versioned_edit(
        request,
        form_class=KpiEditForm,
        instance=kpi,
        save=lambda values, version: services.kpi_update(
            actor=request.user, kpi=kpi, expected_version=version, **values
        ),
        template="kpis/kpi_form.html",
        context=_context(access, kpi=kpi),
        success=_("KPI saved."),
        done_url=_url("dashboard", project),
        form_kwargs={"project": project},
    )


@require_POST
@project_view(Capability.EDIT)
def kpi_delete(request, access: ProjectAccess, kpi_uuid):
    kpi = get_object_or_404(Kpi, project=access.project, uuid=kpi_uuid)
    services.kpi_delete(actor=request.user, kpi=kpi)
    flash.success(request, _("KPI “%(name)s” deleted.") % {"name": kpi.name})
    return redirect(_url("dashboard", access.project))


@project_view(Capability.EDIT)
def kpi_value_add(request, access: ProjectAccess, kpi_uuid):
    project = access.project
    kpi = get_object_or_404(Kpi, project=project, uuid=kpi_uuid)
    if is_derived(kpi.kind):
        flash.warning(request, _("This KPI is computed from its source and cannot be entered."))
        return redirect(_url("dashboard", project))
    form = KpiValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.kpi_value_set(actor=request.user, kpi=kpi, **form.cleaned_data)
        flash.success(request, _("Value saved for %(name)s.") % {"name": kpi.name})
        return redirect(_url("dashboard", project))
    values = kpi.values.order_by("-period")[:12]
    return render(
        request, "kpis/value_form.html", _context(access, kpi=kpi, form=form, values=values)
    )


@project_view(Capability.EDIT)
def kpi_values_import(request, access: ProjectAccess):
    project = access.project
    form = KpiValuesImportForm(request.POST or None, request.FILES or None)
    file_error, errors, error_count = None, [], 0
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = services.kpi_values_import(
                actor=request.user, project=project, data=upload.read(), filename=upload.name
            )
        except services.KpiValuesImportError as refused:
            from samspill.pilot.presenting import file_error_message

            file_error = file_error_message(refused.file_error)
            errors = [presenting.error_row(e, presenting.VALUE_ERRORS) for e in refused.errors]
            error_count = problem_count(refused.errors)
        else:
            flash.success(
                request,
                ngettext("%(count)s value imported.", "%(count)s values imported.", count)
                % {"count": count},
            )
            return redirect(_url("dashboard", project))
    context = _context(
        access, form=form, file_error=file_error, errors=errors, error_count=error_count
    )
    return render(request, "kpis/values_import.html", context)


@project_view(Capability.VIEW)
def kpi_sample(request, access: ProjectAccess):
    return FileResponse(
        (SAMPLES / "kpis.csv").open("rb"), as_attachment=True, filename="kpis-sample.csv"
    )


@project_view(Capability.VIEW)
def kpi_report(request, access: ProjectAccess):
    response = HttpResponse(acceptance_report_pdf(access.project), content_type="application/pdf")
    name = f"{access.project.slug}-acceptance-report.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Usage


@project_view(Capability.VIEW)
def usage(request, access: ProjectAccess):
    project = access.project
    overview = selectors.usage_overview(project)
    for row in overview["departments"]:
        row.active_text = presenting.count_text(row.active_users)
    for week in overview["weeks"]:
        week["active_text"] = presenting.count_text(week["active_users"])
    context = _context(
        access,
        overview=overview,
        imports=UsageImport.objects.filter(project=project).select_related("imported_by")[:5],
        department_form=LicensedDepartmentForm(),
    )
    return render(request, "kpis/usage.html", context)


def _stored_upload(upload) -> Path:
    """The upload as a file on disk with a plain name: DuckDB reads paths, not streams."""
    suffix = Path(upload.name).suffix.lower()
    suffix = suffix if suffix in FORMAT_BY_SUFFIX else ".dat"
    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False, prefix="usage-") as file:
        for chunk in upload.chunks():
            file.write(chunk)
    return Path(file.name)


def _usage_import_in_background(request, project, upload, data):
    """A big log goes to the worker; the person follows its progress on the job's page."""
    path = _stored_upload(upload)
    waiting = jobs.upload_dir() / path.name
    shutil.move(path, waiting)
    progress = JobProgress.objects.create(
        project=project,
        user=request.user,
        label=_("Usage log import: %(file)s") % {"file": upload.name[:150]},
    )
    columns = {
        name: data[f"{name}_col"].strip() for name in ("user", "timestamp", "feature", "department")
    }
    jobs.usage_import_run.enqueue(
        str(progress.uuid), str(waiting), upload.name, columns, data["fmt"] or ""
    )
    return redirect("notify:job_progress", progress.uuid)


@project_view(Capability.EDIT)
def usage_import(request, access: ProjectAccess):
    project = access.project
    form = UsageImportForm(request.POST or None, request.FILES or None)
    errors, error_count = [], 0
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        if upload.size > settings.IMPORT_JOB_THRESHOLD_BYTES:
            return _usage_import_in_background(request, project, upload, data)
        path = _stored_upload(upload)
        try:
            record = services.usage_import(
                actor=request.user,
                project=project,
                path=path,
                filename=upload.name,
                columns=ColumnMap(
                    user=data["user_col"].strip(),
                    timestamp=data["timestamp_col"].strip(),
                    feature=data["feature_col"].strip(),
                    department=data["department_col"].strip(),
                ),
                fmt=data["fmt"] or None,
                budget=WEB_BUDGET,
            )
        except UsageError as refused:
            errors = [presenting.error_row(e, presenting.USAGE_ERRORS) for e in refused.errors]
            error_count = problem_count(refused.errors)
        else:
            flash.success(
                request,
                ngettext("%(rows)s event read", "%(rows)s events read", record.rows_read)
                % {"rows": record.rows_read}
                + "; "
                + ngettext(
                    "%(weeks)s week stored (%(first)s to %(last)s).",
                    "%(weeks)s weeks stored (%(first)s to %(last)s).",
                    record.weeks,
                )
                % {
                    "rows": record.rows_read,
                    "weeks": record.weeks,
                    "first": presenting.period_text(record.first_week, "week"),
                    "last": presenting.period_text(record.last_week, "week"),
                },
            )
            return redirect(_url("usage", project))
        finally:
            path.unlink(missing_ok=True)
    context = _context(access, form=form, errors=errors, error_count=error_count)
    return render(request, "kpis/usage_import.html", context)


@project_view(Capability.VIEW)
def usage_sample(request, access: ProjectAccess):
    return FileResponse(
        (SAMPLES / "usage.csv").open("rb"), as_attachment=True, filename="usage-sample.csv"
    )


@require_POST
@project_view(Capability.EDIT)
def usage_department_save(request, access: ProjectAccess):
    form = LicensedDepartmentForm(request.POST)
    if form.is_valid():
        try:
            services.licensed_department_save(
                actor=request.user, project=access.project, **form.cleaned_data
            )
        except ValidationError as error:
            flash.error(request, " ".join(error.messages))
        else:
            flash.success(request, _("Licensed users saved."))
    else:
        flash.error(
            request,
            _("Give the department's name and a number of licensed users of at least 1."),
        )
    return redirect(_url("usage", access.project) + "#licences")


@require_POST
@project_view(Capability.EDIT)
def usage_department_delete(request, access: ProjectAccess, department_uuid):
    department = get_object_or_404(LicensedDepartment, project=access.project, uuid=department_uuid)
    services.licensed_department_delete(actor=request.user, department=department)
    flash.success(request, _("%(name)s removed.") % {"name": department.name})
    return redirect(_url("usage", access.project) + "#licences")


# Stories


@project_view(Capability.VIEW)
def stories(request, access: ProjectAccess):
    project = access.project
    shown = Story.objects.filter(project=project).select_related("group")
    context = _context(access, stories=shown)
    return render(request, "kpis/stories.html", context)


@project_view(Capability.EDIT)
def story_create(request, access: ProjectAccess):
    project = access.project
    return create_from_form(
        request,
        form=StoryForm(request.POST or None, project=project),
        create=lambda values: services.story_create(actor=request.user, project=project, **values),
        template="kpis/story_form.html",
        context=_context(access, creating=True),
        success=_("Story added."),
        done_url=_url("stories", project),
    )


@project_view(Capability.EDIT)
def story_edit(request, access: ProjectAccess, story_uuid):
    project = access.project
    story = get_object_or_404(Story, project=project, uuid=story_uuid)
    return versioned_edit(
        request,
        form_class=StoryForm,
        instance=story,
        save=lambda values, version: services.story_update(
            actor=request.user, story=story, expected_version=version, **values
        ),
        template="kpis/story_form.html",
        context=_context(access, story=story),
        success=_("Story saved."),
        done_url=_url("stories", project),
        form_kwargs={"project": project},
    )


@require_POST
@project_view(Capability.EDIT)
def story_delete(request, access: ProjectAccess, story_uuid):
    story = get_object_or_404(Story, project=access.project, uuid=story_uuid)
    services.story_delete(actor=request.user, story=story)
    flash.success(request, _("Story deleted."))
    return redirect(_url("stories", access.project))
