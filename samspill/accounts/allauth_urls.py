"""The parts of django-allauth that Samspill uses, mounted under /accounts/ without a
namespace (allauth reverses these names). Nothing else of allauth is reachable: no
sign-up, e-mail management or allauth's own login and password pages."""

from allauth.account import views as account_views
from allauth.socialaccount import views as social_views
from django.contrib.auth import views as auth_views
from django.urls import include, path

from samspill.accounts import sso, sso_views

urlpatterns = [
    # allauth's names for Samspill's own login and logout (the "login" URL comes first).
    path("login/", sso_views.LoginView.as_view(), name="account_login"),
    path("logout/", auth_views.LogoutView.as_view(), name="account_logout"),
    path("inactive/", account_views.account_inactive, name="account_inactive"),
    path("reauthenticate/", account_views.reauthenticate, name="account_reauthenticate"),
    # OpenID Connect: the provider is named by SAMSPILL_OIDC_*; an unknown id is 404.
    path("oidc/<str:provider_id>/login/", sso.oidc_login, name="openid_connect_login"),
    path(
        "oidc/<str:provider_id>/login/callback/",
        sso.oidc_callback,
        name="openid_connect_callback",
    ),
    path(
        "social/login/cancelled/",
        social_views.login_cancelled,
        name="socialaccount_login_cancelled",
    ),
    path("social/login/error/", social_views.login_error, name="socialaccount_login_error"),
    # Two-factor login: TOTP, recovery codes and, where offered, WebAuthn security keys.
    path("2fa/", include("allauth.mfa.urls")),
]
