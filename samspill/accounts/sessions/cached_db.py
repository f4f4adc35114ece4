"""SESSION_ENGINE with SAMSPILL_CACHE_SESSIONS: sessions in the shared cache, with their
copy in the database read with the account when the cache misses (see __init__)."""

from django.contrib.sessions.backends import cached_db

from samspill.accounts.sessions import AccountSessionMixin


class SessionStore(AccountSessionMixin, cached_db.SessionStore):
    # Not Django's prefix: a session Django's store cached (before the upgrade) is read
    # from this table's copy instead, and saved where this store will find it.
    cache_key_prefix = "samspill.accounts.sessions.cached_db"
