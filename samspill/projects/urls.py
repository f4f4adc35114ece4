from django.urls import path

from samspill.projects import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.project_list, name="list"),
    path("projects/new/", views.project_create, name="create"),
    path("p/<slug:slug>/settings/", views.project_settings, name="settings"),
    path("p/<slug:slug>/settings/facts/", views.project_facts, name="facts"),
    path("p/<slug:slug>/settings/archive/", views.project_archive, name="archive"),
    path("p/<slug:slug>/settings/restore/", views.project_restore, name="restore"),
    path("p/<slug:slug>/settings/delete/", views.project_delete, name="delete"),
    path("p/<slug:slug>/members/", views.project_members, name="members"),
    path("p/<slug:slug>/members/add/", views.member_add, name="member_add"),
    path("p/<slug:slug>/members/<uuid:member_uuid>/role/", views.member_role, name="member_role"),
    path(
        "p/<slug:slug>/members/<uuid:member_uuid>/remove/",
        views.member_remove,
        name="member_remove",
    ),
]
