from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from method.roles import Capability
from method.trend import StanceStep, person_series, sparkline_points
from samspill.core import clock
from samspill.core.editing import create_from_form, versioned_edit
from samspill.core.versioning import STALE_EDIT_MESSAGE, StaleEditError
from samspill.projects.permissions import ProjectAccess, project_view
from samspill.stakeholders import selectors, services
from samspill.stakeholders.forms import PersonForm, StanceForm


def _person(access: ProjectAccess, person_uuid):
    return get_object_or_404(access.project.people.select_related("group"), uuid=person_uuid)


def _map_url(project) -> str:
    return reverse("stakeholders:map", args=[project.slug])


@project_view(Capability.EDIT)
def person_create(request, access: ProjectAccess):
    project = access.project
    initial = {"group": selectors.group_from_query(project, request.GET.get("group"))}
    return create_from_form(
        request,
        form=PersonForm(request.POST or None, project=project, initial=initial),
        create=lambda values: services.person_create(actor=request.user, project=project, **values),
        template="stakeholders/person_form.html",
        context={"access": access, "project": project},
        success=lambda person: _("%(name)s added to the map.") % {"name": person.name},
        done_url=lambda person: reverse("stakeholders:person", args=[project.slug, person.uuid]),
    )


@project_view(Capability.VIEW)
def person_detail(request, access: ProjectAccess, person_uuid):
    person = _person(access, person_uuid)
    history = list(selectors.person_history(person))
    steps = [StanceStep(h.changed_on, h.stance) for h in reversed(history)]
    days = selectors.trend_window(person.project, clock.today())
    trend = person_series(steps, days)
    context = {
        "access": access,
        "project": access.project,
        "person": person,
        "history": history,
        "sparkline": sparkline_points(trend, low=-2, high=2, width=240, height=40),
        "trend_start": days[0],
        "engagements": person.engagements.order_by("-date")[:20],
        "stance_form": StanceForm(initial={"stance": person.stance, "version": person.version}),
    }
    return render(request, "stakeholders/person_detail.html", context)


@project_view(Capability.EDIT)
def person_edit(request, access: ProjectAccess, person_uuid):
    person = _person(access, person_uuid)
    return versioned_edit(
        request,
        form_class=PersonForm,
        form_kwargs={"project": access.project, "editing": True},
        instance=person,
        save=lambda values, version: services.person_update(
            actor=request.user, person=person, expected_version=version, **values
        ),
        template="stakeholders/person_form.html",
        context={"access": access, "project": access.project, "person": person},
        success=_("Changes saved."),
        done_url=reverse("stakeholders:person", args=[access.project.slug, person.uuid]),
    )


@require_POST
@project_view(Capability.EDIT)
def person_stance(request, access: ProjectAccess, person_uuid):
    person = _person(access, person_uuid)
    form = StanceForm(request.POST)
    if form.is_valid():
        try:
            services.person_change_stance(
                actor=request.user,
                person=person,
                expected_version=form.cleaned_data["version"],
                stance=form.cleaned_data["stance"],
                reason=form.cleaned_data["reason"],
                day=form.cleaned_data["day"],
            )
        except StaleEditError:
            messages.error(request, STALE_EDIT_MESSAGE)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Stance changed."))
    else:
        messages.error(
            request,
            _("The stance was not changed: %(errors)s")
            % {"errors": " ".join(str(e) for errors in form.errors.values() for e in errors)},
        )
    return redirect("stakeholders:person", slug=access.project.slug, person_uuid=person.uuid)


@require_POST
@project_view(Capability.EDIT)
def person_delete(request, access: ProjectAccess, person_uuid):
    person = _person(access, person_uuid)
    services.person_delete(actor=request.user, person=person)
    messages.success(request, _("%(name)s removed from the map.") % {"name": person.name})
    return redirect(_map_url(access.project))
