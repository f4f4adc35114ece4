from django.urls import path

from samspill.audit import views

app_name = "audit"

urlpatterns = [
    path("p/<slug:slug>/audit/", views.project_trail, name="trail"),
    path("p/<slug:slug>/audit/checkpoints.json", views.checkpoints, name="checkpoints"),
]
