"""The AI Act file page, its forms, and the acknowledgement pages reached without login."""

import csv

from django.contrib import messages as flash
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from method.aifile import AckState, log_retention_warning
from method.roles import Capability
from samspill.aifile import selectors, services
from samspill.aifile.forms import (
    EventForm,
    FileSettingsForm,
    InformationForm,
    LiteracyForm,
    OverseerForm,
    PageAckForm,
)
from samspill.aifile.models import AckMode, WorkerInformation
from samspill.aifile.notice import chatbot_notices
from samspill.core.editing import create_from_form, versioned_edit
from samspill.core.privacy import origin_only_referrer
from samspill.core.public_language import public_render
from samspill.projects.permissions import ProjectAccess, project_view


def _url(name, project, *args) -> str:
    return reverse(f"aifile:{name}", args=[project.slug, *args])


@project_view(Capability.VIEW)
def file_page(request, access: ProjectAccess):
    project = access.project
    settings = selectors.file_settings(project)
    retention = settings.log_retention_months if settings else None
    rows = selectors.oversight(project)
    answers = selectors.applicability_answers(project)
    chatbot = bool(getattr(answers, "chatbot", False))
    public = bool(getattr(answers, "public_employer", False))
    context = {
        "access": access,
        "project": project,
        "settings": settings,
        "gaps": selectors.worker_information_gaps(project),
        "groups": selectors.information_by_group(project),
        "acknowledgements": selectors.confirmed_acknowledgements(project)[:50],
        "log_warning": log_retention_warning(retention),
        "oversight": rows,
        "without_literacy": selectors.overseers_without_literacy(rows),
        "literacy": selectors.literacy_records(project),
        "events": selectors.monitoring_events(project),
        "chatbot": chatbot,
        "notices": chatbot_notices(project) if chatbot else [],
        "public_employer": public,
        "fria": _fria(project) if public else None,
        "public_duties": _public_duties() if public else [],
    }
    return render(request, "aifile/file.html", context)


def _fria(project):
    from samspill.aifile.fria import fria_sections

    return fria_sections(project)


def _public_duties():
    from samspill.aifile.fria import public_duties

    return public_duties()


def _form_page(request, access, *, form, create, heading, success):
    return create_from_form(
        request,
        form=form,
        create=create,
        template="aifile/form.html",
        context={"access": access, "project": access.project, "heading": heading},
        success=success,
        done_url=_url("file", access.project),
    )


@project_view(Capability.EDIT)
def settings_edit(request, access: ProjectAccess):
    project = access.project
    settings = services.file_settings_for(project)
    return versioned_edit(
        request,
        form_class=FileSettingsForm,
        instance=settings,
        save=lambda values, version: services.file_settings_update(
            actor=request.user, project=project, expected_version=version, **values
        ),
        template="aifile/form.html",
        context={"access": access, "project": project, "heading": _("Groups, logs and notice")},
        success=_("AI Act file saved."),
        done_url=_url("file", project),
    )


@project_view(Capability.EDIT)
def information_create(request, access: ProjectAccess):
    project = access.project
    initial = {}
    if group := request.GET.get("group"):
        initial["group"] = group
    return _form_page(
        request,
        access,
        form=InformationForm(request.POST or None, project=project, initial=initial),
        create=lambda values: services.worker_information_record(
            actor=request.user, project=project, **values
        ),
        heading=_("Record worker information"),
        success=_("Worker information recorded."),
    )


@require_POST
@project_view(Capability.EDIT)
def ack_links(request, access: ProjectAccess, information_uuid):
    information = get_object_or_404(
        WorkerInformation.objects.select_related("group"),
        project=access.project,
        uuid=information_uuid,
    )
    if information.ack_mode != AckMode.PERSON:
        raise Http404
    links = services.ack_links_create(actor=request.user, information=information)
    shown = [
        (person, request.build_absolute_uri(reverse("aifile:ack", args=[token])))
        for person, token in links
    ]
    context = {
        "access": access,
        "project": access.project,
        "information": information,
        "links": shown,
    }
    return render(request, "aifile/links.html", context)


