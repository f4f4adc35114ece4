"""The overview, and the pages that edit one part of the DPIA."""

import copy

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from method.roles import Capability
from samspill.core import clock
from samspill.dpia import forms, presenting, selectors, services
from samspill.dpia.models import OpinionKind
from samspill.dpia.views.common import dpia_or_404, overview_url, part_edit
from samspill.projects.permissions import ProjectAccess, project_view

# Where each part of the overview is edited, and the capability that edits it.
SECTION_LINKS = {
    "screening": ("dpia:screening", (), Capability.EDIT),
    "context": ("dpia:context", (), Capability.EDIT),
    "principles": ("dpia:principles", (), Capability.EDIT),
    OpinionKind.DPO.value: ("dpia:opinion", (OpinionKind.DPO.value,), Capability.COMMENT),
    OpinionKind.REPRESENTATIVES.value: (
        "dpia:opinion",
        (OpinionKind.REPRESENTATIVES.value,),
        Capability.COMMENT,
    ),
    "decision": ("dpia:decision", (), Capability.MANAGE),
}


def _section_links(access: ProjectAccess, sections) -> list[tuple]:
    """(section, edit URL or in-page anchor, whether this member may edit it)."""
    links = []
    for section in sections:
        if section.key in SECTION_LINKS:
            name, args, capability = SECTION_LINKS[section.key]
            href = reverse(name, args=[access.project.slug, *args])
        else:  # risks and actions are edited row by row on the overview itself
            href, capability = f"#{section.key}", Capability.VIEW
        links.append((section, href, access.can(capability)))
    return links


@project_view(Capability.VIEW)
def overview(request, access: ProjectAccess):
    project = access.project
    data = selectors.dpia_data(project)
    report = presenting.report(data, presenting.active_catalog()) if data else None
    context = {
        "access": access,
        "project": project,
        "report": report,
        "sections": _section_links(access, report.sections) if report else [],
        "disclaimer": presenting.active_catalog().disclaimer,
    }
    return render(request, "dpia/overview.html", context)


@require_POST
@project_view(Capability.EDIT)
def start(request, access: ProjectAccess):
    services.dpia_start(actor=request.user, project=access.project)
    messages.success(request, _("The DPIA is started, with six typical risks to assess."))
    return redirect(overview_url(access.project))


@project_view(Capability.EDIT)
def screening(request, access: ProjectAccess):
    dpia = dpia_or_404(access.project)
    return part_edit(
        request,
        access,
        instance=dpia,
        form_class=forms.ScreeningForm,
        form_kwargs={"catalog": presenting.active_catalog()},
        save=lambda values, version: services.dpia_screening_update(
            actor=request.user, dpia=dpia, expected_version=version, **values
        ),
        heading=_("Screening: is a DPIA required?"),
        anchor="screening",
        intro=_(
            "Tick each criterion of the European data protection board's guidelines that the "
            "processing meets. Two or more usually mean a DPIA is required."
        ),
    )


@project_view(Capability.EDIT)
def context_edit(request, access: ProjectAccess):
    part = dpia_or_404(access.project).context
    return part_edit(
        request,
        access,
        instance=part,
        form_class=forms.ContextForm,
        form_kwargs={"prompts": presenting.active_catalog().context},
        save=lambda values, version: services.context_update(
            actor=request.user, context=part, expected_version=version, **values
        ),
        heading=_("Context"),
        anchor="context",
    )


@project_view(Capability.EDIT)
def principles_edit(request, access: ProjectAccess):
    part = dpia_or_404(access.project).principles
    catalog = presenting.active_catalog()
    return part_edit(
        request,
        access,
        instance=part,
        form_class=forms.PrinciplesForm,
        form_kwargs={"prompts": {**catalog.principles, **catalog.rights}},
        save=lambda values, version: services.principles_update(
            actor=request.user, principles=part, expected_version=version, **values
        ),
        heading=_("Fundamental principles"),
        anchor="principles",
    )


@project_view(Capability.COMMENT)
def opinion(request, access: ProjectAccess, kind: str):
    """The DPO and the representatives (observers) write their opinions themselves."""
    if kind not in OpinionKind.values:
        raise Http404
    dpia = dpia_or_404(access.project)
    current = get_object_or_404(dpia.opinions.select_related("dpia__project"), kind=kind)
    intro = {
        OpinionKind.DPO: _(
            "The controller seeks the advice of the data protection officer when carrying out "
            "a DPIA (GDPR Art. 35(2)). Record the advice as given."
        ),
        OpinionKind.REPRESENTATIVES: _(
            "Where appropriate, the controller seeks the views of the people concerned or "
            "their representatives (GDPR Art. 35(9)). Record the union representatives' views "
            "in their own words."
        ),
    }[kind]
    return part_edit(
        request,
        access,
        instance=current,
        form_class=forms.OpinionForm,
        save=lambda values, version: services.opinion_update(
            actor=request.user, opinion=current, expected_version=version, **values
        ),
        heading=str(presenting.SECTION_TITLES[kind]),
        anchor="opinions",
        intro=intro,
    )


@project_view(Capability.MANAGE)
def decision(request, access: ProjectAccess):
    data = selectors.dpia_data(access.project)
    if data is None:
        raise Http404
    report = presenting.report(data, presenting.active_catalog())
    stored = data.dpia.decision
    shown = stored
    if not stored.outcome:  # a first decision: suggest the person recording it, and today
        shown = copy.copy(stored)
        shown.decided_by = shown.decided_by or request.user.get_full_name()
        shown.decided_on = shown.decided_on or clock.today()
    return part_edit(
        request,
        access,
        instance=shown,
        form_class=forms.DecisionForm,
        save=lambda values, version: services.decision_update(
            actor=request.user, decision=stored, expected_version=version, **values
        ),
        heading=_("Decision"),
        anchor="decision",
        report=report,
        extra_template="dpia/_decision_extra.html",
    )
