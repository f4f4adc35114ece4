"""The objection arsenal: the log of raised objections, their answers, and the library."""

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from method.roles import Capability
from samspill.comms.selectors import Filler
from samspill.core import clock
from samspill.core.editing import create_from_form, versioned_edit
from samspill.objections import selectors, services
from samspill.objections.forms import (
    ArsenalEntryForm,
    ObjectionAnswerForm,
    ObjectionFilterForm,
    ObjectionLogForm,
)
from samspill.objections.models import Objection
from samspill.projects.permissions import ProjectAccess, project_view
from samspill.stakeholders.selectors import group_from_query


def _without_page(query) -> str:
    """The filters of a list, so moving between pages keeps them."""
    kept = query.copy()
    kept.pop("page", None)
    return kept.urlencode()


def _list_url(project) -> str:
    return reverse("objections:list", args=[project.slug])


def _library_url(project) -> str:
    return reverse("objections:library", args=[project.slug])


@project_view(Capability.VIEW)
def objection_list(request, access: ProjectAccess):
    project = access.project
    filters = ObjectionFilterForm(request.GET or None, project=project)
    objections = Objection.objects.filter(project=project).select_related("person", "group")
    if filters.is_valid():
        chosen = filters.cleaned_data
        if chosen["status"]:
            objections = objections.filter(status=chosen["status"])
        if chosen["category"]:
            objections = objections.filter(category=chosen["category"])
        if chosen["group"]:
            objections = objections.filter(group=chosen["group"])
    open_by_group = selectors.open_counts_by_group(project)
    groups = [
        {"group": group, "open": open_by_group[group.pk]}
        for group in project.stakeholder_groups.all()
    ]
    context = {
        "access": access,
        "project": project,
        "filters": filters,
        "page": Paginator(objections, 50).get_page(request.GET.get("page")),
        "page_query": _without_page(request.GET),
        "groups": groups,
    }
    return render(request, "objections/list.html", context)


@project_view(Capability.COMMENT)
def objection_log(request, access: ProjectAccess):
    project = access.project
    initial = {"raised_on": clock.today()}
    if group := group_from_query(project, request.GET.get("group")):
        initial["group"] = group
    return create_from_form(
        request,
        form=ObjectionLogForm(request.POST or None, project=project, initial=initial),
        create=lambda values: services.objection_log(actor=request.user, project=project, **values),
        template="objections/log_form.html",
        context={"access": access, "project": project},
        success=_("Objection logged."),
        done_url=lambda objection: reverse(
            "objections:detail", args=[project.slug, objection.uuid]
        ),
    )


@require_POST
@project_view(Capability.COMMENT)
def objection_suggest(request, access: ProjectAccess):
    """The matcher's top three while the text is being typed (htmx)."""
    filler = Filler(access.project)
    probe = Objection(suggestions=services.suggest(request.POST.get("text", "")[:2000]))
    return render(
        request,
        "objections/_suggestions.html",
        {"suggestions": selectors.suggestions(probe, filler), "preview": True},
    )


@project_view(Capability.VIEW)
def objection_detail(request, access: ProjectAccess, objection_uuid):
    project = access.project
    objection = get_object_or_404(
        Objection.objects.select_related("person", "group", "engagement", "logged_by"),
        project=project,
        uuid=objection_uuid,
    )
    filler = Filler(project)
    shelf = next(s for s in selectors.library(project, filler) if s.category == objection.category)
    context = {
        "access": access,
        "project": project,
        "objection": objection,
        "suggestions": selectors.suggestions(objection, filler),
        "shelf": shelf,
        # The history carries exact times; like the audit trail, it is for those who audit.
        "history": selectors.history(objection) if access.can(Capability.READ_AUDIT) else None,
    }
    if access.can(Capability.EDIT):
        initial = {"version": objection.version}
        if not objection.answer:
            initial["answer"] = shelf.catalog.response.text
        context["form"] = ObjectionAnswerForm(instance=objection, initial=initial)
    return render(request, "objections/detail.html", context)


@project_view(Capability.EDIT)
def objection_answer(request, access: ProjectAccess, objection_uuid):
    objection = get_object_or_404(Objection, project=access.project, uuid=objection_uuid)
    return versioned_edit(
        request,
        form_class=ObjectionAnswerForm,
        instance=objection,
        save=lambda values, version: services.objection_update(
            actor=request.user, objection=objection, expected_version=version, **values
        ),
        template="objections/answer_form.html",
        context={"access": access, "project": access.project, "objection": objection},
        success=_("Objection updated."),
        done_url=reverse("objections:detail", args=[access.project.slug, objection.uuid]),
    )


@require_POST
@project_view(Capability.EDIT)
def objection_delete(request, access: ProjectAccess, objection_uuid):
    objection = get_object_or_404(Objection, project=access.project, uuid=objection_uuid)
    services.objection_delete(actor=request.user, objection=objection)
    flash.success(request, _("Objection removed."))
    return redirect(_list_url(access.project))


@project_view(Capability.VIEW)
def library(request, access: ProjectAccess):
    project = access.project
    context = {
        "access": access,
        "project": project,
        "shelves": selectors.library(project, Filler(project)),
    }
    return render(request, "objections/library.html", context)


@project_view(Capability.EDIT)
def entry_create(request, access: ProjectAccess):
    project = access.project
    return create_from_form(
        request,
        form=ArsenalEntryForm(
            request.POST or None, initial={"category": request.GET.get("category")}
        ),
        create=lambda values: services.entry_create(actor=request.user, project=project, **values),
        template="objections/entry_form.html",
        context={"access": access, "project": project},
        success=_("Library entry added."),
        done_url=_library_url(project),
    )


@project_view(Capability.EDIT)
def entry_edit(request, access: ProjectAccess, entry_uuid):
    entry = get_object_or_404(access.project.arsenal_entries, uuid=entry_uuid)
    return versioned_edit(
        request,
        form_class=ArsenalEntryForm,
        instance=entry,
        save=lambda values, version: services.entry_update(
            actor=request.user, entry=entry, expected_version=version, **values
        ),
        template="objections/entry_form.html",
        context={"access": access, "project": access.project, "entry": entry},
        success=_("Library entry saved."),
        done_url=_library_url(access.project),
    )


@require_POST
@project_view(Capability.EDIT)
def entry_delete(request, access: ProjectAccess, entry_uuid):
    entry = get_object_or_404(access.project.arsenal_entries, uuid=entry_uuid)
    services.entry_delete(actor=request.user, entry=entry)
    flash.success(request, _("Library entry removed."))
    return redirect(_library_url(access.project))
