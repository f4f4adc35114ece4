from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from method.roi import business_case
from method.roles import Capability
from samspill.business import documents, services
from samspill.business.forms import BusinessCaseForm
from samspill.business.models import BusinessCaseInputs
from samspill.business.presenting import present
from samspill.core.versioning import STALE_EDIT_MESSAGE, StaleEditError
from samspill.pilot.models import PilotImport
from samspill.pilot.services import measured_hours_per_week
from samspill.projects.permissions import ProjectAccess, project_view

FIELDSETS = [
    (
        gettext_lazy("Time saved"),
        [
            "hours_saved_per_week",
            "hours_saved_per_year",
            "users",
            "share_affected",
            "hourly_cost",
            "currency",
        ],
    ),
    (gettext_lazy("Working year"), ["weeks_per_year", "hours_per_week"]),
    (
        gettext_lazy("Costs"),
        [
            "licence_setup_cost",
            "implementation_cost",
            "training_cost",
            "annual_running_cost",
            "training_share_target_pct",
        ],
    ),
    (gettext_lazy("Adoption and horizon"), ["ramp", "horizon_months"]),
    (
        gettext_lazy("Scenarios"),
        [
            "conservative_hours_pct",
            "conservative_cost_pct",
            "optimistic_hours_pct",
            "optimistic_cost_pct",
        ],
    ),
    (gettext_lazy("For the business case"), ["problem", "risks"]),
]


def _fieldsets(form):
    return [(title, [form[name] for name in names]) for title, names in FIELDSETS]


def _saved_or_defaults(project) -> BusinessCaseInputs:
    saved = BusinessCaseInputs.objects.filter(project=project).first()
    return saved or BusinessCaseInputs(project=project, hours_saved_per_week=10)


@project_view(Capability.VIEW)
def roi_page(request, access: ProjectAccess):
    project = access.project
    inputs = _saved_or_defaults(project)
    form = BusinessCaseForm(instance=inputs, initial={"version": inputs.version})
    if request.method == "POST":
        if not access.can(Capability.EDIT):
            return HttpResponse(status=403)
        form = BusinessCaseForm(request.POST, instance=BusinessCaseInputs(project=project))
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.business_case_save(
                    actor=request.user,
                    project=project,
                    expected_version=form.cleaned_data["version"],
                    **values,
                )
            except StaleEditError as stale:
                form.add_error(None, STALE_EDIT_MESSAGE)
                form.data = form.data.copy()
                form.data["version"] = stale.current.version
            else:
                messages.success(request, _("Business case saved."))
                return redirect("business:roi", slug=project.slug)
    case = getattr(form, "case", None) or business_case(inputs.roi_inputs(), inputs.scenarios())
    context = {
        "access": access,
        "project": project,
        "form": form,
        "fieldsets": _fieldsets(form),
        "saved": inputs.pk is not None,
        "measured": measured_hours_per_week(
            PilotImport.objects.filter(project=project).only("summary").first()
        ),
        "result": present(case, form.instance if form.is_bound and form.is_valid() else inputs),
    }
    return render(request, "business/roi.html", context, status=400 if form.errors else 200)


@require_POST
@project_view(Capability.VIEW)
def roi_preview(request, access: ProjectAccess):
    """The results for the figures being typed, without saving anything."""
    form = BusinessCaseForm(request.POST, instance=BusinessCaseInputs(project=access.project))
    context = {"access": access, "project": access.project, "form": form}
    if form.is_valid():
        context["result"] = present(form.case, form.instance)
    return render(request, "business/roi.html#results", context)


@project_view(Capability.VIEW)
def business_case_document(request, access: ProjectAccess, file_format: str):
    inputs = _saved_or_defaults(access.project)
    if file_format == "pdf":
        content, content_type = (
            documents.business_case_pdf(access.project, inputs),
            "application/pdf",
        )
    else:
        content = documents.business_case_docx(access.project, inputs)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(content, content_type=content_type)
    name = f"{access.project.slug}-business-case.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
