"""The tamper-evident audit chain (DESIGN.md, "Security model").

Each entry's hash covers its own content and the hash of the entry before it,
so altering, inserting or removing any entry breaks every hash after it.

Entries also link to the previous entry of the same project (`project_prev_hash`), so a
project's entries, a sparse part of the whole chain, can be checked on their own: in an
export, for example. Entries written before that link existed have it empty and are hashed
as they always were.

A checkpoint (an anchor) is a signed statement "the chain had entry `sequence` with hash
`hash` at `anchored_at`". The signing happens outside this package; `checkpoint_message`
is the exact text signed, and `check_anchors` compares a chain with a list of them.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64


@dataclass(frozen=True, slots=True)
class ChainEntry:
    sequence: int
    created_at: str  # ISO 8601 in UTC, microseconds included
    actor: str
    project: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]
    prev_hash: str
    entry_hash: str = ""
    project_prev_hash: str = ""  # "" in entries written before projects were linked


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    checked: int
    first_bad_sequence: int | None = None
    problem: str = ""


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def compute_hash(entry: ChainEntry) -> str:
    fields = [
        entry.sequence,
        entry.created_at,
        entry.actor,
        entry.project,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.object_repr,
        entry.changes,
        entry.prev_hash,
    ]
    if entry.project_prev_hash:
        # Eleven items, never ten: an entry with a project link never hashes like one without.
        fields.append(entry.project_prev_hash)
    payload = canonical_json(fields)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def verify_chain(
    entries: Iterable[ChainEntry], *, head_sequence: int, head_hash: str
) -> ChainReport:
    """Check entries in sequence order against each other and the recorded head.

    The head (last sequence and hash, kept apart from the entries) is what reveals
    entries removed from the end of the chain. Project links are checked too: an entry's
    `project_prev_hash` must be the hash of its project's previous entry (a project's first
    entry here may link to the genesis hash or to the history it was imported with).
    """
    expected_sequence = 1
    prev_hash = GENESIS_HASH
    checked = 0
    project_last: dict[str, str] = {}
    for entry in entries:
        if entry.sequence != expected_sequence:
            return ChainReport(
                False,
                checked,
                entry.sequence,
                f"expected entry {expected_sequence} but found {entry.sequence}: "
                "entries are missing or were inserted",
            )
        if entry.prev_hash != prev_hash:
            return ChainReport(
                False,
                checked,
                entry.sequence,
                "its link to the previous entry does not match: the previous entry was "
                "altered, removed or inserted",
            )
        if compute_hash(entry) != entry.entry_hash:
            return ChainReport(
                False,
                checked,
                entry.sequence,
                "its content does not match its hash: it was altered",
            )
        last = project_last.get(entry.project)
        if entry.project_prev_hash and last is not None and entry.project_prev_hash != last:
            return ChainReport(
                False,
                checked,
                entry.sequence,
                "its link to its project's previous entry does not match: that entry was "
                "altered or removed, or the chain was rewritten",
            )
        if entry.project:
            project_last[entry.project] = entry.entry_hash
        prev_hash = entry.entry_hash
        expected_sequence += 1
        checked += 1
    if checked != head_sequence or prev_hash != (head_hash if head_sequence else GENESIS_HASH):
        return ChainReport(
            False,
            checked,
            checked + 1 if checked < head_sequence else checked,
            f"the chain ends at entry {checked} but the head records entry {head_sequence}: "
            "entries were removed from the end or the head was altered",
        )
    return ChainReport(True, checked)


# A project's history, as an export carries it -----------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryHead:
    """The last entry of a project's history and how many entries it has, as exported."""

    sequence: int
    entry_hash: str
    entries: int


@dataclass(frozen=True, slots=True)
class HistoryReport:
    ok: bool
    checked: int
    bad_sequence: int | None = None
    problem: str = ""  # a code: see HISTORY_PROBLEMS
    links_checked: int = 0  # links between entries proven by a hash
    links_unchecked: int = 0  # old entries whose link to the one before cannot be proven
    head_checked: bool = False


# What is wrong, by code; the app words them for people.
HISTORY_PROBLEMS = (
    "hash",  # the entry's content does not match its hash
    "order",  # a sequence number is not above the one before it in the same server's run
    "link",  # the entry's link does not match the entry before it
    "first",  # the first entry links to something: entries before it are missing
    "old_after_new",  # an entry without a project link follows entries with one
    "head",  # the history does not end at the recorded head
)


