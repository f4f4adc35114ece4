from django.urls import path

from samspill.comms import views

app_name = "comms"

P = "p/<slug:slug>/communication/"

urlpatterns = [
    path(P, views.calendar, name="calendar"),
    path(P + "month/", views.calendar_month, name="calendar_month"),
    path(P + "calendar.ics", views.calendar_ics, name="ics"),
    path(P + "new/", views.communication_create, name="communication_create"),
    path(
        P + "<uuid:communication_uuid>/edit/", views.communication_edit, name="communication_edit"
    ),
    path(
        P + "<uuid:communication_uuid>/done/", views.communication_done, name="communication_done"
    ),
    path(
        P + "<uuid:communication_uuid>/delete/",
        views.communication_delete,
        name="communication_delete",
    ),
    path(P + "messages/", views.message_library, name="messages"),
    path(P + "messages/new/", views.message_create, name="message_create"),
    path(P + "messages/<uuid:message_uuid>/", views.message_detail, name="message"),
    path(P + "messages/<uuid:message_uuid>/edit/", views.message_edit, name="message_edit"),
    path(P + "messages/<uuid:message_uuid>/delete/", views.message_delete, name="message_delete"),
    path(P + "guides/", views.guide_index, name="guides"),
    path(P + "guides/<str:audience>/", views.guide_detail, name="guide"),
    path(P + "guides/<str:audience>.pdf", views.guide_document, name="guide_pdf"),
    path(P + "consistency/", views.consistency, name="consistency"),
]
