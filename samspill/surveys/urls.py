from django.urls import path

from samspill.surveys import public, views

app_name = "surveys"

P = "p/<slug:slug>/surveys/"
S = P + "<uuid:survey_uuid>/"

urlpatterns = [
    path(P, views.survey_list, name="list"),
    path(P + "new/", views.survey_create, name="create"),
    path(S, views.survey_detail, name="detail"),
    path(S + "edit/", views.survey_edit, name="edit"),
    path(S + "open/", views.survey_open, name="open"),
    path(S + "close/", views.survey_close, name="close"),
    path(S + "links.csv", views.links_csv, name="links_csv"),
    path(S + "send/", views.send, name="send"),
    path(S + "remind/", views.remind, name="remind"),
    path(S + "results/", views.results, name="results"),
    path(S + "results.<str:file_format>", views.export, name="export"),
    path("s/<str:token>/", public.answer, name="answer"),
    path("s/<str:token>/thanks/", public.thanks, name="thanks"),
]