@project_view(Capability.EDIT)
def overseer_create(request, access: ProjectAccess):
    project = access.project
    return _form_page(
        request,
        access,
        form=OverseerForm(request.POST or None, project=project),
        create=lambda values: services.overseer_create(
            actor=request.user, project=project, **values
        ),
        heading=_("Assign human oversight"),
        success=_("Overseer added."),
    )


@project_view(Capability.EDIT)
def literacy_create(request, access: ProjectAccess):
    project = access.project
    return _form_page(
        request,
        access,
        form=LiteracyForm(request.POST or None, project=project),
        create=lambda values: services.literacy_record_create(
            actor=request.user, project=project, **values
        ),
        heading=_("Record AI-literacy measures"),
        success=_("AI-literacy record added."),
    )


@project_view(Capability.EDIT)
def event_create(request, access: ProjectAccess):
    project = access.project
    return _form_page(
        request,
        access,
        form=EventForm(request.POST or None),
        create=lambda values: services.monitoring_event_create(
            actor=request.user, project=project, **values
        ),
        heading=_("Log an incident or suspension"),
        success=_("Event logged."),
    )


def _cell(value) -> str:
    """Spreadsheet programs run a cell that starts with = + - @ as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@project_view(Capability.VIEW)
def literacy_csv(request, access: ProjectAccess):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"{access.project.slug}-ai-literacy.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow([_("Role"), _("Person"), _("What they received"), _("When"), _("Material")])
    for r in selectors.literacy_records(access.project):
        writer.writerow(
            [_cell(v) for v in (r.role, r.person_name, r.received, r.received_on, r.material)]
        )
    return response


@project_view(Capability.VIEW)
def file_document(request, access: ProjectAccess):
    from samspill.aifile.documents import file_pdf

    response = HttpResponse(file_pdf(access.project), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{access.project.slug}-ai-act-file.pdf"'
    )
    return response


@project_view(Capability.VIEW)
def evidence(request, access: ProjectAccess):
    from samspill.aifile.documents import evidence_zip

    response = HttpResponse(evidence_zip(access.project), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="{access.project.slug}-ai-act-evidence.zip"'
    )
    return response


@origin_only_referrer
def ack(request, token: str):
    """A personal acknowledgement link: GET asks, POST confirms (a link preview that
    fetches the page must not confirm for the person)."""
    found = services.ack_by_token(token)
    if found is None:
        raise Http404
    language = found.information.project.language
    state = services.ack_state(found)
    if request.method == "POST" and state is AckState.VALID:
        state = services.ack_confirm(ack=found)
        if state is AckState.VALID:
            context = {"ack": found, "state": "confirmed"}
            return public_render(request, "aifile/ack.html", context, language=language)
    status = 410 if state is AckState.EXPIRED else 200
    context = {"ack": found, "state": state.value}
    return public_render(request, "aifile/ack.html", context, language=language, status=status)


PUBLIC_ACKS_PER_HOUR = "10/h"


@origin_only_referrer
@ratelimit(key="ip", rate=PUBLIC_ACKS_PER_HOUR, method="POST", block=False)
def public_ack(request, token: str):
    from samspill.guarantees.models import TransparencyPage

    page = TransparencyPage.objects.select_related("project").filter(token=token).first()
    if page is None or not page.link_enabled:
        raise Http404
    rounds = (
        WorkerInformation.objects.filter(project=page.project, ack_mode=AckMode.GROUP)
        .select_related("group")
        .order_by("group__position", "-informed_on")
    )
    form = PageAckForm(request.POST or None, rounds=rounds)
    if request.method == "POST" and getattr(request, "limited", False):
        form.add_error(None, _("Many confirmations came from here in the last hour; try later."))
    elif request.method == "POST" and form.is_valid():
        if not form.cleaned_data["website"]:
            services.ack_on_page(information=form.cleaned_data["information"])
        flash.success(request, _("Thank you. Your confirmation is recorded, without your name."))
        return redirect(reverse("aifile:public_ack", args=[token]))
    context = {"project": page.project, "page": page, "form": form, "rounds": rounds}
    language = page.project.language
    return public_render(request, "aifile/public_ack.html", context, language=language)
