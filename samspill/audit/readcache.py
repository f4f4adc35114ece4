"""The busy pages' rendered sections in the configured cache, keyed by the project's version.

The version is the project's newest audit entry (its sequence and hash). Every write that
changes a project passes through `audit_record`, which inserts that entry in the write's
own transaction, so the version moves exactly when the write commits: a cached figure can
never outlive the data it was built from, in one process or across servers sharing the
cache. The hash, not only the number, is in the key, so a database restored from a backup
(where the same numbers come back with other content) cannot meet an old figure.

What the version does not cover (survey answers, which are never audited) a page adds to
its key itself: the released or arrived answer counts.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat, Substr
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from samspill.audit.models import AuditEntry
from samspill.core import clock

PREFIX = "samspill:read"
TIMEOUT_S = 60 * 60 * 24


def project_version(project) -> str:
    """One indexed read (audit_project_seq): the project's newest entry, or "0"."""
    newest = (
        AuditEntry.objects.filter(project=project)
        .order_by("-sequence")
        .values_list("sequence", "entry_hash")
        .first()
    )
    return f"{newest[0]}-{newest[1][:16]}" if newest else "0"


def version_subquery(project_ref: str = "project") -> Subquery:
    """The same version as `project_version`, as a column of a query that has the project
    at `project_ref`: the membership read of each project request carries it, so a page
    served from the cache needs no read of its own (one round trip less on PostgreSQL)."""
    newest = AuditEntry.objects.filter(project=OuterRef(project_ref)).order_by("-sequence")
    text = Concat(
        Cast("sequence", CharField()), Value("-"), Substr("entry_hash", 1, 16),
        output_field=CharField(),
    )  # fmt: skip
    return Subquery(newest.values_list(text)[:1], output_field=CharField())


def current_version(request, access) -> str:
    """The project's version for this request: the one read with the reader's membership,
    unless the request may itself have written since (any method but GET and HEAD)."""
    if request.method in ("GET", "HEAD") and access.version is not None:
        return access.version
    return project_version(access.project)


def newest_sequence(version: str) -> int | None:
    """The sequence of the project's newest audit entry, read from its version."""
    return int(version.split("-", 1)[0]) if version != "0" else None


def cached_partials(
    request,
    access,
    template: str,
    names: list[str],
    build_context: Callable[[], dict],
    *parts,
    version: str | None = None,
) -> dict[str, SafeString]:
    """The rendered partials `names` of `template` for this project version, reader's role,
    language, time zone and day, and `parts` (what else they show: the query).

    `build_context()` runs only when the cache has no copy, so the queries behind the page
    run once per version, not once per view. HTML that holds anything per reader (a CSRF
    token, a CSP nonce) is rendered but never stored: each reader gets their own.
    `version` is for a caller that already has the project's version (current_version).
    """
    project = access.project
    key = ":".join(
        [
            PREFIX,
            str(project.uuid),
            version or current_version(request, access),
            template,
            _digest(
                access.membership.role,
                get_language(),
                timezone.get_current_timezone_name(),
                clock.today(),
                *names,
                *parts,
            ),
        ]
    )
    sections = cache.get(key)
    if sections is None:
        context = build_context()
        sections = {
            name: render_to_string(f"{template}#{name}", context, request) for name in names
        }
        if not any(_per_reader(html) for html in sections.values()):
            cache.set(key, sections, TIMEOUT_S)
    return {name: mark_safe(html) for name, html in sections.items()}


def _digest(*parts: object) -> str:
    """Parts of any length (a user's query string) in a key of bounded length."""
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:32]


def _per_reader(html: str) -> bool:
    return "csrfmiddlewaretoken" in html or 'nonce="' in html
