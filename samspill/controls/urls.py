from django.urls import path

from samspill.controls import views

app_name = "controls"

P = "p/<slug:slug>/controls/"

urlpatterns = [
    path(P, views.page, name="page"),
    path(P + "evaluate/", views.evaluate, name="evaluate"),
    path(P + "cases/", views.case_import, name="case_import"),
    path(P + "new/", views.control_create, name="control_create"),
    path(P + "<uuid:control_uuid>/edit/", views.control_edit, name="control_edit"),
    path(P + "<uuid:control_uuid>/delete/", views.control_delete, name="control_delete"),
    path(P + "meeting/", views.meeting, name="meeting"),
    path(P + "evaluation.pdf", views.report, name="report"),
    path(P + "breach/<uuid:breach_uuid>/", views.breach, name="breach"),
    path(P + "breach/<uuid:breach_uuid>/comment/", views.comment, name="comment"),
    path(P + "breach/<uuid:breach_uuid>/respond/", views.respond, name="respond"),
]
