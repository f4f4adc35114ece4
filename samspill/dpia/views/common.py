"""Helpers the DPIA views share."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from samspill.core.editing import versioned_edit
from samspill.dpia import selectors
from samspill.dpia.models import Dpia


def overview_url(project, anchor: str = "") -> str:
    return reverse("dpia:overview", args=[project.slug]) + (f"#{anchor}" if anchor else "")


def dpia_or_404(project) -> Dpia:
    dpia = selectors.dpia_for(project)
    if dpia is None:
        raise Http404
    return dpia


def part_edit(
    request, access, *, instance, form_class, save, heading, anchor, form_kwargs=None, **extra
):
    """versioned_edit with the shared DPIA form page; `extra` goes into its context."""
    return versioned_edit(
        request,
        form_class=form_class,
        form_kwargs=form_kwargs,
        instance=instance,
        save=save,
        template="dpia/part_form.html",
        context={"access": access, "project": access.project, "heading": heading, **extra},
        success=_("Saved."),
        done_url=overview_url(access.project, anchor),
    )
