from django.urls import path

from samspill.pilot import views

app_name = "pilot"

P = "p/<slug:slug>/pilot/"

urlpatterns = [
    path(P, views.report, name="report"),
    path(P + "import/", views.import_cases, name="import"),
    path(P + "sample.csv", views.sample, name="sample"),
    path(P + "report.pdf", views.document, name="document"),
    path(P + "attach/", views.attach, name="attach"),
    path(P + "attributes/delete/", views.attributes_delete, name="attributes_delete"),
]
