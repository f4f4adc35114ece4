from django.urls import path

from samspill.api import token_views

app_name = "tokens"

# The API token pages: a user's own tokens, and a project's service tokens (owners).
urlpatterns = [
    path("account/tokens/", token_views.tokens, name="list"),
    path("account/tokens/<uuid:token_uuid>/revoke/", token_views.token_revoke, name="revoke"),
    path("p/<slug:slug>/tokens/", token_views.service_tokens, name="service"),
    path(
        "p/<slug:slug>/tokens/<uuid:token_uuid>/revoke/",
        token_views.service_token_revoke,
        name="service_revoke",
    ),
]
