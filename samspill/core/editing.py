"""The edit-form loop every versioned edit shares: bind, call the service, handle staleness."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from samspill.core.versioning import STALE_EDIT_MESSAGE, StaleEditError


def versioned_edit(
    request, *, form_class, instance, save, template, context, success, done_url, form_kwargs=None
):
    """Render `form_class` for `instance`; on a valid POST call save(values, version).

    A stale edit re-renders the form with the user's values, the stored object beside
    them and the newer version, so saving again is a deliberate choice.
    """
    form_kwargs = form_kwargs or {}
    stale_current = None
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, instance=copy.copy(instance), **form_kwargs)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                save(values, form.cleaned_data["version"] or instance.version)
            except StaleEditError as stale:
                stale_current = stale.current
                # A copy keeps every value of a multi-select; .dict() would keep only the last.
                data = request.POST.copy()
                data["version"] = stale_current.version
                form = form_class(
                    data=data,
                    instance=copy.copy(stale_current),
                    **form_kwargs,
                )
                form.is_valid()
                form.add_error(None, STALE_EDIT_MESSAGE)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, success)
                return redirect(done_url)
    else:
        form = form_class(instance=instance, initial={"version": instance.version}, **form_kwargs)
    return render(request, template, {**context, "form": form, "stale_current": stale_current})


def create_from_form(request, *, form, create, template, context, success, done_url):
    """Render `form`; on a valid POST call create(values) and redirect.

    `success` and `done_url` may be callables taking the created object. A ValidationError
    from the service is shown on the form, and nothing is saved.
    """
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            created = create(values)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success(created) if callable(success) else success)
            return redirect(done_url(created) if callable(done_url) else done_url)
    return render(request, template, {**context, "form": form})
