from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from method.roles import Capability
from samspill.core.editing import create_from_form, versioned_edit
from samspill.core.storage import file_response
from samspill.core.versioning import StaleEditError
from samspill.projects.permissions import ProjectAccess, project_view
from samspill.trust import services
from samspill.trust.forms import ChecklistItemForm, GateOverrideForm, TrainingSessionForm
from samspill.trust.models import Status


def _trust_url(project) -> str:
    return reverse("trust:checklists", args=[project.slug])


def _language() -> str:
    return "nb" if get_language() == "nb" else "en"


@project_view(Capability.EDIT)
def item_create(request, access: ProjectAccess):
    project = access.project
    return create_from_form(
        request,
        form=ChecklistItemForm(
            request.POST or None,
            request.FILES or None,
            project=project,
            initial={"step": request.GET.get("step", "transparency")},
        ),
        create=lambda values: services.item_create(actor=request.user, project=project, **values),
        template="trust/item_form.html",
        context={"access": access, "project": project},
        success=_("Item added."),
        done_url=_trust_url(project),
    )


@project_view(Capability.EDIT)
def item_edit(request, access: ProjectAccess, item_uuid):
    item = get_object_or_404(access.project.checklist_items, uuid=item_uuid)
    return versioned_edit(
        request,
        form_class=ChecklistItemForm,
        form_kwargs={"project": access.project},
        instance=item,
        save=lambda values, version: services.item_update(
            actor=request.user, item=item, expected_version=version, **values
        ),
        template="trust/item_form.html",
        context={"access": access, "project": access.project, "item": item},
        success=_("Item saved."),
        done_url=_trust_url(access.project),
    )


@require_POST
@project_view(Capability.EDIT)
def item_status(request, access: ProjectAccess, item_uuid):
    """Set one item's status from the TRUST page or a gate, without its nine-field form.

    The form carries the item's version: a status set on a stale page is refused like any
    stale edit (nothing is written), and the page it returns to shows the saved status. As
    the person-stance form does, every outcome returns to the TRUST page with a message, so
    the same form works with htmx (which swaps the page's main part) and without scripts."""
    item = get_object_or_404(access.project.checklist_items, uuid=item_uuid)
    new_status = request.POST.get("status", "")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    if new_status not in Status.values or version is None:
        messages.error(request, _("The status was not changed: choose one of the listed statuses."))
    else:
        try:
            services.item_update(
                actor=request.user, item=item, expected_version=version, status=new_status
            )
        except StaleEditError:
            messages.error(
                request,
                _(
                    "Someone changed “%(item)s” since this page was loaded, so the status was "
                    "not changed. The page now shows the saved status."
                )
                % {"item": item.title},
            )
        else:
            messages.success(
                request,
                _("“%(item)s” is now: %(status)s.")
                % {"item": item.title, "status": Status(new_status).label},
            )
    return redirect(_trust_url(access.project))


@project_view(Capability.VIEW)
def item_evidence(request, access: ProjectAccess, item_uuid):
    """Evidence files are only ever served here, after the permission check."""
    item = get_object_or_404(access.project.checklist_items, uuid=item_uuid)
    if not item.evidence_file:
        raise Http404
    return file_response(item.evidence_file, filename=item.evidence_file.name.rsplit("/", 1)[-1])


@require_POST
@project_view(Capability.MANAGE)
def gate_override(request, access: ProjectAccess, phase_key: str):
    form = GateOverrideForm(request.POST)
    if form.is_valid():
        try:
            services.gate_override(
                actor=request.user,
                project=access.project,
                phase_key=phase_key,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Gate overridden; the reason is in the audit trail."))
    else:
        messages.error(request, _("Say why the phase may start although the gate is not met."))
    return redirect(_trust_url(access.project))


@project_view(Capability.VIEW)
def training(request, access: ProjectAccess):
    project = access.project
    sessions = project.training_sessions.prefetch_related("audience")
    return render(
        request,
        "trust/training.html",
        {"access": access, "project": project, "sessions": sessions},
    )


@project_view(Capability.EDIT)
def session_create(request, access: ProjectAccess):
    project = access.project
    return create_from_form(
        request,
        form=TrainingSessionForm(request.POST or None, project=project),
        create=lambda values: services.session_create(
            actor=request.user, project=project, **values
        ),
        template="trust/session_form.html",
        context={"access": access, "project": project},
        success=_("Training session added."),
        done_url=reverse("trust:training", args=[project.slug]),
    )
