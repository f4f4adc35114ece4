"""The communication planner: calendar, messages, conversation guides, consistency."""

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from method.audiences import Audience
from method.roles import Capability
from samspill.comms import selectors, services
from samspill.comms.calendar import communication_calendar
from samspill.comms.documents import guide_pdf
from samspill.comms.forms import CommunicationDoneForm, CommunicationForm, MessageForm
from samspill.comms.models import AudienceChoice, CommunicationStatus
from samspill.comms.month import (
    last_day,
    month_param,
    month_weeks,
    next_month,
    parse_month,
    previous_month,
)
from samspill.core import clock
from samspill.core.editing import create_from_form, versioned_edit
from samspill.core.parsing import uuid_or_none
from samspill.core.versioning import StaleEditError
from samspill.projects.permissions import ProjectAccess, project_view


def _calendar_url(project) -> str:
    return reverse("comms:calendar", args=[project.slug])


def _messages_url(project) -> str:
    return reverse("comms:messages", args=[project.slug])


@project_view(Capability.VIEW)
def calendar(request, access: ProjectAccess):
    """Everything still planned, then what was sent or done, newest first, a page at a time."""
    project = access.project
    communications = project.communications.select_related(
        "owner", "milestone", "message"
    ).prefetch_related("groups", "people")
    past = communications.exclude(status=CommunicationStatus.PLANNED).order_by("-date", "-pk")
    context = {
        "access": access,
        "project": project,
        "upcoming": communications.filter(status=CommunicationStatus.PLANNED),
        "page": Paginator(past, 30).get_page(request.GET.get("page")),
        "today": clock.today(),
    }
    return render(request, "comms/calendar.html", context)


@project_view(Capability.VIEW)
def calendar_month(request, access: ProjectAccess):
    """One month as a grid of days; ``?month=YYYY-MM`` picks it, the current month without."""
    project = access.project
    today = clock.today()
    raw = request.GET.get("month", "")
    first = parse_month(raw) if raw else today.replace(day=1)
    problem = None
    if first is None:
        problem = _(
            "“%(value)s” is not a month. Give it as year-month, for example %(example)s; "
            "this is the current month."
        ) % {"value": raw[:20], "example": month_param(today)}
        first = today.replace(day=1)
    items = (
        project.communications.filter(date__range=(first, last_day(first)))
        .select_related("message")
        .order_by("date", "pk")
    )
    before, after = previous_month(first), next_month(first)
    context = {
        "access": access,
        "project": project,
        "today": today,
        "first": first,
        "weekdays": [(WEEKDAYS[day], WEEKDAYS_ABBR[day]) for day in range(7)],
        "weeks": month_weeks(first, items, today),
        "count": len(items),
        "problem": problem,
        "previous": before and {"first": before, "param": month_param(before)},
        "next": after and {"first": after, "param": month_param(after)},
        "is_current": first == today.replace(day=1),
    }
    return render(request, "comms/calendar_month.html", context, status=400 if problem else 200)


@project_view(Capability.EDIT)
def communication_create(request, access: ProjectAccess):
    project = access.project
    initial = {"date": clock.today(), "owner": request.user}
    if message := project.messages.filter(uuid=uuid_or_none(request.GET.get("message"))).first():
        initial |= {"message": message, "title": message.title}
        if group := project.stakeholder_groups.filter(preset_key=message.audience).first():
            initial["groups"] = [group]
    if milestone := project.milestones.filter(
        uuid=uuid_or_none(request.GET.get("milestone"))
    ).first():
        initial |= {"milestone": milestone, "date": milestone.due_date}
    return create_from_form(
        request,
        form=CommunicationForm(request.POST or None, project=project, initial=initial),
        create=lambda values: services.communication_create(
            actor=request.user, project=project, **values
        ),
        template="comms/communication_form.html",
        context={"access": access, "project": project},
        success=_("Communication planned."),
        done_url=_calendar_url(project),
    )


@project_view(Capability.EDIT)
def communication_edit(request, access: ProjectAccess, communication_uuid):
    communication = get_object_or_404(access.project.communications, uuid=communication_uuid)
    return versioned_edit(
        request,
        form_class=CommunicationForm,
        form_kwargs={"project": access.project},
        instance=communication,
        save=lambda values, version: services.communication_update(
            actor=request.user, communication=communication, expected_version=version, **values
        ),
        template="comms/communication_form.html",
        context={
            "access": access,
            "project": access.project,
            "communication": communication,
        },
        success=_("Communication saved."),
        done_url=_calendar_url(access.project),
    )


@require_POST
@project_view(Capability.EDIT)
def communication_done(request, access: ProjectAccess, communication_uuid):
    """The calendar's one-click "it happened": done, and logged as an engagement."""
    communication = get_object_or_404(access.project.communications, uuid=communication_uuid)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = communication.version
    # Without a date (an older page) it was done today; a bad date marks nothing.
    data = request.POST if "done_on" in request.POST else {"done_on": clock.today()}
    form = CommunicationDoneForm(data)
    if not form.is_valid():
        flash.error(
            request,
            _("Nothing was marked: %(problem)s") % {"problem": " ".join(form.errors["done_on"])},
        )
        return redirect(_calendar_url(access.project))
    done_on = form.cleaned_data["done_on"]
    try:
        services.communication_update(
            actor=request.user,
            communication=communication,
            expected_version=version,
            status=CommunicationStatus.DONE,
            date=done_on,
        )
    except StaleEditError:
        flash.error(
            request,
            _("Someone changed this communication meanwhile; nothing was marked. Check it first."),
        )
    else:
        flash.success(
            request,
            _("Marked done on %(date)s and logged as an engagement on that day.")
            % {"date": date_format(done_on, "SHORT_DATE_FORMAT")},
        )
    return redirect(_calendar_url(access.project))


