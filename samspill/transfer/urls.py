from django.urls import path

from samspill.transfer import views

app_name = "transfer"

urlpatterns = [
    path("projects/import/", views.import_view, name="import"),
    path("p/<slug:slug>/export.json", views.export_view, name="export"),
    path("p/<slug:slug>/settings/duplicate/", views.duplicate_view, name="duplicate"),
    path("p/<slug:slug>/audit/imported/", views.history_view, name="history"),
]
