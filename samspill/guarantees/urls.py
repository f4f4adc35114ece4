from django.urls import path

from samspill.guarantees import views

app_name = "guarantees"

P = "p/<slug:slug>/guarantees/"

urlpatterns = [
    path(P, views.overview, name="overview"),
    path(P + "applicability/", views.applicability, name="applicability"),
    path(P + "applicability/to-trust/", views.obligations_to_trust, name="to_trust"),
    path(P + "limits/", views.limits, name="limits"),
    path(P + "limits/new/", views.limit_create, name="limit_create"),
    path(P + "limits/<uuid:use_case_uuid>/edit/", views.limit_edit, name="limit_edit"),
    path(P + "limits/<uuid:use_case_uuid>/delete/", views.limit_delete, name="limit_delete"),
    path(P + "drafts/<str:kind>/", views.draft_edit, name="draft_edit"),
    path(P + "drafts/<str:kind>/v<int:number>.docx", views.draft_version, name="draft_version"),
    path(P + "transparency/", views.transparency_settings, name="transparency_settings"),
    path(P + "transparency/rotate/", views.transparency_rotate, name="transparency_rotate"),
    path(P + "transparency/preview/", views.transparency_preview, name="transparency_preview"),
    path("t/<str:token>/", views.transparency_public, name="public"),
]
