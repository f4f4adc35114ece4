"""The project's audit trail in the file, and how an import keeps it verifiable and honest.

Why the old entries are not appended to this server's chain: each one's prev_hash links to
the entry before it on the server it was written on (usually another project's), so they
cannot join this chain as they are, and re-hashing them here would forge a history this
server never saw. So they are kept verbatim and read-only, as ImportedAuditEntry rows.

What an import checks (method.audit_chain.verify_history), and refuses the file on:
- every entry's own hash;
- the links: each entry names the hash of the project's entry before it
  (`project_prev_hash`), and the first names none; so an entry edited and re-hashed,
  removed, inserted or moved breaks the link of the entry after it. Entries written before
  that link existed can only be linked where their numbers are consecutive on their server;
  the import says how many links it could not check;
- sequence order: within one server's run, numbers rise (they have gaps, for the server's
  other projects' entries);
- the head: the export records the last entry's number and hash and the number of entries
  (`audit_head`), so entries removed from the end are noticed. A file from before the head
  existed is imported, and the import says plainly that its end could not be checked.

A whole history rewritten consistently (every hash recomputed, the head too) passes these
checks: nothing in an unsigned file can tell. Compare the head with the original server
(its `samspill audit verify` and signed checkpoints) when that matters.

After the checks, one new entry is appended to this server's live chain through
audit_record: the project was created by import, with the file's name and SHA-256, the
schema, the original project's uuid and slug, the number of history entries, a digest over
their hashes in order, and what the checks could prove. It links, as the project's first
live entry, to the history's last entry, so a project moved again carries one unbroken
chain. `samspill audit verify` still passes, and from then on an imported row cannot be
altered, added or removed without history_check noticing, since the sealed digest is in the
live chain.

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

from method.audit_chain import (
    GENESIS_HASH,
    ChainEntry,
    HistoryHead,
    HistoryReport,
    compute_hash,
    verify_history,
)
from samspill.audit.models import AuditEntry
from samspill.transfer.errors import Problems
from samspill.transfer.models import ImportedAuditEntry

ENTRY_KEYS = tuple(field.name for field in fields(ChainEntry))
# Entries written before projects were linked have no project_prev_hash in the file.
REQUIRED_KEYS = tuple(key for key in ENTRY_KEYS if key != "project_prev_hash")
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
    "project_prev_hash",
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
    entries = imported + live
    for entry in entries:
        if not entry["project_prev_hash"]:
            del entry["project_prev_hash"]  # an old entry, in the form it was hashed in
    return entries


def history_head(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The history's last entry and length, for the file: what reveals a shortened history."""
    last = entries[-1] if entries else None
    return {
        "sequence": last["sequence"] if last else 0,
        "entry_hash": last["entry_hash"] if last else GENESIS_HASH,
        "entries": len(entries),
    }


def _entry_problem(raw: Any) -> str | None:
    if (
        not isinstance(raw, dict)
        or not set(REQUIRED_KEYS) <= set(raw)
        or not set(raw) <= set(ENTRY_KEYS)
    ):
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
    hashes = [key for key in (*_HASH_KEYS, "project_prev_hash") if key in raw]
    if not all(isinstance(raw[key], str) and _HASH.fullmatch(raw[key]) for key in hashes):
        return _("its hashes are not SHA-256 hex digests")
    try:
        dt.datetime.fromisoformat(raw["created_at"])
    except ValueError:
        return _("its date is not an ISO 8601 date and time")
    if compute_hash(ChainEntry(**raw)) != raw["entry_hash"]:
        return _("its content does not match its hash: the file was altered or damaged")
    return None


@dataclass(frozen=True, slots=True)
class History:
    entries: list[ChainEntry]
    report: HistoryReport

    @property
    def last_hash(self) -> str:
        """What the project's first live entry here links to: the history's last entry."""
        return self.entries[-1].entry_hash if self.entries else GENESIS_HASH


def _chain_problem(report: HistoryReport) -> str:
    words = {
        "hash": _("its content does not match its hash: the file was altered or damaged"),
        "order": _(
            "its number is not higher than the entry before it: entries were moved or inserted"
        ),
        "link": _(
            "it does not link to the entry before it: an entry was altered, removed, inserted "
            "or moved"
        ),
        "first": _(
            "the history's first entry links to an earlier entry: entries were removed from "
            "the start"
        ),
        "old_after_new": _(
            "it lacks the link to the entry before it that every entry after the first "
            "linked one has: it was altered"
        ),
    }
    return words[report.problem]


def _head_read(raw: Any, problems: Problems) -> HistoryHead | None:
    if raw is None:
        return None
    try:
        head = HistoryHead(raw["sequence"], raw["entry_hash"], raw["entries"])
    except (TypeError, KeyError):
        head = None
    if (
        head is None
        or set(raw) != {"sequence", "entry_hash", "entries"}
        or not all(
            isinstance(value, int) and not isinstance(value, bool) and value >= 0
            for value in (head.sequence, head.entries)
        )
        or not isinstance(head.entry_hash, str)
        or not _HASH.fullmatch(head.entry_hash)
    ):
        problems.add("audit_head", _("expected the last entry's sequence and hash and a count"))
        return None
    return head


def history_read(raw: Any, problems: Problems, head_raw: Any = None) -> History | None:
    """The file's audit entries, each checked against its hash, and all as one chain.

    Returns the entries and the chain check's report, or adds to `problems`."""
    if not isinstance(raw, list):
        problems.add("audit", _("expected a list of audit entries"))
        return None
    entries = []
    for index, item in enumerate(raw, 1):
        problem = _entry_problem(item)
        if problem:
            problems.add(_("audit entry %(number)d") % {"number": index}, problem)
        else:
            entries.append(ChainEntry(**item))
    head = _head_read(head_raw, problems)
    if problems.items:
        return None
    report = verify_history(entries, head)
    if not report.ok and report.problem == "head":
        problems.add(
            "audit_head",
            _(
                "the history ends at entry %(sequence)s after %(count)d entries, but the export "
                "recorded entry %(head)d after %(entries)d: entries were removed from the end, "
                "or the head was altered"
            )
            % {
                "sequence": report.bad_sequence if report.bad_sequence is not None else 0,
                "count": report.checked,
                "head": head.sequence,
                "entries": head.entries,
            },
        )
    elif not report.ok:
        problems.add(
            _("audit entry %(sequence)d") % {"sequence": report.bad_sequence},
            _chain_problem(report),
        )
    return History(entries, report)


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
                project_prev_hash=entry.project_prev_hash,
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
    # As recorded by the import: whether the file's head was checked (None: imported before
    # the head existed in exports), and how many old links could not be proven.
    head_checked: bool | None = None
    links_unchecked: int = 0


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
    report = verify_history([row.chain_entry() for row in rows], None)
    if not report.ok:
        return HistoryCheck(
            False,
            len(rows),
            seal,
            _("entry %(sequence)d: %(problem)s")
            % {"sequence": report.bad_sequence, "problem": _chain_problem(report)},
        )
    head_checked = sealed.get("history_head_checked")
    return HistoryCheck(
        ok=True,
        checked=len(rows),
        sealed_by=seal,
        head_checked=head_checked if isinstance(head_checked, bool) else None,
        links_unchecked=report.links_unchecked,
    )
