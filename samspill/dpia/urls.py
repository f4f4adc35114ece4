from django.urls import path

from samspill.dpia.views import exports, parts, rows

app_name = "dpia"

P = "p/<slug:slug>/dpia/"

urlpatterns = [
    path(P, parts.overview, name="overview"),
    path(P + "start/", parts.start, name="start"),
    path(P + "screening/", parts.screening, name="screening"),
    path(P + "context/", parts.context_edit, name="context"),
    path(P + "principles/", parts.principles_edit, name="principles"),
    path(P + "opinions/<slug:kind>/", parts.opinion, name="opinion"),
    path(P + "decision/", parts.decision, name="decision"),
    path(P + "risks/new/", rows.risk_create, name="risk_create"),
    path(P + "risks/<uuid:risk_uuid>/edit/", rows.risk_edit, name="risk_edit"),
    path(P + "risks/<uuid:risk_uuid>/delete/", rows.risk_delete, name="risk_delete"),
    path(P + "actions/new/", rows.action_create, name="action_create"),
    path(P + "actions/<uuid:action_uuid>/edit/", rows.action_edit, name="action_edit"),
    path(P + "actions/<uuid:action_uuid>/delete/", rows.action_delete, name="action_delete"),
    path(P + "action-plan.csv", exports.actions_csv, name="actions_csv"),
    path(P + "dpia.<slug:file_format>", exports.document, name="document"),
]
