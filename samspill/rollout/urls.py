from django.urls import path

from samspill.rollout import views

app_name = "rollout"

P = "p/<slug:slug>/plan/"

urlpatterns = [
    path(P, views.plan, name="plan"),
    path(P + "calendar.ics", views.plan_ics, name="ics"),
    path(P + "phases/new/", views.phase_create, name="phase_create"),
    path(P + "phases/<uuid:phase_uuid>/edit/", views.phase_edit, name="phase_edit"),
    path(P + "milestones/new/", views.milestone_create, name="milestone_create"),
    path(P + "milestones/<uuid:milestone_uuid>/edit/", views.milestone_edit, name="milestone_edit"),
]
