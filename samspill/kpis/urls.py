from django.urls import path

from samspill.kpis import views

app_name = "kpis"

P = "p/<slug:slug>/kpis/"

urlpatterns = [
    path(P, views.dashboard, name="dashboard"),
    path(P + "usage/", views.usage, name="usage"),
    path(P + "stories/", views.stories, name="stories"),
]
