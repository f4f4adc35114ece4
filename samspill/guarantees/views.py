"""The guarantees pack: applicability, the decision-limits register, drafts, transparency."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from method.legal import classify, explain, obligations
from method.roles import Capability
from samspill.core import clock
from samspill.core.editing import create_from_form, versioned_edit
from samspill.core.privacy import origin_only_referrer
from samspill.core.public_language import public_render
from samspill.core.versioning import StaleEditError
from samspill.guarantees import documents, services
from samspill.guarantees.forms import (
    AnonymousObjectionForm,
    ApplicabilityForm,
    DraftForm,
    TransparencyForm,
    UseCaseForm,
)
from samspill.guarantees.models import ApplicabilityCheck, Draft, DraftKind, TransparencyPage
from samspill.guarantees.selectors import page_content
from samspill.projects.permissions import ProjectAccess, project_view

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _url(name, project, *args) -> str:
    return reverse(f"guarantees:{name}", args=[project.slug, *args])


@project_view(Capability.VIEW)
def overview(request, access: ProjectAccess):
    project = access.project
    drafts = {d.kind: d for d in project.drafts.prefetch_related("versions")}
    context = {
        "access": access,
        "project": project,
        "check": ApplicabilityCheck.objects.filter(project=project).first(),
        "use_cases": project.use_cases.count(),
        "drafts": [(value, label, drafts.get(value)) for value, label in DraftKind.choices],
        "page": TransparencyPage.objects.filter(project=project).first(),
    }
    return render(request, "guarantees/overview.html", context)


def _result(project, check: ApplicabilityCheck) -> dict:
    answers = services.answers_of(check)
    language = project.language
    classification = classify(answers)
    found = obligations(answers, today=clock.today(), language=language)
    return {
        "classification": classification,
        "reasons": explain(classification, answers, language),
        "obligations": found,
        "in_trust": services.in_trust(project),
    }


@project_view(Capability.VIEW)
def applicability(request, access: ProjectAccess):
    project = access.project
    check = ApplicabilityCheck.objects.filter(project=project).first()
    form = None
    if access.can(Capability.EDIT):
        if request.method == "POST":
            form = ApplicabilityForm(request.POST, instance=check or ApplicabilityCheck())
            if form.is_valid():
                values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
                try:
                    services.applicability_save(
                        actor=request.user,
                        project=project,
                        expected_version=form.cleaned_data["version"],
                        **values,
                    )
                except StaleEditError:
                    form.add_error(None, _("Someone saved the answers meanwhile; check them."))
                else:
                    return redirect(_url("applicability", project) + "#result")
        else:
            form = ApplicabilityForm(
                instance=check,
                initial={
                    "version": check.version if check else None,
                    "public_employer": bool(project.public_employer),
                },
            )
    elif request.method == "POST":
        return HttpResponse(status=403)
    context = {
        "access": access,
        "project": project,
        "check": check,
        "form": form,
        "result": _result(project, check) if check else None,
    }
    return render(request, "guarantees/applicability.html", context)


@require_POST
@project_view(Capability.EDIT)
def obligations_to_trust(request, access: ProjectAccess):
    check = get_object_or_404(ApplicabilityCheck, project=access.project)
    refresh = services.obligations_to_trust(actor=request.user, project=access.project, check=check)
    if refresh.added:
        flash.success(
            request,
            ngettext(
                "%(count)s obligation added to the TRUST Security step.",
                "%(count)s obligations added to the TRUST Security step.",
                refresh.added,
            )
            % {"count": refresh.added},
        )
    if refresh.updated or refresh.released:
        flash.success(
            request,
            ngettext(
                "%(count)s obligation in TRUST brought up to date.",
                "%(count)s obligations in TRUST brought up to date.",
                refresh.updated + refresh.released,
            )
            % {"count": refresh.updated + refresh.released},
        )
    if not refresh.changed:
        flash.success(request, _("Every obligation is already in TRUST."))
    return redirect(_url("applicability", access.project) + "#result")


@project_view(Capability.VIEW)
def limits(request, access: ProjectAccess):
    return render(
        request,
        "guarantees/limits.html",
        {
            "access": access,
            "project": access.project,
            "use_cases": access.project.use_cases.all(),
        },
    )


@project_view(Capability.EDIT)
def limit_create(request, access: ProjectAccess):
    project = access.project
    return create_from_form(
        request,
        form=UseCaseForm(request.POST or None),
        create=lambda values: services.use_case_create(
            actor=request.user, project=project, **values
        ),
        template="guarantees/limit_form.html",
        context={"access": access, "project": project},
        success=_("Use case added to the register."),
        done_url=_url("limits", project),
    )


@project_view(Capability.EDIT)
def limit_edit(request, access: ProjectAccess, use_case_uuid):
    use_case = get_object_or_404(access.project.use_cases, uuid=use_case_uuid)
    return versioned_edit(
        request,
        form_class=UseCaseForm,
        instance=use_case,
        save=lambda values, version: services.use_case_update(
            actor=request.user, use_case=use_case, expected_version=version, **values
        ),
        template="guarantees/limit_form.html",
        context={"access": access, "project": access.project, "use_case": use_case},
        success=_("Use case saved."),
        done_url=_url("limits", access.project),
    )


@require_POST
@project_view(Capability.EDIT)
def limit_delete(request, access: ProjectAccess, use_case_uuid):
    use_case = get_object_or_404(access.project.use_cases, uuid=use_case_uuid)
    services.use_case_delete(actor=request.user, use_case=use_case)
    flash.success(request, _("Use case removed from the register."))
    return redirect(_url("limits", access.project))


def _kind(value: str) -> str:
    if value not in DraftKind.values:
        raise Http404
    return value


@project_view(Capability.EDIT)
def draft_edit(request, access: ProjectAccess, kind: str):
    project = access.project
    kind = _kind(kind)
    draft = Draft.objects.filter(project=project, kind=kind).first()
    choices = documents.clause_choices(project) if kind == DraftKind.AGREEMENT else ()
    if request.method == "POST":
        form = DraftForm(request.POST, instance=draft or Draft(), clause_choices=choices)
        if form.is_valid():
            values = {k: form.cleaned_data[k] for k in ("title", "body")}
            values["clauses"] = form.cleaned_data.get("clauses", [])
            if request.POST.get("action") == "compose":
                values["title"], values["body"] = documents.compose(
                    project, kind, values["clauses"]
                )
            elif request.POST.get("action") == "refill":
                # A fact longer than its gap must not push a field past its length.
                for name in ("title", "body"):
                    refilled = documents.refill_gaps(project, values[name])
                    if len(refilled) <= Draft._meta.get_field(name).max_length:
                        values[name] = refilled
            try:
                draft = services.draft_save(
                    actor=request.user,
                    project=project,
                    kind=kind,
                    expected_version=form.cleaned_data["version"],
                    **values,
                )
            except StaleEditError:
                form.add_error(None, _("Someone saved this draft meanwhile; reload it first."))
            else:
                if request.POST.get("action") == "download":
                    content = documents.draft_docx(project, draft)
                    version = services.draft_version_create(
                        actor=request.user, draft=draft, docx=content
                    )
                    return _docx_response(project, draft, version.number, content)
                flash.success(request, _("Draft saved."))
                return redirect(_url("draft_edit", project, kind))
    else:
        if draft is None:
            title, body = documents.compose(project, kind)
            initial = {"title": title, "body": body, "clauses": documents.default_clauses(project)}
            form = DraftForm(initial=initial, clause_choices=choices)
        else:
            form = DraftForm(
                instance=draft,
                initial={"version": draft.version, "clauses": draft.clauses},
                clause_choices=choices,
            )
    context = {
        "access": access,
        "project": project,
        "form": form,
        "draft": draft,
        "kind_label": DraftKind(kind).label,
        "versions": draft.versions.select_related("created_by") if draft else [],
    }
    return render(request, "guarantees/draft_form.html", context)


def _docx_response(project, draft, number: int, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    name = f"{project.slug}-{draft.kind}-v{number}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@project_view(Capability.VIEW)
def draft_version(request, access: ProjectAccess, kind: str, number: int):
    draft = get_object_or_404(Draft, project=access.project, kind=_kind(kind))
    version = get_object_or_404(draft.versions, number=number)
    return _docx_response(access.project, draft, version.number, bytes(version.docx))


@project_view(Capability.MANAGE)
def transparency_settings(request, access: ProjectAccess):
    page = services.transparency_page(access.project)
    return versioned_edit(
        request,
        form_class=TransparencyForm,
        instance=page,
        save=lambda values, version: services.transparency_update(
            actor=request.user, page=page, expected_version=version, **values
        ),
        template="guarantees/transparency_settings.html",
        context={
            "access": access,
            "project": access.project,
            "page": page,
            "public_url": request.build_absolute_uri(
                reverse("guarantees:public", args=[page.token])
            ),
        },
        success=_("Transparency page saved."),
        done_url=_url("transparency_settings", access.project),
    )


@require_POST
@project_view(Capability.MANAGE)
def transparency_rotate(request, access: ProjectAccess):
    services.transparency_rotate(
        actor=request.user, page=services.transparency_page(access.project)
    )
    flash.success(request, _("The page has a new link; the old one no longer works."))
    return redirect(_url("transparency_settings", access.project))


@project_view(Capability.VIEW)
def transparency_preview(request, access: ProjectAccess):
    """The page as employees see it, for members who are logged in."""
    page = services.transparency_page(access.project)
    return _transparency(request, page, None, member=True)


# An open link is public: at most this many questions per visitor address and hour. The
# address is held only in the cache, for the hour; it is never stored with the question.
PUBLIC_QUESTIONS_PER_HOUR = "10/h"


@origin_only_referrer
@ratelimit(key="ip", rate=PUBLIC_QUESTIONS_PER_HOUR, method="POST", block=False)
def transparency_public(request, token: str):
    """The employee-facing page by its unguessable link: no login, nothing kept about visitors."""
    page = TransparencyPage.objects.select_related("project").filter(token=token).first()
    if page is None or not page.link_enabled:
        raise Http404
    form = AnonymousObjectionForm(request.POST or None)
    if request.method == "POST" and getattr(request, "limited", False):
        form.add_error(None, _("Many questions came from here in the last hour; try again later."))
    elif request.method == "POST" and form.is_valid():
        if not form.cleaned_data["website"]:
            try:
                services.anonymous_objection(project=page.project, text=form.cleaned_data["text"])
            except ValidationError:
                form.add_error(
                    None, _("Your question could not be passed on; please ask in person.")
                )
                return _transparency(request, page, form, member=False)
        flash.success(request, _("Thank you. Your question has been passed on, without your name."))
        return redirect(reverse("guarantees:public", args=[token]))
    return _transparency(request, page, form, member=False)


def _transparency(request, page, form, *, member: bool):
    context = {**page_content(page), "form": form, "member": member, "page": page}
    if member:
        return render(request, "guarantees/transparency.html", context)
    # Employees read it in the project's language, whatever their browser says.
    language = page.project.language
    return public_render(request, "guarantees/transparency.html", context, language=language)
