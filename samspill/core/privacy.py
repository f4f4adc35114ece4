"""Helpers for the pages people open without an account, by a link that must stay private."""

from functools import wraps


def origin_only_referrer(view):
    """Name only this site, not this page, as the referrer of the page's own requests: its
    URL holds a token, and its stylesheet and script requests would otherwise carry that
    token into the server's access log. Not "no-referrer": browsers then send the form's
    POST with `Origin: null`, which Django's CSRF check rightly refuses."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "strict-origin"
        return response

    return wrapper
