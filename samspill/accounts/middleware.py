"""Who is signed in: `request.user` read with the session (AuthenticationMiddleware), and
the sessions of a deactivated account ended at their next request
(SessionRevocationMiddleware).

Django's ModelBackend already treats an inactive account's session as anonymous (its
`get_user` returns None), whatever the session engine. This middleware adds two things:
the session is flushed (signed out for good, its cookie replaced), and a session signed
in before the account was deactivated stays ended after the account is reactivated.
It reads only the session and one row, so it works with any SESSION_ENGINE.
"""

from django.contrib.auth import logout
from django.contrib.auth import middleware as auth_middleware
from django.utils.functional import SimpleLazyObject

from samspill.accounts import sessions, site


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, with `request.user` taken from the account read with the session
    (accounts/sessions): one query for both instead of two."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: sessions.get_user(request))


class SessionRevocationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if site.session_revoked(user, request.session.get(site.GENERATION_KEY)):
                logout(request)
        elif request.session.get("_auth_user_id") is not None:
            # The backend refused the account (deactivated): end the session too.
            logout(request)
        return self.get_response(request)
