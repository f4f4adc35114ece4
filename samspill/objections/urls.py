from django.urls import path

from samspill.objections import views

app_name = "objections"

P = "p/<slug:slug>/objections/"

urlpatterns = [
    path(P, views.objection_list, name="list"),
    path(P + "new/", views.objection_log, name="log"),
    path(P + "suggest/", views.objection_suggest, name="suggest"),
    path(P + "<uuid:objection_uuid>/", views.objection_detail, name="detail"),
    path(P + "<uuid:objection_uuid>/answer/", views.objection_answer, name="answer"),
    path(P + "<uuid:objection_uuid>/delete/", views.objection_delete, name="delete"),
    path(P + "library/", views.library, name="library"),
    path(P + "library/new/", views.entry_create, name="entry_create"),
    path(P + "library/<uuid:entry_uuid>/edit/", views.entry_edit, name="entry_edit"),
    path(P + "library/<uuid:entry_uuid>/delete/", views.entry_delete, name="entry_delete"),
]
