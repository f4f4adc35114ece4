"""Survey pages for project members: list and trend, settings, links, results, export."""

import copy

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from method.roles import Capability
from method.spreadsheet import write_csv, write_xlsx
from method.surveys import result_rows
from samspill.audit.readcache import cached_partials
from samspill.core.qr import qr_svg
from samspill.projects.permissions import ProjectAccess, project_view
from samspill.surveys import presenting, selectors, services
from samspill.surveys.forms import AddressesForm, LinksForm, SurveyForm
from samspill.surveys.models import LinkMode, ReminderMode, Survey, SurveyStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _url(name: str, survey: Survey) -> str:
    return reverse(f"surveys:{name}", args=[survey.project.slug, survey.uuid])


def _survey(access: ProjectAccess, survey_uuid) -> Survey:
    survey = get_object_or_404(Survey.objects.filter(project=access.project), uuid=survey_uuid)
    survey.project = access.project
    return survey


def _context(access, **extra) -> dict:
    return {
        "access": access,
        "project": access.project,
        "email_configured": services.email_configured(),
        **extra,
    }


@project_view(Capability.VIEW)
def survey_list(request, access: ProjectAccess):
    services.close_due_surveys(project=access.project)
    surveys = access.project.surveys.prefetch_related("audiences")
    return render(
        request,
        "surveys/list.html",
        _context(access, surveys=surveys, trend=presenting.trend_view(access.project)),
    )


def _settings_values(form) -> dict:
    values = dict(form.cleaned_data)
    values["groups"] = list(values["groups"])
    return values


@project_view(Capability.EDIT)
def survey_create(request, access: ProjectAccess):
    form = SurveyForm(request.POST or None, project=access.project)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                actor=request.user, project=access.project, **_settings_values(form)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            flash.success(request, _("Survey created. Open it when you are ready to send links."))
            return redirect(_url("detail", survey))
    return render(request, "surveys/form.html", _context(access, form=form))


