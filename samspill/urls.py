from django.contrib.auth import views as auth_views
from django.urls import include, path

from samspill.accounts import sso_views
from samspill.core import views as core_views
from samspill.overview import urls as overview_urls
from samspill.projects import urls as projects_urls
from samspill.trust import urls as trust_urls


def _joined(patterns: list, namespace: str):
    return include((patterns, namespace))


# A database outage answers 503 with Retry-After, not a 500 (samspill/core/views.py).
handler500 = "samspill.core.views.server_error"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", include(("samspill.api.urls", "api"))),
    path("", include("samspill.api.page_urls")),
    # The login page hands over to allauth for two-factor login (samspill/accounts/sso.py).
    path("accounts/login/", sso_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Single sign-on and two-factor login: the parts of allauth in use, without a namespace.
    path("accounts/", include("samspill.accounts.allauth_urls")),
    # Password reset and invitations (samspill/accounts): before the project URLs.
    path("", include("samspill.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Early: the public survey page is the one many people load at once, and URL
    # resolution walks the list in order.
    path("", include("samspill.surveys.urls")),
    # The overview composes the project's page and the TRUST page; they keep the names of
    # the parts they show (docs/architecture.md).
    path("", _joined([*projects_urls.urlpatterns, *overview_urls.project_urlpatterns], "projects")),
    path("", _joined(overview_urls.urlpatterns, "overview")),
    path("", include("samspill.audit.urls")),
    path("", include("samspill.stakeholders.urls")),
    path("", include("samspill.business.urls")),
    path("", include("samspill.rollout.urls")),
    path("", _joined([*overview_urls.trust_urlpatterns, *trust_urls.urlpatterns], "trust")),
    path("", include("samspill.comms.urls")),
    path("", include("samspill.objections.urls")),
    path("", include("samspill.pilot.urls")),
    path("", include("samspill.guarantees.urls")),
    path("", include("samspill.dpia.urls")),
    path("", include("samspill.transfer.urls")),
    path("", include("samspill.kpis.urls")),
    path("", include("samspill.aifile.urls")),
    path("", include("samspill.desk.urls")),
    path("", include("samspill.notify.urls")),  # webhooks, calendar links, jobs
    path("", include("samspill.controls.urls")),  # composition: the agreement's controls
]
