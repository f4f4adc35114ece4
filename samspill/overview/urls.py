"""The overview's pages. Each joins the namespace of the part it shows in the root URLconf,
so a project's page stays `projects:detail` and the TRUST page `trust:checklists`, while the
code that composes them lives up here, above the apps it reads."""

from django.urls import path

from samspill.overview import views

project_urlpatterns = [
    path("p/<slug:slug>/", views.project_dashboard, name="detail"),
]

trust_urlpatterns = [
    path("p/<slug:slug>/trust/", views.trust_checklists, name="checklists"),
]

urlpatterns = [
    path("my-work/", views.my_work_page, name="my_work"),
]
