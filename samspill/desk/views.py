"""The desk's pages: the list with statistics, logging, handling, settings, and the
public intake reached from the transparency page."""

import datetime as dt

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from method.roles import Capability
from samspill.core import clock
from samspill.core.editing import create_from_form, versioned_edit
from samspill.core.privacy import origin_only_referrer
from samspill.core.public_language import public_render
from samspill.core.versioning import StaleEditError
from samspill.desk import selectors, services
from samspill.desk.drafting import draft_answer
from samspill.desk.forms import DeskSettingsForm, HandleForm, IntakeForm, LogForm
from samspill.desk.models import Channel, Outcome
from samspill.projects.permissions import ProjectAccess, project_view


def _url(name, project, *args) -> str:
    return reverse(f"desk:{name}", args=[project.slug, *args])


@project_view(Capability.VIEW)
def request_list(request, access: ProjectAccess):
    project = access.project
    today = clock.today()
    remind = selectors.reminder_days(project)
    rows = [(r, selectors.due_state(r, today, remind)) for r in selectors.visible_requests(access)]
    owner = access.can(Capability.MANAGE)
    stats = selectors.statistics(project, masked=not owner)
    context = {
        "access": access,
        "project": project,
        "rows": rows,
        "stats": stats,
        "per_month": [
            (dt.date(int(month[:4]), int(month[5:7]), 1), count)
            for month, count in stats.per_month.items()
        ],
        "outcome_labels": dict(Outcome.choices),
        "masked": not owner,
    }
    return render(request, "desk/list.html", context)


@project_view(Capability.EDIT)
def request_log(request, access: ProjectAccess):
    project = access.project
    owner = access.can(Capability.MANAGE)

    def create(values):
        values.pop("website", None)
        # Whoever logs it handles it, unless an owner (who sees every request) logs it.
        return services.request_receive(
            actor=request.user,
            project=project,
            handler=None if owner else request.user,
            **values,
        )

    return create_from_form(
        request,
        form=LogForm(request.POST or None, initial={"received_on": clock.today()}),
        create=create,
        template="desk/form.html",
        context={"access": access, "project": project, "heading": _("Log a request")},
        success=lambda r: (
            _("Request %(reference)s logged; answer by %(date)s.")
            % {"reference": r.reference, "date": date_format(r.deadline, "DATE_FORMAT")}
        ),
        done_url=lambda r: _url("detail", project, r.uuid),
    )


@project_view(Capability.VIEW)
def request_detail(request, access: ProjectAccess, request_uuid):
    project = access.project
    found = selectors.request_for(access, request_uuid)
    can_assign = access.can(Capability.MANAGE)
    if request.method == "POST":
        form = HandleForm(request.POST, project=project, can_assign=can_assign)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.request_handle(
                    actor=request.user,
                    request=found,
                    expected_version=form.cleaned_data["version"] or found.version,
                    **values,
                )
            except StaleEditError:
                form.add_error(None, _("Someone saved this request meanwhile; reload it first."))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                flash.success(request, _("Request saved."))
                if values.get("handler") not in (None, request.user) and not can_assign:
                    return redirect(_url("list", project))
                return redirect(_url("detail", project, found.uuid))
    else:
        initial = {
            "version": found.version,
            "handler": found.handler.get_username() if found.handler else "",
            "status": found.status,
            "deadline": found.deadline,
            "outcome": found.outcome,
            "answer": found.answer,
            "answered_on": found.answered_on,
        }
        if request.GET.get("draft") and not found.answer:
            initial["answer"] = draft_answer(found)
        form = HandleForm(initial=initial, project=project, can_assign=can_assign)
    context = {
        "access": access,
        "project": project,
        "item": found,
        "form": form,
        "due": selectors.due_state(found, clock.today(), selectors.reminder_days(project)),
    }
    return render(request, "desk/detail.html", context)


@project_view(Capability.MANAGE)
def settings_edit(request, access: ProjectAccess):
    project = access.project
    settings = services.desk_settings_for(project)
    return versioned_edit(
        request,
        form_class=DeskSettingsForm,
        instance=settings,
        save=lambda values, version: services.desk_settings_update(
            actor=request.user, project=project, expected_version=version, **values
        ),
        template="desk/form.html",
        context={"access": access, "project": project, "heading": _("Desk settings")},
        success=_("Desk settings saved."),
        done_url=_url("list", project),
    )


# Public: at most this many requests per visitor address and hour. The address is held
# only in the cache for the hour, never with the request.
PUBLIC_REQUESTS_PER_HOUR = "10/h"


@origin_only_referrer
@ratelimit(key="ip", rate=PUBLIC_REQUESTS_PER_HOUR, method="POST", block=False)
def intake(request, token: str):
    from samspill.guarantees.models import TransparencyPage

    page = TransparencyPage.objects.select_related("project").filter(token=token).first()
    if page is None or not page.link_enabled:
        raise Http404
    form = IntakeForm(request.POST or None)
    if request.method == "POST" and getattr(request, "limited", False):
        form.add_error(None, _("Many requests came from here in the last hour; try again later."))
    elif request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        if form.cleaned_data["website"]:
            return redirect(reverse("desk:intake", args=[token]))
        try:
            received = services.request_receive(
                actor=None, project=page.project, channel=Channel.PAGE, **values
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            flash.success(
                request,
                _(
                    "Your request is received with reference %(reference)s. You will get an "
                    "answer by %(date)s."
                )
                % {
                    "reference": received.reference,
                    "date": date_format(received.deadline, "DATE_FORMAT"),
                },
            )
            return redirect(reverse("desk:intake", args=[token]))
    context = {"project": page.project, "page": page, "form": form}
    language = page.project.language
    return public_render(request, "desk/intake.html", context, language=language)
