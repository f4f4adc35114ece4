"""Helpers for the pages people open without an account, by a link that must stay private."""

from functools import wraps


def no_referrer(view):
    """Send no Referer from this page: its URL holds a token, and the stylesheet and script
    requests it makes would otherwise carry that token into the server's access log."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper
