from django.urls import path

from samspill.surveys import views

app_name = "surveys"

P = "p/<slug:slug>/surveys/"

urlpatterns = [
    path(P, views.survey_list, name="list"),
]
