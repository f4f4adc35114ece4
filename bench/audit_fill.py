"""Fill a long, valid audit trail fast: the same hashing as the app, written in bulk."""

import dataclasses
import datetime as dt

from django.db import transaction
from django.utils import timezone

from method.audit_chain import ChainEntry, compute_hash
from samspill.audit.models import AuditChainHead, AuditEntry


@transaction.atomic
def fill_trail(project, user, count: int) -> None:
    head = AuditChainHead.objects.select_for_update().get(pk=1)
    sequence, prev_hash = head.sequence, head.last_hash
    now = timezone.now()
    rows = []
    for index in range(count):
        sequence += 1
        created_at = now + dt.timedelta(microseconds=index)
        entry = ChainEntry(
            sequence=sequence,
            created_at=created_at.astimezone(dt.UTC).isoformat(),
            actor=user.get_username(),
            project=str(project.uuid),
            action="update",
            object_type="projects.project",
            object_id=str(project.uuid),
            object_repr=project.name,
            changes={"name": [f"Name {index}", f"Name {index + 1}"]},
            prev_hash=prev_hash,
        )
        entry = dataclasses.replace(entry, entry_hash=compute_hash(entry))
        rows.append(
            AuditEntry(
                sequence=entry.sequence,
                created_at=created_at,
                actor=user,
                actor_label=entry.actor,
                project=project,
                project_label=entry.project,
                action=entry.action,
                object_type=entry.object_type,
                object_id=entry.object_id,
                object_repr=entry.object_repr,
                changes=entry.changes,
                prev_hash=entry.prev_hash,
                entry_hash=entry.entry_hash,
            )
        )
        prev_hash = entry.entry_hash
    AuditEntry.objects.bulk_create(rows, batch_size=2000)
    head.sequence, head.last_hash = sequence, prev_hash
    head.save()
