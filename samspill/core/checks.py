"""System checks for running on more than one process or server (docs/operations.md)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """In production without a shared cache, each worker process counts rate limits and
    login failures on its own: with N processes a limit is N times looser."""
    if not getattr(settings, "PRODUCTION", False) or settings.SHARED_CACHE_URL:
        return []
    return [
        Warning(
            "No shared cache: rate limits and login lockouts work per process, so with "
            "several workers or servers they are that many times looser.",
            hint="Set SAMSPILL_REDIS_URL (for example redis://127.0.0.1:6379/0).",
            id="samspill.W001",
        )
    ]
