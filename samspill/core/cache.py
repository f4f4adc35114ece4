"""The shared cache (Redis) and what Samspill does while it is unreachable.

Several app servers share one Redis through Django's built-in RedisCache, so a rate limit,
a login lockout or a cached survey is the same on every server (docs/operations.md,
"Shared cache"). Redis is a cache, not the record: when it cannot be reached, a read is a
miss and a write is dropped, so pages keep working from the database. What that means:

- rate limits (django-ratelimit) fail closed: `add` answers False and `incr` finds no
  counter, so the public forms refuse with their "too many attempts" message until
  Redis is back (RATELIMIT_FAIL_OPEN stays unset);
- the login lockout moves to the database (`AxesSharedCacheHandler` below), which every
  server shares too, so it still counts across servers;
- cached surveys and results are read from the database; cached sessions
  (`cached_db`) fall back to their database copy.

Each process logs one warning when it loses Redis and one line when it has it back. After
a failure it leaves Redis alone for RETRY_SECONDS, so an outage does not add a connection
timeout to every request.
"""

import functools
import logging
import threading
import time

from axes.handlers.cache import AxesCacheHandler
from axes.handlers.database import AxesDatabaseHandler
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("samspill.cache")

RETRY_SECONDS = 2.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# What each operation answers while Redis is unreachable: a miss, or "nothing written".
_MISS = {
    "get": None,
    "get_many": {},
    "has_key": False,
    "add": False,
    "set": None,
    "set_many": [],
    "touch": False,
    "delete": False,
    "delete_many": None,
    "clear": None,
}


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, degraded to a miss while the server is unreachable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._down = False
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        """False while an outage is known and its retry pause has not passed."""
        return time.monotonic() >= self._down_until

    @property
    def in_outage(self) -> bool:
        return self._down

    def _failed(self, error: Exception) -> None:
        with self._lock:
            self._down_until = time.monotonic() + RETRY_SECONDS
            if not self._down:
                self._down = True
                logger.warning(
                    "Shared cache unreachable (%s): serving from the database; public rate "
                    "limits refuse until it is back, login lockouts count in the database. "
                    "Retrying every %.0f s.",
                    error.__class__.__name__,
                    RETRY_SECONDS,
                )

    def _succeeded(self) -> None:
        if self._down:
            with self._lock:
                if self._down:
                    self._down = False
                    logger.warning("Shared cache reachable again.")

    def incr(self, key, delta=1, version=None):
        # Django raises ValueError for a missing key; an unreachable server looks the same
        # to callers, which is how django-ratelimit ends up failing closed.
        if not self.available:
            raise ValueError(f"Key '{key}' not found (shared cache unreachable).")
        try:
            value = super().incr(key, delta, version)
        except UNREACHABLE as error:
            self._failed(error)
            raise ValueError(f"Key '{key}' not found (shared cache unreachable).") from error
        self._succeeded()
        return value


def _guarded(name: str):
    original = getattr(RedisCache, name)
    miss = _MISS[name]

    @functools.wraps(original)
    def method(self, *args, **kwargs):
        if not self.available:
            return _default(name, miss, args, kwargs)
        try:
            value = original(self, *args, **kwargs)
        except UNREACHABLE as error:
            self._failed(error)
            return _default(name, miss, args, kwargs)
        self._succeeded()
        return value

    return method


def _default(name, miss, args, kwargs):
    if name == "get":
        return kwargs.get("default", args[1] if len(args) > 1 else None)
    return miss.copy() if isinstance(miss, dict | list) else miss


for _name in _MISS:
    setattr(ResilientRedisCache, _name, _guarded(_name))


def shared_cache_in_outage() -> bool:
    cache = caches["default"]
    return isinstance(cache, ResilientRedisCache) and (cache.in_outage or not cache.available)


class AxesSharedCacheHandler(AxesCacheHandler):
    """django-axes on the shared cache, and on the database while the cache is down.

    Both are shared by every server, so "5 failures in total" holds either way; during an
    outage the count starts again in the database.
    """

    def __init__(self):
        super().__init__()
        self._database = AxesDatabaseHandler()

    def get_failures(self, request, credentials=None) -> int:
        if not shared_cache_in_outage():
            failures = super().get_failures(request, credentials)
            if not shared_cache_in_outage():
                return failures
        return self._database.get_failures(request, credentials)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if not shared_cache_in_outage():
            try:
                return super().user_login_failed(sender, credentials, request, **kwargs)
            except ValueError:
                if not shared_cache_in_outage():
                    raise
        return self._database.user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender, request, user, **kwargs):
        if shared_cache_in_outage():
            return self._database.user_logged_in(sender, request, user, **kwargs)
        return super().user_logged_in(sender, request, user, **kwargs)

    def reset_attempts(self, **kwargs) -> int:
        return super().reset_attempts(**kwargs) + self._database.reset_attempts(**kwargs)

    def post_save_access_attempt(self, instance, **kwargs):
        return self._database.post_save_access_attempt(instance, **kwargs)

    def post_delete_access_attempt(self, instance, **kwargs):
        return self._database.post_delete_access_attempt(instance, **kwargs)
