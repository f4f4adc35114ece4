"""Verifying the stored chain with the pure rules in method.audit_chain."""

import datetime as dt
from collections.abc import Iterator

from method.audit_chain import ChainEntry, ChainReport, verify_chain
from samspill.audit.models import AuditChainHead, AuditEntry

_FIELDS = (
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


def _stored_entries() -> Iterator[ChainEntry]:
    rows = AuditEntry.objects.order_by("sequence").values_list(*_FIELDS)
    for (
        sequence,
        created_at,
        actor,
        project,
        action,
        object_type,
        object_id,
        object_repr,
        changes,
        prev_hash,
        entry_hash,
        project_prev_hash,
    ) in rows.iterator(chunk_size=5000):
        yield ChainEntry(
            sequence=sequence,
            created_at=created_at.astimezone(dt.UTC).isoformat(),
            actor=actor,
            project=project,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            changes=changes,
            prev_hash=prev_hash,
            entry_hash=entry_hash,
            project_prev_hash=project_prev_hash,
        )


def verify_stored_chain() -> ChainReport:
    head = AuditChainHead.objects.filter(pk=1).first() or AuditChainHead()
    return verify_chain(_stored_entries(), head_sequence=head.sequence, head_hash=head.last_hash)
