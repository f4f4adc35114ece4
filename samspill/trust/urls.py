from django.urls import path

from samspill.trust import views

app_name = "trust"

P = "p/<slug:slug>/trust/"

urlpatterns = [
    path(P + "items/new/", views.item_create, name="item_create"),
    path(P + "items/<uuid:item_uuid>/edit/", views.item_edit, name="item_edit"),
    path(P + "items/<uuid:item_uuid>/evidence/", views.item_evidence, name="item_evidence"),
    path(P + "items/<uuid:item_uuid>/status/", views.item_status, name="item_status"),
    path(P + "gates/<slug:phase_key>/override/", views.gate_override, name="gate_override"),
    path(P + "training/", views.training, name="training"),
    path(P + "training/new/", views.session_create, name="session_create"),
]
