"""Cursor pagination, updated-since filtering and optimistic locking for the API.

A cursor is the signed primary key of the last row of a page, so a page costs the same
queries however deep a client reads, and rows added meanwhile are not skipped.
`updated_since` keeps the rows the audit trail records a change to at or after that
time: every write goes through a service that records one, so it is the single truth.
"""

import datetime as dt

from django.core import signing
from django.db import connection
from django.db.models import CharField, QuerySet, UUIDField, Value
from django.db.models.functions import Cast, Replace
from ninja import Schema

from samspill.audit.models import AuditEntry
from samspill.core.versioning import StaleEditError

SALT = "samspill.api.cursor"
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class BadRequest(Exception):
    def __init__(self, detail: str, kind: str = "bad-request"):
        super().__init__(detail)
        self.detail = detail
        self.kind = kind


class PreconditionRequired(Exception):
    pass


def _cursor_after(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        value = signing.loads(cursor, salt=SALT)
    except signing.BadSignature:
        raise BadRequest("The cursor is not one this API gave out.", "bad-cursor") from None
    if not isinstance(value, int):
        raise BadRequest("The cursor is not one this API gave out.", "bad-cursor")
    return value


def _changed_ids(queryset: QuerySet, project, since: dt.datetime):
    """The uuids of rows of `queryset`'s model with an audit entry since `since`, as a
    subquery. The trail keeps object ids as text; uuids are compared in each database's
    own form (PostgreSQL: uuid; SQLite: 32 hex digits)."""
    entries = AuditEntry.objects.filter(
        project=project,
        object_type=queryset.model._meta.label_lower,
        created_at__gte=since,
    )
    if connection.vendor == "postgresql":
        return entries.annotate(ref=Cast("object_id", UUIDField())).values("ref")
    return entries.annotate(
        ref=Replace("object_id", Value("-"), Value(""), output_field=CharField())
    ).values("ref")


def paginate(
    request,
    queryset: QuerySet,
    *,
    project,
    cursor: str | None,
    limit: int,
    updated_since: dt.datetime | None = None,
) -> dict:
    if updated_since is not None:
        if updated_since.tzinfo is None:
            raise BadRequest("updated_since needs a time zone (e.g. Z or +01:00).")
        queryset = queryset.filter(uuid__in=_changed_ids(queryset, project, updated_since))
    after = _cursor_after(cursor)
    if after is not None:
        queryset = queryset.filter(pk__gt=after)
    rows = list(queryset.order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = signing.dumps(rows[-1].pk, salt=SALT) if more and rows else None
    return {"items": rows, "next_cursor": next_cursor}


class Page(Schema):
    next_cursor: str | None


def etag_of(obj) -> str:
    return f'"v{obj.version}"'


def expected_version(request, obj) -> int:
    """The version the client last read, from If-Match. Without one a write is refused
    (428), so no client overwrites a change it never saw; a stale one gives 412."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired
    if header == "*":
        return obj.version
    tag = header.removeprefix("W/").strip('"')
    if not tag.startswith("v") or not tag[1:].isdigit() or len(tag) > 12:
        raise StaleEditError(obj)
    return int(tag[1:])
