from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from samspill.accounts import site


@receiver(user_logged_in)
def remember_session_generation(sender, request, user, **kwargs):
    """Kept in the session so a later deactivation can end it (middleware.py)."""
    if request is not None and hasattr(request, "session"):
        # Read afresh: the copy of the user that logs in may be older than a deactivation.
        request.session[site.GENERATION_KEY] = site.stored_session_generation(user)
