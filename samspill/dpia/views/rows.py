"""Risks and the action plan's measures, added, edited and removed row by row."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from method.roles import Capability
from samspill.core.editing import create_from_form, versioned_edit
from samspill.core.parsing import uuid_or_none
from samspill.dpia import forms, presenting, services
from samspill.dpia.models import Action, Risk
from samspill.dpia.views.common import dpia_or_404, overview_url
from samspill.projects.permissions import ProjectAccess, project_view


def _risk_context(access, risk=None) -> dict:
    catalog = presenting.active_catalog()
    return {
        "access": access,
        "project": access.project,
        "heading": risk.title if risk else _("Add a risk"),
        "risk": risk,
        "catalog": catalog,
        "preset": catalog.risks.get(risk.key) if risk and risk.key else None,
        "extra_template": "dpia/_risk_extra.html",
    }


@project_view(Capability.EDIT)
def risk_create(request, access: ProjectAccess):
    dpia = dpia_or_404(access.project)
    context = _risk_context(access)
    return create_from_form(
        request,
        form=forms.RiskForm(
            request.POST or None, instance=Risk(dpia=dpia), catalog=context["catalog"]
        ),
        create=lambda values: services.risk_create(actor=request.user, dpia=dpia, **values),
        template="dpia/part_form.html",
        context=context,
        success=_("Risk added."),
        done_url=overview_url(access.project, "risks"),
    )


def _risk(access, risk_uuid) -> Risk:
    return get_object_or_404(
        Risk.objects.select_related("dpia__project"), dpia__project=access.project, uuid=risk_uuid
    )


@project_view(Capability.EDIT)
def risk_edit(request, access: ProjectAccess, risk_uuid):
    risk = _risk(access, risk_uuid)
    context = _risk_context(access, risk)
    return versioned_edit(
        request,
        form_class=forms.RiskForm,
        form_kwargs={"catalog": context["catalog"]},
        instance=risk,
        save=lambda values, version: services.risk_update(
            actor=request.user, risk=risk, expected_version=version, **values
        ),
        template="dpia/part_form.html",
        context=context,
        success=_("Risk saved."),
        done_url=overview_url(access.project, "risks"),
    )


@require_POST
@project_view(Capability.EDIT)
def risk_delete(request, access: ProjectAccess, risk_uuid):
    services.risk_delete(actor=request.user, risk=_risk(access, risk_uuid))
    messages.success(request, _("Risk removed."))
    return redirect(overview_url(access.project, "risks"))


def _action_context(access, action=None) -> dict:
    return {
        "access": access,
        "project": access.project,
        "heading": action.title if action else _("Add a measure to the action plan"),
        "action": action,
        "extra_template": "dpia/_action_extra.html",
    }


def _action(access, action_uuid) -> Action:
    return get_object_or_404(
        Action.objects.select_related("dpia__project"),
        dpia__project=access.project,
        uuid=action_uuid,
    )


@project_view(Capability.EDIT)
def action_create(request, access: ProjectAccess):
    dpia = dpia_or_404(access.project)
    initial = {}
    if risk_uuid := uuid_or_none(request.GET.get("risk")):
        initial["risk"] = dpia.risks.filter(uuid=risk_uuid).first()
    form = forms.ActionForm(
        request.POST or None, instance=Action(dpia=dpia), dpia=dpia, initial=initial
    )
    return create_from_form(
        request,
        form=form,
        create=lambda values: services.action_create(actor=request.user, dpia=dpia, **values),
        template="dpia/part_form.html",
        context=_action_context(access),
        success=_("Measure added to the action plan."),
        done_url=overview_url(access.project, "actions"),
    )


@project_view(Capability.EDIT)
def action_edit(request, access: ProjectAccess, action_uuid):
    action = _action(access, action_uuid)
    return versioned_edit(
        request,
        form_class=forms.ActionForm,
        form_kwargs={"dpia": action.dpia},
        instance=action,
        save=lambda values, version: services.action_update(
            actor=request.user, action=action, expected_version=version, **values
        ),
        template="dpia/part_form.html",
        context=_action_context(access, action),
        success=_("Measure saved."),
        done_url=overview_url(access.project, "actions"),
    )


@require_POST
@project_view(Capability.EDIT)
def action_delete(request, access: ProjectAccess, action_uuid):
    services.action_delete(actor=request.user, action=_action(access, action_uuid))
    messages.success(request, _("Measure removed from the action plan."))
    return redirect(overview_url(access.project, "actions"))