def verify_history(entries: list[ChainEntry], head: HistoryHead | None) -> HistoryReport:
    """Check a project's history, in file order, as a chain: each entry's own hash, its link
    to the entry before it, sequence order, and the end against the recorded head.

    The history can span servers: a project exported and imported again continues on a new
    server, in a new run of sequence numbers, and the new run's first entry links to the last
    entry of the old one. Within one server's run (the same `project` label) numbers rise;
    they have gaps where other projects' entries are, so gaps alone prove nothing, and the
    project links are what reveal a missing entry. Entries from before project links existed
    can be linked only where their numbers are consecutive; the rest count as unchecked.
    """
    links_checked = links_unchecked = 0
    previous: ChainEntry | None = None
    seen_new = False

    def bad(entry: ChainEntry, problem: str, checked: int) -> HistoryReport:
        return HistoryReport(False, checked, entry.sequence, problem, links_checked)

    for checked, entry in enumerate(entries):
        if compute_hash(entry) != entry.entry_hash:
            return bad(entry, "hash", checked)
        same_run = previous is not None and previous.project == entry.project
        if same_run and entry.sequence <= previous.sequence:
            return bad(entry, "order", checked)
        if entry.project_prev_hash:
            seen_new = True
            expected = previous.entry_hash if previous is not None else GENESIS_HASH
            if entry.project_prev_hash != expected:
                return bad(entry, "link" if previous is not None else "first", checked)
            if previous is not None:
                links_checked += 1
        elif seen_new:
            return bad(entry, "old_after_new", checked)
        elif previous is not None:
            if same_run and entry.sequence == previous.sequence + 1:
                if entry.prev_hash != previous.entry_hash:
                    return bad(entry, "link", checked)
                links_checked += 1
            else:
                links_unchecked += 1
        # Consecutive on its server: the server-wide link must hold as well.
        consecutive = same_run and entry.sequence == previous.sequence + 1
        if consecutive and entry.project_prev_hash and entry.prev_hash != previous.entry_hash:
            return bad(entry, "link", checked)
        previous = entry
    count = len(entries)
    if head is not None:
        last = entries[-1] if entries else None
        matches = (
            head.entries == count
            and (last.sequence if last else 0) == head.sequence
            and (last.entry_hash if last else GENESIS_HASH) == head.entry_hash
        )
        if not matches:
            return HistoryReport(
                False,
                count,
                last.sequence if last else None,
                "head",
                links_checked,
                links_unchecked,
            )
    return HistoryReport(True, count, None, "", links_checked, links_unchecked, head is not None)


# Checkpoints ---------------------------------------------------------------------------

CHECKPOINT_CONTEXT = "samspill-audit-checkpoint-v1"


@dataclass(frozen=True, slots=True)
class Checkpoint:
    sequence: int
    entry_hash: str
    anchored_at: str  # ISO 8601 in UTC
    signature: str = ""  # base64 of the Ed25519 signature over checkpoint_message


def checkpoint_message(checkpoint: Checkpoint) -> bytes:
    """The exact bytes signed: a fixed context, so the signature means nothing elsewhere."""
    body = canonical_json(
        [CHECKPOINT_CONTEXT, checkpoint.sequence, checkpoint.entry_hash, checkpoint.anchored_at]
    )
    return body.encode("utf-8")


@dataclass(frozen=True, slots=True)
class AnchorReport:
    ok: bool
    checked: int
    bad_sequence: int | None = None
    problem: str = ""  # "missing", "hash" or "signature"


def check_anchors(
    hashes: dict[int, str], checkpoints: list[Checkpoint], signature_ok
) -> AnchorReport:
    """Every checkpoint's signature must be valid (`signature_ok(checkpoint)`) and the
    chain (`hashes`: sequence → entry_hash, already verified link by link) must hold its
    (sequence, hash). A rewrite with recomputed hashes changes an anchored hash; removing
    anchored entries from the end leaves an anchored sequence missing."""
    for checked, checkpoint in enumerate(sorted(checkpoints, key=lambda c: c.sequence)):
        if not signature_ok(checkpoint):
            return AnchorReport(False, checked, checkpoint.sequence, "signature")
        if checkpoint.sequence == 0:
            continue  # an anchor of the empty chain holds whatever follows
        if checkpoint.sequence not in hashes:
            return AnchorReport(False, checked, checkpoint.sequence, "missing")
        if hashes[checkpoint.sequence] != checkpoint.entry_hash:
            return AnchorReport(False, checked, checkpoint.sequence, "hash")
    return AnchorReport(True, len(checkpoints))
