from django.urls import path

from samspill.desk import views

app_name = "desk"

P = "p/<slug:slug>/desk/"

urlpatterns = [
    path(P, views.request_list, name="list"),
    path(P + "new/", views.request_log, name="log"),
    path(P + "settings/", views.settings_edit, name="settings"),
    path(P + "<uuid:request_uuid>/", views.request_detail, name="detail"),
    path("t/<str:token>/explanation/", views.intake, name="intake"),
]
