"""Per-project read models in the configured cache, keyed by the project's version.

The version is the project's newest audit entry (its sequence and hash). Every write that
changes a project passes through `audit_record`, which inserts that entry in the write's
own transaction, so the version moves exactly when the write commits: a cached figure can
never outlive the data it was built from, in one process or across servers sharing the
cache. The hash, not only the number, is in the key, so a database restored from a backup
(where the same numbers come back with other content) cannot meet an old figure.
"""

from collections.abc import Callable
from typing import Any

from django.core.cache import cache

from samspill.audit.models import AuditEntry

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


def cached_read_model(project, name: str, build: Callable[[], Any], *parts: object) -> Any:
    """`build()`'s value for this project's current version, from the cache when present.

    `parts` name what else the value depends on (today's date, a language). The version is
    read before building, so a value stored under it is at least as new as that version.
    """
    key = ":".join([PREFIX, str(project.uuid), project_version(project), name, *map(str, parts)])
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT_S)
    return value
