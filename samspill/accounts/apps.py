from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """People and their way in: invitations and password reset. A base app: it knows
    projects, never a domain app, so sign-in (SSO, two-factor) can grow here later."""

    name = "samspill.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from samspill.accounts import signals  # noqa: F401  (connects the receivers)
