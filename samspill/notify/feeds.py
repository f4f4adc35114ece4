"""Calendar feeds: the kinds a domain app offers, found through a registry filled in the
apps' AppConfig.ready (this base app imports no domain app):

    from samspill.notify.feeds import register_feed
    register_feed("rollout", plan_calendar)   # plan_calendar(project) -> iCalendar bytes
"""

from collections.abc import Callable

from django.utils import timezone

from samspill.core.tokens import token_hash
from samspill.notify.models import CalendarFeed
from samspill.projects.models import Membership

_RENDERERS: dict[str, Callable] = {}


def register_feed(kind: str, render: Callable) -> None:
    _RENDERERS[kind] = render


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed a token opens: not revoked, its owner active and still a member."""
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("project", "user")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None or feed.kind not in _RENDERERS:
        return None
    if not Membership.objects.filter(project=feed.project, user=feed.user).exists():
        return None
    return feed


def feed_render(feed: CalendarFeed) -> bytes:
    CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=timezone.now())
    return _RENDERERS[feed.kind](feed.project)
