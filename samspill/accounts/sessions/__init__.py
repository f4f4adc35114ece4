"""Sessions that bring their account along.

Django's database session store keeps the account's id inside the encoded session data,
so a signed-in request reads the session row and then, in a second query, the account.
On PostgreSQL each query is a round trip, and a cached page needs only a few. These
stores (SESSION_ENGINE `samspill.accounts.sessions.db`, or `.cached_db` with the shared
cache) keep the id in a column as well, Django's documented way to extend the session
model, and read the account (with its SiteAccount) in the same query as the session.

Nothing about who is signed in changes. Django's `auth.get_user` still takes the id from
the session data, asks the backend for the account and checks its session hash and
whether it may sign in; the backend only skips its query when the row read with the
session is that same account, in this same request (`account_read_with_session`).
"""

from contextvars import ContextVar

from django.contrib import auth
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.exceptions import ValidationError

# The account read with this request's session, set only while auth.get_user runs.
_account: ContextVar = ContextVar("samspill_session_account", default=None)


class AccountSessionMixin:
    """For a Django database-backed SessionStore: the account's id in its own column, and
    the account read with the session."""

    loaded_user = None

    @classmethod
    def get_model_class(cls):
        from samspill.accounts.models import Session

        return Session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = _account_id(data.get(SESSION_KEY))
        return session

    async def acreate_model_instance(self, data):
        session = await super().acreate_model_instance(data)
        session.user_id = _account_id(data.get(SESSION_KEY))
        return session

    def _get_session_from_db(self):
        session = super()._get_session_from_db()
        self.loaded_user = session.user if session is not None else None
        return session

    async def _aget_session_from_db(self):
        session = await super()._aget_session_from_db()
        self.loaded_user = session.user if session is not None else None
        return session

    def take_loaded_user(self):
        """The account read with the session, once: a later look at the user in the same
        request (after a password change, say) reads the account afresh."""
        user, self.loaded_user = self.loaded_user, None
        return user


def _account_id(value):
    if value is None:
        return None
    try:
        return get_user_model()._meta.pk.to_python(value)
    except ValidationError:
        return None


def get_user(request):
    """`django.contrib.auth.middleware.get_user`, handing the backend the account that
    was read with the session."""
    if not hasattr(request, "_cached_user"):
        store = request.session
        store.get(SESSION_KEY)  # loads the session, and its account with it
        taken = store.take_loaded_user() if hasattr(store, "take_loaded_user") else None
        token = _account.set(taken)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            _account.reset(token)
    return request._cached_user


def account_read_with_session(user_id):
    """The account read with the current request's session, if it is `user_id`."""
    user = _account.get()
    return user if user is not None and user.pk == user_id else None
