"""Pages: a project's webhooks and delivery log, calendar subscription links, a person's
notification preferences, and the site admins' view of background jobs."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_tasks_db.models import DBTaskResult

from method.roles import Capability
from samspill.accounts.site_views import site_admin_view
from samspill.notify import feeds, selectors, services
from samspill.notify.forms import PreferencesForm, WebhookEditForm, WebhookForm
from samspill.notify.models import CalendarFeed, JobProgress, ReminderKind, WebhookEndpoint
from samspill.projects.permissions import ProjectAccess, project_view


def _context(access: ProjectAccess, **extra) -> dict:
    return {"access": access, "project": access.project, **extra}


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# Webhooks (owners: the URL is a secret, and what leaves the project is theirs to decide)


@project_view(Capability.MANAGE)
def webhooks(request, access: ProjectAccess):
    project = access.project
    form = WebhookForm(request.POST or None)
    secret = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                endpoint, secret = services.webhook_create(
                    actor=request.user, project=project, **form.cleaned_data
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                flash.success(request, _("Webhook saved."))
                form = WebhookForm()
                if endpoint.format != "json":
                    secret = None
        if form.errors:
            status = 400
    context = _context(
        access, form=form, secret=secret, endpoints=selectors.webhooks_with_last(project)
    )
    return render(request, "notify/webhooks.html", context, status=status)


def _endpoint(access: ProjectAccess, endpoint_uuid) -> WebhookEndpoint:
    return get_object_or_404(WebhookEndpoint, project=access.project, uuid=endpoint_uuid)


@project_view(Capability.MANAGE)
def webhook_detail(request, access: ProjectAccess, endpoint_uuid):
    endpoint = _endpoint(access, endpoint_uuid)
    initial = {"name": endpoint.name, "kinds": endpoint.kinds, "active": endpoint.active}
    form = WebhookEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.webhook_update(actor=request.user, endpoint=endpoint, **form.cleaned_data)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                flash.success(request, _("Webhook saved."))
                return redirect(request.path)
        status = 400
    context = _context(
        access, endpoint=endpoint, form=form, deliveries=selectors.delivery_log(endpoint)
    )
    return render(request, "notify/webhook_detail.html", context, status=status)


@require_POST
@project_view(Capability.MANAGE)
def webhook_test(request, access: ProjectAccess, endpoint_uuid):
    endpoint = _endpoint(access, endpoint_uuid)
    path = reverse("notify:webhook_detail", args=[access.project.slug, endpoint.uuid])
    services.webhook_send_test(actor=request.user, endpoint=endpoint, path=path)
    flash.success(request, _("Test message queued. Its result appears in the log below."))
    return redirect(path)


@require_POST
@project_view(Capability.MANAGE)
def webhook_delete(request, access: ProjectAccess, endpoint_uuid):
    services.webhook_delete(actor=request.user, endpoint=_endpoint(access, endpoint_uuid))
    flash.success(request, _("Webhook deleted."))
    return redirect("notify:webhooks", access.project.slug)


# Calendar subscriptions (every member, for themselves)


@project_view(Capability.VIEW)
def calendar_feeds(request, access: ProjectAccess):
    project = access.project
    new_link = None
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if kind not in {"rollout", "comms"}:
            flash.error(request, _("Choose a calendar."))
            return redirect("notify:calendar_feeds", project.slug)
        _feed, token = services.feed_create(actor=request.user, project=project, kind=kind)
        new_link = request.build_absolute_uri(reverse("notify:calendar_feed", args=[token]))
    mine = CalendarFeed.objects.filter(project=project, user=request.user, revoked_at__isnull=True)
    context = _context(access, feeds=mine, new_link=new_link)
    return render(request, "notify/calendar_feeds.html", context)


@require_POST
@project_view(Capability.VIEW, allow_archived=True)  # a leaked link must stay stoppable
def calendar_feed_revoke(request, access: ProjectAccess, feed_uuid):
    feed = get_object_or_404(
        CalendarFeed, project=access.project, user=request.user, uuid=feed_uuid
    )
    services.feed_revoke(actor=request.user, feed=feed)
    flash.success(request, _("The link no longer works."))
    return redirect("notify:calendar_feeds", access.project.slug)


@require_GET
def calendar_feed(request, token: str):
    """Public: the token is the key. A revoked or unknown one is simply not there."""
    feed = feeds.feed_for_token(token)
    if feed is None:
        raise Http404
    response = HttpResponse(feeds.feed_render(feed), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


# Preferences (each person's own)


@login_required
@never_cache
def preferences(request):
    prefs = services.preferences_for(request.user)
    initial = {
        "language": prefs.language if prefs.pk else translation.get_language(),
        "wanted": [k for k in ReminderKind.values if prefs.wants(k)],
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            wanted = set(form.cleaned_data["wanted"])
            services.preferences_save(
                user=request.user,
                language=form.cleaned_data["language"],
                opted_out=[k for k in ReminderKind.values if k not in wanted],
            )
            flash.success(request, _("Your notification choices are saved."))
            return redirect("notify:preferences")
        status = 400
    return render(request, "notify/preferences.html", {"form": form}, status=status)


# Job progress (the person who started it) and the jobs page (site admins)


@login_required
@never_cache
def job_progress(request, job_uuid):
    job = get_object_or_404(JobProgress, uuid=job_uuid, user=request.user)
    template = "notify/job_progress.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, {"job": job})


@require_GET
@site_admin_view
def site_jobs(request):
    state = request.GET.get("state", "failed")
    if state not in {"failed", "waiting", "all"}:
        state = "failed"
    rows = DBTaskResult.objects.order_by("-enqueued_at")
    if state == "failed":
        rows = rows.filter(status="FAILED")
    elif state == "waiting":
        rows = rows.filter(status__in=["READY", "RUNNING"])
    context = {
        "rows": rows[:200],
        "state": state,
        "counts": selectors.job_counts(),
    }
    return render(request, "notify/site_jobs.html", context)
