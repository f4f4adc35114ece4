from django.urls import path

from samspill.accounts import site_views, sso_views, views

app_name = "accounts"

urlpatterns = [
    path("accounts/password/reset/", views.PasswordReset.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        views.PasswordResetSent.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/done/",
        views.PasswordResetComplete.as_view(),
        name="password_reset_complete",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("invitations/<str:token>/sso/", sso_views.invitation_sso, name="invitation_sso"),
    path(
        "invitations/<str:token>/sso/done/",
        sso_views.invitation_sso_done,
        name="invitation_sso_done",
    ),
    path("p/<slug:slug>/invitations/", views.invitation_create, name="invitation_create"),
    path(
        "p/<slug:slug>/invitations/<uuid:invitation_uuid>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "p/<slug:slug>/invitations/<uuid:invitation_uuid>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    # Site administration: site admins only.
    path("site/users/", site_views.users, name="site_users"),
    path(
        "site/users/<int:user_id>/deactivate/",
        site_views.user_deactivate,
        name="site_user_deactivate",
    ),
    path("site/users/<int:user_id>/activate/", site_views.user_activate, name="site_user_activate"),
    path("site/users/<int:user_id>/reset/", site_views.user_reset, name="site_user_reset"),
    path("site/users/<int:user_id>/transfer/", site_views.user_transfer, name="site_user_transfer"),
]
