from django.urls import path

from samspill.notify import views

app_name = "notify"

P = "p/<slug:slug>/"
W = P + "webhooks/<uuid:endpoint_uuid>/"

urlpatterns = [
    path(P + "webhooks/", views.webhooks, name="webhooks"),
    path(W, views.webhook_detail, name="webhook_detail"),
    path(W + "test/", views.webhook_test, name="webhook_test"),
    path(W + "delete/", views.webhook_delete, name="webhook_delete"),
    path(P + "calendar-links/", views.calendar_feeds, name="calendar_feeds"),
    path(
        P + "calendar-links/<uuid:feed_uuid>/revoke/",
        views.calendar_feed_revoke,
        name="calendar_feed_revoke",
    ),
    path("feeds/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("notifications/", views.preferences, name="preferences"),
    path("jobs/<uuid:job_uuid>/", views.job_progress, name="job_progress"),
    path("site/jobs/", views.site_jobs, name="site_jobs"),
]
