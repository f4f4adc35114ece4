"""Whether Samspill can send e-mail at all (settings.MAILERS, from SAMSPILL_EMAIL_*)."""

from django.conf import settings


def email_configured() -> bool:
    return "default" in settings.MAILERS
