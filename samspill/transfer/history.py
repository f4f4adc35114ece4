"""The project's audit trail in the file, and how an import keeps it verifiable and honest.

Why the old entries are not appended to this server's chain: each one's prev_hash links to
the entry before it on the server it was written on (usually another project's), so they
cannot join this chain as they are, and re-hashing them here would forge a history this
server never saw. So they are kept verbatim and read-only, as ImportedAuditEntry rows:

- On import every entry's own hash is recomputed (method.audit_chain.compute_hash). A file
  whose entries do not match their hashes is refused as damaged or altered.
- One new entry is appended to this server's live chain through audit_record: the project
  was created by import, with the file's name and SHA-256, the schema, the original
  project's uuid and slug, the number of history entries and a digest over their hashes in
  order. `samspill audit verify` still passes, and from then on an imported row cannot be
  altered, added or removed without history_check noticing, since the sealed digest is in
  the live chain.
- A project's entries are a sparse part of their server's chain, so the links between them
  cannot be checked here; anyone with the original server can look each entry_hash up there.

An export writes the imported history first, then the live entries, in the same form: a
project moved twice carries its whole past, and each entry names its project by uuid.
Objects get new uuids on import, uuid5(new project uuid, old uuid) (see importing.py), so
the old ids in the history can be matched to today's objects without storing a mapping.
"""

import datetime as dt
import hashlib
import re
from dataclasses import asdict, dataclass, fields
from typing import Any

from django.utils.translation import gettext as _

from method.audit_chain import ChainEntry, compute_hash
from samspill.audit.models import AuditEntry
from samspill.transfer.errors import Problems
from samspill.transfer.models import ImportedAuditEntry

ENTRY_KEYS = tuple(field.name for field in fields(ChainEntry))
_HASH = re.compile(r"[0-9a-f]{64}")
_HASH_KEYS = ("prev_hash", "entry_hash")
# The longest text each entry field may hold, as the audit tables store it.
_TEXT_LIMITS = {
    "actor": 150,
    "project": 64,
    "action": 10,
    "object_type": 100,
    "object_id": 64,
    "object_repr": 300,
}
_LIVE_FIELDS = (
    "sequence",
    "created_at",
    "actor_label",
    "project_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "prev_hash",
    "entry_hash",
)


def history_export(project) -> list[dict[str, Any]]:
    """The imported history, then this server's entries, each as the chain hashed it."""
    imported = [asdict(row.chain_entry()) for row in project.imported_audit_entries.all()]
    rows = AuditEntry.objects.filter(project=project).order_by("sequence")
    live = [
        dict(zip(ENTRY_KEYS, values, strict=True))
        for values in rows.values_list(*_LIVE_FIELDS).iterator(chunk_size=5000)
    ]
    for entry in live:
        # The same text chain.py hashes, so the entry verifies wherever it goes.
        entry["created_at"] = entry["created_at"].astimezone(dt.UTC).isoformat()
    return imported + live


def _entry_problem(raw: Any) -> str | None:
    if not isinstance(raw, dict) or set(raw) != set(ENTRY_KEYS):
        return _("an entry must have exactly the keys %(keys)s") % {"keys": ", ".join(ENTRY_KEYS)}
    sequence = raw["sequence"]
    if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 1:
        return _("its sequence is not a whole number")
    for key, limit in (*_TEXT_LIMITS.items(), ("created_at", 40)):
        if not isinstance(raw[key], str) or len(raw[key]) > limit:
            return _("%(key)s is not text of at most %(limit)d characters") % {
                "key": key,
                "limit": limit,
            }
    if not isinstance(raw["changes"], dict):
        return _("its changes are not an object")
    if not all(isinstance(raw[key], str) and _HASH.fullmatch(raw[key]) for key in _HASH_KEYS):
        return _("its hashes are not SHA-256 hex digests")
    try:
        dt.datetime.fromisoformat(raw["created_at"])
    except ValueError:
        return _("its date is not an ISO 8601 date and time")
    if compute_hash(ChainEntry(**raw)) != raw["entry_hash"]:
        return _("its content does not match its hash: the file was altered or damaged")
    return None


def history_read(raw: Any, problems: Problems) -> list[ChainEntry]:
    """The file's audit entries, each checked against its own hash."""
    if not isinstance(raw, list):
        problems.add("audit", _("expected a list of audit entries"))
        return []
    entries = []
    for index, item in enumerate(raw, 1):
        problem = _entry_problem(item)
        if problem:
            problems.add(_("audit entry %(number)d") % {"number": index}, problem)
        else:
            entries.append(ChainEntry(**item))
    return entries


def history_digest(entry_hashes: list[str]) -> str:
    """One hash over the entries' hashes in order: sealed into the live chain on import."""
    return hashlib.sha256("\n".join(entry_hashes).encode("ascii")).hexdigest()


def history_store(project, entries: list[ChainEntry], *, sealed_by: AuditEntry) -> None:
    ImportedAuditEntry.objects.bulk_create(
        [
            ImportedAuditEntry(
                project=project,
                sealed_by=sealed_by,
                position=position,
                sequence=entry.sequence,
                created_at=entry.created_at,
                actor_label=entry.actor,
                project_label=entry.project,
                action=entry.action,
                object_type=entry.object_type,
                object_id=entry.object_id,
                object_repr=entry.object_repr,
                changes=entry.changes,
                prev_hash=entry.prev_hash,
                entry_hash=entry.entry_hash,
            )
            for position, entry in enumerate(entries, 1)
        ],
        batch_size=2000,
    )


@dataclass(frozen=True, slots=True)
class HistoryCheck:
    ok: bool
    checked: int
    sealed_by: AuditEntry | None = None
    problem: str = ""


def history_check(project) -> HistoryCheck:
    """Check the imported rows against their hashes and the digest sealed in the live chain."""
    rows = list(project.imported_audit_entries.select_related("sealed_by"))
    if not rows:
        return HistoryCheck(ok=True, checked=0)
    seal = rows[0].sealed_by
    for row in rows:
        if row.sealed_by_id != seal.pk or compute_hash(row.chain_entry()) != row.entry_hash:
            return HistoryCheck(
                False,
                len(rows),
                seal,
                _("entry %(sequence)d does not match its hash: it was altered")
                % {"sequence": row.sequence},
            )
    sealed = {key: value[1] for key, value in seal.changes.items() if isinstance(value, list)}
    digest = history_digest([row.entry_hash for row in rows])
    if sealed.get("history_entries") != len(rows) or sealed.get("history_digest") != digest:
        return HistoryCheck(
            False,
            len(rows),
            seal,
            _("the entries do not match the digest recorded when the project was imported"),
        )
    return HistoryCheck(ok=True, checked=len(rows), sealed_by=seal)
