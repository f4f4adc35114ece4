"""The controls page, the weekly case import, breaches with comments and responses, the
evaluation meeting and its PDF."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from method.controls import State
from method.roles import Capability
from samspill.controls import jobs, presenting, selectors, services
from samspill.controls.documents import evaluation_report_pdf
from samspill.controls.forms import (
    CaseImportForm,
    CommentForm,
    ControlEditForm,
    ControlForm,
    MeetingForm,
    ResponseForm,
)
from samspill.controls.models import Control, ControlWeek, EvaluationMeeting
from samspill.core import clock
from samspill.core.uploads import problem_count
from samspill.core.versioning import STALE_EDIT_MESSAGE, StaleEditError
from samspill.notify import imports
from samspill.pilot import presenting as pilot_presenting
from samspill.pilot.models import CaseImport
from samspill.pilot.services import PilotImportError
from samspill.projects.permissions import ProjectAccess, project_view

CHART_WEEKS = selectors.CHART_WEEKS


def _page_url(project) -> str:
    return reverse("controls:page", args=[project.slug])


@project_view(Capability.VIEW)
def page(request, access: ProjectAccess):
    meeting_form = MeetingForm(initial={"held_on": clock.today()})
    return render(request, "controls/page.html", _page_context(access, meeting_form))


def _page_context(access: ProjectAccess, meeting_form) -> dict:
    project = access.project
    return {
        "access": access,
        "project": project,
        "clauses": selectors.clause_views(project),
        "breaches": selectors.breach_list(project, 20),
        "meetings": EvaluationMeeting.objects.filter(project=project)[:5],
        "imports": CaseImport.objects.filter(project=project).select_related("imported_by")[:5],
        "meeting_form": meeting_form,
    }


@require_POST
@project_view(Capability.EDIT)
def evaluate(request, access: ProjectAccess):
    result = services.controls_evaluate(actor=request.user, project=access.project)
    flash.success(
        request,
        ngettext(
            "Controls evaluated over %(weeks)s week; %(breached)s breached this week.",
            "Controls evaluated over %(weeks)s weeks; %(breached)s breached this week.",
            result["weeks"],
        )
        % {"weeks": result["weeks"], "breached": result["breached"]},
    )
    return redirect(_page_url(access.project))


@project_view(Capability.EDIT)
def case_import(request, access: ProjectAccess):
    project = access.project
    form = CaseImportForm(request.POST or None, request.FILES or None)
    file_error, errors, error_count = None, [], 0
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if imports.too_big_for_request(upload):
            label = _("Import this week's cases") + f": {upload.name}"
            progress, path = imports.stash(request, project, upload, label)
            imports.enqueue(jobs.case_import_run, progress, path, upload.name)
            return redirect("notify:job_progress", progress.uuid)
        try:
            record = services.cases_import_week(
                actor=request.user, project=project, data=upload.read(), filename=upload.name
            )
        except PilotImportError as refused:
            file_error = pilot_presenting.file_error_message(refused.file_error)
            errors = [pilot_presenting.case_error_row(e) for e in refused.errors]
            error_count = problem_count(refused.errors)
        else:
            flash.success(
                request,
                ngettext(
                    "%(cases)s case imported and the controls evaluated.",
                    "%(cases)s cases imported and the controls evaluated.",
                    record.cases,
                )
                % {"cases": record.cases},
            )
            return redirect(_page_url(project))
    status = 400 if request.method == "POST" else 200
    context = {
        "access": access,
        "project": project,
        "form": form,
        "file_error": file_error,
        "errors": errors,
        "error_count": error_count,
    }
    return render(request, "controls/case_import.html", context, status=status)


def _clause_choices(project):
    return list(presenting.clause_titles().items())


@project_view(Capability.MANAGE)
def control_create(request, access: ProjectAccess):
    project = access.project
    form = ControlForm(request.POST or None, clause_choices=_clause_choices(project))
    if request.method == "POST" and form.is_valid():
        try:
            services.control_create(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as refused:
            for name, problems in refused.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            services.controls_evaluate(actor=request.user, project=project)
            flash.success(request, _("Control added and evaluated."))
            return redirect(_page_url(project))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "controls/control_form.html",
        {"access": access, "project": project, "form": form},
        status=status,
    )


def _control(access: ProjectAccess, control_uuid) -> Control:
    found = Control.objects.filter(project=access.project, uuid=control_uuid).first()
    if found is None:
        raise Http404
    return found


def _control_form_page(request, access, control, form, *, status=200, stale=None, refused=()):
    context = {
        "refused": refused,
        "access": access,
        "project": access.project,
        "control": control,
        "title": presenting.control_title(control),
        "rule": presenting.rule_text(control),
        "form": form,
        "stale_current": stale,
        "deletable": services.control_deletable(control),
    }
    return render(request, "controls/control_edit.html", context, status=status)


@project_view(Capability.MANAGE)
def control_edit(request, access: ProjectAccess, control_uuid):
    """The negotiated numbers: threshold, weeks in a row, on/off. Invalid values: 400 and
    nothing changes; a stale edit: 409 with the stored values shown and the newer version
    in the form, so saving again is a deliberate choice."""
    control = _control(access, control_uuid)
    if request.method != "POST":
        return _control_form_page(request, access, control, ControlEditForm(control=control))
    form = ControlEditForm(request.POST, control=control)
    if form.is_valid():
        values = dict(form.cleaned_data)
        try:
            services.control_update(
                actor=request.user,
                control=control,
                expected_version=values.pop("version"),
                **values,
            )
        except StaleEditError as stale:
            data = request.POST.copy()
            data["version"] = stale.current.version
            form = ControlEditForm(data, control=stale.current)
            form.is_valid()
            form.add_error(None, STALE_EDIT_MESSAGE)
            return _control_form_page(
                request, access, stale.current, form, status=409, stale=stale.current
            )
        except ValidationError as refused:
            for name, problems in refused.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            flash.success(
                request,
                _("Control saved. The next evaluation uses the new numbers from this week on."),
            )
            return redirect(_page_url(access.project))
    if "version" in form.errors:  # a hidden field: say so where it shows
        form.add_error(None, _("This form is out of date or damaged. Open it again."))
    return _control_form_page(request, access, control, form, status=400)


@require_POST
@project_view(Capability.MANAGE)
def control_delete(request, access: ProjectAccess, control_uuid):
    control = _control(access, control_uuid)
    try:
        services.control_delete(actor=request.user, control=control)
    except ValidationError as refused:
        form = ControlEditForm(control=control)
        return _control_form_page(
            request, access, control, form, status=400, refused=refused.messages
        )
    flash.success(request, _("Control deleted."))
    return redirect(_page_url(access.project))


@require_POST
@project_view(Capability.EDIT)
def meeting(request, access: ProjectAccess):
    project = access.project
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            services.evaluation_meeting_record(
                actor=request.user, project=project, **form.cleaned_data
            )
        except ValidationError as refused:
            for name, problems in refused.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            flash.success(request, _("The evaluation meeting is recorded."))
            return redirect(_page_url(project))
    return render(request, "controls/page.html", _page_context(access, form), status=400)


def _breach(access: ProjectAccess, breach_uuid) -> ControlWeek:
    found = (
        ControlWeek.objects.filter(
            control__project=access.project, uuid=breach_uuid, state=State.BREACHED
        )
        .select_related("control")
        .first()
    )
    if found is None:
        raise Http404
    return found


def _breach_page(request, access, breach, *, comment_form=None, response_form=None, status=200):
    existing = getattr(breach, "response", None) if hasattr(breach, "response") else None
    control = breach.control
    history = list(control.weeks.filter(week__lte=breach.week).order_by("-week")[:CHART_WEEKS])
    history.reverse()
    context = {
        "access": access,
        "project": access.project,
        "breach": breach,
        "title": presenting.control_title(control),
        "promise": presenting.control_promise(control),
        "threshold": presenting.rule_text(control),
        "value": presenting.value_text(control, breach.value),
        "chart": presenting.history_chart(control, history, cell=14),
        "clause": presenting.clause_titles().get(control.clause, control.clause),
        "comments": breach.comments.select_related("author"),
        "response": existing,
        "comment_form": comment_form or CommentForm(),
        "response_form": response_form
        or ResponseForm(
            initial={"cause": existing.cause, "measure": existing.measure} if existing else None
        ),
    }
    return render(request, "controls/breach.html", context, status=status)


@project_view(Capability.VIEW)
def breach(request, access: ProjectAccess, breach_uuid):
    return _breach_page(request, access, _breach(access, breach_uuid))


@require_POST
@project_view(Capability.COMMENT)
def comment(request, access: ProjectAccess, breach_uuid):
    found = _breach(access, breach_uuid)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.breach_comment_add(
            actor=request.user, breach=found, text=form.cleaned_data["text"]
        )
        return redirect(reverse("controls:breach", args=[access.project.slug, found.uuid]))
    return _breach_page(request, access, found, comment_form=form, status=400)


@require_POST
@project_view(Capability.MANAGE)
def respond(request, access: ProjectAccess, breach_uuid):
    found = _breach(access, breach_uuid)
    form = ResponseForm(request.POST)
    if form.is_valid():
        services.breach_respond(actor=request.user, breach=found, **form.cleaned_data)
        flash.success(request, _("Your response is recorded."))
        return redirect(reverse("controls:breach", args=[access.project.slug, found.uuid]))
    return _breach_page(request, access, found, response_form=form, status=400)


@project_view(Capability.VIEW)
def report(request, access: ProjectAccess):
    project = access.project
    response = HttpResponse(evaluation_report_pdf(project), content_type="application/pdf")
    name = f"{project.slug}-evaluation-{clock.today().isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
