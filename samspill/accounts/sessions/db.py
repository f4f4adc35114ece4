"""SESSION_ENGINE: sessions in the database, read with their account (see __init__)."""

from django.contrib.sessions.backends import db

from samspill.accounts.sessions import AccountSessionMixin


class SessionStore(AccountSessionMixin, db.SessionStore):
    pass
