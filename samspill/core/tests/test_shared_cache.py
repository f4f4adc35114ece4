"""The shared cache against a real redis-server on loopback, stopped mid-test.

While Redis is unreachable: reads miss, rate limits refuse (fail closed), the login
lockout counts in the database, and each process logs one warning, not one per request.
"""

import logging

import pytest
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse
from django_ratelimit.core import is_ratelimited

from conftest import PASSWORD
from samspill.core import cache as shared
from tests.servers import RedisServer


@pytest.fixture
def redis():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def redis_cache(redis, settings, monkeypatch):
    monkeypatch.setattr(shared, "RETRY_SECONDS", 0.0)  # retry at once: no waiting in tests
    settings.CACHES = {
        "default": {
            "BACKEND": "samspill.core.cache.ResilientRedisCache",
            "LOCATION": redis.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
    settings.SHARED_CACHE_URL = redis.url
    settings.AXES_HANDLER = "samspill.core.cache.AxesSharedCacheHandler"
    AxesProxyHandler.get_implementation(force=True)
    yield caches["default"]
    caches["default"].close()
    settings.AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
    AxesProxyHandler.get_implementation(force=True)


def warnings_of(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "samspill.cache"]


def test_reads_miss_while_redis_is_down_with_one_warning_and_recover(redis, redis_cache, caplog):
    caplog.set_level(logging.INFO, logger="samspill.cache")
    redis_cache.set("survey", "cached")
    assert redis_cache.get("survey") == "cached"

    redis.stop()
    for _ in range(20):
        assert redis_cache.get("survey", "from the database") == "from the database"
        assert redis_cache.add("counter", 1) is False
        redis_cache.set("survey", "dropped")
    messages = warnings_of(caplog)
    assert len(messages) == 1
    assert "Shared cache unreachable" in messages[0]

    redis.start()  # same port, empty: the outage lost the cache, as a restart would
    assert redis_cache.get("survey") is None
    redis_cache.set("survey", "again")
    assert redis_cache.get("survey") == "again"
    assert warnings_of(caplog)[-1] == "Shared cache reachable again."


def test_rate_limits_count_across_processes_and_fail_closed_when_redis_is_down(redis, redis_cache):
    request = RequestFactory().post("/s/x/", REMOTE_ADDR="10.1.2.3")

    def limited() -> bool:
        return is_ratelimited(request, group="t", key="ip", rate="3/h", increment=True)

    assert [limited() for _ in range(4)] == [False, False, False, True]
    # A second cache client (another process) sees the same counter.
    other = shared.ResilientRedisCache(redis.url, {})
    assert [k for k in other._cache.get_client().keys("*")]  # the counter lives in Redis
    redis_cache.clear()
    assert limited() is False

    redis.stop()
    assert limited() is True  # fail closed: refuse while nothing can be counted


@pytest.mark.django_db
def test_login_lockout_counts_in_the_database_while_redis_is_down(
    client, make_user, redis, redis_cache
):
    make_user(username="kari")
    url = reverse("login")
    for _ in range(2):
        client.post(url, {"username": "kari", "password": "wrong"})
    assert not AccessAttempt.objects.exists()  # in Redis, not in the database

    redis.stop()
    for _ in range(5):
        response = client.post(url, {"username": "kari", "password": "wrong"})
    assert AccessAttempt.objects.get().failures_since_start == 5
    response = client.post(url, {"username": "kari", "password": PASSWORD})
    assert response.status_code == 429  # locked out, although Redis is down
