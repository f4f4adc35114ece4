"""The tamper-evident audit chain (DESIGN.md, "Security model").

Each entry's hash covers its own content and the hash of the entry before it,
so altering, inserting or removing any entry breaks every hash after it.
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


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    checked: int
    first_bad_sequence: int | None = None
    problem: str = ""


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def compute_hash(entry: ChainEntry) -> str:
    payload = canonical_json(
        [
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
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def verify_chain(
    entries: Iterable[ChainEntry], *, head_sequence: int, head_hash: str
) -> ChainReport:
    """Check entries in sequence order against each other and the recorded head.

    The head (last sequence and hash, kept apart from the entries) is what reveals
    entries removed from the end of the chain.
    """
    expected_sequence = 1
    prev_hash = GENESIS_HASH
    checked = 0
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
