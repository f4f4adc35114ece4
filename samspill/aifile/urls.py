from django.urls import path

from samspill.aifile import views

app_name = "aifile"

P = "p/<slug:slug>/ai-file/"

urlpatterns = [
    path(P, views.file_page, name="file"),
    path(P + "settings/", views.settings_edit, name="settings"),
    path(P + "information/new/", views.information_create, name="information_create"),
    path(P + "information/<uuid:information_uuid>/links/", views.ack_links, name="ack_links"),
    path(P + "oversight/new/", views.overseer_create, name="overseer_create"),
    path(P + "literacy/new/", views.literacy_create, name="literacy_create"),
    path(P + "literacy.csv", views.literacy_csv, name="literacy_csv"),
    path(P + "events/new/", views.event_create, name="event_create"),
    path(P + "ai-act-file.pdf", views.file_document, name="document"),
    path(P + "evidence.zip", views.evidence, name="evidence"),
    path("ack/<str:token>/", views.ack, name="ack"),
    path("t/<str:token>/acknowledge/", views.public_ack, name="public_ack"),
]