@require_POST
@project_view(Capability.EDIT)
def communication_delete(request, access: ProjectAccess, communication_uuid):
    communication = get_object_or_404(access.project.communications, uuid=communication_uuid)
    services.communication_delete(actor=request.user, communication=communication)
    flash.success(request, _("Communication removed."))
    return redirect(_calendar_url(access.project))


@project_view(Capability.VIEW)
def calendar_ics(request, access: ProjectAccess):
    response = HttpResponse(
        communication_calendar(access.project), content_type="text/calendar; charset=utf-8"
    )
    name = f"{access.project.slug}-communication.ics"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@project_view(Capability.VIEW)
def message_library(request, access: ProjectAccess):
    project = access.project
    filler = selectors.Filler(project)
    saved = []
    for message in selectors.messages(project):
        body = filler(message.body)
        saved.append({"message": message, "missing": filler.missing_labels(body.missing)})
    audience = request.GET.get("audience", "")
    drafts = [
        d for d in selectors.drafts(project, filler) if not audience or d.audience == audience
    ]
    context = {
        "access": access,
        "project": project,
        "drafts": drafts,
        "saved": saved,
        "audiences": AudienceChoice.choices,
        "audience": audience,
    }
    return render(request, "comms/messages.html", context)


@project_view(Capability.EDIT)
def message_create(request, access: ProjectAccess):
    project = access.project
    draft = selectors.draft_by_key(project.language, request.GET.get("draft", ""))
    initial = {}
    if draft:
        initial = {
            "audience": draft.audience.value,
            "title": draft.title,
            "subject": draft.subject,
            "body": draft.body,
        }
    return create_from_form(
        request,
        form=MessageForm(request.POST or None, initial=initial),
        create=lambda values: services.message_create(
            actor=request.user, project=project, draft_key=draft.key if draft else "", **values
        ),
        template="comms/message_form.html",
        context={"access": access, "project": project, "draft": draft},
        success=_("Message saved."),
        done_url=lambda message: reverse("comms:message", args=[project.slug, message.uuid]),
    )


@project_view(Capability.VIEW)
def message_detail(request, access: ProjectAccess, message_uuid):
    project = access.project
    message = get_object_or_404(project.messages, uuid=message_uuid)
    filler = selectors.Filler(project)
    subject, body = filler(message.subject), filler(message.body)
    context = {
        "access": access,
        "project": project,
        "message": message,
        "subject": subject,
        "body": body,
        "missing": filler.missing_labels(dict.fromkeys(subject.missing + body.missing)),
        "communications": message.communications.prefetch_related("groups").order_by("date"),
    }
    return render(request, "comms/message_detail.html", context)


@project_view(Capability.EDIT)
def message_edit(request, access: ProjectAccess, message_uuid):
    message = get_object_or_404(access.project.messages, uuid=message_uuid)
    return versioned_edit(
        request,
        form_class=MessageForm,
        instance=message,
        save=lambda values, version: services.message_update(
            actor=request.user, message=message, expected_version=version, **values
        ),
        template="comms/message_form.html",
        context={"access": access, "project": access.project, "message": message},
        success=_("Message saved."),
        done_url=reverse("comms:message", args=[access.project.slug, message.uuid]),
    )


@require_POST
@project_view(Capability.EDIT)
def message_delete(request, access: ProjectAccess, message_uuid):
    message = get_object_or_404(access.project.messages, uuid=message_uuid)
    services.message_delete(actor=request.user, message=message)
    flash.success(request, _("Message removed."))
    return redirect(_messages_url(access.project))


def _audience(value: str) -> Audience:
    try:
        return Audience(value)
    except ValueError:
        raise Http404 from None


@project_view(Capability.VIEW)
def guide_index(request, access: ProjectAccess):
    return render(
        request,
        "comms/guides.html",
        {"access": access, "project": access.project, "audiences": AudienceChoice.choices},
    )


@project_view(Capability.VIEW)
def guide_detail(request, access: ProjectAccess, audience: str):
    project = access.project
    view = selectors.guide(project, _audience(audience), selectors.Filler(project))
    return render(
        request,
        "comms/guide.html",
        {
            "access": access,
            "project": project,
            "view": view,
            "audiences": AudienceChoice.choices,
        },
    )


@project_view(Capability.VIEW)
def guide_document(request, access: ProjectAccess, audience: str):
    project = access.project
    view = selectors.guide(project, _audience(audience), selectors.Filler(project))
    response = HttpResponse(guide_pdf(project, view), content_type="application/pdf")
    name = f"{project.slug}-guide-{audience}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@project_view(Capability.VIEW)
def consistency(request, access: ProjectAccess):
    project = access.project
    table = selectors.consistency(project, selectors.Filler(project))
    return render(
        request, "comms/consistency.html", {"access": access, "project": project, "table": table}
    )