@project_view(Capability.EDIT)
def survey_edit(request, access: ProjectAccess, survey_uuid):
    survey = _survey(access, survey_uuid)
    if survey.status == SurveyStatus.CLOSED:
        flash.warning(request, _("A closed survey cannot be changed."))
        return redirect(_url("detail", survey))
    form = SurveyForm(request.POST or None, instance=copy.copy(survey), project=access.project)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(actor=request.user, survey=survey, **_settings_values(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            flash.success(request, _("Survey saved."))
            return redirect(_url("detail", survey))
    return render(request, "surveys/form.html", _context(access, form=form, survey=survey))


@project_view(Capability.VIEW)
def survey_detail(request, access: ProjectAccess, survey_uuid):
    services.close_due_surveys(project=access.project)
    survey = _survey(access, survey_uuid)
    audiences = list(survey.audiences.all())
    counts, total = selectors.masked_answer_counts(survey, [a.label for a in audiences])
    unused = selectors.unused_counts(survey)
    rows = [
        {
            "audience": a,
            "answers": counts[a.label],
            "unused": unused.get(a.label, 0) if counts[a.label] is not None else None,
            "open_url": request.build_absolute_uri(reverse("surveys:answer", args=[a.open_token])),
        }
        for a in audiences
    ]
    if survey.link_mode == LinkMode.OPEN and survey.status == SurveyStatus.OPEN:
        for row in rows:
            label = _("QR code of the survey link for %(audience)s") % {
                "audience": row["audience"].label
            }
            row["qr"] = qr_svg(row["open_url"], label)
    can_edit = access.can(Capability.EDIT)
    invitations = survey.link_mode == LinkMode.INVITATIONS and survey.status != SurveyStatus.CLOSED
    context = _context(
        access,
        survey=survey,
        rows=rows,
        total=total,
        kept_addresses=survey.invitations.exclude(email="").exists(),
        links_form=LinksForm(survey=survey) if can_edit and invitations else None,
        send_form=AddressesForm(survey=survey, prefix="send") if can_edit and invitations else None,
        remind_form=(
            AddressesForm(survey=survey, prefix="remind")
            if can_edit
            and invitations
            and survey.status == SurveyStatus.OPEN
            and survey.reminder_mode == ReminderMode.DROP
            else None
        ),
        statements=presenting.statement_texts(survey),
    )
    return render(request, "surveys/detail.html", context)


@require_POST
@project_view(Capability.EDIT)
def survey_open(request, access: ProjectAccess, survey_uuid):
    survey = _survey(access, survey_uuid)
    try:
        services.survey_open(actor=request.user, survey=survey)
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
    else:
        flash.success(request, _("The survey is open; its links work from now on."))
    return redirect(_url("detail", survey))


@require_POST
@project_view(Capability.EDIT)
def survey_close(request, access: ProjectAccess, survey_uuid):
    survey = _survey(access, survey_uuid)
    try:
        services.survey_close(actor=request.user, survey=survey)
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
    else:
        flash.success(
            request,
            _("The survey is closed. Its links no longer work; kept addresses are deleted."),
        )
    return redirect(_url("detail", survey))


@require_POST
@project_view(Capability.EDIT)
def links_csv(request, access: ProjectAccess, survey_uuid):
    """New single-use links as a CSV for a mail merge; shown this once, as only hashes stay."""
    survey = _survey(access, survey_uuid)
    form = LinksForm(request.POST, survey=survey)
    if not form.is_valid():
        flash.error(request, _("Choose an audience and a number of links from 1 to 5000."))
        return redirect(_url("detail", survey))
    audience = form.cleaned_data["audience"]
    try:
        plain = services.invitations_create(
            actor=request.user, survey=survey, audience=audience, count=form.cleaned_data["count"]
        )
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
        return redirect(_url("detail", survey))
    rows = [[audience.label, services.link_url(token)] for token in plain]
    response = HttpResponse(write_csv(["audience", "link"], rows), content_type="text/csv")
    name = f"{access.project.slug}-survey-links-{len(plain)}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@project_view(Capability.EDIT)
def send(request, access: ProjectAccess, survey_uuid):
    survey = _survey(access, survey_uuid)
    form = AddressesForm(request.POST, survey=survey, prefix="send")
    if form.is_valid():
        try:
            sent = services.invitations_send(
                actor=request.user,
                survey=survey,
                audience=form.cleaned_data["audience"],
                addresses=form.cleaned_data["addresses"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.SendError as error:
            form.add_error(None, _send_failed(error.sent))
        else:
            flash.success(
                request,
                ngettext("%(count)s invitation sent.", "%(count)s invitations sent.", sent)
                % {"count": sent},
            )
            return redirect(_url("detail", survey))
    return render(
        request, "surveys/addresses.html", _context(access, survey=survey, form=form, kind="send")
    )


def _send_failed(sent: int) -> str:
    return ngettext(
        "The mail server stopped the sending after %(count)s message. Check the mail "
        "settings; the addresses were not kept.",
        "The mail server stopped the sending after %(count)s messages. Check the mail "
        "settings; the addresses were not kept.",
        sent,
    ) % {"count": sent}


@require_POST
@project_view(Capability.EDIT)
def remind(request, access: ProjectAccess, survey_uuid):
    survey = _survey(access, survey_uuid)
    form = None
    try:
        if survey.reminder_mode == ReminderMode.KEEP:
            sent = services.reminders_send(actor=request.user, survey=survey)
        else:
            form = AddressesForm(request.POST, survey=survey, prefix="remind")
            if not form.is_valid():
                raise _Invalid
            sent = services.reminders_send(
                actor=request.user,
                survey=survey,
                audience=form.cleaned_data["audience"],
                addresses=form.cleaned_data["addresses"],
            )
    except _Invalid:
        pass
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
        return redirect(_url("detail", survey))
    except services.SendError as error:
        flash.error(request, _send_failed(error.sent))
        return redirect(_url("detail", survey))
    else:
        flash.success(
            request,
            ngettext("%(count)s reminder sent.", "%(count)s reminders sent.", sent)
            % {"count": sent},
        )
        return redirect(_url("detail", survey))
    return render(
        request, "surveys/addresses.html", _context(access, survey=survey, form=form, kind="remind")
    )


class _Invalid(Exception):
    pass


@project_view(Capability.VIEW)
def results(request, access: ProjectAccess, survey_uuid):
    survey = _survey(access, survey_uuid)

    def build_context() -> dict:
        labels = dict(survey.audiences.values_list("id", "label"))
        view = presenting.results_view(survey, labels)
        return _context(access, survey=survey, **view)

    template = "surveys/results.html"
    sections = cached_partials(
        request,
        access,
        template,
        ["content"],
        build_context,
        survey.uuid,
        # Answers are not audited: their counts per audience and release are in the key.
        selectors.release_counts(survey),
    )
    return render(request, template, _context(access, survey=survey, sections=sections))


@project_view(Capability.VIEW)
def export(request, access: ProjectAccess, survey_uuid, file_format: str):
    survey = _survey(access, survey_uuid)
    labels = dict(survey.audiences.values_list("id", "label"))
    header, rows = result_rows(selectors.results_of(survey, labels))
    name = f"{access.project.slug}-survey-{survey.day.isoformat()}"
    if file_format == "csv":
        response = HttpResponse(write_csv(header, rows), content_type="text/csv")
    elif file_format == "xlsx":
        response = HttpResponse(write_xlsx(header, rows, title="Survey results"), content_type=XLSX)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response
