from django.urls import path

from samspill.kpis import views

app_name = "kpis"

P = "p/<slug:slug>/kpis/"

urlpatterns = [
    path(P, views.dashboard, name="dashboard"),
    path(P + "new/", views.kpi_create, name="kpi_create"),
    path(P + "<uuid:kpi_uuid>/edit/", views.kpi_edit, name="kpi_edit"),
    path(P + "<uuid:kpi_uuid>/delete/", views.kpi_delete, name="kpi_delete"),
    path(P + "<uuid:kpi_uuid>/value/", views.kpi_value_add, name="kpi_value_add"),
    path(P + "values/import/", views.kpi_values_import, name="kpi_values_import"),
    path(P + "values/sample.csv", views.kpi_sample, name="kpi_sample"),
    path(P + "report.pdf", views.kpi_report, name="kpi_report"),
    path(P + "usage/", views.usage, name="usage"),
    path(P + "usage/import/", views.usage_import, name="usage_import"),
    path(P + "usage/sample.csv", views.usage_sample, name="usage_sample"),
    path(P + "usage/departments/", views.usage_department_save, name="usage_department_save"),
    path(
        P + "usage/departments/<uuid:department_uuid>/delete/",
        views.usage_department_delete,
        name="usage_department_delete",
    ),
    path(P + "stories/", views.stories, name="stories"),
    path(P + "stories/new/", views.story_create, name="story_create"),
    path(P + "stories/<uuid:story_uuid>/edit/", views.story_edit, name="story_edit"),
    path(P + "stories/<uuid:story_uuid>/delete/", views.story_delete, name="story_delete"),
]
