from django.urls import path

from samspill.stakeholders.views import groups, logs, map, people, transfer

app_name = "stakeholders"

P = "p/<slug:slug>/"

urlpatterns = [
    path(P + "map/", map.stakeholder_map, name="map"),
    path(P + "people/", map.people_table, name="people"),
    path(P + "people/new/", people.person_create, name="person_create"),
    path(P + "people/import/", transfer.people_import_view, name="import"),
    path(P + "people/export.<str:file_format>", transfer.people_export_view, name="export"),
    path(P + "people/<uuid:person_uuid>/", people.person_detail, name="person"),
    path(P + "people/<uuid:person_uuid>/edit/", people.person_edit, name="person_edit"),
    path(P + "people/<uuid:person_uuid>/stance/", people.person_stance, name="person_stance"),
    path(P + "people/<uuid:person_uuid>/delete/", people.person_delete, name="person_delete"),
    path(P + "groups/new/", groups.group_create, name="group_create"),
    path(P + "groups/<uuid:group_uuid>/edit/", groups.group_edit, name="group_edit"),
    path(P + "groups/<uuid:group_uuid>/delete/", groups.group_delete, name="group_delete"),
    path(P + "engagements/", logs.engagement_list, name="engagements"),
    path(P + "engagements/new/", logs.engagement_create, name="engagement_create"),
    path(P + "decisions/", logs.decision_list, name="decisions"),
    path(P + "decisions/new/", logs.decision_create, name="decision_create"),
]
