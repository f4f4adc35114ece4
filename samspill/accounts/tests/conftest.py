import pytest


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def site_url(settings):
    # Django's test set-up already swaps in the in-memory mail backend (mail.outbox).
    settings.SITE_URL = "https://samspill.example"


def token_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[1]
